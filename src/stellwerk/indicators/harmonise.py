# SPDX-License-Identifier: EUPL-1.2
"""Harmonise counts onto one Gebietsstand with crosswalk weights.

The engine does not know where weights come from. It asks a
:data:`CrosswalkProvider` for a converter per (year, level); a converter takes
``{old_code: count}`` and returns ``{new_code: count}`` (linear, e.g. BBSR
Umsteigeschlüssel population weights). ``None`` means the year is already on
the target Gebietsstand. Converted values are flagged ``e``; a secret input
taints every new unit it contributes to.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping

import numpy as np
import pandas as pd

from stellwerk.indicators import flags as fl
from stellwerk.indicators.tree import AreaTree

__all__ = ["Converter", "CrosswalkProvider", "weights_converter", "harmonise"]

log = logging.getLogger(__name__)

Converter = Callable[[Mapping[str, float]], Mapping[str, float]]
CrosswalkProvider = Callable[[int, str], "Converter | None"]


def weights_converter(weights: Iterable[tuple[str, str, float]]) -> Converter:
    """A converter from rows ``(old_code, new_code, weight)``; codes without a row map to themselves."""
    table: dict[str, list[tuple[str, float]]] = {}
    for old, new, weight in weights:
        table.setdefault(old, []).append((new, float(weight)))

    def convert(counts: Mapping[str, float]) -> dict[str, float]:
        out: dict[str, float] = {}
        for old, count in counts.items():
            for new, weight in table.get(old, [(old, 1.0)]):
                out[new] = out.get(new, 0.0) + count * weight
        return out

    return convert


def harmonise(frame: pd.DataFrame, tree: AreaTree, provider: CrosswalkProvider, notes) -> pd.DataFrame:
    """Convert the rows of every (level, year) the provider has a converter for (coded term frame)."""
    from stellwerk.indicators.engine import KEY, coded

    keys = frame.index.to_numpy(dtype="int64")
    flat = frame.reset_index(drop=True)
    flat["area_id"] = keys // KEY
    flat["year"] = keys % KEY
    areas = tree.areas
    flat["level"] = areas["level"].reindex(flat["area_id"]).to_numpy()
    flat["code"] = areas["code"].reindex(flat["area_id"]).to_numpy()
    out_keys, out_value, out_rank, out_note, out_period = [], [], [], [], []
    tainted_note = notes.id("umgerechnet mit Teilgebiet ohne Zahlenwert")
    for (level, year), part in flat.groupby(["level", "year"], sort=False):
        convert = provider(int(year), str(level))
        if convert is None:
            out_keys += list(part["area_id"] * KEY + part["year"])
            out_value += list(part["value"])
            out_rank += list(part["rank"])
            out_note += list(part["note"])
            out_period += list(part["period"])
            continue
        values = dict(zip(part["code"], part["value"].fillna(0.0)))
        ranks = dict(zip(part["code"], part["rank"]))
        converted = convert(values)
        # a linear converter carries "is missing" like a count: any share of a gap taints the target
        taint = convert(dict(zip(part["code"], part["value"].isna().astype(float))))
        worst = int(part["rank"].max())
        latest = int(part["period"].max())
        for new_code, count in converted.items():
            area_id = tree.id_of(str(level), new_code)
            if area_id is None:
                log.warning("crosswalk target %s/%s not in the area register", level, new_code)
                continue
            unchanged = new_code in values and abs(values[new_code] - count) < 1e-9
            missing = taint.get(new_code, 0.0) > 0
            rank = int(ranks[new_code]) if unchanged else fl.ESTIMATED
            out_keys.append(area_id * KEY + int(year))
            out_value.append(np.nan if missing else count)
            out_rank.append(max(rank, worst) if missing else rank)
            out_note.append(tainted_note if missing else 0)
            out_period.append(latest)
    return coded(out_keys, out_value, out_rank, out_note, out_period).sort_index()

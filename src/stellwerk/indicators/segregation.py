# SPDX-License-Identifier: EUPL-1.2
"""Segregation (dissimilarity) index of a group over the small areas of an area.

D = 50 · Σ | g_i / G − r_i / R |, where g_i is the group and r_i the rest of the
population (total − group) in sub-area i. 0 means the group lives spread like
everyone else, 100 that it lives completely apart; D is the share of the group
that would have to move for an even distribution. The sub-areas are the
deepest descendants that have own observations in that year.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from stellwerk.indicators import flags as fl

__all__ = ["segregation", "dissimilarity"]


def dissimilarity(group: np.ndarray, total: np.ndarray) -> float:
    """The index for one area from arrays of group and total counts per sub-area."""
    rest = total - group
    g, r = group.sum(), rest.sum()
    if g <= 0 or r <= 0:
        return float("nan")
    return float(50.0 * np.abs(group / g - rest / r).sum())


def segregation(ind, ctx) -> pd.DataFrame:
    """Index per area and year over its deepest sub-areas with own data (numerator G, denominator n)."""
    from stellwerk.indicators.engine import KEY, _align, _empty, _result, evaluate

    grp = evaluate(ind.expression("group"), ctx, aggregate=False)
    tot = evaluate(ind.expression("total"), ctx, aggregate=False)
    keys = grp.index.to_numpy(dtype="int64")
    t, t_rank, _note, _period, _absent = _align(tot, keys)
    units = pd.DataFrame({
        "area_id": keys // KEY, "year": keys % KEY, "g": grp["value"].to_numpy(), "t": t,
        "rank": np.maximum(grp["rank"].to_numpy(), t_rank), "period": grp["period"].to_numpy(),
    })
    depth_of, _parent = ctx.tree.dense
    units["depth"] = depth_of[units["area_id"].clip(upper=len(depth_of) - 1)]
    pairs = units.merge(ctx.tree.ancestors[["area_id", "ancestor_id"]], on="area_id")
    if pairs.empty:
        frame = _empty()
        frame["numerator"] = frame["denominator"] = np.array([], dtype="float64")
        return frame
    keys_ = ["ancestor_id", "year"]
    deepest = pairs.groupby(keys_)["depth"].transform("max")
    pairs = pairs[pairs["depth"] == deepest].copy()
    # vectorised over all (area, year): D = 50 · Σ |g_i/G − r_i/R|
    pairs["r"] = pairs["t"] - pairs["g"]
    pairs["bad"] = (pairs["g"].isna() | pairs["t"].isna()).astype("int64")
    sums = pairs.groupby(keys_).agg(G=("g", "sum"), R=("r", "sum"), n=("g", "size"), bad=("bad", "sum"),
                                    rank=("rank", "max"), period=("period", "max"))
    pairs = pairs.join(sums[["G", "R"]], on=keys_)
    with np.errstate(divide="ignore", invalid="ignore"):
        pairs["d"] = np.abs(pairs["g"] / pairs["G"] - pairs["r"] / pairs["R"])
    sums["D"] = 50.0 * pairs.groupby(keys_)["d"].sum()
    sums = sums[sums["n"] >= 2]
    bad = sums["bad"].to_numpy() > 0
    degenerate = (sums["G"].to_numpy() <= 0) | (sums["R"].to_numpy() <= 0)
    value = np.where(bad | degenerate, np.nan, sums["D"].to_numpy(dtype="float64"))
    rank = sums["rank"].to_numpy(dtype="int8")
    rank = np.where(bad & (rank < fl.MISSING_FROM), fl.RANK["."], rank).astype("int8")
    note = np.zeros(len(sums), dtype="int32")
    for i in np.flatnonzero(bad):
        note[i] = ctx.notes.id(f"{int(sums['bad'].iloc[i])} von {int(sums['n'].iloc[i])} Teilgebieten ohne Zahlenwert")
    out_keys = sums.index.get_level_values(0).to_numpy(dtype="int64") * KEY + sums.index.get_level_values(1).to_numpy(dtype="int64")
    result = _result(out_keys, value, sums["G"].to_numpy(), sums["n"].to_numpy(dtype="float64"), rank, note,
                     sums["period"].to_numpy(dtype="int64"))
    return result.sort_index()

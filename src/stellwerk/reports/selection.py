# SPDX-License-Identifier: EUPL-1.2
"""A user's selection (indicators × areas × years) as one tidy table with its sources."""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from stellwerk.errors import InputError
from stellwerk.geo.models import Area
from stellwerk.indicators.catalogue import Catalogue, default_catalogue
from stellwerk.indicators.schema import Indicator
from stellwerk.indicators.service import indicator_frame
from stellwerk.indicators.store import dataset_refs, find_area
from stellwerk.observations import flags as obs_flags
from stellwerk.observations.models import Observation
from stellwerk.disclosure.small_areas import COUNT_KINDS, SUPPRESSED, THRESHOLD, is_small_area, note_for, protect_frame_rows

__all__ = ["Selection", "select_data", "parse_years", "COLUMNS"]

COLUMNS = ["indikator", "titel", "gebiet", "schluessel", "ebene", "jahr", "stichtag", "wert", "einheit", "zaehler",
           "nenner", "kennzeichen", "kennzeichen_bedeutung", "hinweis"]


@dataclass
class Selection:
    indicators: list[Indicator]
    areas: list[dict]
    years: list[int] | None
    rows: pd.DataFrame  # COLUMNS, one row per indicator × area × year that has a value or a flag
    datasets: dict[str, list[dict]]  # indicator id → provenance
    disclosure_note: str = ""  # how counts of small areas were protected (empty: none selected)


def parse_years(text: str | None) -> list[int] | None:
    """``2010-2017`` or ``2012,2015`` or ``2017`` → list of years; None → all years."""
    if not text:
        return None
    years: set[int] = set()
    try:
        for part in text.split(","):
            part = part.strip()
            if "-" in part:
                lo, hi = (int(x) for x in part.split("-", 1))
                if hi < lo or hi - lo > 200:
                    raise ValueError
                years.update(range(lo, hi + 1))
            elif part:
                years.add(int(part))
    except ValueError:
        raise InputError(f"Jahre {text!r} nicht erkannt", column="--years", expected="JJJJ, JJJJ-JJJJ oder JJJJ,JJJJ") from None
    return sorted(years)


def _num(value) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def select_data(session: Session, indicator_ids: list[str], area_refs: list[str], years: list[int] | None = None,
                catalogue: Catalogue | None = None) -> Selection:
    """Exactly the selected values (unknown indicator or area → error naming it)."""
    catalogue = catalogue or default_catalogue()
    if not indicator_ids:
        raise InputError("Keine Indikatoren gewählt", column="--indicator", expected="mindestens eine Indikator-ID")
    if not area_refs:
        raise InputError("Keine Gebiete gewählt", column="--area", expected="mindestens einen Gebietsschlüssel")
    indicators = [catalogue.get(i) for i in dict.fromkeys(indicator_ids)]
    found = [find_area(session, ref) for ref in dict.fromkeys(area_refs)]
    areas = [{"id": a.id, "code": a.code, "name": a.name, "level": a.level} for a in found]
    ids = [a["id"] for a in areas]
    records: list[dict] = []
    datasets: dict[str, list[dict]] = {}
    small = [a for a in areas if is_small_area(a["level"])]
    siblings = _small_areas(session, {a["level"] for a in small}) if small else None
    for ind in indicators:
        frame = indicator_frame(session, ind.id, catalogue)
        hidden: set[tuple[int, int]] = set()
        if small and ind.kind in COUNT_KINDS:
            wanted = [(a["id"], int(y)) for a in small if a["id"] in frame.index.get_level_values("area_id")
                      for y in frame.xs(a["id"], level="area_id").index]
            hidden = protect_frame_rows(frame, siblings, wanted, THRESHOLD)
        for area in areas:
            if area["id"] not in frame.index.get_level_values("area_id"):
                continue
            own = frame.xs(area["id"], level="area_id")
            for year, r in own.sort_index().iterrows():
                if years is not None and int(year) not in years:
                    continue
                value = _num(r["value"])
                if value is None and not r["flag"]:
                    continue
                if (area["id"], int(year)) in hidden:  # the same suppression as in the report's tables
                    r = {**r, "value": None, "numerator": None, "flag": SUPPRESSED, "note": ""}
                    value = None
                records.append({
                    "indikator": ind.id, "titel": ind.title, "gebiet": area["name"], "schluessel": area["code"],
                    "ebene": area["level"], "jahr": int(year), "stichtag": r["period"], "wert": value, "einheit": ind.unit,
                    "zaehler": _num(r["numerator"]), "nenner": _num(r["denominator"]), "kennzeichen": r["flag"] or "",
                    "kennzeichen_bedeutung": obs_flags.label(r["flag"]) if r["flag"] else "", "hinweis": r["note"] or "",
                })
        codes = sorted(catalogue.store_variables(ind.id))
        # values of a city may be sums over its sub-areas: their datasets count as sources too
        children = select(Area.id).where(Area.parent_id.in_(ids))
        dataset_ids = session.scalars(select(Observation.dataset_id).where(
            Observation.variable_code.in_(codes),
            Observation.area_id.in_(ids) | Observation.area_id.in_(children)).distinct()).all()
        datasets[ind.id] = dataset_refs(session, dataset_ids)
    rows = pd.DataFrame(records, columns=COLUMNS)
    note = note_for(small[0]["level"]) if small else ""
    return Selection(indicators, areas, years, rows, datasets, note)


def _small_areas(session: Session, levels: set[str]) -> pd.DataFrame:
    """Areas at the given levels (index id; parent_id, level, code): the lines of the suppression."""
    rows = session.execute(select(Area.id, Area.parent_id, Area.level, Area.code).where(Area.level.in_(levels))).all()
    return pd.DataFrame(rows, columns=["id", "parent_id", "level", "code"]).set_index("id")

# SPDX-License-Identifier: EUPL-1.2
"""Domain entry points: one value with provenance, the cache, whole series for pages."""
from __future__ import annotations

import datetime as dt
import logging
import math
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.orm import Session

from stellwerk.errors import InputError
from stellwerk.geo.models import Area
from stellwerk.indicators import flags as fl
from stellwerk.indicators.catalogue import Catalogue, default_catalogue
from stellwerk.indicators.engine import Context, compute
from stellwerk.indicators.models import IndicatorValue
from stellwerk.indicators.peers import PeerChoice, compare_with_peers, parse_peers
from stellwerk.indicators.schema import Indicator
from stellwerk.indicators.store import (
    crosswalk_provider,
    dataset_refs,
    fetch_rows,
    find_area,
    input_fingerprint,
    load_areas,
    load_observations,
)
from stellwerk.observations import breakdown as bd
from stellwerk.observations import flags as obs_flags
from stellwerk.observations.models import Dataset, Observation
from stellwerk.progress import Progress

__all__ = ["parse_period", "indicator_value", "compute_cache", "indicator_frame", "ComputeSummary", "describe"]

log = logging.getLogger(__name__)

_PERIOD = re.compile(r"^(\d{4})(?:-(?:\d{2}-\d{2}|H[12]))?$")


def parse_period(text: str) -> int:
    """Year of a canonical period string ("2011", "2011-12-31", "2015-H1")."""
    match = _PERIOD.match(text.strip())
    if not match:
        raise InputError(f"Zeitraum {text!r} nicht erkannt", expected="JJJJ, JJJJ-MM-TT oder JJJJ-H1/H2")
    return int(match.group(1))


def parse_breakdown(parts: Mapping[str, str] | None) -> dict[str, str]:
    return {k: v for k, v in (parts or {}).items() if v}


def _num(value: float | None) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    value = float(value)
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def describe(ind: Indicator, catalogue: Catalogue) -> dict:
    """The catalogue entry as a JSON-ready document."""
    data = ind.model_dump()
    data["handlungsfeld_label"] = catalogue.handlungsfelder[ind.handlungsfeld].label
    data["file"] = catalogue.files.get(ind.id)
    data["store_variables"] = sorted(catalogue.store_variables(ind.id))
    return data


def _context(session: Session, catalogue: Catalogue, codes: set[str], breakdown=None, gebietsstand=None,
             indicator_ids: list[str] | None = None) -> Context:
    """Observations and areas for a computation; without an extra breakdown only the breakdowns
    the given indicators read are loaded."""
    provider = crosswalk_provider(session, gebietsstand) if gebietsstand else None
    keys = catalogue.store_keys(indicator_ids) if indicator_ids and not breakdown else None
    return Context.build(catalogue, load_observations(session, codes, keys), load_areas(session), breakdown, provider)


def indicator_value(
    session: Session,
    indicator_id: str,
    area_ref: str,
    period: str,
    breakdown: Mapping[str, str] | None = None,
    gebietsstand: dt.date | None = None,
    catalogue: Catalogue | None = None,
    peers: str | PeerChoice | None = None,
) -> dict:
    """One indicator value with numerator, denominator, flag, reason and dataset references.

    With ``peers`` (a peer kind such as ``land`` or a list of area codes ``05111,05113``)
    the answer also holds ``peers``: median, quartiles and rank of the area in that group
    for the same year.
    """
    catalogue = catalogue or default_catalogue()
    ind = catalogue.get(indicator_id)
    area = find_area(session, area_ref)
    year = parse_period(period)
    choice = None
    if peers is not None:
        choice = peers if isinstance(peers, PeerChoice) else parse_peers(peers, "--peers")
    parts = parse_breakdown(breakdown)
    codes = catalogue.store_variables(ind.id)
    ctx = _context(session, catalogue, codes, parts, gebietsstand, [ind.id])
    result = compute(ind, ctx)
    row = result.loc[(area.id, year)] if (area.id, year) in result.index else None
    value = numerator = denominator = None
    flag, note, used_period = None, "", None
    if row is None:
        have = set(session.scalars(
            select(Observation.variable_code).join(Dataset, Dataset.id == Observation.dataset_id)
            .where(Observation.variable_code.in_(sorted(codes)), Dataset.status == "active").distinct()
        ).all()) if codes else set()
        missing = sorted(codes - have)
        note = (
            "keine Daten für " + ", ".join(missing) if missing
            else f"keine Daten für {area.name} im Jahr {year}"
        )
    else:
        value, numerator, denominator = _num(row["value"]), _num(row["numerator"]), _num(row["denominator"])
        flag = fl.FLAG_OF_RANK[int(row["rank"])]
        note = row["note"] or ""
        used_period = row["period"]
    subtree = {area.id, *map(int, ctx.tree.descendants(area.id))}
    obs = ctx.tables.observations
    datasets: list[dict] = []
    if len(obs) and "dataset_id" in obs.columns:
        span = obs["year"].between(year - 10, year)
        used = obs.loc[obs["area_id"].isin(subtree) & span, "dataset_id"].unique()
        datasets = dataset_refs(session, used)
    if ind.kind == "segregation":
        numerator_label, denominator_label = "Gruppe im Gebiet", "Zahl der Teilgebiete"
    elif ind.kind == "gap":
        numerator_label, denominator_label = ind.group or "", ind.reference or ""
    else:
        numerator_label, denominator_label = ind.numerator_label, ind.denominator_label
    comparison = None
    if choice is not None:
        values = result["value"].xs(year, level="year") if year in result.index.get_level_values("year") else pd.Series(dtype="float64")
        comparison = compare_with_peers(session, ctx.tree.areas, area.id, values, ind.polarity, choice, "--peers").as_dict()
    return {
        "indicator": ind.id,
        "title": ind.title,
        "definition_id": f"{catalogue.files.get(ind.id)}#{ind.id}",
        "kind": ind.kind,
        "area": {"id": area.id, "code": area.code, "name": area.name, "level": area.level},
        "period": used_period or period,
        "year": year,
        "breakdown": bd.encode(parts),
        "gebietsstand": gebietsstand,
        "value": value,
        "numerator": numerator,
        "numerator_label": numerator_label,
        "denominator": denominator,
        "denominator_label": denominator_label,
        "factor": ind.factor,
        "unit": ind.unit,
        "flag": flag,
        "flag_label": obs_flags.label(flag) if flag else None,
        "note": note or None,
        "datasets": datasets,
        **({"peers": comparison} if comparison is not None else {}),
    }


@dataclass
class ComputeSummary:
    indicator: str
    status: str  # "berechnet", "unverändert"
    rows: int
    with_value: int


def _rows(ind_id: str, result: pd.DataFrame, fingerprint: str, keep: set[int] | None) -> list[dict]:
    frame = result.reset_index()
    if keep is not None:
        frame = frame[frame["area_id"].isin(keep)]
    values = frame["value"].to_numpy(dtype="float64")
    nums = frame["numerator"].to_numpy(dtype="float64")
    dens = frame["denominator"].to_numpy(dtype="float64")
    ranks = frame["rank"].to_numpy()
    return [
        {
            "indicator_id": ind_id,
            "area_id": int(a),
            "year": int(y),
            "period": str(p) if p is not None else str(y),
            "breakdown": "",
            "value": None if np.isnan(v) else float(v),
            "numerator": None if np.isnan(n) else float(n),
            "denominator": None if np.isnan(d) else float(d),
            "flag": fl.FLAG_OF_RANK[int(r)],
            "note": note or "",
            "fingerprint": fingerprint,
        }
        for a, y, p, v, n, d, r, note in zip(
            frame["area_id"], frame["year"], frame["period"], values, nums, dens, ranks, frame["note"]
        )
    ]


def compute_cache(
    session: Session,
    indicator_ids: list[str] | None = None,
    level: str | None = None,
    catalogue: Catalogue | None = None,
    progress: Progress | None = None,
    force: bool = False,
) -> list[ComputeSummary]:
    """Fill ``indicator_value``; indicators whose inputs and definition are unchanged are skipped."""
    catalogue = catalogue or default_catalogue()
    indicators = [catalogue.get(i) for i in indicator_ids] if indicator_ids else list(catalogue.indicators.values())
    keep: set[int] | None = None
    if level:
        keep = set(session.scalars(select(Area.id).where(Area.level == level)).all())
    todo: list[tuple[Indicator, str]] = []
    summaries: list[ComputeSummary] = []
    for ind in indicators:
        codes = catalogue.store_variables(ind.id)
        fingerprint = input_fingerprint(session, codes, [catalogue.get(d).model_dump() for d in sorted(_closure(catalogue, ind.id))])
        stmt = select(IndicatorValue.fingerprint, func.count()).where(IndicatorValue.indicator_id == ind.id)
        if keep is not None:
            stmt = stmt.where(IndicatorValue.area_id.in_(select(Area.id).where(Area.level == level)))
        stored = session.execute(stmt.group_by(IndicatorValue.fingerprint)).all()
        if not force and len(stored) == 1 and stored[0][0] == fingerprint:
            summaries.append(ComputeSummary(ind.id, "unverändert", int(stored[0][1]), -1))
            continue
        todo.append((ind, fingerprint))
    if todo:
        codes = set().union(*(catalogue.store_variables(ind.id) for ind, _ in todo))
        ctx = _context(session, catalogue, codes, indicator_ids=[ind.id for ind, _ in todo])
        for i, (ind, fingerprint) in enumerate(todo, 1):
            result = compute(ind, ctx)
            stmt = delete(IndicatorValue).where(IndicatorValue.indicator_id == ind.id)
            if keep is not None:
                stmt = stmt.where(IndicatorValue.area_id.in_(select(Area.id).where(Area.level == level)))
            session.execute(stmt)
            rows = _rows(ind.id, result, fingerprint, keep)
            for start in range(0, len(rows), 5000):
                session.execute(insert(IndicatorValue), rows[start:start + 5000])
            summaries.append(ComputeSummary(ind.id, "berechnet", len(rows), sum(r["value"] is not None for r in rows)))
            if progress:
                progress(i, len(todo), ind.id)
    order = {ind.id: i for i, ind in enumerate(indicators)}
    summaries.sort(key=lambda s: order[s.indicator])
    return summaries


def _closure(catalogue: Catalogue, ind_id: str) -> set[str]:
    out = {ind_id}
    for dep in catalogue.dependencies(ind_id):
        out |= _closure(catalogue, dep)
    return out


def indicator_frame(session: Session, indicator_id: str, catalogue: Catalogue | None = None, *,
                    levels: Collection[str] = (), area_ids: Collection[int] = ()) -> pd.DataFrame:
    """All values of one indicator (area_id, year → value, numerator, denominator, flag, note, period).

    Served from the cache when its fingerprint is current, computed otherwise. With ``levels``
    and/or ``area_ids`` only the rows of the areas at these levels and of the listed areas: a
    view of one Kreis needs the Kreise and its own sub-areas, not the 11 000 Gemeinden.
    """
    catalogue = catalogue or default_catalogue()
    ind = catalogue.get(indicator_id)
    codes = catalogue.store_variables(ind.id)
    fingerprint = input_fingerprint(session, codes, [catalogue.get(d).model_dump() for d in sorted(_closure(catalogue, ind.id))])
    stmt = select(
        IndicatorValue.area_id, IndicatorValue.year, IndicatorValue.value, IndicatorValue.numerator,
        IndicatorValue.denominator, IndicatorValue.flag, IndicatorValue.note, IndicatorValue.period,
    ).where(IndicatorValue.indicator_id == ind.id, IndicatorValue.fingerprint == fingerprint, IndicatorValue.breakdown == "")
    scoped = bool(levels) or bool(area_ids)
    if scoped:
        wanted = select(Area.id).where(or_(Area.level.in_(sorted(set(levels))), Area.id.in_(sorted({int(i) for i in area_ids}))))
        stmt = stmt.where(IndicatorValue.area_id.in_(wanted))
    rows = fetch_rows(session, stmt)
    if rows or (scoped and _cached(session, ind.id, fingerprint)):
        columns = list(zip(*rows)) if rows else [()] * len(_FRAME_COLUMNS)
        frame = _frame(*columns)
    else:
        result = compute(ind, _context(session, catalogue, codes, indicator_ids=[ind.id])).reset_index()
        if scoped:
            areas = load_areas(session)
            keep = set(areas.index[areas["level"].isin(list(levels))]) | {int(i) for i in area_ids}
            result = result[result["area_id"].isin(keep)]
        frame = _frame(result["area_id"].tolist(), result["year"].tolist(), result["value"].tolist(),
                       result["numerator"].tolist(), result["denominator"].tolist(),
                       fl.flags_from_ranks(result["rank"].to_numpy()), result["note"].tolist(), result["period"].tolist())
    return frame.set_index(["area_id", "year"]).sort_index()


_FRAME_COLUMNS = ("area_id", "year", "value", "numerator", "denominator", "flag", "note", "period")


def _cached(session: Session, indicator_id: str, fingerprint: str) -> bool:
    """Whether the cache holds current values of the indicator (for any area)."""
    return session.execute(select(IndicatorValue.id).where(
        IndicatorValue.indicator_id == indicator_id, IndicatorValue.fingerprint == fingerprint).limit(1)).first() is not None


def _frame(area_ids, years, values, numerators, denominators, flag_values, notes, periods) -> pd.DataFrame:
    """The frame of :func:`indicator_frame` from plain columns: numbers as float64, text as plain
    objects (None for "no flag", "" for "no note", None for "no period"; never NaN)."""
    def floats(column) -> np.ndarray:
        return np.array(column, dtype="float64")  # None becomes NaN

    def objects(items: list) -> pd.Series:
        return pd.Series(items, dtype=object)  # not pandas' inferred str dtype, whose missing value is NaN

    return pd.DataFrame({
        "area_id": np.array(area_ids, dtype="int64"),
        "year": np.array(years, dtype="int64"),
        "value": floats(values),
        "numerator": floats(numerators),
        "denominator": floats(denominators),
        "flag": objects([f if isinstance(f, str) and f else None for f in flag_values]),
        "note": objects([n if isinstance(n, str) else "" for n in notes]),
        "period": objects([p if isinstance(p, str) else None for p in periods]),
    })

# SPDX-License-Identifier: EUPL-1.2
"""What the start page panels »Kennzahlen«, »Datenlage« and »Selbstcheck« show.

The loaders take the :class:`~stellwerk.web.deps.TenantContext` and return the
panel template's data, or None for the empty state (see ``web/panels.py``).
Indicators and data health come from official statistics about the tenant's
area (``tenant.area_id``); they are the same for every visitor and are kept in
:mod:`stellwerk.web.data_cache` until the imported data change. The self-check
panel reads the tenant's own runs and respects their visibility.
"""
from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stellwerk.assessment.catalogue import default_catalogue as assessment_catalogue
from stellwerk.assessment.models import AssessmentRun, Respondent
from stellwerk.assessment.results import run_results
from stellwerk.errors import StellwerkError
from stellwerk.geo.models import Area
from stellwerk.indicators.catalogue import Catalogue, default_catalogue
from stellwerk.indicators.compare import peer_groups, peer_stats, trend
from stellwerk.indicators.service import indicator_frame
from stellwerk.indicators.store import load_areas, observed_variables
from stellwerk.observations.models import Dataset, Observation
from stellwerk.observations.store import dataset_summaries
from stellwerk.web.data_cache import cached, data_fingerprint

__all__ = ["KEY_SET", "LIGHT_LABELS", "MAX_INDICATORS", "key_indicators", "load_indicators", "dataset_rows", "area_dataset_ids",
           "load_data_health", "load_self_check"]

KEY_SET = "kommunal_kern"
MAX_INDICATORS = 6
TREND_YEARS = 5
LIGHT_ORDER = ("rot", "gelb", "gruen", "grau")
LIGHT_LABELS = {"gruen": "grün", "gelb": "gelb", "rot": "rot", "grau": "ersetzt"}


def _clean(value: Any) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def _peer_kind(level: str) -> str:
    # Länder and the Bund have no Land to compare within: compare with all areas of their level.
    return "ebene" if level in ("bund", "land") else "land"


def key_indicators(session: Session, area_id: int, catalogue: Catalogue | None = None,
                   limit: int = MAX_INDICATORS) -> list[dict[str, Any]]:
    """Up to ``limit`` indicators of the core set with a value for the area: latest value, trend over
    the last years with a value, and position among the areas of the same level in the same Land."""
    catalogue = catalogue or default_catalogue()
    area = session.get(Area, area_id)
    if area is None:
        return []
    available = observed_variables(session, area_id)
    if not available:
        return []
    candidates = [ind for ind in catalogue.in_set(KEY_SET) if catalogue.store_variables(ind.id) <= available]
    if not candidates:
        return []
    areas = load_areas(session)
    same_level = areas[areas["level"] == area.level]
    kind = _peer_kind(area.level)
    groups = pd.Series("alle", index=same_level.index) if kind == "ebene" else peer_groups(same_level, kind)
    rows: list[dict[str, Any]] = []
    for ind in candidates:
        frame = indicator_frame(session, ind.id, catalogue)
        if area_id not in frame.index.get_level_values("area_id"):
            continue
        own = frame.xs(area_id, level="area_id")
        values = own["value"].astype("float64").dropna()
        if values.empty:
            continue
        year = int(values.index.max())
        current = own.loc[year]
        development = trend(values, n=TREND_YEARS)
        at_year = frame.xs(year, level="year")["value"].reindex(same_level.index).dropna()
        stats = peer_stats(at_year, groups, area_id, ind.polarity)
        rows.append({
            "id": ind.id,
            "title": ind.short_title,
            "unit": ind.unit,
            "decimals": ind.decimals,
            "polarity": ind.polarity,
            "year": year,
            "value": _clean(current["value"]),
            "flag": current["flag"] if isinstance(current["flag"], str) and current["flag"] else None,
            "series": [{"year": int(y), "value": float(v)} for y, v in values.iloc[-TREND_YEARS:].items()],
            "trend": development.direction,
            "change": development.change,
            "first_year": development.first_year,
            "peer_kind": kind,
            "peer_group": stats.group,
            "peer_n": stats.n,
            "peer_median": stats.median,
            "peer_rank": stats.rank,
        })
        if len(rows) >= limit:
            break
    return rows


def _area_summary(session: Session, area_id: int) -> dict[str, Any] | None:
    area = session.get(Area, area_id)
    if area is None:
        return None
    return {"id": area.id, "code": area.code, "name": area.name, "level": area.level}


def load_indicators(ctx: Any) -> dict[str, Any] | None:
    """Start page panel »Kennzahlen«."""
    area_id = ctx.tenant.area_id
    if area_id is None:
        return None
    session = ctx.session
    fingerprint = data_fingerprint(session)
    rows = cached(session, "indicators", area_id, lambda: key_indicators(session, area_id), fingerprint)
    if not rows:
        return None
    area = cached(session, "area", area_id, lambda: _area_summary(session, area_id), fingerprint)
    return {"rows": rows, "area": area}


def dataset_rows(session: Session, today: dt.date | None = None,
                 fingerprint: str | None = None) -> list[dict[str, Any]]:
    """Every dataset as ``stellwerk datasets`` shows it (traffic light and reasons), plus licence and
    attribution; kept until the data or the day change."""
    today = today or dt.date.today()

    def compute() -> list[dict[str, Any]]:
        rows = dataset_summaries(session, today)
        credits = {i: (licence, attribution) for i, licence, attribution in
                   session.execute(select(Dataset.id, Dataset.licence, Dataset.attribution))}
        for row in rows:
            row["licence"], row["attribution"] = credits.get(row["id"], ("", ""))
        return rows

    return cached(session, "datasets", today.isoformat(), compute, fingerprint)


def area_dataset_ids(session: Session, area_id: int) -> set[int]:
    """Datasets with at least one observation of the area or of an area below it."""
    tree = select(Area.id).where(Area.id == area_id).cte("subtree", recursive=True)
    tree = tree.union_all(select(Area.id).where(Area.parent_id == tree.c.id))
    return set(session.scalars(
        select(Observation.dataset_id).where(Observation.area_id.in_(select(tree.c.id))).distinct()
    ))


def load_data_health(ctx: Any) -> dict[str, Any] | None:
    """Start page panel »Datenlage«: the traffic light of every current dataset covering the area."""
    area_id = ctx.tenant.area_id
    if area_id is None:
        return None
    session = ctx.session
    fingerprint = data_fingerprint(session)
    ids = cached(session, "area_datasets", area_id, lambda: area_dataset_ids(session, area_id), fingerprint)
    rows = [r for r in dataset_rows(session, fingerprint=fingerprint) if r["id"] in ids and r["status"] == "active"]
    if not rows:
        return None
    rows.sort(key=lambda r: (LIGHT_ORDER.index(r["light"]) if r["light"] in LIGHT_ORDER else 9, r["table_code"]))
    counts = {light: sum(1 for r in rows if r["light"] == light) for light in LIGHT_ORDER}
    return {"rows": rows[:8], "total": len(rows), "counts": counts, "light_labels": LIGHT_LABELS}


def load_self_check(ctx: Any) -> dict[str, Any] | None:
    """Start page panel »Selbstcheck«: the newest run with answers (else the newest run) the user may see."""
    session = ctx.session
    runs = list(session.scalars(
        select(AssessmentRun).where(ctx.visible_clause(AssessmentRun))
        .order_by(AssessmentRun.created_at.desc(), AssessmentRun.id.desc()).limit(20)
    ))
    if not runs:
        return None
    answered = {run_id: (count, newest) for run_id, count, newest in session.execute(
        select(Respondent.run_id, func.count(), func.max(Respondent.id))
        .where(Respondent.run_id.in_([r.id for r in runs])).group_by(Respondent.run_id)
    )}
    run = next((r for r in runs if r.id in answered), runs[0])
    data: dict[str, Any] = {"run": run, "respondents": 0, "overall": None, "sections": [], "instrument": None,
                            "newer_open": any(r.id not in answered and r.created_at > run.created_at for r in runs),
                            "href": f"/t/{ctx.tenant.slug}/selbstchecks/{run.id}" if ctx.can("read") else None}
    if run.id in answered:
        # Scores change only with new respondents: kept per run, number and newest respondent.
        version = f"{run.status}:{answered[run.id][0]}:{answered[run.id][1]}:{run.instrument_version}"
        try:
            scores = cached(session, "self_check", run.id, lambda: _scores(run), fingerprint=version)
        except StellwerkError:  # an instrument no longer shipped: show the run without scores
            return data
        data.update(scores)
    return data


def _scores(run: AssessmentRun) -> dict[str, Any]:
    results = run_results(assessment_catalogue(), run)
    return {"respondents": results["run"]["respondents"], "overall": results["overall"]["mean"],
            "instrument": results["instrument"]["title"],
            "sections": [{"title": s["short"] or s["title"], "mean": s["mean"]} for s in results["sections"]]}

# SPDX-License-Identifier: EUPL-1.2
"""The steering view: a light per goal, a dashboard per Handlungsfeld and warnings."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from stellwerk.errors import StellwerkError
from stellwerk.strategy import indicator_source as source
from stellwerk.strategy.lights import LIGHTS, Light, assess, is_stale, worst
from stellwerk.strategy.models import Concept, Goal

__all__ = ["IndicatorStatus", "GoalStatus", "goal_statuses", "dashboard", "warnings", "steering"]

FUNDING_WARNING_DAYS = 183  # about six months


@dataclass
class IndicatorStatus:
    indicator_id: str
    title: str
    unit: str
    area_code: str
    baseline_year: int
    baseline_value: float
    target_year: int
    target_value: float
    direction: str
    light: Light
    latest_year: int | None
    series: dict[int, float] = field(default_factory=dict)


@dataclass
class GoalStatus:
    goal: Goal
    status: str
    indicators: list[IndicatorStatus]


def goal_statuses(session: Session, concept: Concept, series: source.SeriesSource | None = None) -> list[GoalStatus]:
    """Every goal of the concept with its light, computed from the current indicator values."""
    series = series or source.SeriesSource(session)
    result = []
    for goal in concept.goals:
        items = []
        for link in goal.indicators:
            try:
                values = series.series(link.indicator_id, link.area_code)
                meta = source.indicator_meta(link.indicator_id)
                title, unit = meta.short_title, meta.unit
            except StellwerkError:
                values, title, unit = {}, link.indicator_id, ""
            latest = max(values) if values else None
            light = assess(link.baseline_value, link.baseline_year, link.target_value, link.target_year,
                           link.direction, values.get(latest) if latest else None, latest)
            items.append(IndicatorStatus(link.indicator_id, title, unit, link.area_code, link.baseline_year,
                                         link.baseline_value, link.target_year, link.target_value, link.direction,
                                         light, latest, values))
        result.append(GoalStatus(goal, worst(i.light.status for i in items), items))
    return result


def dashboard(concept: Concept, statuses: list[GoalStatus]) -> list[dict[str, Any]]:
    """Per Handlungsfeld used in the concept: counts of goals per light and of measures."""
    fields = source.handlungsfelder()
    used = [f for f in fields if f in concept.field_labels or any(g.handlungsfeld == f for g in concept.goals)
            or any(f in (m.handlungsfelder or []) for m in concept.measures)]
    rows = []
    for key in used:
        lights = {light: 0 for light in LIGHTS}
        for status in statuses:
            if status.goal.handlungsfeld == key:
                lights[status.status] += 1
        rows.append({
            "id": key, "label": concept.field_labels.get(key) or fields[key], "lights": lights,
            "goals": sum(lights.values()),
            "measures": sum(1 for m in concept.measures if key in (m.handlungsfelder or [])),
        })
    return rows


def warnings(concept: Concept, statuses: list[GoalStatus], today: dt.date) -> list[dict[str, str]]:
    """What needs attention: funding ending soon, goals without indicator, measures without owner, …"""
    found = []
    for m in concept.measures:
        if m.funding_end and today <= m.funding_end <= today + dt.timedelta(days=FUNDING_WARNING_DAYS) \
                and m.status not in ("abgeschlossen", "eingestellt"):
            found.append({"art": "foerderung", "objekt": m.key,
                          "text": f"Förderung von {m.key} »{m.title}« endet am {m.funding_end:%d.%m.%Y}."})
        if not m.responsible.strip():
            found.append({"art": "verantwortung", "objekt": m.key,
                          "text": f"Maßnahme {m.key} »{m.title}« hat keine verantwortliche Stelle."})
    for status in statuses:
        if not status.indicators:
            found.append({"art": "ohne_indikator", "objekt": status.goal.key,
                          "text": f"Ziel {status.goal.key} hat keinen Indikator."})
        for item in status.indicators:
            if is_stale(item.latest_year, today.year):
                newest = item.latest_year or "–"
                found.append({"art": "veraltet", "objekt": status.goal.key,
                              "text": f"Daten zu {item.title} ({item.area_code}) sind veraltet: neuestes Jahr {newest}."})
    fields = source.handlungsfelder()
    covered = {f for m in concept.measures for f in (m.handlungsfelder or [])}
    for key in dict.fromkeys([*concept.field_labels, *(g.handlungsfeld for g in concept.goals)]):
        if key not in covered:
            label = concept.field_labels.get(key) or fields.get(key, key)
            found.append({"art": "feld_ohne_massnahme", "objekt": key,
                          "text": f"Handlungsfeld »{label}« hat keine Maßnahme."})
    return found


def steering(session: Session, concept: Concept, today: dt.date | None = None) -> dict[str, Any]:
    """Lights, dashboard and warnings of a concept as one JSON-ready document."""
    today = today or dt.date.today()
    statuses = goal_statuses(session, concept)
    return {
        "konzept": {"id": concept.id, "titel": concept.title, "version": concept.version, "status": concept.status},
        "ziele": [
            {"id": s.goal.key, "text": s.goal.text, "handlungsfeld": s.goal.handlungsfeld, "ampel": s.status,
             "indikatoren": [
                 {"indikator": i.indicator_id, "titel": i.title, "einheit": i.unit, "gebiet": i.area_code,
                  "basisjahr": i.baseline_year, "basiswert": i.baseline_value, "zieljahr": i.target_year,
                  "zielwert": i.target_value, "richtung": i.direction, "aktuelles_jahr": i.light.current_year,
                  "aktueller_wert": i.light.current_value, "fortschrittsanteil": i.light.progress_share,
                  "zeitanteil": i.light.time_share, "ampel": i.light.status, "begruendung": i.light.reason}
                 for i in s.indicators
             ]}
            for s in statuses
        ],
        "handlungsfelder": dashboard(concept, statuses),
        "warnungen": warnings(concept, statuses, today),
    }



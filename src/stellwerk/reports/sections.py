# SPDX-License-Identifier: EUPL-1.2
"""The report sections from the steering modules: goals and measures (strategy), network, self-check.

Each section is a plain dict ``{"title", "available", "message", "source", "facts", "tables"}``;
a table is ``{"caption", "columns", "rows"}`` with rows of display strings. An empty section says
why (``message``) so that the report still renders.

Whose content: the tenants named by the caller (everything of theirs, internal included: the
caller has chosen them) and otherwise the tenants whose area is the report's area (published
content only, since the report may be passed on). Self-check runs recorded for the area count too.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from stellwerk.accounts.models import Tenant, Visibility
from stellwerk.charts.numbers import number_de

__all__ = ["SectionScope", "section_scope", "strategy_section", "assessment_section", "network_section",
           "steering_sections"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SectionScope:
    """Whose steering content a report shows."""

    area_id: int
    tenants: tuple[Tenant, ...]
    include_internal: bool  # True when the tenants were named explicitly
    unknown: tuple[str, ...] = ()  # named slugs that are no tenant
    known: tuple[str, ...] = ()  # every tenant slug (for the message about unknown ones)

    @property
    def unknown_message(self) -> str:
        if not self.unknown:
            return ""
        names = ", ".join(f"„{slug}“" for slug in self.unknown)
        return f"Mandant {names} gibt es nicht (vorhanden: {', '.join(self.known) or 'keine'})."


def section_scope(session: Session, area_id: int, tenant_slugs: Sequence[str] = ()) -> SectionScope:
    """Named tenants or, when none is named, the tenants of the area. An unknown slug is no error:
    the sections name it (bad input affects only them, the report still renders)."""
    if tenant_slugs:
        wanted = list(dict.fromkeys(tenant_slugs))
        found = {t.slug: t for t in session.scalars(select(Tenant).where(Tenant.slug.in_(wanted)))}
        unknown = tuple(slug for slug in wanted if slug not in found)
        known = tuple(session.scalars(select(Tenant.slug).order_by(Tenant.slug)).all()) if unknown else ()
        return SectionScope(area_id, tuple(found[s] for s in wanted if s in found), True, unknown, known)
    tenants = session.scalars(select(Tenant).where(Tenant.area_id == area_id).order_by(Tenant.id)).all()
    return SectionScope(area_id, tuple(tenants), False)


def _empty(title: str, message: str, scope: SectionScope | None = None) -> dict:
    if scope is not None and scope.unknown:
        message = f"{scope.unknown_message} {message}"
    return {"title": title, "available": False, "message": message, "source": "", "facts": [], "tables": []}


def _guarded(title: str, build: Callable[[], dict]) -> dict:
    """A failing neighbour module must not stop the whole report: the section says so."""
    try:
        return build()
    except Exception:  # noqa: BLE001 - any error of another module ends only this section
        log.exception("Berichtsabschnitt %s fehlgeschlagen", title)
        return _empty(title, f"{title}: Der Abschnitt konnte nicht erstellt werden (Fehler im Protokoll).")


def _de(value: float | None, digits: int = 1) -> str:
    return number_de(value, digits) if value is not None else "–"


def _date(value: dt.date | dt.datetime | None) -> str:
    return value.strftime("%d.%m.%Y") if value else "–"


# --- Strategy: goals and measures with their lights -------------------------------------------------

STRATEGY_TITLE = "Ziele und Maßnahmen"


def _latest_concept(session: Session, scope: SectionScope):
    from stellwerk.strategy.models import Concept, ConceptStatus

    if not scope.tenants:
        return None
    query = select(Concept).where(Concept.tenant_id.in_([t.id for t in scope.tenants]),
                                  Concept.status != ConceptStatus.SUPERSEDED)
    if not scope.include_internal:
        query = query.where(Concept.visibility == Visibility.PUBLISHED)
    # an adopted concept before a draft, then the newest version
    concepts = list(session.scalars(query.order_by(Concept.version.desc(), Concept.id.desc())))
    adopted = [c for c in concepts if c.status == ConceptStatus.ADOPTED]
    return (adopted or concepts or [None])[0]


def strategy_section(session: Session, scope: SectionScope, today: dt.date | None = None) -> dict:
    """The latest concept's goals with the traffic light of every goal indicator, and its measures."""
    return _guarded(STRATEGY_TITLE, lambda: _strategy(session, scope, today or dt.date.today()))


def _strategy(session: Session, scope: SectionScope, today: dt.date) -> dict:
    from stellwerk.strategy.indicator_source import handlungsfelder
    from stellwerk.strategy.lights import LIGHT_CSS
    from stellwerk.strategy.steering import goal_statuses, warnings

    concept = _latest_concept(session, scope)
    if concept is None:
        return _empty(STRATEGY_TITLE, "Keine Daten: Für dieses Gebiet ist kein Integrationskonzept mit Zielen erfasst "
                                      "(Modul strategy; mit --tenant einen Mandanten wählen).", scope)
    fields = handlungsfelder()

    def label(field: str) -> str:  # the concept's own name of a Handlungsfeld, else the taxonomy's
        return concept.field_labels.get(field) or fields.get(field, field)

    statuses = goal_statuses(session, concept)
    goal_rows = []
    for status in statuses:
        goal = status.goal
        field_label = label(goal.handlungsfeld)
        if not status.indicators:
            goal_rows.append({"cells": [f"{goal.key}: {goal.text}", field_label, "–", "–", "–", "–", status.status],
                              "light": LIGHT_CSS.get(status.status, "grau")})
        for item in status.indicators:
            light = item.light
            current = (f"{_de(light.current_value)} ({light.current_year})" if light.current_value is not None else "–")
            goal_rows.append({"cells": [
                f"{goal.key}: {goal.text}", field_label, f"{item.title} ({item.area_code})",
                f"{_de(item.baseline_value)} ({item.baseline_year})", f"{_de(item.target_value)} ({item.target_year}, {item.direction})",
                current, light.status], "light": LIGHT_CSS.get(light.status, "grau")})
    measure_rows = [{"cells": [
        f"{m.key}: {m.title}", ", ".join(label(f) for f in (m.handlungsfelder or [])) or "–",
        ", ".join(m.goal_keys or []) or "–", m.responsible or "–", m.status,
        f"{_date(m.start)} – {_date(m.end)}" if (m.start or m.end) else "–"]} for m in concept.measures]
    lights: dict[str, int] = {}
    for status in statuses:
        lights[status.status] = lights.get(status.status, 0) + 1
    state = f"beschlossen am {_date(concept.adopted_on)}" if concept.adopted_on else concept.status
    facts = [f"{concept.title}, Fassung {concept.version} ({state})",
             f"Zeitraum {concept.period_start or '–'}–{concept.period_end or '–'}; {len(statuses)} Ziele, "
             f"{len(concept.measures)} Maßnahmen",
             "Ampeln der Ziele: " + (", ".join(f"{n} {light}" for light, n in lights.items()) or "–")]
    facts += [w["text"] for w in warnings(concept, statuses, today)][:10]
    tables = [{"caption": "Ziele mit Indikatoren und Ampel (aktueller Wert: neuestes Jahr mit Daten, Regel der Steuerung)",
               "columns": ["Ziel", "Handlungsfeld", "Indikator (Gebiet)", "Basiswert", "Zielwert", "Aktuell", "Ampel"],
               "rows": goal_rows, "light_column": 6}]
    if measure_rows:
        tables.append({"caption": "Maßnahmen", "columns": ["Maßnahme", "Handlungsfelder", "Ziele", "Verantwortlich",
                                                           "Status", "Laufzeit"], "rows": measure_rows})
    tenant = next(t for t in scope.tenants if t.id == concept.tenant_id)
    return {"title": STRATEGY_TITLE, "available": True, "message": "", "source": tenant.name, "facts": facts,
            "tables": tables}


# --- Self-check: the latest closed run with its scores ----------------------------------------------

ASSESSMENT_TITLE = "Selbstcheck"


def _latest_run(session: Session, scope: SectionScope):
    from stellwerk.assessment.models import AssessmentRun, Status

    ownership = [AssessmentRun.tenant_id.in_([t.id for t in scope.tenants])] if scope.tenants else []
    if not scope.include_internal:
        ownership.append(AssessmentRun.area_id == scope.area_id)
    if not ownership:  # only unknown tenants were named
        return None
    query = select(AssessmentRun).where(or_(*ownership), AssessmentRun.status == Status.CLOSED)
    if not scope.include_internal:
        query = query.where(AssessmentRun.visibility == Visibility.PUBLISHED)
    return session.scalars(query.order_by(AssessmentRun.closed_at.desc().nulls_last(), AssessmentRun.id.desc())).first()


def assessment_section(session: Session, scope: SectionScope) -> dict:
    """The latest closed self-check: overall and section scores (0–100), spread, disagreements."""
    return _guarded(ASSESSMENT_TITLE, lambda: _assessment(session, scope))


def _assessment(session: Session, scope: SectionScope) -> dict:
    from stellwerk.assessment.catalogue import default_catalogue
    from stellwerk.assessment.results import run_results

    run = _latest_run(session, scope)
    if run is None:
        return _empty(ASSESSMENT_TITLE, "Keine Daten: Es liegt noch kein abgeschlossener Selbstcheck vor "
                                        "(Modul assessment; mit --tenant einen Mandanten wählen).", scope)
    result = run_results(default_catalogue(), run)
    info, overall = result["run"], result["overall"]
    rows = []
    for s in result["sections"]:
        if s.get("mean") is None:
            continue
        rows.append({"cells": [s["title"], _de(s["mean"], 0), _de(s.get("min"), 0) + " – " + _de(s.get("max"), 0),
                               "ja" if s.get("disagreement") else "nein"]})
    facts = [f"{result['instrument']['title']}: „{info['title']}“ ({info['mode_label'] or info['mode']}, "
             f"{info['respondents']} Teilnehmende, abgeschlossen am {_date(info['closed_at'])})",
             f"Gesamtwert {_de(overall.get('mean'), 0)} von 100 Punkten"]
    if result["disagreements"]:
        titles = [s["title"] for s in result["sections"] if s["id"] in result["disagreements"]]
        facts.append("Perspektiven gehen auseinander in: " + ", ".join(titles))
    facts += [f"Empfehlung: {r['title']}" for r in result["recommendations"][:5]]
    tenant = session.get(Tenant, run.tenant_id)
    return {"title": ASSESSMENT_TITLE, "available": True, "message": "", "source": tenant.name if tenant else "",
            "facts": facts, "tables": [{
                "caption": "Punkte je Abschnitt (0–100, Mittel der Teilnehmenden; Spannweite der Einzelwerte)",
                "columns": ["Abschnitt", "Punkte", "Spannweite", "Perspektiven gehen auseinander"], "rows": rows}]}


# --- Network: summary and indicators ----------------------------------------------------------------

NETWORK_TITLE = "Netzwerk"


def network_section(session: Session, scope: SectionScope, at: dt.date | None = None) -> dict:
    """Size, density, components, brokers and the cooperation indicators of the tenants' networks."""
    return _guarded(NETWORK_TITLE, lambda: _network(session, scope, at or dt.date.today()))


def _share(indicator: dict) -> str:
    if indicator["value"] is None:
        return "–"
    return f"{_de(indicator['value'] * 100)} % ({indicator['numerator']} von {indicator['denominator']})"


def _network(session: Session, scope: SectionScope, at: dt.date) -> dict:
    from stellwerk.network.analysis import analyse
    from stellwerk.network.graph import load_network

    tables, facts, sources = [], [], []
    for tenant in scope.tenants:
        data = load_network(session, tenant.id, published_only=not scope.include_internal)
        if not data.actors:
            continue
        figures = analyse(data, at)
        ind = figures["indicators"]
        rows = [
            ["Akteure im Netz", str(figures["nodes"])],
            ["Kanten (Beziehungen und gemeinsame Gremien)", str(figures["edges"])],
            ["Aktive Gremien", str(figures["bodies"])],
            ["Dichte", _de(figures["density"], 3) if figures["density"] is not None else "–"],
            ["Zusammenhangskomponenten", str(figures["components"])],
            ["Isolierte Akteure", str(len(figures["isolates"]))],
            [ind["mo_share_permanent_steering_bodies"]["label"], _share(ind["mo_share_permanent_steering_bodies"])],
            [ind["admin_units_in_cross_cutting_bodies"]["label"],
             f"{ind['admin_units_in_cross_cutting_bodies']['value']} "
             f"(in {ind['admin_units_in_cross_cutting_bodies']['bodies']} Gremien)"],
            [ind["intersectoral_tie_share"]["label"], _share(ind["intersectoral_tie_share"])],
        ]
        tables.append({"caption": f"Kennzahlen des Netzwerks {tenant.name}, Stand {_date(at)}",
                       "columns": ["Kennzahl", "Wert"], "rows": [{"cells": r} for r in rows]})
        if figures["brokers"]:
            facts.append("Wichtigste Vermittler (Zwischenzentralität): "
                         + ", ".join(b["name"] for b in figures["brokers"]))
        uncovered = [c["label"] for c in figures["coverage"] if not c["covered"]]
        if uncovered:
            facts.append("Handlungsfelder ohne aktives Gremium: " + ", ".join(uncovered))
        sources.append(tenant.name)
    if not tables:
        return _empty(NETWORK_TITLE, "Keine Daten: Das Netzwerk der Akteure ist für dieses Gebiet noch nicht erfasst "
                                     "(Modul network; mit --tenant einen Mandanten wählen).", scope)
    return {"title": NETWORK_TITLE, "available": True, "message": "", "source": ", ".join(sources), "facts": facts,
            "tables": tables}


def steering_sections(session: Session, scope: SectionScope, today: dt.date | None = None) -> dict[str, dict]:
    """All three sections of one report, keyed ``strategy``, ``network``, ``assessment``."""
    return {"strategy": strategy_section(session, scope, today), "network": network_section(session, scope, today),
            "assessment": assessment_section(session, scope)}

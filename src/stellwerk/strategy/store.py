# SPDX-License-Identifier: EUPL-1.2
"""Concept ⇄ document: writing a validated document into the database and reading it back.

``to_document`` and ``save_document`` are inverse: saving the document of a
concept into it again leaves it unchanged (the Excel round-trip relies on it).
"""
from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy.orm import Session

from stellwerk.accounts.audit import record_owned, snapshot
from stellwerk.accounts.models import Tenant, Visibility
from stellwerk.errors import InputError
from stellwerk.strategy import indicator_source as source
from stellwerk.strategy.models import (
    Concept, ConceptStatus, Evaluation, Goal, GoalIndicator, Measure, ProgressReport,
)
from stellwerk.strategy.partners import check_partners
from stellwerk.strategy.schema import ConceptDoc, IndicatorLink

__all__ = ["to_document", "check_document", "save_document", "baseline_from_engine", "utcnow"]

log = logging.getLogger(__name__)



def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _parse_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _stamp(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value.replace(microsecond=0).isoformat()


def _num(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


def to_document(concept: Concept) -> dict[str, Any]:
    """The concept as a JSON/YAML-ready document (the exchange shape of :mod:`schema`)."""
    return {
        "konzept": {
            "titel": concept.title, "gebiet": concept.area_code,
            "zeitraum_von": concept.period_start, "zeitraum_bis": concept.period_end,
            "status": concept.status, "version": concept.version,
            "beschlossen_am": _date(concept.adopted_on), "ratsbeschluss": concept.council_ref,
            "leitbild": concept.leitbild, "leitlinien": list(concept.leitlinien or []),
            "bestandsaufnahme": concept.bestandsaufnahme, "beteiligung": concept.participation,
            "monitoring": concept.monitoring, "handlungsfelder": dict(concept.field_labels or {}),
        },
        "ziele": [
            {
                "id": g.key, "text": g.text, "handlungsfeld": g.handlungsfeld,
                "indikatoren": [
                    {"indikator": i.indicator_id, "gebiet": i.area_code, "basisjahr": i.baseline_year,
                     "basiswert": _num(i.baseline_value), "zielwert": _num(i.target_value),
                     "zieljahr": i.target_year, "richtung": i.direction}
                    for i in g.indicators
                ],
            }
            for g in concept.goals
        ],
        "massnahmen": [
            {
                "id": m.key, "titel": m.title, "beschreibung": m.description,
                "handlungsfelder": list(m.handlungsfelder or []), "ziele": list(m.goal_keys or []),
                "verantwortlich": m.responsible,
                "partner": [{"name": p["name"], "akteur_id": p.get("akteur_id")} for p in m.partners or []],
                "zielgruppen": list(m.target_groups or []),
                "beginn": _date(m.start), "ende": _date(m.end), "budget": _num(m.budget),
                "foerderquelle": m.funding_source, "foerderung_bis": _date(m.funding_end), "status": m.status,
                "meilensteine": [dict(ms) for ms in m.milestones or []],
                "berichte": [
                    {"zeitraum": r.period, "status": r.status, "text": r.text, "erfasst_von": r.recorded_by,
                     "erfasst_am": _stamp(r.recorded_at)}
                    for r in m.reports
                ],
            }
            for m in concept.measures
        ],
        "evaluationen": [
            {"id": e.key, "titel": e.title, "art": e.kind, "methode": e.method, "ergebnisse": e.findings,
             "empfehlungen": e.recommendations, "massnahmen": list(e.measure_keys or []), "datum": _date(e.done_on)}
            for e in concept.evaluations
        ],
    }


def baseline_from_engine(session: Session, link: IndicatorLink, series: source.SeriesSource | None = None,
                         where: str = "") -> tuple[int, float]:
    """(Basisjahr, Basiswert) from the engine; the newest year when no Basisjahr is given."""
    series = series or source.SeriesSource(session)
    meta = source.indicator_meta(link.indikator)
    area = source.resolve_area(session, link.gebiet)
    values = series.series(meta.id, area.code)
    prefix = f"{where}: " if where else ""
    if not values:
        raise InputError(
            f"{prefix}Indikator {meta.id!r} liefert für {area.name} (Ebene {area.level}) keine Werte.",
            column="Indikator", expected="ein Indikator mit Daten für dieses Gebiet und seine Ebene")
    year = link.basisjahr if link.basisjahr is not None else max(values)
    if year not in values:
        have = ", ".join(str(y) for y in sorted(values))
        raise InputError(f"{prefix}Für das Basisjahr {year} gibt es keinen Wert von {meta.id!r} in {area.name}.",
                         column="Basisjahr", expected=f"ein Jahr mit Daten: {have}")
    if link.zieljahr <= year:
        raise InputError(f"{prefix}Zieljahr {link.zieljahr} liegt nicht nach dem Basisjahr {year}.",
                         column="Zieljahr", expected=f"ein Jahr nach {year}")
    return year, values[year]


def check_document(session: Session, doc: ConceptDoc, file: str | None = None,
                   tenant_id: int | None = None) -> ConceptDoc:
    """Check the document against taxonomy, catalogue and areas; fills missing baselines from the engine.

    With ``tenant_id`` the partners' actor ids must be actors of that tenant's network.
    """
    fields = source.handlungsfelder()

    def field(value: str, where: str) -> None:
        if value not in fields:
            raise InputError(f"{where}: Handlungsfeld {value!r} gibt es nicht.", file=file, column="Handlungsfeld",
                             expected=", ".join(fields))

    for key in doc.konzept.handlungsfelder:
        field(key, "Konzept › Handlungsfelder")
    if doc.konzept.gebiet:
        source.resolve_area(session, doc.konzept.gebiet)
    series = source.SeriesSource(session)
    for goal in doc.ziele:
        field(goal.handlungsfeld, f"Ziel {goal.id}")
        for n, link in enumerate(goal.indikatoren, 1):
            where = f"Ziel {goal.id} › Indikator {n}"
            link.gebiet = link.gebiet or doc.konzept.gebiet
            if not link.gebiet:
                raise InputError(f"{where}: Gebiet fehlt.", file=file, column="Gebiet",
                                 expected="amtlicher Schlüssel des Gebiets")
            source.indicator_meta(link.indikator)
            if link.basiswert is None or link.basisjahr is None:
                link.basisjahr, link.basiswert = baseline_from_engine(session, link, series, where)
    for measure in doc.massnahmen:
        for value in measure.handlungsfelder:
            field(value, f"Maßnahme {measure.id}")
        if tenant_id is not None:
            check_partners(session, tenant_id, measure.partner, where=f"Maßnahme {measure.id}", file=file)
    return doc


def _fill(concept: Concept, doc: ConceptDoc) -> None:
    meta = doc.konzept
    concept.title = meta.titel
    concept.area_code = meta.gebiet
    concept.period_start, concept.period_end = meta.zeitraum_von, meta.zeitraum_bis
    concept.status, concept.version = meta.status, meta.version
    concept.adopted_on, concept.council_ref = _parse_date(meta.beschlossen_am), meta.ratsbeschluss
    concept.leitbild, concept.leitlinien = meta.leitbild, list(meta.leitlinien)
    concept.bestandsaufnahme, concept.participation = meta.bestandsaufnahme, meta.beteiligung
    concept.monitoring, concept.field_labels = meta.monitoring, dict(meta.handlungsfelder)
    concept.goals = [
        Goal(key=g.id, position=n, text=g.text, handlungsfeld=g.handlungsfeld, indicators=[
            GoalIndicator(indicator_id=i.indikator, area_code=i.gebiet, baseline_year=i.basisjahr,
                          baseline_value=i.basiswert, target_value=i.zielwert, target_year=i.zieljahr,
                          direction=i.richtung)
            for i in g.indikatoren
        ])
        for n, g in enumerate(doc.ziele)
    ]
    now = utcnow()
    concept.measures = [
        Measure(
            key=m.id, position=n, title=m.titel, description=m.beschreibung, handlungsfelder=list(m.handlungsfelder),
            goal_keys=list(m.ziele), responsible=m.verantwortlich,
            partners=[p.model_dump() for p in m.partner], target_groups=list(m.zielgruppen),
            start=_parse_date(m.beginn), end=_parse_date(m.ende), budget=m.budget, funding_source=m.foerderquelle,
            funding_end=_parse_date(m.foerderung_bis), status=m.status,
            milestones=[ms.model_dump() for ms in m.meilensteine],
            reports=[
                ProgressReport(period=r.zeitraum, status=r.status, text=r.text,
                               recorded_by=r.erfasst_von or concept.updated_by,
                               recorded_at=dt.datetime.fromisoformat(r.erfasst_am).replace(tzinfo=dt.timezone.utc)
                               if r.erfasst_am else now)
                for r in m.berichte
            ],
        )
        for n, m in enumerate(doc.massnahmen)
    ]
    concept.evaluations = [
        Evaluation(key=e.id, position=n, title=e.titel, kind=e.art, method=e.methode, findings=e.ergebnisse,
                   recommendations=e.empfehlungen, measure_keys=list(e.massnahmen), done_on=_parse_date(e.datum))
        for n, e in enumerate(doc.evaluationen)
    ]


def save_document(session: Session, tenant: Tenant, doc: ConceptDoc, actor: str,
                  concept: Concept | None = None, file: str | None = None) -> Concept:
    """Write a checked document as a new concept, or replace the contents of ``concept``."""
    check_document(session, doc, file, tenant.id)
    if concept is not None and concept.status == ConceptStatus.SUPERSEDED:
        raise InputError("Ein abgelöstes Konzept kann nicht mehr geändert werden.", file=file, column="Status",
                         expected="ein Entwurf oder das beschlossene Konzept")
    before = snapshot(concept) if concept is not None else None
    if concept is None:
        concept = Concept(tenant_id=tenant.id, visibility=Visibility.INTERNAL)
        session.add(concept)
    else:
        # Replace parts in two steps so the (concept, key) unique constraints never see old and new rows at once.
        concept.goals, concept.measures, concept.evaluations = [], [], []
        session.flush()
    concept.updated_at, concept.updated_by = utcnow(), actor
    _fill(concept, doc)
    record_owned(session, actor, concept, "create" if before is None else "update", before)
    log.info("Konzept %s gespeichert (%d Ziele, %d Maßnahmen)", concept.id, len(concept.goals), len(concept.measures))
    return concept

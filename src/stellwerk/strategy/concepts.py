# SPDX-License-Identifier: EUPL-1.2
"""Editing a concept piece by piece (the web forms and the API): every change is audited."""
from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from stellwerk.accounts.audit import record_change, record_owned, snapshot
from stellwerk.accounts.models import Tenant, Visibility
from stellwerk.errors import InputError, NotFoundError
from stellwerk.strategy import indicator_source as source
from stellwerk.strategy.models import Concept, ConceptStatus, Evaluation, Goal, GoalIndicator, Measure, ProgressReport
from stellwerk.strategy.partners import check_partners
from stellwerk.strategy.schema import (
    ConceptMeta, EvaluationDoc, GoalDoc, IndicatorLink, MeasureDoc, Report, parse_document,
)
from stellwerk.strategy.store import _fill, _parse_date, baseline_from_engine, to_document, utcnow

__all__ = ["list_concepts", "get_concept", "create_concept", "update_concept", "add_goal", "link_indicator",
           "add_measure", "update_measure", "add_report", "add_evaluation", "set_visibility", "next_key", "validated",
           "get_goal", "get_measure", "remove_goal", "remove_measure"]


def validated(model: type, data: dict[str, Any]) -> Any:
    """``model`` built from form data; InputError with a German message naming the field."""
    try:
        return model.model_validate(data)
    except ValidationError:
        # Reuse the document's German messages by validating a minimal document around it.
        wrapper = {"konzept": {"titel": "x"}}
        key = {ConceptMeta: "konzept", GoalDoc: "ziele", MeasureDoc: "massnahmen", EvaluationDoc: "evaluationen"}
        if model in key:
            wrapper[key[model]] = data if model is ConceptMeta else [data]
            parse_document(wrapper)
        raise


def _editable(concept: Concept) -> None:
    if concept.status == ConceptStatus.SUPERSEDED:
        raise InputError("Ein abgelöstes Konzept kann nicht mehr geändert werden.", column="Status",
                         expected="den Entwurf oder das beschlossene Konzept")


def _touch(session: Session, concept: Concept, actor: str, object_type: str, object_id: object,
           action: str, after: dict | None, before: dict | None = None) -> None:
    concept.updated_at, concept.updated_by = utcnow(), actor
    session.flush()
    record_change(session, actor=actor, tenant_id=concept.tenant_id, object_type=object_type,
                  object_id=object_id, action=action, before=before, after=after)


def list_concepts(session: Session, tenant: Tenant, include_internal: bool) -> list[Concept]:
    """The tenant's concept versions, newest first."""
    query = select(Concept).where(Concept.tenant_id == tenant.id)
    if not include_internal:
        query = query.where(Concept.visibility == Visibility.PUBLISHED)
    return list(session.scalars(query.order_by(Concept.version.desc(), Concept.id.desc())))


def get_concept(session: Session, tenant: Tenant, concept_id: int) -> Concept:
    """One concept version of the tenant."""
    concept = session.get(Concept, concept_id)
    if concept is None or concept.tenant_id != tenant.id:
        raise NotFoundError(f"Konzept {concept_id} nicht gefunden.")
    return concept


def _meta(session: Session, data: dict[str, Any]) -> ConceptMeta:
    meta = validated(ConceptMeta, data)
    if meta.gebiet:
        meta.gebiet = source.resolve_area(session, meta.gebiet).code
    return meta


def create_concept(session: Session, tenant: Tenant, actor: str, data: dict[str, Any]) -> Concept:
    """A new draft concept (version 1) from the fields of ``ConceptMeta``."""
    meta = _meta(session, {**data, "status": ConceptStatus.DRAFT})
    concept = Concept(tenant_id=tenant.id, visibility=Visibility.INTERNAL, updated_at=utcnow(), updated_by=actor)
    session.add(concept)
    from stellwerk.strategy.schema import ConceptDoc

    _fill(concept, ConceptDoc(konzept=meta))
    record_owned(session, actor, concept, "create")
    return concept


def update_concept(session: Session, concept: Concept, actor: str, data: dict[str, Any]) -> Concept:
    """Change title, period, Leitbild, Leitlinien and the other concept texts."""
    _editable(concept)
    before = snapshot(concept)
    meta = _meta(session, {**data, "status": concept.status, "version": concept.version})
    for name, value in (("title", meta.titel), ("area_code", meta.gebiet), ("period_start", meta.zeitraum_von),
                        ("period_end", meta.zeitraum_bis), ("leitbild", meta.leitbild),
                        ("leitlinien", list(meta.leitlinien)), ("bestandsaufnahme", meta.bestandsaufnahme),
                        ("participation", meta.beteiligung), ("monitoring", meta.monitoring),
                        ("council_ref", meta.ratsbeschluss), ("field_labels", dict(meta.handlungsfelder))):
        setattr(concept, name, value)
    concept.updated_at, concept.updated_by = utcnow(), actor
    record_owned(session, actor, concept, "update", before)
    return concept


def next_key(prefix: str, used: list[str]) -> str:
    """The next free key like Z4 after Z1–Z3."""
    numbers = [int(k[len(prefix):]) for k in used if k.startswith(prefix) and k[len(prefix):].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1}"


def _field(value: str) -> str:
    fields = source.handlungsfelder()
    if value not in fields:
        raise InputError(f"Handlungsfeld {value!r} gibt es nicht.", column="Handlungsfeld",
                         expected=", ".join(fields))
    return value


def add_goal(session: Session, concept: Concept, actor: str, text: str, handlungsfeld: str) -> Goal:
    """A new goal with the next free key."""
    _editable(concept)
    doc = validated(GoalDoc, {"id": next_key("Z", [g.key for g in concept.goals]), "text": text,
                              "handlungsfeld": handlungsfeld})
    goal = Goal(key=doc.id, text=doc.text, handlungsfeld=_field(doc.handlungsfeld), position=len(concept.goals))
    concept.goals.append(goal)
    _touch(session, concept, actor, "strategy_goal", goal.key, "create", {"text": goal.text, "handlungsfeld": goal.handlungsfeld})
    return goal


def get_goal(concept: Concept, key: str) -> Goal:
    for goal in concept.goals:
        if goal.key == key:
            return goal
    raise NotFoundError(f"Ziel {key!r} nicht gefunden.")


def get_measure(concept: Concept, key: str) -> Measure:
    for measure in concept.measures:
        if measure.key == key:
            return measure
    raise NotFoundError(f"Maßnahme {key!r} nicht gefunden.")


def link_indicator(session: Session, concept: Concept, goal: Goal, actor: str, data: dict[str, Any]) -> GoalIndicator:
    """Link an indicator to a goal; the baseline value (and year, if not given) comes from the engine."""
    _editable(concept)
    data = {k: v for k, v in data.items() if v not in ("", None)}
    data.setdefault("gebiet", concept.area_code)
    try:
        link = IndicatorLink.model_validate(data)
    except ValidationError:
        parse_document({"konzept": {"titel": "x"}, "ziele": [{"id": goal.key, "text": "x", "handlungsfeld": "x",
                                                              "indikatoren": [data]}]})
        raise
    if not link.gebiet:
        raise InputError("Gebiet fehlt.", column="Gebiet", expected="amtlicher Schlüssel des Gebiets")
    link.gebiet = source.resolve_area(session, link.gebiet).code
    year, value = baseline_from_engine(session, link)
    row = GoalIndicator(indicator_id=link.indikator, area_code=link.gebiet, baseline_year=year, baseline_value=value,
                        target_value=link.zielwert, target_year=link.zieljahr, direction=link.richtung)
    goal.indicators.append(row)
    _touch(session, concept, actor, "strategy_goal_indicator", f"{goal.key}:{link.indikator}", "create",
           {"indikator": link.indikator, "gebiet": link.gebiet, "basisjahr": year, "basiswert": value,
            "zielwert": link.zielwert, "zieljahr": link.zieljahr, "richtung": link.richtung})
    return row


def _measure_doc(session: Session, concept: Concept, data: dict[str, Any]) -> MeasureDoc:
    """A validated measure: Handlungsfelder, goals and partner actors must exist."""
    doc = validated(MeasureDoc, data)
    for value in doc.handlungsfelder:
        _field(value)
    goals = {g.key for g in concept.goals}
    for key in doc.ziele:
        if key not in goals:
            raise InputError(f"Ziel {key!r} gibt es in diesem Konzept nicht.", column="Ziele",
                             expected=", ".join(sorted(goals)) or "zuerst ein Ziel anlegen")
    check_partners(session, concept.tenant_id, doc.partner)
    return doc


def _measure_values(doc: MeasureDoc) -> dict[str, Any]:
    return dict(
        title=doc.titel, description=doc.beschreibung, handlungsfelder=list(doc.handlungsfelder),
        goal_keys=list(doc.ziele), responsible=doc.verantwortlich, partners=[p.model_dump() for p in doc.partner],
        target_groups=list(doc.zielgruppen), start=_parse_date(doc.beginn), end=_parse_date(doc.ende),
        budget=doc.budget, funding_source=doc.foerderquelle, funding_end=_parse_date(doc.foerderung_bis),
        status=doc.status, milestones=[m.model_dump() for m in doc.meilensteine],
    )


def add_measure(session: Session, concept: Concept, actor: str, data: dict[str, Any]) -> Measure:
    """A new measure with the next free key; goals, Handlungsfelder and partner actors must exist."""
    _editable(concept)
    doc = _measure_doc(session, concept, {**data, "id": next_key("M", [m.key for m in concept.measures])})
    measure = Measure(key=doc.id, position=len(concept.measures), **_measure_values(doc))
    concept.measures.append(measure)
    _touch(session, concept, actor, "strategy_measure", measure.key, "create", doc.model_dump())
    return measure


def update_measure(session: Session, concept: Concept, measure: Measure, actor: str,
                   data: dict[str, Any]) -> Measure:
    """Change fields of a measure (document keys, e.g. ``partner``); the others and its reports stay."""
    _editable(concept)
    current = next(m for m in to_document(concept)["massnahmen"] if m["id"] == measure.key)
    before = {k: v for k, v in current.items() if k != "berichte"}
    if "id" in data and data["id"] != measure.key:
        raise InputError("Die ID einer Maßnahme lässt sich nicht ändern.", column="ID", expected=measure.key)
    doc = _measure_doc(session, concept, {**before, **data, "id": measure.key})
    for name, value in _measure_values(doc).items():
        setattr(measure, name, value)
    after = doc.model_dump(exclude={"berichte"})
    _touch(session, concept, actor, "strategy_measure", measure.key, "update",
           {k: v for k, v in after.items() if before.get(k) != v}, {k: v for k, v in before.items() if after.get(k) != v})
    return measure


def add_report(session: Session, concept: Concept, measure: Measure, actor: str, period: str, status: str,
               text: str) -> ProgressReport:
    """Record (or replace) the progress report of a measure for a period; sets the measure's status."""
    _editable(concept)
    try:
        doc = Report.model_validate({"zeitraum": period, "status": status, "text": text})
    except ValidationError as error:
        name = {"zeitraum": "Zeitraum", "status": "Status", "text": "Text"}[str(error.errors()[0]["loc"][0])]
        raise InputError(f"{name} ist ungültig.", column=name,
                         expected="Zeitraum wie 2024 oder 2024-H1; Status geplant, laufend, abgeschlossen, eingestellt"
                         ) from error
    existing = next((r for r in measure.reports if r.period == doc.zeitraum), None)
    before = {"status": existing.status, "text": existing.text} if existing else None
    report = existing or ProgressReport(period=doc.zeitraum)
    report.status, report.text, report.recorded_at, report.recorded_by = doc.status, doc.text, utcnow(), actor
    if existing is None:
        measure.reports.append(report)
    measure.status = doc.status
    _touch(session, concept, actor, "strategy_progress", f"{measure.key}:{doc.zeitraum}",
           "update" if existing else "create", {"status": doc.status, "text": doc.text}, before)
    return report


def add_evaluation(session: Session, concept: Concept, actor: str, data: dict[str, Any]) -> Evaluation:
    """Record an evaluation (internal or external) and the measures it concerns."""
    _editable(concept)
    doc = validated(EvaluationDoc, {**data, "id": next_key("E", [e.key for e in concept.evaluations])})
    measures = {m.key for m in concept.measures}
    for key in doc.massnahmen:
        if key not in measures:
            raise InputError(f"Maßnahme {key!r} gibt es in diesem Konzept nicht.", column="Maßnahmen",
                             expected=", ".join(sorted(measures)) or "keine")
    evaluation = Evaluation(key=doc.id, position=len(concept.evaluations), title=doc.titel, kind=doc.art,
                            method=doc.methode, findings=doc.ergebnisse, recommendations=doc.empfehlungen,
                            measure_keys=list(doc.massnahmen), done_on=_parse_date(doc.datum))
    concept.evaluations.append(evaluation)
    _touch(session, concept, actor, "strategy_evaluation", evaluation.key, "create", doc.model_dump())
    return evaluation


def set_visibility(session: Session, concept: Concept, actor: str, visibility: str) -> Concept:
    """Publish a concept version or make it internal again."""
    if visibility not in Visibility.ALL:
        raise InputError(f"Sichtbarkeit {visibility!r} ist ungültig.", column="Sichtbarkeit",
                         expected="internal oder published")
    before = snapshot(concept)
    concept.visibility = visibility
    record_owned(session, actor, concept, "publish" if visibility == Visibility.PUBLISHED else "unpublish", before)
    return concept


def remove_goal(session: Session, concept: Concept, goal: Goal, actor: str) -> None:
    """Delete a goal; measures no longer refer to it."""
    _editable(concept)
    before = {"text": goal.text, "handlungsfeld": goal.handlungsfeld}
    for measure in concept.measures:
        if goal.key in (measure.goal_keys or []):
            measure.goal_keys = [k for k in measure.goal_keys if k != goal.key]
    concept.goals.remove(goal)
    _touch(session, concept, actor, "strategy_goal", goal.key, "delete", None, before)


def remove_measure(session: Session, concept: Concept, measure: Measure, actor: str) -> None:
    """Delete a measure with its reports; evaluations no longer refer to it."""
    _editable(concept)
    before = {"titel": measure.title, "verantwortlich": measure.responsible}
    for evaluation in concept.evaluations:
        if measure.key in (evaluation.measure_keys or []):
            evaluation.measure_keys = [k for k in evaluation.measure_keys if k != measure.key]
    concept.measures.remove(measure)
    _touch(session, concept, actor, "strategy_measure", measure.key, "delete", None, before)

# SPDX-License-Identifier: EUPL-1.2
"""Fortschreibung: a new version from the adopted one, the comparison of two versions, adoption."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from stellwerk.accounts.audit import record_owned, snapshot
from stellwerk.accounts.models import Visibility
from stellwerk.errors import InputError
from stellwerk.strategy.models import Concept, ConceptStatus
from stellwerk.strategy.schema import ConceptDoc
from stellwerk.strategy.store import _fill, to_document, utcnow

__all__ = ["start_revision", "adopt", "diff_documents", "diff_concepts"]


def start_revision(session: Session, concept: Concept, actor: str) -> Concept:
    """A new draft version: a deep copy of the adopted ``concept`` (progress reports and evaluations stay behind)."""
    if concept.status != ConceptStatus.ADOPTED:
        raise InputError("Eine Fortschreibung beginnt beim beschlossenen Konzept.", column="Status",
                         expected="Status »beschlossen«")
    draft = session.scalar(select(Concept).where(Concept.predecessor_id == concept.id,
                                                 Concept.status == ConceptStatus.DRAFT))
    if draft is not None:
        raise InputError(f"Es gibt schon eine Fortschreibung im Entwurf (Version {draft.version}).", column="Status")
    doc = to_document(concept)
    for measure in doc["massnahmen"]:
        measure["berichte"] = []
    doc["evaluationen"] = []
    doc["konzept"].update(status=ConceptStatus.DRAFT, version=concept.version + 1, beschlossen_am=None,
                          ratsbeschluss="")
    copy = Concept(tenant_id=concept.tenant_id, visibility=Visibility.INTERNAL, predecessor_id=concept.id,
                   updated_at=utcnow(), updated_by=actor)
    session.add(copy)
    _fill(copy, ConceptDoc.model_validate(doc))
    record_owned(session, actor, copy, "create")
    return copy


def adopt(session: Session, concept: Concept, actor: str, adopted_on: dt.date, council_ref: str) -> Concept:
    """Mark a draft as adopted by the council; its adopted predecessor becomes abgelöst."""
    if concept.status != ConceptStatus.DRAFT:
        raise InputError("Nur ein Entwurf kann beschlossen werden.", column="Status", expected="Status »Entwurf«")
    if not council_ref.strip():
        raise InputError("Der Ratsbeschluss (Drucksache/Beschlussnummer) fehlt.", column="Ratsbeschluss",
                         expected="z. B. Drucksache 1234/2025")
    adopted = session.scalars(select(Concept).where(Concept.tenant_id == concept.tenant_id,
                                                    Concept.status == ConceptStatus.ADOPTED)).all()
    for old in adopted:
        before = snapshot(old)
        old.status = ConceptStatus.SUPERSEDED
        record_owned(session, actor, old, "update", before)
    before = snapshot(concept)
    concept.status, concept.adopted_on, concept.council_ref = ConceptStatus.ADOPTED, adopted_on, council_ref.strip()
    concept.updated_at, concept.updated_by = utcnow(), actor
    record_owned(session, actor, concept, "update", before)
    return concept


def _changes(old: dict[str, Any], new: dict[str, Any], skip: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    return [{"feld": key, "alt": old.get(key), "neu": new.get(key)}
            for key in sorted(set(old) | set(new)) if key not in skip and old.get(key) != new.get(key)]


def _diff_list(old: list[dict], new: list[dict], skip: tuple[str, ...] = ()) -> dict[str, list]:
    before = {item["id"]: item for item in old}
    after = {item["id"]: item for item in new}
    return {
        "hinzugefuegt": [after[k] for k in after if k not in before],
        "entfernt": [before[k] for k in before if k not in after],
        "geaendert": [{"id": k, "titel": after[k].get("titel") or after[k].get("text"),
                       "aenderungen": changes}
                      for k in after if k in before and (changes := _changes(before[k], after[k], skip))],
    }


def diff_documents(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Added, removed and changed goals and measures (by key) and changed concept fields."""
    return {
        "konzept": _changes(old["konzept"], new["konzept"]),
        "ziele": _diff_list(old["ziele"], new["ziele"]),
        # Progress reports belong to a version's implementation, not to its content.
        "massnahmen": _diff_list(old["massnahmen"], new["massnahmen"], skip=("berichte",)),
    }


def diff_concepts(old: Concept, new: Concept) -> dict[str, Any]:
    """:func:`diff_documents` of two concept versions."""
    result = diff_documents(to_document(old), to_document(new))
    result["alt"] = {"id": old.id, "version": old.version, "status": old.status}
    result["neu"] = {"id": new.id, "version": new.version, "status": new.status}
    return result

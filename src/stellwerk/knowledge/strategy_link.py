# SPDX-License-Identifier: EUPL-1.2
"""Concept register ↔ strategy: an adopted Integrationskonzept version as a register document.

A municipality keeps its Integrationskonzept in the strategy module (versions,
Fortschreibung, Ratsbeschluss). Registering an adopted version adds (or
refreshes) one :class:`ConceptDocument` of the municipality that points to it
(``strategy_concept_id``); a version whose predecessor is registered becomes its
Fortschreibung in the register (``update_of``). Registered documents never
change the published 2017 counts of the shipped register.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from stellwerk.accounts.models import Tenant, Visibility
from stellwerk.errors import InputError, NotFoundError
from stellwerk.geo.models import Area, Level
from stellwerk.knowledge.concepts import save_concept
from stellwerk.knowledge.features import LAND_BY_PREFIX
from stellwerk.knowledge.models import ConceptDocument, Origin, Status
from stellwerk.knowledge.schema import ConceptRow
from stellwerk.strategy.models import Concept, ConceptStatus

__all__ = [
    "document_key", "adopted_versions", "register_strategy_version", "linked_documents", "publish_document",
    "published_versions",
]


def document_key(tenant: Tenant, concept: Concept) -> str:
    return f"{tenant.slug}-strategie-{concept.id}"


def adopted_versions(session: Session, tenant: Tenant) -> list[Concept]:
    """The tenant's adopted (also superseded) concept versions, newest first."""
    query = select(Concept).where(Concept.tenant_id == tenant.id, Concept.adopted_on.is_not(None))
    return sorted(session.scalars(query), key=lambda c: (c.adopted_on, c.version, c.id), reverse=True)


def linked_documents(session: Session, tenant: Tenant) -> list[ConceptDocument]:
    """The tenant's register documents that record a strategy version, newest first."""
    query = select(ConceptDocument).where(ConceptDocument.tenant_id == tenant.id,
                                          ConceptDocument.strategy_concept_id.is_not(None))
    return sorted(session.scalars(query), key=lambda d: (d.year or 0, d.seq, d.id), reverse=True)


def _area(session: Session, tenant: Tenant, concept: Concept) -> Area | None:
    if tenant.area_id is not None:
        return session.get(Area, tenant.area_id)
    if concept.area_code:
        candidates = session.scalars(select(Area).where(
            (Area.code == concept.area_code) | (Area.ags == concept.area_code) | (Area.ars == concept.area_code)))
        found = list(candidates)
        # A kreisfreie Stadt may exist as Kreis and Gemeinde; prefer the Gemeinde.
        return next((a for a in found if a.level == Level.GEMEINDE), found[0] if found else None)
    return None


def register_strategy_version(
    session: Session,
    tenant: Tenant,
    concept_id: int | None = None,
    *,
    actor: str = "system",
    publish: bool = False,
) -> ConceptDocument:
    """Register an adopted version (default: the current adopted one) as the tenant's document."""
    if concept_id is None:
        current = [c for c in adopted_versions(session, tenant) if c.status == ConceptStatus.ADOPTED]
        if not current:
            raise NotFoundError(f"Arbeitsbereich {tenant.slug!r} hat keine beschlossene Konzeptfassung")
        concept = current[0]
    else:
        concept = session.get(Concept, concept_id)
        if concept is None or concept.tenant_id != tenant.id:
            raise NotFoundError(f"Keine Konzeptfassung {concept_id} im Arbeitsbereich {tenant.slug!r}")
    if concept.adopted_on is None:
        raise InputError(f"Fassung {concept.version} („{concept.title}“) ist noch nicht beschlossen",
                         column="Status", expected="eine beschlossene Fassung mit Ratsbeschluss")
    if publish and concept.visibility != Visibility.PUBLISHED:
        raise InputError(f"Fassung {concept.version} ist intern; erst die Fassung veröffentlichen, dann den "
                         "Registereintrag", column="Sichtbarkeit", expected="eine veröffentlichte Fassung")
    area = _area(session, tenant, concept)
    code = (area.ags or area.code) if area is not None else (concept.area_code or "")
    predecessor = None
    if concept.predecessor_id is not None:
        predecessor = session.scalar(select(ConceptDocument.key).where(
            ConceptDocument.strategy_concept_id == concept.predecessor_id, ConceptDocument.tenant_id == tenant.id))
    period = None
    if concept.period_start or concept.period_end:
        period = f"{concept.period_start or ''}–{concept.period_end or ''}"
    note = f"Beschlossen am {concept.adopted_on:%d.%m.%Y}"
    if concept.council_ref:
        note += f" ({concept.council_ref})"
    row = ConceptRow(
        key=document_key(tenant, concept),
        city=(area.name if area is not None else tenant.name)[:120],
        ags=code if len(code) == 8 and code.isdigit() else None,
        land=LAND_BY_PREFIX.get(code[:2]) if code else None,
        seq=concept.version,
        title=concept.title,
        year=concept.adopted_on.year,
        month=concept.adopted_on.month,
        period=period,
        kind="Konzept",
        issuer_level="Kreis" if tenant.kind == "landkreis" else "Stadt",
        update_of=predecessor,
        update_basis="nachfolger_gleicher_art" if predecessor else "keine",
        note=note + f"; Fassung {concept.version} im Integrationskonzept von Stellwerk",
    )
    return save_concept(session, row, tenant=tenant, origin=Origin.USER,
                        status=Status.PUBLISHED if publish else Status.DRAFT, actor=actor,
                        strategy_concept_id=concept.id)


def publish_document(session: Session, tenant: Tenant, key: str, *, actor: str) -> ConceptDocument:
    """Publish a tenant's linked register document (its strategy version must be published)."""
    document = session.scalar(select(ConceptDocument).where(ConceptDocument.key == key,
                                                            ConceptDocument.tenant_id == tenant.id))
    if document is None or document.strategy_concept_id is None:
        raise NotFoundError(f"Kein Registereintrag {key!r} in diesem Arbeitsbereich")
    return register_strategy_version(session, tenant, document.strategy_concept_id, actor=actor, publish=True)


def published_versions(session: Session, documents: list[ConceptDocument]) -> dict[str, tuple[str, int]]:
    """Document key → (tenant slug, concept id) of the *published* strategy version it records."""
    ids = {d.strategy_concept_id for d in documents if d.strategy_concept_id}
    if not ids:
        return {}
    rows = session.execute(
        select(Concept.id, Tenant.slug).join(Tenant, Tenant.id == Concept.tenant_id)
        .where(Concept.id.in_(ids), Concept.visibility == Visibility.PUBLISHED)
    ).all()
    found = {concept_id: (slug, concept_id) for concept_id, slug in rows}
    return {d.key: found[d.strategy_concept_id] for d in documents if d.strategy_concept_id in found}

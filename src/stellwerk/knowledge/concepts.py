# SPDX-License-Identifier: EUPL-1.2
"""The register of integration concepts: loading, timelines, statistics, user documents.

The shipped register lists every document the 2017 expertise on municipal
integration concepts names for the 79 Großstädte (Anlage 1). Its statistics
reproduce the published counts; where the source is ambiguous the rule used
is stated next to the number (see :data:`UPDATE_RULE`).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from stellwerk.accounts.models import Tenant, Visibility
from stellwerk.errors import NotFoundError
from stellwerk.knowledge.content import content_tenant, read_concept_exceptions, read_concepts
from stellwerk.knowledge.index import matching_ids
from stellwerk.knowledge.models import ConceptDocument, Origin, Status
from stellwerk.knowledge.owned import own_entry, stamp_entry
from stellwerk.knowledge.schema import ConceptRow
from stellwerk.knowledge.textnorm import normalise, query_terms, sort_key

__all__ = [
    "PUBLISHED",
    "UPDATE_RULE",
    "FORTSCHREIBUNG_BASES",
    "load_shipped_concepts",
    "save_concept",
    "visible_concepts",
    "search_concepts",
    "timeline",
    "register_stats",
    "CityTimeline",
]

# Figures published for autumn 2017 (Filsinger/Gesemann, expertise for the SVR, ch. 3.2).
PUBLISHED = {
    "grossstaedte": 79,
    "with_concept": 69,
    "with_concept_percent": 87.3,
    "updated": 20,
    "reference_time": "Herbst 2017",
}
# A document continues an earlier one (Fortschreibung) when its title says so, when the
# same title reappears with a new year, or when the same issuer follows with a document
# of the same kind. A new document of a different kind is a successor, not an update.
FORTSCHREIBUNG_BASES = ("fortschreibung_im_titel", "gleicher_titel_neues_jahr", "nachfolger_gleicher_art")
UPDATE_RULE = (
    "Eine Stadt gilt als fortgeschrieben, wenn sie zu den 69 Städten mit Konzept gehört und eines ihrer "
    "Dokumente ausdrücklich als Fortschreibung betitelt ist, denselben Titel mit neuem Jahr trägt oder als "
    "Dokument gleicher Art desselben Herausgebers folgt. Nicht gezählt werden Fälle, deren Einordnung "
    "unsicher ist (Dortmund 2013: Masterplan, verbunden mit dem Aufbau eines Kommunalen "
    "Integrationszentrums). Mit ihnen ergäben sich 21 statt der veröffentlichten 20 Städte."
)
# Abbildung 2 of the source: share of the 69 current documents by year of adoption.
PUBLISHED_AGE_BINS = {"2006–2011": 40.6, "2011–2014": 40.6, "2015–2017": 17.4}


def _search_document(row: ConceptRow) -> str:
    parts = [row.city, row.city_qualifier or "", row.title, row.kind, row.kind_detail or "", row.note]
    if row.refugee_specific == "ja":
        parts.append("Geflüchtete Flüchtlinge")
    return " ".join(p for p in parts if p)


def save_concept(
    session: Session,
    row: ConceptRow,
    *,
    tenant: Tenant,
    origin: str = Origin.USER,
    status: str = Status.DRAFT,
    actor: str = "system",
    audit: bool = True,
    strategy_concept_id: int | None = None,
) -> ConceptDocument:
    """Insert or update one concept document by its key (optionally linked to a strategy version)."""
    document, before = own_entry(session, ConceptDocument, "key", row.key, tenant, noun="Dokument", column="key")
    for name, value in row.model_dump().items():
        if name != "key":
            setattr(document, name, value)
    document.strategy_concept_id = strategy_concept_id
    if origin == Origin.USER:
        # Only the shipped register reproduces the published 2017 counts.
        document.in_register_count = False
    stamp_entry(session, document, before, tenant=tenant, origin=origin, status=status,
                search_text=normalise(_search_document(row)), actor=actor, audit=audit,
                object_type="concept_document", object_id=row.key)
    return document


def load_shipped_concepts(session: Session, path: Path | None = None) -> int:
    """Load (or refresh) the shipped concept register; returns the number of documents."""
    tenant = content_tenant(session)
    rows = read_concepts(path)
    for row in rows:
        save_concept(session, row, tenant=tenant, origin=Origin.CONTENT, status=Status.PUBLISHED, audit=False)
    return len(rows)


def visible_concepts(session: Session, viewer_tenant_id: int | None = None) -> list[ConceptDocument]:
    """Published documents plus the viewer's own, by city, year and sequence."""
    public = (ConceptDocument.status == Status.PUBLISHED) & (ConceptDocument.visibility == Visibility.PUBLISHED)
    condition = public if viewer_tenant_id is None else or_(public, ConceptDocument.tenant_id == viewer_tenant_id)
    documents = session.scalars(select(ConceptDocument).where(condition))
    return sorted(documents, key=lambda d: (sort_key(d.city), d.year or 9999, d.seq, d.key))


def search_concepts(
    session: Session,
    query: str | None = None,
    *,
    city: str | None = None,
    kind: str | None = None,
    land: str | None = None,
    refugee_specific: str | None = None,
    viewer_tenant_id: int | None = None,
) -> list[ConceptDocument]:
    """Visible documents matching every query term and the given filters."""
    documents = visible_concepts(session, viewer_tenant_id)
    terms = query_terms(query)
    if terms:
        ids = matching_ids(session, ConceptDocument, terms)
        documents = [d for d in documents if d.id in ids]
    if city:
        documents = [d for d in documents if sort_key(d.city) == sort_key(city)]
    if kind:
        documents = [d for d in documents if d.kind == kind]
    if land:
        documents = [d for d in documents if d.land == land]
    if refugee_specific:
        documents = [d for d in documents if d.refugee_specific == refugee_specific]
    return documents


@dataclass
class CityTimeline:
    city: str
    land: str | None
    ags: str | None
    documents: list[ConceptDocument]
    exception: dict[str, str] | None

    def is_update(self, document: ConceptDocument) -> bool:
        return document.update_basis in FORTSCHREIBUNG_BASES


def timeline(session: Session, city: str, viewer_tenant_id: int | None = None) -> CityTimeline:
    """All documents of one city in order, with their update chain and exception note."""
    documents = search_concepts(session, city=city, viewer_tenant_id=viewer_tenant_id)
    if not documents:
        raise NotFoundError(f"Keine Dokumente für {city!r} im Konzeptregister")
    exceptions = {sort_key(e["city"]): e for e in read_concept_exceptions()}
    first = documents[0]
    return CityTimeline(
        city=first.city,
        land=first.land,
        ags=first.ags,
        documents=documents,
        exception=exceptions.get(sort_key(first.city)),
    )


def _age_bin(year: int) -> str:
    if year < 2006:
        return "vor 2006"
    if year <= 2010:
        return "2006–2010"
    if year <= 2014:
        return "2011–2014"
    return "2015–2017"


def register_stats(session: Session) -> dict:
    """Counts of the shipped register next to the published figures they reproduce."""
    shipped = [
        d for d in session.scalars(select(ConceptDocument).where(ConceptDocument.origin == Origin.CONTENT))
    ]
    cities = {d.city for d in shipped}
    counted = {d.city for d in shipped if d.in_register_count}
    updated_strict = sorted(
        {d.city for d in shipped if d.city in counted and d.update_basis in FORTSCHREIBUNG_BASES and d.update_certain}
    )
    updated_broad = sorted(
        {d.city for d in shipped if d.city in counted and d.update_basis in FORTSCHREIBUNG_BASES}
    )
    # The current document of a counted city: its latest dated document that is surely not refugee-specific
    # concept-like document (decisions and kick-off events are not concepts).
    current: dict[str, int] = {}
    for d in shipped:
        if (
            d.city in counted
            and d.year is not None
            and d.refugee_specific == "nein"
            and d.kind not in ("Beschluss", "Auftaktveranstaltung")
        ):
            current[d.city] = max(current.get(d.city, 0), d.year)
    age_bins = Counter(_age_bin(year) for year in current.values())
    user_documents = session.scalar(
        select(ConceptDocument.id).where(ConceptDocument.origin == Origin.USER).limit(1)
    )
    return {
        "documents": len(shipped),
        "grossstaedte": len(cities),
        "with_concept": len(counted),
        "with_concept_percent": round(100 * len(counted) / len(cities), 1) if cities else None,
        "without_own_concept": sorted(cities - counted),
        "updated": len(updated_strict),
        "updated_cities": updated_strict,
        "updated_including_uncertain": len(updated_broad),
        "uncertain_update_cities": sorted(set(updated_broad) - set(updated_strict)),
        "update_rule": UPDATE_RULE,
        "kinds": dict(sorted(Counter(d.kind for d in shipped).items(), key=lambda i: (-i[1], i[0]))),
        "issuer_levels": dict(sorted(Counter(d.issuer_level for d in shipped).items(), key=lambda i: (-i[1], i[0]))),
        "refugee_specific": dict(sorted(Counter(d.refugee_specific for d in shipped).items())),
        "documents_per_year": dict(sorted(Counter(d.year for d in shipped if d.year).items())),
        "undated_documents": sum(1 for d in shipped if d.year is None),
        "current_document_age": dict(sorted(age_bins.items())),
        "published": {**PUBLISHED, "age_bins_percent": PUBLISHED_AGE_BINS},
        "has_user_documents": user_documents is not None,
    }

# SPDX-License-Identifier: EUPL-1.2
"""Practice search: match in the database, rank, filter and count facets in Python."""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from stellwerk.knowledge.index import matching_ids
from stellwerk.knowledge.models import Practice
from stellwerk.knowledge.practices import visible_practices
from stellwerk.knowledge.schema import SOURCE_TYPE_LABELS
from stellwerk.knowledge.textnorm import query_terms, sort_key, tokens

__all__ = ["FACETS", "SearchFilters", "Hit", "SearchResult", "search_practices", "practice_summary"]

# facet key → label shown to users
FACETS = {
    "field": "Feld",
    "sub_topic": "Unterthema",
    "land": "Land",
    "gemeindetyp": "Gemeindetyp",
    "source_type": "Quellenart",
}
TITLE_WEIGHT = 2.0


@dataclass(frozen=True)
class SearchFilters:
    field: str | None = None
    sub_topic: str | None = None
    land: str | None = None
    gemeindetyp: str | None = None
    source_type: str | None = None

    def active(self) -> dict[str, str]:
        return {key: value for key, value in vars(self).items() if value}


@dataclass
class Hit:
    practice: Practice
    score: float


@dataclass
class SearchResult:
    query: str
    terms: list[str]
    filters: SearchFilters
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


def _facet_values(practice: Practice) -> dict[str, set[str]]:
    data = practice.data
    munis = data.get("municipalities", [])
    return {
        "field": {practice.field},
        "sub_topic": {practice.sub_topic},
        "land": {m["land"] for m in munis if m.get("land")},
        "gemeindetyp": {m["gemeindetyp"] for m in munis if m.get("gemeindetyp")},
        "source_type": {data.get("source_type", "")},
    }


def _passes(values: dict[str, set[str]], filters: dict[str, str], skip: str | None = None) -> bool:
    return all(value in values[key] for key, value in filters.items() if key != skip)


def _score(practice: Practice, terms: list[str], idf: dict[str, float]) -> float:
    body = practice.search_text.split()
    title = tokens(practice.title)
    total = 0.0
    for term in terms:
        tf = sum(1 for token in body if token.startswith(term))
        in_title = sum(1 for token in title if token.startswith(term))
        # BM25-style saturation: the fifth mention adds little over the second.
        total += idf[term] * (tf * 2.2 / (tf + 1.2) + TITLE_WEIGHT * min(in_title, 1))
    # Shorter entries that mention a term are more about it.
    return total / (1.0 + math.log1p(len(body)) / 10.0)


def practice_summary(practice: Practice) -> dict:
    """A practice as a JSON-ready dict for lists and the API."""
    data = practice.data
    return {
        "id": practice.slug,
        "title": practice.title,
        "field": practice.field,
        "sub_topic": practice.sub_topic,
        "summary": data.get("summary"),
        "municipalities": [m.get("name") or m.get("description") for m in data.get("municipalities", [])],
        "laender": sorted({m["land"] for m in data.get("municipalities", []) if m.get("land")}),
        "gemeindetypen": sorted({m["gemeindetyp"] for m in data.get("municipalities", []) if m.get("gemeindetyp")}),
        "source_type": data.get("source_type"),
        "source_type_label": SOURCE_TYPE_LABELS.get(data.get("source_type", ""), data.get("source_type")),
        "status": practice.status,
    }


def search_practices(
    session: Session,
    query: str | None,
    filters: SearchFilters | None = None,
    *,
    viewer_tenant_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
) -> SearchResult:
    """Ranked practices matching every term of ``query`` (all visible ones when empty)."""
    filters = filters or SearchFilters()
    terms = query_terms(query)
    visible = visible_practices(session, viewer_tenant_id)
    visible_ids = {p.id for p in visible}
    matched_ids = matching_ids(session, Practice, terms) & visible_ids
    matched = [p for p in visible if p.id in matched_ids]
    active = filters.active()
    values = {p.id: _facet_values(p) for p in matched}
    facets: dict[str, list[tuple[str, int]]] = {}
    for key in FACETS:
        counts: Counter[str] = Counter()
        for practice in matched:
            if _passes(values[practice.id], active, skip=key):
                counts.update(v for v in values[practice.id][key] if v)
        facets[key] = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    selected = [p for p in matched if _passes(values[p.id], active)]
    if terms:
        n = len(visible_ids) or 1
        idf = {}
        for term in terms:
            df = len(matching_ids(session, Practice, [term]) & visible_ids)
            idf[term] = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
        scored = [Hit(p, round(_score(p, terms, idf), 9)) for p in selected]
        scored.sort(key=lambda hit: (-hit.score, sort_key(hit.practice.title), hit.practice.slug))
    else:
        scored = [Hit(p, 0.0) for p in selected]
    limit = max(0, min(limit, 500))
    offset = max(0, offset)
    return SearchResult(
        query=query or "",
        terms=terms,
        filters=filters,
        total=len(scored),
        hits=scored[offset : offset + limit],
        facets=facets,
    )

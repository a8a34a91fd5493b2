# SPDX-License-Identifier: EUPL-1.2
"""Similar municipalities: nearest neighbours by structural features, with their practices and concepts.

Distance is a weighted Euclidean distance over standardised features: size
(log10 of the population), foreign share and share of Schutzsuchende (each
divided by its standard deviation in the pool), plus 0/1 mismatches of
Gemeindetyp, Land and East/West. Features missing on either side are left
out and the remaining weights renormalised, so every term is shown with the
weight it really had.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from stellwerk.errors import AmbiguousError, NotFoundError
from stellwerk.knowledge.concepts import visible_concepts
from stellwerk.knowledge.features import AreaFeatures, feature_pool
from stellwerk.knowledge.practices import visible_practices
from stellwerk.knowledge.textnorm import sort_key

__all__ = [
    "WEIGHTS", "FEATURE_LABELS", "Neighbour", "SimilarResult", "find_area", "similar_municipalities", "result_document",
]

WEIGHTS = {
    "size": 1.0,
    "foreign_share": 1.0,
    "schutzsuchende_share": 0.5,
    "gemeindetyp": 1.0,
    "east": 0.5,
    "land": 0.25,
}
FEATURE_LABELS = {
    "size": "Größe (log10 Einwohner)",
    "foreign_share": "Ausländeranteil (%)",
    "schutzsuchende_share": "Anteil Schutzsuchende (%)",
    "gemeindetyp": "Gemeindetyp",
    "east": "Ost/West",
    "land": "Land",
}
_NUMERIC = {
    "size": lambda f: f.log_population,
    "foreign_share": lambda f: f.foreign_share,
    "schutzsuchende_share": lambda f: f.schutzsuchende_share,
}
_CATEGORICAL = {
    "gemeindetyp": lambda f: f.gemeindetyp,
    "east": lambda f: f.east,
    "land": lambda f: f.land,
}


@dataclass
class Neighbour:
    features: AreaFeatures
    distance: float
    similarity: float
    # feature → (weight used, standardised difference)
    terms: dict[str, tuple[float, float]]
    practices: list[dict] = field(default_factory=list)
    concepts: list[dict] = field(default_factory=list)


@dataclass
class SimilarResult:
    target: AreaFeatures
    weights: dict[str, float]
    scales: dict[str, float]
    neighbours: list[Neighbour]
    pool_size: int
    target_practices: list[dict] = field(default_factory=list)
    target_concepts: list[dict] = field(default_factory=list)


def _std(values: list[float]) -> float:
    if len(values) < 2:
        return 1.0
    mean = sum(values) / len(values)
    variance = sum((v - mean) ** 2 for v in values) / (len(values) - 1)
    return math.sqrt(variance) or 1.0


def find_area(pool: list[AreaFeatures], query: str) -> AreaFeatures:
    """An area of the pool by AGS or name (exact, then unique prefix or part)."""
    text = query.strip()
    digits = text.isdigit()
    for features in pool:
        if digits and features.ags in (text, text[:5] if text.endswith("000") else text):
            return features
    wanted = sort_key(text)
    exact = [f for f in pool if sort_key(f.name) == wanted]
    if len(exact) == 1:
        return exact[0]
    partial = exact or [f for f in pool if wanted and wanted in sort_key(f.name)]
    if len(partial) == 1:
        return partial[0]
    if partial:
        raise AmbiguousError(
            f"Mehrere Gebiete passen zu {query!r}",
            [{"code": f.ags or "", "label": f.name} for f in partial[:20]],
        )
    raise NotFoundError(f"Kein Gebiet mit Merkmalen gefunden für {query!r}")


def _compare(target: AreaFeatures, other: AreaFeatures, weights: dict[str, float], scales: dict[str, float]):
    terms: dict[str, tuple[float, float]] = {}
    for name, get in _NUMERIC.items():
        a, b = get(target), get(other)
        if a is not None and b is not None and weights.get(name):
            terms[name] = (weights[name], abs(a - b) / scales[name])
    for name, get in _CATEGORICAL.items():
        a, b = get(target), get(other)
        if a is not None and b is not None and weights.get(name):
            terms[name] = (weights[name], float(abs(a - b)) if isinstance(a, float) else float(a != b))
    total_weight = sum(w for w, _ in terms.values())
    if not total_weight:
        return math.inf, terms
    distance = math.sqrt(sum(w * d * d for w, d in terms.values()) / total_weight)
    return distance, terms


def _matches(features: AreaFeatures, ags: str | None, name: str | None) -> bool:
    if ags and features.ags:
        return ags[:5] == features.ags[:5] if len(ags) == 5 or len(features.ags) == 5 else ags == features.ags
    return bool(name) and sort_key(name) == sort_key(features.name)


def _linked(practices_all: list, concepts_all: list, features: AreaFeatures) -> tuple[list[dict], list[dict]]:
    practices = []
    for practice in practices_all:
        for m in practice.data.get("municipalities", []):
            ags = m.get("ags")
            same = ags == features.ags if ags and features.ags else _matches(features, None, m.get("name"))
            if same:
                practices.append({"id": practice.slug, "title": practice.title, "field": practice.field})
                break
    concepts = [
        {"key": d.key, "title": d.title, "year": d.year, "kind": d.kind}
        for d in concepts_all
        if (d.ags and features.ags and d.ags == features.ags) or (not d.ags and _matches(features, None, d.city))
    ]
    return practices, concepts


def similar_municipalities(
    session: Session,
    area: str,
    *,
    limit: int = 10,
    weights: dict[str, float] | None = None,
    same_type_only: bool = False,
    year: int | None = None,
) -> SimilarResult:
    """The ``limit`` areas most similar to ``area`` (AGS or name), nearest first."""
    weights = {**WEIGHTS, **(weights or {})}
    pool = feature_pool(session, year)
    target = find_area(pool, area)
    scales = {name: _std([v for f in pool if (v := get(f)) is not None]) for name, get in _NUMERIC.items()}
    neighbours = []
    for other in pool:
        if other.key == target.key:
            continue
        if same_type_only and other.gemeindetyp != target.gemeindetyp:
            continue
        distance, terms = _compare(target, other, weights, scales)
        if math.isinf(distance):
            continue
        neighbours.append(Neighbour(other, round(distance, 6), round(1.0 / (1.0 + distance), 4), terms))
    neighbours.sort(key=lambda n: (n.distance, sort_key(n.features.name)))
    neighbours = neighbours[: max(1, min(limit, 100))]
    practices_all, concepts_all = visible_practices(session), visible_concepts(session)
    for neighbour in neighbours:
        neighbour.practices, neighbour.concepts = _linked(practices_all, concepts_all, neighbour.features)
    target_practices, target_concepts = _linked(practices_all, concepts_all, target)
    return SimilarResult(
        target=target,
        weights=weights,
        scales={k: round(v, 4) for k, v in scales.items()},
        neighbours=neighbours,
        pool_size=len(pool),
        target_practices=target_practices,
        target_concepts=target_concepts,
    )


def result_document(result: SimilarResult) -> dict:
    """The similarity result as a JSON-ready document (CLI and API)."""
    def features(f):
        return {
            "name": f.name, "ags": f.ags, "land": f.land, "gemeindetyp": f.gemeindetyp,
            "population": f.population, "foreign_share": f.foreign_share,
            "schutzsuchende_share": f.schutzsuchende_share, "year": f.year, "source": f.source,
        }

    return {
        "area": features(result.target),
        "weights": result.weights,
        "scales": result.scales,
        "pool_size": result.pool_size,
        "practices": result.target_practices,
        "concepts": result.target_concepts,
        "similar": [
            {
                **features(n.features),
                "distance": n.distance,
                "similarity": n.similarity,
                "terms": {k: {"weight": w, "difference": round(d, 4)} for k, (w, d) in n.terms.items()},
                "practices": n.practices,
                "concepts": n.concepts,
            }
            for n in result.neighbours
        ],
    }

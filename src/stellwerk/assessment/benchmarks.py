# SPDX-License-Identifier: EUPL-1.2
"""Published survey figures (content/benchmarks/*.yaml) and the peer comparison of an answer.

A figure is the share of municipalities (percent) that gave a positive answer to a question,
as published by Gemeindetyp and, where given, by Land or other breakdowns (e.g. by
Gemeindestatus). ``n`` is the number of responding municipalities of the whole survey;
where a source also names the number per Gemeindetyp, ``n_by_type`` holds it. A group
without a published n shows "nicht veröffentlicht".
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "GEMEINDETYPEN",
    "LAENDER",
    "Breakdown",
    "Figure",
    "BenchmarkSource",
    "PeerComparison",
    "compare",
]

GEMEINDETYPEN: dict[str, str] = {
    "grossstadt": "Großstadt (ab 100.000 Einw.)",
    "mittelstadt": "Mittelstadt (20.000 bis unter 100.000 Einw.)",
    "kleinstadt_gemeinde": "Kleinstadt/Gemeinde (unter 20.000 Einw.)",
    "landkreis": "Landkreis",
}

LAENDER: dict[str, str] = {
    "SH": "Schleswig-Holstein", "HH": "Hamburg", "NI": "Niedersachsen", "HB": "Bremen",
    "NW": "Nordrhein-Westfalen", "HE": "Hessen", "RP": "Rheinland-Pfalz", "BW": "Baden-Württemberg",
    "BY": "Bayern", "SL": "Saarland", "BE": "Berlin", "BB": "Brandenburg",
    "MV": "Mecklenburg-Vorpommern", "SN": "Sachsen", "ST": "Sachsen-Anhalt", "TH": "Thüringen",
}

TypeKey = Literal["grossstadt", "mittelstadt", "kleinstadt_gemeinde", "landkreis"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Breakdown(_Strict):
    """Published shares by a grouping other than Gemeindetyp and Land (shown as they are)."""

    title: str  # e.g. "nach Gemeindestatus"
    shares: dict[str, float] = Field(min_length=1)  # group label → percent


class Figure(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_-]+$")
    measure: str
    location: str | None = None  # where the source publishes it, e.g. "Kap. 3.1"
    total: float | None = Field(default=None, ge=0, le=100)
    by_type: dict[TypeKey, float] = Field(default_factory=dict)
    n_by_type: dict[TypeKey, int] = Field(default_factory=dict)
    by_land: dict[str, float] = Field(default_factory=dict)
    breakdowns: list[Breakdown] = Field(default_factory=list)
    note: str | None = None


class BenchmarkSource(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_-]+$")
    survey: str
    publisher: str
    cited_from: str
    year: int
    n: int | None = None
    n_note: str | None = None
    figures: list[Figure] = Field(min_length=1)

    def check(self) -> list[str]:
        problems = []
        ids = [figure.id for figure in self.figures]
        for figure_id in sorted({i for i in ids if ids.count(i) > 1}):
            problems.append(f"Vergleichszahl {figure_id!r} doppelt")
        for figure in self.figures:
            if figure.total is None and not figure.by_type and not figure.by_land and not figure.breakdowns:
                problems.append(f"{figure.id}: kein einziger Anteil angegeben")
            for code, value in figure.by_land.items():
                if code not in LAENDER:
                    problems.append(f"{figure.id}: unbekanntes Land {code!r} (erwartet: {', '.join(LAENDER)})")
                if not 0 <= value <= 100:
                    problems.append(f"{figure.id}: Anteil für {code} außerhalb 0–100")
            for code, value in figure.by_type.items():
                if not 0 <= value <= 100:
                    problems.append(f"{figure.id}: Anteil für {code} außerhalb 0–100")
            for code, count in figure.n_by_type.items():
                if count < 1:
                    problems.append(f"{figure.id}: n für {code} muss mindestens 1 sein")
            for breakdown in figure.breakdowns:
                for label, value in breakdown.shares.items():
                    if not 0 <= value <= 100:
                        problems.append(f"{figure.id}: Anteil {breakdown.title} / {label} außerhalb 0–100")
        return problems


class PeerComparison(BaseModel):
    """One answer of the municipality next to the published share of its peers."""

    item_id: str
    question: str
    answer: str | None  # the municipality's answer (in a workshop: the most frequent one)
    answer_label: str | None
    positive: list[str]  # answer values that count like the published "yes"
    positive_labels: list[str]
    answer_positive: bool | None  # does the municipality count among the published share? None: undecided
    respondents_positive: float | None  # workshop: percent of respondents with a positive answer
    mapping_note: str | None  # how the item's answers were matched to the published question
    figure: str
    measure: str
    location: str | None
    survey: str
    publisher: str
    cited_from: str
    year: int
    n: int | None
    n_note: str | None
    peer_group: str | None
    peer_label: str | None
    peer_share: float | None
    peer_n: int | None
    land: str | None
    land_label: str | None
    land_share: float | None
    total_share: float | None
    breakdowns: list[Breakdown]
    note: str | None


def compare(
    source: BenchmarkSource,
    figure: Figure,
    *,
    item_id: str,
    question: str,
    answer: str | None,
    answer_label: str | None = None,
    positive: list[str],
    positive_labels: list[str] | None = None,
    answer_positive: bool | None = None,
    respondents_positive: float | None = None,
    mapping_note: str | None = None,
    gemeindetyp: str | None,
    land: str | None,
) -> PeerComparison:
    """Put the municipality's answer next to the share of its Gemeindetyp and Land."""
    return PeerComparison(
        item_id=item_id,
        question=question,
        answer=answer,
        answer_label=answer_label,
        positive=positive,
        positive_labels=positive_labels or positive,
        answer_positive=answer_positive,
        respondents_positive=respondents_positive,
        mapping_note=mapping_note,
        figure=f"{source.id}/{figure.id}",
        measure=figure.measure,
        location=figure.location,
        survey=source.survey,
        publisher=source.publisher,
        cited_from=source.cited_from,
        year=source.year,
        n=source.n,
        n_note=source.n_note,
        peer_group=gemeindetyp,
        peer_label=GEMEINDETYPEN.get(gemeindetyp or ""),
        peer_share=figure.by_type.get(gemeindetyp) if gemeindetyp else None,  # type: ignore[call-overload]
        peer_n=figure.n_by_type.get(gemeindetyp) if gemeindetyp else None,  # type: ignore[call-overload]
        land=land,
        land_label=LAENDER.get(land or ""),
        land_share=figure.by_land.get(land) if land else None,
        total_share=figure.total,
        breakdowns=list(figure.breakdowns),
        note=figure.note,
    )

# SPDX-License-Identifier: EUPL-1.2
"""Published survey figures (content/benchmarks/*.yaml) and the peer comparison of an answer.

A figure is the share of municipalities (percent) that said yes to a question, as
published by Gemeindetyp and, where given, by Land. ``n`` is the number of
responding municipalities of the whole survey; the sources do not publish n per
group, so the group n stays None (shown as "nicht veröffentlicht").
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "GEMEINDETYPEN",
    "LAENDER",
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


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Figure(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_-]+$")
    measure: str
    total: float | None = Field(default=None, ge=0, le=100)
    by_type: dict[Literal["grossstadt", "mittelstadt", "kleinstadt_gemeinde", "landkreis"], float] = Field(
        default_factory=dict
    )
    by_land: dict[str, float] = Field(default_factory=dict)
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
            for code, value in figure.by_land.items():
                if code not in LAENDER:
                    problems.append(f"{figure.id}: unbekanntes Land {code!r} (erwartet: {', '.join(LAENDER)})")
                if not 0 <= value <= 100:
                    problems.append(f"{figure.id}: Anteil für {code} außerhalb 0–100")
            for code, value in figure.by_type.items():
                if not 0 <= value <= 100:
                    problems.append(f"{figure.id}: Anteil für {code} außerhalb 0–100")
        return problems


class PeerComparison(BaseModel):
    """One answer of the municipality next to the published share of its peers."""

    item_id: str
    question: str
    answer: str | None
    positive: str
    figure: str
    measure: str
    survey: str
    publisher: str
    year: int
    n: int | None
    n_note: str | None
    peer_group: str | None
    peer_label: str | None
    peer_share: float | None
    land: str | None
    land_share: float | None
    total_share: float | None
    note: str | None


def compare(
    source: BenchmarkSource,
    figure: Figure,
    *,
    item_id: str,
    question: str,
    answer: str | None,
    positive: str,
    gemeindetyp: str | None,
    land: str | None,
) -> PeerComparison:
    """Put the municipality's answer next to the share of its Gemeindetyp and Land."""
    return PeerComparison(
        item_id=item_id,
        question=question,
        answer=answer,
        positive=positive,
        figure=f"{source.id}/{figure.id}",
        measure=figure.measure,
        survey=source.survey,
        publisher=source.publisher,
        year=source.year,
        n=source.n,
        n_note=source.n_note,
        peer_group=gemeindetyp,
        peer_label=GEMEINDETYPEN.get(gemeindetyp or ""),
        peer_share=figure.by_type.get(gemeindetyp) if gemeindetyp else None,  # type: ignore[call-overload]
        land=land,
        land_share=figure.by_land.get(land) if land else None,
        total_share=figure.total,
        note=figure.note,
    )

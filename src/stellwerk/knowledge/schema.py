# SPDX-License-Identifier: EUPL-1.2
"""Schemas of the knowledge content, validated when content or an import is loaded.

A practice entry combines the ICC good-practice template (problem addressed,
approach, partners, resources, period, results) with the fields of the
Wegweiser-Kommune practice database (field, sub-topic, Handlungsfelder,
municipalities with Land and Gemeindetyp, source and source type).
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = [
    "FIELDS",
    "LAENDER",
    "GEMEINDETYPEN",
    "EAST",
    "MunicipalityRef",
    "PracticeEntry",
    "PracticeFile",
    "ConceptRow",
    "CaseStudyMunicipality",
]

FIELDS = ("Allgemeines", "Verwaltung", "Vernetzung", "Engagement", "Governance")
LAENDER = {
    "SH": "Schleswig-Holstein", "HH": "Hamburg", "NI": "Niedersachsen", "HB": "Bremen",
    "NW": "Nordrhein-Westfalen", "HE": "Hessen", "RP": "Rheinland-Pfalz", "BW": "Baden-Württemberg",
    "BY": "Bayern", "SL": "Saarland", "BE": "Berlin", "BB": "Brandenburg",
    "MV": "Mecklenburg-Vorpommern", "SN": "Sachsen", "ST": "Sachsen-Anhalt", "TH": "Thüringen",
}
# The five Länder that joined in 1990; Berlin is kept apart (it is both).
EAST = frozenset({"BB", "MV", "SN", "ST", "TH"})
GEMEINDETYPEN = (
    "Großstadt", "Mittelstadt", "Kleinstadt", "Gemeinde", "Landkreis", "Stadtbezirk", "Gemeindeverband",
)
SOURCE_TYPES = (
    "kurzportraet", "weitere_anregung", "onlinebefragung_zitat", "onlinebefragung_zusammenfassung",
    "onlinebefragung_listeneintrag", "workshop_beispiel", "eigene_praxis",
)
SOURCE_TYPE_LABELS = {
    "kurzportraet": "Kurzporträt",
    "weitere_anregung": "Weitere Anregung",
    "onlinebefragung_zitat": "Onlinebefragung (Antwort)",
    "onlinebefragung_zusammenfassung": "Onlinebefragung (Zusammenfassung)",
    "onlinebefragung_listeneintrag": "Onlinebefragung (Nennung)",
    "workshop_beispiel": "Workshop",
    "eigene_praxis": "Eigene Praxis",
}



class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class MunicipalityRef(_Strict):
    """A municipality a practice comes from; anonymous survey answers carry only a description."""

    name: str | None = Field(default=None, max_length=200)
    description: str | None = Field(default=None, max_length=200)
    ags: str | None = Field(default=None, pattern=r"^(\d{5}|\d{8})$")
    land: str | None = None
    gemeindetyp: str | None = None
    fallstudie: bool = False

    @field_validator("land")
    @classmethod
    def _known_land(cls, value: str | None) -> str | None:
        if value is not None and value not in LAENDER:
            raise ValueError(f"unbekanntes Land {value!r}; erlaubt: {', '.join(LAENDER)}")
        return value

    @field_validator("gemeindetyp")
    @classmethod
    def _known_type(cls, value: str | None) -> str | None:
        if value is not None and value not in GEMEINDETYPEN:
            raise ValueError(f"unbekannter Gemeindetyp {value!r}; erlaubt: {', '.join(GEMEINDETYPEN)}")
        return value

    def label(self) -> str:
        """The name, or the description for anonymous entries."""
        return self.name or self.description or "ohne Angabe"


class PracticeEntry(_Strict):
    """One good-practice entry."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{2,119}$")
    title: str = Field(min_length=3, max_length=300)
    field: Literal["Allgemeines", "Verwaltung", "Vernetzung", "Engagement", "Governance"]
    sub_topic: str = Field(min_length=2, max_length=120)
    handlungsfelder: list[str] = []
    municipalities: list[MunicipalityRef] = []
    summary: str = Field(min_length=20, max_length=4000)
    problem: str | None = Field(default=None, min_length=1, max_length=4000)
    approach: str | None = Field(default=None, min_length=1, max_length=4000)
    partners: list[str] = []
    resources: str | None = Field(default=None, min_length=1, max_length=4000)
    period: str | None = Field(default=None, max_length=200)
    results: str | None = Field(default=None, min_length=1, max_length=4000)
    source: str = Field(min_length=3, max_length=1000)
    source_type: Literal[
        "kurzportraet", "weitere_anregung", "onlinebefragung_zitat", "onlinebefragung_zusammenfassung",
        "onlinebefragung_listeneintrag", "workshop_beispiel", "eigene_praxis",
    ]
    evidence: Literal["fallstudie", "onlinebefragung", "workshop", "kommune"]
    # References to other Stellwerk objects, "<kind>:<key>" (e.g. "concept:wiesbaden-4").
    related: list[str] = []

    @field_validator("problem", "approach", "resources", "results", mode="before")
    @classmethod
    def _optional_text(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("related")
    @classmethod
    def _refs(cls, value: list[str]) -> list[str]:
        for ref in value:
            kind, _, key = ref.partition(":")
            if not kind or not key:
                raise ValueError(f"Verweis {ref!r} hat nicht die Form art:schlüssel")
        return value

    def laender(self) -> list[str]:
        return sorted({m.land for m in self.municipalities if m.land})

    def gemeindetypen(self) -> list[str]:
        return sorted({m.gemeindetyp for m in self.municipalities if m.gemeindetyp})

    def search_document(self) -> str:
        """All text a search should find this entry by."""
        parts = [self.title, self.field, self.sub_topic, *self.handlungsfelder, self.summary]
        parts += [self.problem or "", self.approach or "", self.results or "", self.resources or ""]
        parts += self.partners
        parts += [m.label() for m in self.municipalities]
        parts += [LAENDER[m.land] for m in self.municipalities if m.land]
        return " ".join(p for p in parts if p)


class PracticeFile(_Strict):
    """A YAML file of practices: ``practices: [...]``."""

    practices: list[PracticeEntry]


class ConceptRow(_Strict):
    """One row of the concept register (content/knowledge/concepts.csv)."""

    key: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,119}$")
    city: str = Field(min_length=2, max_length=120)
    city_qualifier: str | None = None
    ags: str | None = Field(default=None, pattern=r"^\d{8}$")
    land: str | None = None
    seq: int = Field(ge=1)
    title: str = Field(min_length=3, max_length=500)
    year: int | None = Field(default=None, ge=1950, le=2100)
    month: int | None = Field(default=None, ge=1, le=12)
    period: str | None = Field(default=None, max_length=60)
    kind: Literal[
        "Konzept", "Plan", "Leitbild", "Leitlinien", "Flüchtlingskonzept", "Bericht", "Beschluss",
        "Programm", "Handlungsempfehlungen", "Auftaktveranstaltung", "unklar",
    ]
    kind_detail: str | None = None
    issuer_level: Literal["Stadt", "Kreis", "Land", "unklar"]
    update_of: str | None = None
    update_basis: Literal[
        "keine", "nachfolger_gleicher_art", "fortschreibung_im_titel", "gleicher_titel_neues_jahr",
        "nachfolger_anderer_art",
    ] = "keine"
    update_certain: bool = True
    refugee_specific: Literal["ja", "nein", "unsicher"] = "nein"
    target_group: str | None = None
    in_register_count: bool = False
    exception_city: bool = False
    note: str = ""

    @field_validator("city_qualifier", "ags", "land", "period", "kind_detail", "update_of", "target_group", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("year", "month", mode="before")
    @classmethod
    def _empty_number(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("land")
    @classmethod
    def _known_land(cls, value: str | None) -> str | None:
        if value is not None and value not in LAENDER:
            raise ValueError(f"unbekanntes Land {value!r}")
        return value


class CaseStudyMunicipality(_Strict):
    """One of the case-study municipalities with its official figures (content/knowledge/municipalities.csv)."""

    name: str
    ags: str | None = Field(default=None, pattern=r"^(\d{5}|\d{8})$")
    parent_ags: str | None = None
    level: Literal["gemeinde", "kreis", "stadtbezirk"]
    gemeindetyp: str
    gebietskoerperschaft: str
    land: str
    population: int = Field(gt=0)
    foreign_population: int | None = None
    foreign_share_pct: float | None = None
    schutzsuchende: int | None = None
    schutzsuchende_share_pct: float | None = None
    reference_date: str
    flag: str | None = None
    note: str | None = None

    @field_validator(
        "ags", "parent_ags", "foreign_population", "foreign_share_pct", "schutzsuchende",
        "schutzsuchende_share_pct", "flag", "note", mode="before",
    )
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value == "" else value

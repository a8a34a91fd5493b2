# SPDX-License-Identifier: EUPL-1.2
"""Schema of the indicator catalogue (validated when the YAML files are loaded)."""
from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from stellwerk.indicators.expressions import Expression, parse

__all__ = [
    "Handlungsfeld",
    "IndicatorSet",
    "VariableAlias",
    "SeriesBreak",
    "Indicator",
    "Kind",
    "Polarity",
]

_ID = re.compile(r"^[a-z][a-z0-9_]*$")

Kind = Literal["ratio", "count", "published", "gap", "segregation"]
Polarity = Literal["higher_better", "lower_better", "neutral"]
POLARITY_LABELS = {
    "higher_better": "höher ist besser",
    "lower_better": "niedriger ist besser",
    "neutral": "ohne Wertung",
}
KIND_LABELS = {
    "ratio": "Quote (Zähler/Nenner)",
    "count": "Anzahl",
    "published": "veröffentlichte Quote",
    "gap": "Abstand zwischen Gruppen",
    "segregation": "Segregationsindex",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_id(value: str) -> str:
    if not _ID.match(value):
        raise ValueError(f"{value!r}: erwartet Kleinbuchstaben, Ziffern und _ (ASCII)")
    return value


class Handlungsfeld(_Strict):
    id: str
    label: str
    description: str = ""

    _id = field_validator("id")(_check_id)


class IndicatorSet(_Strict):
    id: str
    label: str
    description: str = ""

    _id = field_validator("id")(_check_id)


class VariableAlias(_Strict):
    """A name used in expressions for a store variable, optionally with a fixed breakdown."""

    code: str
    breakdown: dict[str, str] = Field(default_factory=dict)
    label: str
    unit: str = "Personen"


class SeriesBreak(_Strict):
    period: str
    note: str


class Indicator(_Strict):
    id: str
    title: str
    short_title: str
    handlungsfeld: str
    kind: Kind = "ratio"
    definition: str
    relevance: str
    source: str
    tables: list[str] = Field(default_factory=list)
    numerator: str | None = None
    numerator_label: str = ""
    denominator: str | None = None
    denominator_label: str = ""
    factor: float = 100
    unit: str = "%"
    decimals: int = 1
    polarity: Polarity = "neutral"
    sets: list[str] = Field(default_factory=list)
    variants: list[str] = Field(default_factory=list)
    method_notes: str = ""
    series_breaks: list[SeriesBreak] = Field(default_factory=list)
    # gap: two indicators compared; segregation: the group and the total over the sub-areas
    group: str | None = None
    reference: str | None = None
    mode: Literal["difference", "ratio"] = "difference"
    total: str | None = None

    _id = field_validator("id")(_check_id)

    @model_validator(mode="after")
    def _fields_of_kind(self) -> Indicator:
        need: dict[str, tuple[str, ...]] = {
            "ratio": ("numerator", "denominator"),
            "count": ("numerator",),
            "published": ("numerator",),
            "gap": ("group", "reference"),
            "segregation": ("group", "total"),
        }
        missing = [name for name in need[self.kind] if not getattr(self, name)]
        if missing:
            raise ValueError(f"Indikator {self.id}: Art {self.kind!r} braucht {', '.join(missing)}")
        for name in ("numerator", "denominator", "group", "reference", "total"):
            text = getattr(self, name)
            if text:
                parse(text)  # raises ExpressionError, which pydantic reports with the field
        return self

    def expression(self, name: str) -> Expression | None:
        text = getattr(self, name)
        return parse(text) if text else None

    def expressions(self) -> dict[str, Expression]:
        names = ("numerator", "denominator", "group", "reference", "total")
        return {n: parse(getattr(self, n)) for n in names if getattr(self, n)}

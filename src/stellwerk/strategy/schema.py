# SPDX-License-Identifier: EUPL-1.2
"""The concept document: the one exchange shape of YAML, JSON, Excel and the diff.

Keys are German because people edit these files. Dates are ISO strings
(``2025-06-30``). Checks that need no database live here; checks against the
catalogue and the areas live in :mod:`stellwerk.strategy.validate`.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from stellwerk.errors import InputError
from stellwerk.strategy.models import ConceptStatus, Direction

__all__ = ["KEY_PATTERN", "IndicatorLink", "GoalDoc", "Milestone", "Partner", "Report", "MeasureDoc",
           "EvaluationDoc", "ConceptMeta", "ConceptDoc", "parse_document", "FIELD_NAMES"]

KEY_PATTERN = r"^[A-Za-z][A-Za-z0-9_.-]{0,19}$"

# German names of fields for messages (document key → label).
FIELD_NAMES = {
    "titel": "Titel", "gebiet": "Gebiet", "zeitraum_von": "Zeitraum von", "zeitraum_bis": "Zeitraum bis",
    "beschlossen_am": "beschlossen am", "basisjahr": "Basisjahr", "zieljahr": "Zieljahr", "zielwert": "Zielwert",
    "basiswert": "Basiswert", "richtung": "Richtung", "beginn": "Beginn", "ende": "Ende",
    "foerderung_bis": "Förderung bis", "indikator": "Indikator", "handlungsfeld": "Handlungsfeld",
}


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _iso(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValueError(f"{text!r} ist kein Datum (JJJJ-MM-TT)") from None


class IndicatorLink(_Doc):
    indikator: str = Field(min_length=1, max_length=80)
    gebiet: str = Field("", max_length=20)
    basisjahr: int | None = Field(None, ge=1950, le=2100)
    basiswert: float | None = None
    zielwert: float
    zieljahr: int = Field(ge=1950, le=2100)
    richtung: Literal["steigen", "sinken", "halten"] = Direction.UP

    @model_validator(mode="after")
    def _years(self) -> IndicatorLink:
        if self.basisjahr is not None and self.zieljahr <= self.basisjahr:
            raise ValueError(f"Zieljahr {self.zieljahr} liegt nicht nach dem Basisjahr {self.basisjahr}")
        return self


class GoalDoc(_Doc):
    id: str = Field(pattern=KEY_PATTERN)
    text: str = Field(min_length=1, max_length=2000)
    handlungsfeld: str = Field(min_length=1, max_length=60)
    indikatoren: list[IndicatorLink] = Field(default_factory=list)


class Milestone(_Doc):
    titel: str = Field(min_length=1, max_length=300)
    faellig: str | None = None
    erledigt: bool = False

    _date = field_validator("faellig", mode="before")(_iso)


class Partner(_Doc):
    name: str = Field(min_length=1, max_length=200)
    akteur_id: int | None = None


class Report(_Doc):
    zeitraum: str = Field(pattern=r"^\d{4}(-(H[12]|Q[1-4]|\d{2}))?$")
    status: Literal["geplant", "laufend", "abgeschlossen", "eingestellt"]
    text: str = Field("", max_length=5000)
    erfasst_von: str = Field("", max_length=80)
    erfasst_am: str = ""


class MeasureDoc(_Doc):
    id: str = Field(pattern=KEY_PATTERN)
    titel: str = Field(min_length=1, max_length=300)
    beschreibung: str = Field("", max_length=5000)
    handlungsfelder: list[str] = Field(default_factory=list)
    ziele: list[str] = Field(default_factory=list)
    verantwortlich: str = Field("", max_length=200)
    partner: list[Partner] = Field(default_factory=list)
    zielgruppen: list[str] = Field(default_factory=list)
    beginn: str | None = None
    ende: str | None = None
    budget: float | None = Field(None, ge=0)
    foerderquelle: str = Field("", max_length=200)
    foerderung_bis: str | None = None
    status: Literal["geplant", "laufend", "abgeschlossen", "eingestellt"] = "geplant"
    meilensteine: list[Milestone] = Field(default_factory=list)
    berichte: list[Report] = Field(default_factory=list)

    _dates = field_validator("beginn", "ende", "foerderung_bis", mode="before")(_iso)

    @model_validator(mode="after")
    def _order(self) -> MeasureDoc:
        if self.beginn and self.ende and self.ende < self.beginn:
            raise ValueError(f"Ende {self.ende} liegt vor dem Beginn {self.beginn}")
        return self


class EvaluationDoc(_Doc):
    id: str = Field(pattern=KEY_PATTERN)
    titel: str = Field(min_length=1, max_length=300)
    art: Literal["intern", "extern"] = "intern"
    methode: str = Field("", max_length=5000)
    ergebnisse: str = Field("", max_length=10000)
    empfehlungen: str = Field("", max_length=10000)
    massnahmen: list[str] = Field(default_factory=list)
    datum: str | None = None

    _date = field_validator("datum", mode="before")(_iso)


class ConceptMeta(_Doc):
    titel: str = Field(min_length=1, max_length=300)
    gebiet: str = Field("", max_length=20)
    zeitraum_von: int | None = Field(None, ge=1950, le=2100)
    zeitraum_bis: int | None = Field(None, ge=1950, le=2100)
    status: Literal["Entwurf", "beschlossen", "abgelöst"] = ConceptStatus.DRAFT
    version: int = Field(1, ge=1)
    beschlossen_am: str | None = None
    ratsbeschluss: str = Field("", max_length=200)
    leitbild: str = Field("", max_length=20000)
    leitlinien: list[str] = Field(default_factory=list)
    bestandsaufnahme: str = Field("", max_length=20000)
    beteiligung: str = Field("", max_length=10000)
    monitoring: str = Field("", max_length=10000)
    handlungsfelder: dict[str, str] = Field(default_factory=dict)

    _date = field_validator("beschlossen_am", mode="before")(_iso)

    @model_validator(mode="after")
    def _period(self) -> ConceptMeta:
        if self.zeitraum_von and self.zeitraum_bis and self.zeitraum_bis < self.zeitraum_von:
            raise ValueError(f"Zeitraum bis {self.zeitraum_bis} liegt vor Zeitraum von {self.zeitraum_von}")
        return self


class ConceptDoc(_Doc):
    hinweis: str = ""
    konzept: ConceptMeta
    ziele: list[GoalDoc] = Field(default_factory=list)
    massnahmen: list[MeasureDoc] = Field(default_factory=list)
    evaluationen: list[EvaluationDoc] = Field(default_factory=list)

    @model_validator(mode="after")
    def _references(self) -> ConceptDoc:
        for kind, items in (("Ziel", self.ziele), ("Maßnahme", self.massnahmen), ("Evaluation", self.evaluationen)):
            seen: set[str] = set()
            for item in items:
                if item.id in seen:
                    raise ValueError(f"{kind}-ID {item.id!r} kommt doppelt vor")
                seen.add(item.id)
        goals = {g.id for g in self.ziele}
        measures = {m.id for m in self.massnahmen}
        for m in self.massnahmen:
            for key in m.ziele:
                if key not in goals:
                    raise ValueError(f"Maßnahme {m.id}: Ziel {key!r} gibt es nicht")
        for e in self.evaluationen:
            for key in e.massnahmen:
                if key not in measures:
                    raise ValueError(f"Evaluation {e.id}: Maßnahme {key!r} gibt es nicht")
        return self


def _where(loc: tuple) -> str:
    parts = []
    for item in loc:
        if isinstance(item, int):
            parts[-1] = f"{parts[-1]}[{item + 1}]" if parts else str(item + 1)
        else:
            parts.append(FIELD_NAMES.get(str(item), str(item)))
    return " › ".join(parts)


def _german(error: dict) -> str:
    kind, msg = error["type"], error.get("msg", "")
    if kind == "missing":
        return "Pflichtfeld fehlt"
    if kind == "extra_forbidden":
        return "unbekanntes Feld"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "ganze Zahl erwartet"
    if kind in ("float_parsing", "float_type"):
        return "Zahl erwartet"
    if kind == "literal_error":
        return "ungültiger Wert, erlaubt: " + str(error.get("ctx", {}).get("expected", ""))
    if kind == "string_pattern_mismatch":
        return "ungültige Kennung (Buchstabe, dann Buchstaben, Ziffern, _ . -)"
    if kind == "string_too_short":
        return "darf nicht leer sein"
    if kind == "string_too_long":
        return "zu lang"
    if kind in ("greater_than_equal", "less_than_equal"):
        return "Wert außerhalb des erlaubten Bereichs"
    return msg.removeprefix("Value error, ")


def parse_document(data: object, file: str | None = None) -> ConceptDoc:
    """Validate a loaded YAML/JSON document; InputError naming the field on the first problem."""
    if not isinstance(data, dict):
        raise InputError("Das Dokument ist keine Zuordnung (Schlüssel: Wert).", file=file,
                         expected="konzept, ziele, massnahmen, evaluationen")
    try:
        return ConceptDoc.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = _where(first["loc"])
        details = [f"{_where(e['loc'])}: {_german(e)}" for e in error.errors()[1:10]]
        # The field path goes into ``column`` so the message names it once.
        raise InputError(_german(first), file=file, column=where or None, details=details) from error


def check_key(key: str) -> str:
    """A goal/measure key from a form; InputError when it is malformed."""
    if not re.match(KEY_PATTERN, key or ""):
        raise InputError(f"Kennung {key!r} ist ungültig.", column="ID", expected="z. B. Z1 oder M3")
    return key



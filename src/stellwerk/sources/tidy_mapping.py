# SPDX-License-Identifier: EUPL-1.2
"""The mapping file of ``stellwerk import tidy``: which column holds what, and the dataset's provenance.

A mapping is a small YAML file (example: ``content/examples/tidy/``, reference:
docs/sources.md, "Eigene Daten"). It is checked here, before any data is read;
errors name the mapping file and the key that is wrong.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from stellwerk.errors import InputError

__all__ = ["Mapping", "load_mapping", "CODE"]

CODE = re.compile(r"^[a-z][a-z0-9_]*$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class DatasetMeta(_Strict):
    table_code: str = Field(min_length=1, max_length=100)
    title: str = Field(min_length=1, max_length=500)
    source: str = Field(min_length=1, max_length=100)
    licence: str = Field(min_length=1, max_length=200)
    attribution: str = Field(min_length=1)
    reference_date: dt.date | None = None


class FileFormat(_Strict):
    sheet: str | None = None
    header_row: int = Field(default=1, ge=1)
    encoding: Literal["utf-8", "cp1252", "latin-1"] = "utf-8"
    delimiter: Literal[";", ",", "\t"] | None = None
    decimal: Literal[",", "."] = ","
    thousands: Literal[".", ",", " ", "'"] | None = None

    @model_validator(mode="after")
    def _separators_differ(self) -> FileFormat:
        if self.thousands is not None and self.thousands == self.decimal:
            raise ValueError("thousands und decimal müssen verschieden sein")
        return self


class Columns(_Strict):
    area: str
    period: str
    value: str
    area_name: str | None = None
    variable: str | None = None
    flag: str | None = None
    breakdown: dict[str, str] = Field(default_factory=dict)

    @field_validator("breakdown")
    @classmethod
    def _dimensions(cls, value: dict[str, str]) -> dict[str, str]:
        for column, dimension in value.items():
            if not CODE.match(dimension):
                raise ValueError(f"Dimension {dimension!r} (Spalte {column!r}): nur a–z, 0–9 und _")
        return value


class VariableDef(_Strict):
    label: str = Field(min_length=1, max_length=300)
    unit: str = Field(min_length=1, max_length=50)
    definition: str = ""


class Areas(_Strict):
    # Prepended to every code of the area column: local small-area numbers ("101") become
    # Stellwerk codes ("05315000-101"); see docs/sources.md, "Kleinräumige Gebiete".
    prefix: str | None = None


class Mapping(_Strict):
    stellwerk_mapping: Literal[1] = 1
    dataset: DatasetMeta
    file: FileFormat = Field(default_factory=FileFormat)
    columns: Columns
    variable: str | None = None
    variables: dict[str, VariableDef] = Field(default_factory=dict)
    recode: dict[str, dict[str, str]] = Field(default_factory=dict)
    areas: Areas = Field(default_factory=Areas)
    # Filled by load_mapping: the mapping file's name and the sha256 of its canonical form.
    name: str = ""
    sha256: str = ""

    @model_validator(mode="after")
    def _variable_source(self) -> Mapping:
        if (self.variable is None) == (self.columns.variable is None):
            raise ValueError("genau eines von variable (eine Variable für die ganze Datei) und columns.variable "
                             "(Spalte mit dem Variablencode) angeben")
        for code in [self.variable or "", *self.variables]:
            if code and not CODE.match(code):
                raise ValueError(f"Variablencode {code!r}: nur a–z, 0–9 und _, beginnend mit einem Buchstaben")
        known = {"variable", *self.columns.breakdown.values()}
        for key in self.recode:
            if key not in known:
                raise ValueError(f"recode.{key}: weder 'variable' noch eine Dimension aus columns.breakdown")
        return self


def load_mapping(path: Path) -> Mapping:
    """Read and check a mapping file; errors name the file and the key."""
    name = path.name
    if not path.is_file():
        raise InputError("Zuordnungsdatei nicht gefunden", file=str(path), expected="eine YAML-Datei (--mapping)")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise InputError("Die Zuordnungsdatei ist nicht UTF-8-kodiert", file=name, expected="YAML in UTF-8") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise InputError(f"Kein gültiges YAML: {getattr(error, 'problem', error)}", file=name,
                         row=mark.line + 1 if mark else None, expected="eine YAML-Zuordnung") from None
    if not isinstance(data, dict):
        raise InputError("Die Zuordnungsdatei enthält keine Zuordnung (Schlüssel: Wert)", file=name,
                         expected="dataset, columns, variable(s) …")
    try:
        mapping = Mapping.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or "(oben)"
        raise InputError(f"Schlüssel {key}: {first['msg']}", file=name, column=key,
                         expected="eine Zuordnung wie in docs/sources.md, Abschnitt „Eigene Daten“",
                         details=[f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()[1:6]],
                         ) from None
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()
    return mapping.model_copy(update={"name": name, "sha256": hashlib.sha256(canonical).hexdigest()})

# SPDX-License-Identifier: EUPL-1.2
"""What every adapter returns: tidy cells plus the metadata of the dataset."""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from functools import partial
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

__all__ = ["AreaSpec", "Cell", "make_cell", "VariableSpec", "ParsedTable", "file_sha256", "LICENCE_DL_DE",
           "ATTRIBUTION_LAENDER"]

LICENCE_DL_DE = "Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0)"
ATTRIBUTION_LAENDER = "© Statistische Ämter des Bundes und der Länder, Deutschland"
ATTRIBUTION_DESTATIS = "© Statistisches Bundesamt (Destatis)"
ATTRIBUTION_BA = "© Statistik der Bundesagentur für Arbeit"
ATTRIBUTION_BBSR = "© BBSR Bonn (INKAR)"


class Cell(NamedTuple):
    """One table cell in tidy form; ``line``/``column`` point back into the file."""

    level: str
    code: str
    name: str
    period: str
    variable: str
    breakdown: str
    value: float | None
    flag: str | None
    line: int
    column: str


# ``make_cell((level, code, ...))`` builds the same Cell as ``Cell(level, code, ...)`` without the
# Python-level ``__new__`` of a NamedTuple: about half the cost, which counts for millions of cells.
make_cell = partial(tuple.__new__, Cell)
_PERIOD = itemgetter(3)


class AreaSpec(NamedTuple):
    """A small area (Stadtbezirk, Stadtteil) a file defines, created under its parent if missing."""

    level: str
    code: str
    name: str
    type: str
    parent_level: str
    parent_code: str
    line: int


@dataclass(frozen=True)
class VariableSpec:
    code: str
    label: str
    unit: str
    definition: str = ""


@dataclass
class ParsedTable:
    """A parsed file: provenance, variables and cells, not yet tied to areas."""

    kind: str
    source: str
    table_code: str
    title: str
    licence: str
    attribution: str
    reference_date: dt.date | None
    file_name: str
    file_sha256: str
    importer_version: str
    variables: dict[str, VariableSpec] = field(default_factory=dict)
    cells: list[Cell] = field(default_factory=list)
    # Small areas of a city, parents first (see docs/sources.md, "Kleinräumige Gebiete").
    areas: list[AreaSpec] = field(default_factory=list)
    row_count: int = 0
    meta: dict[str, Any] = field(default_factory=dict)
    # A municipality's own file may not create areas: every unknown code is an error (tidy import).
    strict_areas: bool = False

    def add_variable(self, spec: VariableSpec) -> str:
        self.variables.setdefault(spec.code, spec)
        return spec.code

    @property
    def periods(self) -> list[str]:
        return sorted(set(map(_PERIOD, self.cells)))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()

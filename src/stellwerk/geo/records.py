# SPDX-License-Identifier: EUPL-1.2
"""What a register file says about one area, before it is stored.

Parsers (GV-ISys "Auszug", "04-Kreise") turn rows into :class:`AreaRecord`s;
:mod:`stellwerk.geo.store` writes them as one Gebietsstand.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from stellwerk.errors import InputError
from stellwerk.geo.models import Level

__all__ = ["AreaRecord", "StandFile", "BUND_CODE", "BUND_ARS", "ars_of", "parse_count", "parse_area"]

BUND_CODE = "DG"  # as the Regionaldatenbank calls Germany
BUND_ARS = "000000000000"

# Official symbols that stand in a number cell instead of a value.
_SYMBOLS = {"/", ".", "x", "...", "…"}


@dataclass
class AreaRecord:
    """One area as a register file lists it; ``row`` is the 1-based spreadsheet row."""

    level: str
    code: str
    name: str
    row: int
    ars: str | None = None
    ags: str | None = None
    type: str | None = None
    parent: tuple[str, str] | None = None  # (level, code)
    area_km2: float | None = None
    population: int | None = None
    population_m: int | None = None
    population_w: int | None = None
    population_flag: str | None = None


@dataclass
class StandFile:
    """A parsed register file: one Gebietsstand."""

    path_name: str
    sheet: str
    sha256: str
    reference_date: dt.date
    source: str
    title: str
    records: list[AreaRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def levels(self) -> set[str]:
        return {record.level for record in self.records}


def ars_of(level: str, code: str) -> str:
    """12-digit ARS of an area: its code padded with zeros (Bund: all zeros)."""
    if level == Level.BUND:
        return BUND_ARS
    return code.ljust(12, "0")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def parse_count(
    value: Any, *, file: str, sheet: str, row: int, column: str
) -> tuple[int | None, str | None]:
    """A population cell as (number, flag): ``/`` → (None, '/'), ``-`` → (0, None), blank → (None, None)."""
    if _blank(value):
        return None, None
    if isinstance(value, bool):
        raise InputError("Wahrheitswert statt Zahl", file=file, sheet=sheet, row=row, column=column)
    if isinstance(value, (int, float)):
        if float(value) != int(value) or value < 0:
            raise InputError(
                f"Keine ganze, nicht negative Zahl: {value!r}",
                file=file, sheet=sheet, row=row, column=column, expected="Anzahl Personen",
            )
        return int(value), None
    text = str(value).strip()
    if text == "-":
        return 0, None
    if text in _SYMBOLS:
        return None, "..." if text == "…" else text
    digits = text.replace(".", "").replace(" ", "")
    if digits.isdigit():
        return int(digits), None
    raise InputError(
        f"Keine Zahl: {text[:40]!r}",
        file=file, sheet=sheet, row=row, column=column,
        expected="ganze Zahl oder ein amtliches Zeichen (/ . x)",
    )


def parse_area(value: Any, *, file: str, sheet: str, row: int, column: str) -> float | None:
    """An area cell in km²; blank or a symbol → None."""
    if _blank(value):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value < 0:
            raise InputError(f"Negative Fläche: {value}", file=file, sheet=sheet, row=row, column=column)
        return float(value)
    text = str(value).strip()
    if text in _SYMBOLS or text == "-":
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise InputError(
            f"Keine Fläche: {text[:40]!r}",
            file=file, sheet=sheet, row=row, column=column, expected="Fläche in km² als Zahl",
        ) from None

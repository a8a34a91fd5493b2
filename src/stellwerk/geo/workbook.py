# SPDX-License-Identifier: EUPL-1.2
"""Read one sheet of an Excel workbook (.xls via xlrd, .xlsx via openpyxl) as rows of values.

Every failure (missing file, not a workbook, a corrupt sheet) becomes an
:class:`~stellwerk.errors.InputError` that names the file and the sheet.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stellwerk.errors import InputError

__all__ = ["Sheet", "read_sheet", "sheet_names", "file_sha256", "column_letter", "find_date"]

_XLS_MAGIC = b"\xd0\xcf\x11\xe0"
_XLSX_MAGIC = b"PK\x03\x04"
_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


@dataclass(frozen=True)
class Sheet:
    """The values of one sheet; ``rows[0]`` is spreadsheet row 1."""

    file: str
    name: str
    rows: list[tuple[Any, ...]]


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def column_letter(index: int) -> str:
    """0 → 'A', 25 → 'Z', 26 → 'AA'."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _kind(path: Path) -> str:
    if not path.exists():
        raise InputError("Datei nicht gefunden", file=path.name)
    if not path.is_file():
        raise InputError("ist keine Datei", file=path.name)
    with path.open("rb") as handle:
        head = handle.read(4)
    if head == _XLS_MAGIC:
        return "xls"
    if head == _XLSX_MAGIC:
        return "xlsx"
    raise InputError(
        "Die Datei ist keine Excel-Arbeitsmappe",
        file=path.name,
        expected="eine .xls- oder .xlsx-Datei des Statistischen Bundesamts",
    )


def sheet_names(path: Path) -> list[str]:
    """Names of the sheets of a workbook."""
    return _open(path)[1]


def _open(path: Path) -> tuple[Any, list[str], str]:
    kind = _kind(path)
    try:
        if kind == "xls":
            import xlrd

            book = xlrd.open_workbook(str(path), on_demand=True)
            return book, book.sheet_names(), kind
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        return book, book.sheetnames, kind
    except Exception as error:  # noqa: BLE001
        # Readers raise many unrelated exception types for damaged files.
        raise InputError(
            f"Die Arbeitsmappe ist beschädigt oder nicht lesbar ({type(error).__name__})",
            file=path.name,
        ) from error


def read_sheet(path: Path, index: int, max_col: int | None = None) -> Sheet:
    """Rows of the sheet at ``index`` (0-based), cut to ``max_col`` columns."""
    book, names, kind = _open(path)
    if index >= len(names):
        raise InputError(
            f"Die Arbeitsmappe hat nur {len(names)} Blatt/Blätter",
            file=path.name,
            expected=f"die Daten auf Blatt {index + 1}",
        )
    name = names[index]
    try:
        if kind == "xls":
            sheet = book.sheet_by_index(index)
            width = sheet.ncols if max_col is None else min(max_col, sheet.ncols)
            rows = [tuple(sheet.row_values(r, 0, width)) for r in range(sheet.nrows)]
            book.release_resources()
        else:
            sheet = book.worksheets[index]
            rows = list(sheet.iter_rows(values_only=True, max_col=max_col))
            book.close()
    except Exception as error:  # noqa: BLE001 - damaged sheet XML raises parser-specific errors
        raise InputError(
            f"Das Blatt ist beschädigt oder nicht lesbar ({type(error).__name__})",
            file=path.name,
            sheet=name,
        ) from error
    return Sheet(file=path.name, name=name, rows=rows)


def find_date(texts: list[Any]) -> tuple[int, int, int] | None:
    """The first dd.mm.yyyy found in ``texts`` as (year, month, day)."""
    for text in texts:
        if isinstance(text, str):
            match = _DATE.search(text)
            if match:
                day, month, year = (int(g) for g in match.groups())
                return year, month, day
    return None

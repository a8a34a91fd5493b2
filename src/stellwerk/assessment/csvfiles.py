# SPDX-License-Identifier: EUPL-1.2
"""CSV files of surveys: reading lists with a required header (semicolon or comma, UTF-8) and
writing cells that spreadsheet programs will not run as formulas."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from stellwerk.errors import InputError

__all__ = ["cell_text", "read_csv"]


def cell_text(value: object) -> str:
    """A CSV cell that spreadsheet programs will not run as a formula."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def read_csv(path: Path, required: list[str]) -> list[tuple[int, dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError("Datei ist nicht UTF-8-kodiert", file=path.name, expected="UTF-8") from error
    delimiter = ";" if text[:2048].count(";") >= text[:2048].count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError(
            f"Spalten fehlen: {', '.join(missing)}", file=path.name, row=1, expected=";".join(required)
        )
    rows = []
    for number, row in enumerate(reader, start=2):
        if None in row:
            raise InputError("mehr Werte als Spalten", file=path.name, row=number)
        rows.append((number, {k.strip().lower(): (v or "").strip() for k, v in row.items()}))
    return rows

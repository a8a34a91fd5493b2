# SPDX-License-Identifier: EUPL-1.2
"""Reading the comma-separated conversions of the GERDA package (Zensus 2022, INKAR)."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from stellwerk.errors import InputError
from stellwerk.sources.values import read_text

__all__ = ["read_rows", "UNITS"]

# Codebook unit → Stellwerk unit.
UNITS = {
    "percent": "%", "count": "Anzahl", "persons": "Personen", "euros": "EUR", "euros/m2": "EUR/m²",
    "years": "Jahre", "per 100": "je 100", "per 10k": "je 10.000 Einwohner", "per 1k": "je 1.000 Einwohner",
    "m2": "m²",
}


def read_rows(path: Path, name: str, required: list[str]) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and rows (with line numbers) of a comma-separated UTF-8 file; checks required columns."""
    text = read_text(path, encoding="utf-8", display=name)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in next(reader)]
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError(f"Spalte(n) {', '.join(missing)} fehlen", file=name, row=1,
                         expected="Kopfzeile mit " + ", ".join(required))
    rows = []
    for row in reader:
        if not row:
            continue
        if len(row) != len(header):
            raise InputError(f"Die Zeile hat {len(row)} statt {len(header)} Felder (Datei abgeschnitten?)",
                             file=name, row=reader.line_num, expected=f"{len(header)} durch Komma getrennte Felder")
        rows.append((reader.line_num, row))
    if not rows:
        raise InputError("Die Tabelle enthält keine Datenzeilen", file=name, row=2, expected="mindestens eine Datenzeile")
    return header, rows

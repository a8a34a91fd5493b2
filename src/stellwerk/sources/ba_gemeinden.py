# SPDX-License-Identifier: EUPL-1.2
"""Bundesagentur für Arbeit, "Arbeitslose nach Gemeinden – Jahreszahlen" (CSV export, cp1252).

Layout: title lines with the year, three header lines (Rechtskreis; insgesamt /
darunter Ausländer; age groups), a line of column numbers, then rows for
Deutschland, Länder (2 digits), Regierungsbezirke/Statistische Regionen (3),
Kreise (5) and Gemeinden (8-digit AGS; kreisfreie Städte appear only as
Gemeinde). Numbers use "," as thousands separator ("2,794,664 "); an empty
cell is suppressed by the BA for data protection and becomes flag ".".
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

from stellwerk.errors import InputError
from stellwerk.observations import breakdown as bd
from stellwerk.sources.records import ATTRIBUTION_BA, ParsedTable, file_sha256, make_cell
from stellwerk.sources.values import area_level, normalise_code, parse_cell, read_text
from stellwerk.sources.vocabulary import VARIABLES, age_key

__all__ = ["parse", "sniff", "VERSION"]

VERSION = "1.0"
KIND = "ba-gemeinden"
LICENCE = "Nutzung mit Quellenangabe gestattet (Statistik der Bundesagentur für Arbeit); eigene Berechnungen kenntlich machen"
_RECHTSKREISE = [("SGB III und SGB II", None), ("SGB III", "sgb3"), ("SGB II", "sgb2")]
_YEAR = re.compile(r"^(?:Jahresdurchschnitt|Jahreszahlen(?:/-durchschnitte)?)\s+(\d{4})")
_FIRST_VALUE = 2
_VALUES = 30


def sniff(head: str) -> bool:
    return "Arbeitslose nach Gemeinden" in head.split("\n", 1)[0] and "Rechtskreis" in head


def _letter(index: int) -> str:
    return chr(65 + index) if index < 26 else "A" + chr(65 + index - 26)


def parse(path: Path, *, display: str | None = None) -> ParsedTable:
    """Parse one yearly BA Gemeinde table."""
    name = display or path.name
    text = read_text(path, encoding="cp1252", display=name)
    reader = csv.reader(io.StringIO(text))
    rows: list[tuple[int, list[str]]] = []
    start = 1
    for row in reader:
        rows.append((start, row))
        start = reader.line_num + 1
    if len(rows) < 10 or not rows[0][1] or "Arbeitslose nach Gemeinden" not in ",".join(rows[0][1]):
        raise InputError("Unbekanntes Tabellenlayout", file=name, row=1,
                         expected="'Arbeitslose nach Gemeinden' in Zeile 1")
    year = None
    for _, row in rows[:6]:
        match = _YEAR.search(row[0] if row else "")
        if match:
            year = match.group(1)
    if year is None:
        raise InputError("Kein Berichtsjahr gefunden", file=name, row=4,
                         expected="'Jahresdurchschnitt JJJJ' in den Titelzeilen")
    columns = _columns(rows, name)
    table = ParsedTable(
        kind=KIND,
        source="Statistik der Bundesagentur für Arbeit",
        table_code="BA-Arbeitslose-Gemeinden-Jahreszahlen",
        title=f"Arbeitslose nach Gemeinden – Jahreszahlen {year}",
        licence=LICENCE,
        attribution=ATTRIBUTION_BA,
        reference_date=dt.date(int(year), 12, 31),
        file_name=name,
        file_sha256=file_sha256(path),
        importer_version=VERSION,
    )
    table.add_variable(VARIABLES["arbeitslose"])
    footer = False
    seen: dict[str, int] = {}
    append = table.cells.append
    for line, row in rows[8:]:
        first = row[0].strip() if row else ""
        if first.startswith("©"):
            footer = True
            break
        if not row or not any(c.strip() for c in row):
            continue
        area_name = row[1].strip() if len(row) > 1 else ""
        if not first and area_name == "Deutschland":
            code = "DG"
        elif first.isdigit():
            code = normalise_code(first)
        else:
            raise InputError(f"{first!r} ist kein Gebietsschlüssel", file=name, row=line, column="A",
                             expected="Ziffern (Land, Regierungsbezirk, Kreis oder Gemeinde)")
        if len(row) < _FIRST_VALUE + _VALUES:
            raise InputError(
                f"Die Zeile hat {len(row)} statt {_FIRST_VALUE + _VALUES} Felder (Datei abgeschnitten?)",
                file=name, row=line, expected=f"{_FIRST_VALUE + _VALUES} durch Komma getrennte Felder",
            )
        if code in seen:
            raise InputError(f"Doppelte Zeile für {code}, zuerst in Zeile {seen[code]}", file=name, row=line,
                             column="A", expected="jedes Gebiet nur einmal")
        seen[code] = line
        level = area_level(code)
        table.row_count += 1
        for j, key, letter in columns:
            text = row[j].strip()
            if text.isdigit() and text.isascii():  # the common case, parsed here for speed
                value, flag = float(text), None
            else:
                value, flag = parse_cell(text, file=name, line=line, column=letter, thousands=",", decimal=".",
                                         empty=".")
            append(make_cell((level, code, area_name, year, "arbeitslose", key, value, flag, line, letter)))
    if not footer:
        raise InputError("Die Datei endet ohne Fußzeile (abgeschnitten?)", file=name, row=rows[-1][0],
                         expected="'© Statistik der Bundesagentur für Arbeit' am Ende")
    return table


def _columns(rows: list[tuple[int, list[str]]], name: str) -> list[tuple[int, str, str]]:
    """Check the three header lines; (column index, breakdown key, letter) for the 30 value columns."""
    line_rk, rk_row = rows[4]
    line_group, group_row = rows[5]
    line_age, age_row = rows[6]
    result = []
    for block, (label, rechtskreis) in enumerate(_RECHTSKREISE):
        base = _FIRST_VALUE + 10 * block
        found = " ".join(rk_row[base].split()) if base < len(rk_row) else ""
        if found != f"Rechtskreise {label}" and found != f"Rechtskreis {label}":
            raise InputError(f"Unbekannte Spalte {found!r}", file=name, row=line_rk, column=_letter(base),
                             expected=f"Rechtskreis {label}")
        foreigners = base + 5
        if foreigners >= len(group_row) or group_row[foreigners].strip() != "darunter Ausländer":
            raise InputError("Unbekanntes Tabellenlayout", file=name, row=line_group, column=_letter(foreigners),
                             expected="'darunter Ausländer'")
        for offset in range(10):
            j = base + offset
            parts: dict[str, str] = {"rechtskreis": rechtskreis} if rechtskreis else {}
            if offset >= 5:
                parts["nationality"] = "auslaender"
            if offset % 5:
                age = age_key(age_row[j]) if j < len(age_row) else None
                if age is None:
                    raise InputError(f"Unbekannte Altersgruppe {age_row[j]!r}", file=name, row=line_age,
                                     column=_letter(j), expected="'15 bis unter 20 Jahre' o. ä.")
                parts["age"] = age
            result.append((j, bd.encode(parts), _letter(j)))
    return result

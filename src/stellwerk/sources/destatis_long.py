# SPDX-License-Identifier: EUPL-1.2
"""National GENESIS results reshaped to long format: ``,Jahr|STAG,<Merkmal>,Value`` (UTF-8, comma).

These files come from a third party that exported GENESIS tables 12511
(Einbürgerungen) and 12521 (Ausländer) for Germany as a whole. The first
column is a row index, the second the year or reference date, the third one
classifying variable and the fourth the count. ``Insgesamt`` is the total.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

from stellwerk.errors import InputError
from stellwerk.geo.models import Level
from stellwerk.observations import breakdown as bd
from stellwerk.sources.records import ATTRIBUTION_DESTATIS, LICENCE_DL_DE, Cell, ParsedTable, file_sha256
from stellwerk.sources.values import parse_cell, parse_period, read_text
from stellwerk.sources.vocabulary import VARIABLES

__all__ = ["parse", "sniff", "VERSION"]

VERSION = "1.0"
KIND = "destatis-long"
DIMENSIONS = {
    "Ländergruppierungen": "country_group",
    "Rechtsgrundlagen": "legal_basis",
    "Staatsangehörigkeit": "citizenship",
    "Ausgewählte Aufenthaltstitel": "residence_title",
}
_STATISTICS = {"12511": ("einbuergerungen", "Einbürgerungen"), "12521": ("auslaender", "Ausländerinnen und Ausländer")}


def sniff(head: str) -> bool:
    first = head.lstrip("\ufeff").split("\n", 1)[0].strip()
    parts = first.split(",")
    return len(parts) == 4 and parts[0] == "" and parts[1] in ("Jahr", "STAG") and parts[3] == "Value"


def parse(path: Path, *, display: str | None = None) -> ParsedTable:
    """Parse one long-format national table."""
    name = display or path.name
    match = re.search(r"(1\d{4})", name)
    if not match or match.group(1) not in _STATISTICS:
        raise InputError("Statistik nicht erkennbar: der Dateiname muss 12511 oder 12521 enthalten", file=name,
                         expected="z. B. destatis_12511_einbuergerungen_….csv")
    statistic = match.group(1)
    variable, title = _STATISTICS[statistic]
    text = read_text(path, encoding="utf-8", display=name)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader)
    if len(header) != 4 or header[1] not in ("Jahr", "STAG") or header[2] not in DIMENSIONS or header[3] != "Value":
        raise InputError("Unbekanntes Tabellenlayout", file=name, row=1,
                         expected=",Jahr|STAG,<" + "|".join(DIMENSIONS) + ">,Value")
    dimension = DIMENSIONS[header[2]]
    table = ParsedTable(
        kind=KIND, source="Statistisches Bundesamt, GENESIS (von Dritten ins Langformat gebracht)",
        table_code=f"{statistic}-{dimension}", title=f"{title} nach {header[2]}", licence=LICENCE_DL_DE,
        attribution=ATTRIBUTION_DESTATIS, reference_date=None, file_name=name, file_sha256=file_sha256(path),
        importer_version=VERSION, meta={"dimension": dimension},
    )
    table.add_variable(VARIABLES[variable])
    seen: dict[tuple, int] = {}
    for row in reader:
        line = reader.line_num
        if not row:
            continue
        if len(row) != 4:
            raise InputError(f"Die Zeile hat {len(row)} statt 4 Felder (Datei abgeschnitten?)", file=name, row=line,
                             expected="Index, Zeit, Merkmal, Wert")
        period = parse_period(row[1])
        if period is None:
            raise InputError(f"{row[1]!r} ist keine Zeitangabe", file=name, row=line, column="B",
                             expected="JJJJ oder JJJJ-MM-TT")
        category = row[2].strip()
        if category.startswith(("=", "+", "@")):
            raise InputError(f"Der Wert {category[:40]!r} sieht wie eine Tabellenformel aus", file=name, row=line,
                             column="C", expected="eine Merkmalsausprägung")
        key = "" if category == "Insgesamt" else bd.encode({dimension: category.replace("|", "/").replace("=", "-")})
        parsed = parse_cell(row[3], file=name, line=line, column="D", decimal=".")
        if parsed is None:
            parsed = (None, ".")
        ident = (period[0], key)
        if ident in seen:
            raise InputError(f"Doppelte Zeile, zuerst in Zeile {seen[ident]}", file=name, row=line,
                             expected="jede Kombination von Zeit und Merkmal nur einmal")
        seen[ident] = line
        table.cells.append(Cell(Level.BUND, "DG", "Deutschland", period[0], variable, key, parsed[0], parsed[1], line, "D"))
        table.row_count += 1
    if not table.cells:
        raise InputError("Die Tabelle enthält keine Datenzeilen", file=name, row=2, expected="mindestens eine Datenzeile")
    dates = [parse_period(p) for p in table.periods]
    table.reference_date = max((d[2] or dt.date(d[1], 12, 31) for d in dates if d), default=None)
    return table

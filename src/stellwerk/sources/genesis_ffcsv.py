# SPDX-License-Identifier: EUPL-1.2
"""GENESIS-Online flat-file CSV ("ffcsv"): one row per value, UTF-8, ``;``.

Columns as documented by Destatis: ``statistics_code; statistics_label;
time_code; time_label; time``, then for each classifying variable n
``n_variable_code; n_variable_label; n_variable_attribute_code;
n_variable_attribute_label``, then ``value; value_unit; value_variable_code;
value_variable_label`` and, when downloaded with quality marks, ``value_q``.
The value is written with a decimal comma (German) or point (English); a
cell may hold an official symbol instead of a number.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

from stellwerk.errors import InputError
from stellwerk.observations import breakdown as bd
from stellwerk.sources.genesis_codes import AREA_DIMENSIONS, area_for, breakdown_part, variable_for
from stellwerk.sources.records import ATTRIBUTION_DESTATIS, LICENCE_DL_DE, Cell, ParsedTable, file_sha256
from stellwerk.sources.values import parse_cell, parse_period, read_text

__all__ = ["parse", "sniff", "VERSION", "HEAD", "TAIL"]

VERSION = "1.0"
KIND = "genesis-ffcsv"
HEAD = ["statistics_code", "statistics_label", "time_code", "time_label", "time"]
TAIL = ["value", "value_unit", "value_variable_code", "value_variable_label"]
_VAR = re.compile(r"^(\d+)_variable_(code|label|attribute_code|attribute_label)$")


def sniff(head: str) -> bool:
    return head.lstrip("\ufeff").startswith("statistics_code;")


def _letter(index: int) -> str:
    return chr(65 + index) if index < 26 else chr(64 + index // 26) + chr(65 + index % 26)


def parse(path: Path, *, display: str | None = None) -> ParsedTable:
    """Parse a GENESIS flat-file CSV."""
    name = display or path.name
    text = read_text(path, encoding="utf-8", display=name)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
    header = [h.strip() for h in next(reader)]
    if header[:5] != HEAD or "value" not in header:
        raise InputError("Unbekanntes Tabellenlayout", file=name, row=1,
                         expected="Kopfzeile " + ";".join(HEAD) + ";…;value;value_unit;…")
    col = {h: i for i, h in enumerate(header)}
    groups = sorted({int(m.group(1)) for h in header if (m := _VAR.match(h))})
    for n in groups:
        for part in ("code", "attribute_code"):
            if f"{n}_variable_{part}" not in col:
                raise InputError(f"Spalte {n}_variable_{part} fehlt", file=name, row=1,
                                 expected="je Merkmal code, label, attribute_code, attribute_label")
    quality = col.get("value_q")
    table = None
    seen: dict[tuple, int] = {}
    decimal = ","
    for row in reader:
        line = reader.line_num
        if not row or not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            raise InputError(f"Die Zeile hat {len(row)} statt {len(header)} Felder (Datei abgeschnitten?)",
                             file=name, row=line, expected=f"{len(header)} durch ';' getrennte Felder")
        statistic = row[col["statistics_code"]].strip()
        if table is None:
            table = ParsedTable(
                kind=KIND, source="GENESIS-Online (Statistisches Bundesamt)",
                table_code=statistic, title=row[col["statistics_label"]].strip() or statistic,
                licence=LICENCE_DL_DE, attribution=ATTRIBUTION_DESTATIS, reference_date=None,
                file_name=name, file_sha256=file_sha256(path), importer_version=VERSION,
            )
            match = re.search(r"\d{5}-\d{4}", name)
            if match:
                table.table_code = match.group()
        period = parse_period(row[col["time"]])
        if period is None:
            raise InputError(f"{row[col['time']]!r} ist keine Zeitangabe", file=name, row=line,
                             column=_letter(col["time"]), expected="JJJJ, TT.MM.JJJJ oder JJJJ-MM-TT")
        area = None
        parts: dict[str, str] = {}
        for n in groups:
            dim = row[col[f"{n}_variable_code"]].strip()
            cat = row[col[f"{n}_variable_attribute_code"]].strip()
            if dim in AREA_DIMENSIONS:
                area = area_for(dim, cat)
                area_name = row[col.get(f"{n}_variable_attribute_label", col[f"{n}_variable_attribute_code"])].strip()
            elif dim and (part := breakdown_part(dim, cat)):
                parts[part[0]] = part[1]
        if area is None:
            area, area_name = ("bund", "DG"), "Deutschland"
        spec = variable_for(statistic, row[col["value_variable_code"]].strip(),
                            row[col["value_variable_label"]].strip(), row[col["value_unit"]].strip())
        variable = table.add_variable(spec)
        raw = row[col["value"]]
        if "." in raw and "," not in raw and raw.strip() not in (".", "...") and re.search(r"\d\.\d", raw):
            decimal = "."  # English download
        letter = _letter(col["value"])
        parsed = parse_cell(raw, file=name, line=line, column=letter, decimal=decimal, empty=".")
        value, flag = parsed
        if quality is not None:
            mark = row[quality].strip()
            if mark and mark != "e":
                flag = mark
        key = bd.encode(parts)
        ident = (area[1], period[0], variable, key)
        if ident in seen:
            raise InputError(f"Doppelte Zeile, zuerst in Zeile {seen[ident]}", file=name, row=line,
                             expected="jede Kombination von Zeit und Merkmalen nur einmal")
        seen[ident] = line
        table.cells.append(Cell(area[0], area[1], area_name, period[0], variable, key, value, flag, line, letter))
        table.row_count += 1
    if table is None:
        raise InputError("Die Tabelle enthält keine Datenzeilen", file=name, row=2, expected="mindestens eine Datenzeile")
    dates = [parse_period(p) for p in table.periods]
    table.reference_date = max((d[2] or dt.date(d[1], 12, 31) for d in dates if d), default=None)
    return table


def write_from_table(table: ParsedTable, out: Path, dimensions: list[str], *, statistic_label: str = "") -> None:
    """Write cells of a parsed JSON-stat table as ffcsv (used to make test files)."""
    groups = len(dimensions) + 1
    header = list(HEAD)
    for n in range(1, groups + 1):
        header += [f"{n}_variable_code", f"{n}_variable_label", f"{n}_variable_attribute_code",
                   f"{n}_variable_attribute_label"]
    header += TAIL
    with open(out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\n")
        writer.writerow(header)
        statistic = table.table_code.split("-")[0]
        for cell in table.cells:
            parts = bd.decode(cell.breakdown)
            row = [statistic, statistic_label, "JAHR" if len(cell.period) == 4 else "STAG", "Jahr", cell.period,
                   "DINSG", "Deutschland", "DG", "Deutschland"]
            for dim in dimensions:
                key = "sex" if dim == "GES" else dim.lower()
                value = parts.get(key, "")
                if dim == "GES" and value:
                    value = {"m": "GESM", "w": "GESW"}[value]
                row += [dim, dim, value, value]
            number = "" if cell.value is None else f"{cell.value:.0f}"
            row += [cell.flag if cell.flag in (".", "x", "/", "...", "-") else number, "Anzahl", "BEV008",
                    table.variables[cell.variable].label]
            writer.writerow(row)

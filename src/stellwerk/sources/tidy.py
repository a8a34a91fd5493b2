# SPDX-License-Identifier: EUPL-1.2
"""A municipality's own figures in tidy form (CSV or XLSX), read through a mapping file.

One row per value: area code, period, variable (a column or one for the whole
file), optional breakdown columns, value and optional flag. The mapping
(:mod:`stellwerk.sources.tidy_mapping`) names the columns and the dataset's
provenance. Everything is checked before anything is written: unknown area
codes (the import names the closest known ones; no area is ever created from
such a file), periods, numbers, flags, duplicated rows, formula-looking text
and the encoding. The dataset's fingerprint is the file's sha256 plus the
mapping's, so a changed mapping re-imports the same file.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from stellwerk.errors import InputError
from stellwerk.observations.breakdown import encode
from stellwerk.observations.flags import FLAGS
from stellwerk.sources.areas import SMALL_AREA
from stellwerk.sources.records import Cell, ParsedTable, VariableSpec, file_sha256
from stellwerk.sources.tidy_mapping import CODE, Mapping, load_mapping
from stellwerk.sources.values import area_level, normalise_code, parse_cell, parse_period, read_text
from stellwerk.sources.vocabulary import VARIABLES

__all__ = ["parse", "sniff", "VERSION"]

VERSION = "1.0"
KIND = "tidy"
_FORMULA_START = ("=", "+", "@", "\t", "\r")
_HALF_YEAR = re.compile(r"^(\d{4})-H([12])$")
_TOTAL = {"", "insgesamt", "Insgesamt", "total", "gesamt", "Gesamt"}
# Flags that stand for a missing number (the value cell must be empty).
_NO_NUMBER = {".", "x", "/", "...", "s"}


def sniff(head: str) -> bool:
    """Never recognised by ``auto``: a tidy file needs its mapping (``stellwerk import tidy --mapping``)."""
    return False


def parse(path: Path, *, mapping: Path | Mapping | None = None, display: str | None = None) -> ParsedTable:
    """Parse a tidy CSV/XLSX file with its mapping."""
    name = display or path.name
    if mapping is None:
        raise InputError("Für eigene Tabellen fehlt die Zuordnungsdatei", file=name,
                         expected="stellwerk import tidy DATEI --mapping ZUORDNUNG.yaml")
    spec = mapping if isinstance(mapping, Mapping) else load_mapping(Path(mapping))
    meta = spec.dataset
    table = ParsedTable(
        kind=KIND, source=meta.source, table_code=meta.table_code, title=meta.title, licence=meta.licence,
        attribution=meta.attribution, reference_date=meta.reference_date, file_name=name,
        file_sha256=file_sha256(path), importer_version=VERSION, strict_areas=True,
    )
    header, rows, sheet = _read(path, name, spec)
    where = {"file": name, "sheet": sheet}
    columns = _columns(header, spec, where)
    letters = {role: f"{_letter(index)} ({header[index]})" for role, index in columns.items()}
    seen: dict[tuple[str, str, str, str, str], int] = {}
    dates: list[dt.date] = []
    for line, row in rows:
        def text(role: str) -> str:
            value = _text(row[columns[role]] if columns[role] < len(row) else None)
            if value.startswith(_FORMULA_START):
                raise InputError(f"Der Text {value[:40]!r} sieht wie eine Tabellenformel aus und wird nicht "
                                 "übernommen", **where, row=line, column=letters[role],
                                 expected="Text oder eine Zahl ohne führendes =, +, @")
            return value

        level, code = _area(text("area"), spec, where, line, letters["area"])
        period, date = _period(row[columns["period"]] if columns["period"] < len(row) else None, where, line,
                               letters["period"])
        variable = _variable(text("variable") if "variable" in columns else spec.variable or "", spec, table,
                             where, line, letters.get("variable"))
        parts = {}
        for column, dimension in spec.columns.breakdown.items():
            raw = text(f"breakdown:{column}")
            value = spec.recode.get(dimension, {}).get(raw, raw)
            if any(ch in value for ch in "|="):
                raise InputError(f"{value!r} enthält | oder =", **where, row=line,
                                 column=letters[f"breakdown:{column}"], expected="einen Wert ohne | und =")
            parts[dimension] = "" if value in _TOTAL else value
        breakdown = encode(parts)
        value, flag = _value(row, columns, spec, where, line, letters, text)
        key = (level, code, period, variable, breakdown)
        if key in seen:
            raise InputError(f"Doppelte Zeile: {code}, {period}, {variable}"
                             + (f", {breakdown}" if breakdown else "") + f" steht schon in Zeile {seen[key]}",
                             **where, row=line, column=letters["area"], expected="jeden Wert nur einmal")
        seen[key] = line
        area_name = text("area_name") if "area_name" in columns else ""
        table.cells.append(Cell(level, code, area_name, period, variable, breakdown, value, flag, line,
                                letters["value"]))
        table.row_count += 1
        if date is not None:
            dates.append(date)
    if not table.cells:
        raise InputError("Die Tabelle enthält keine Datenzeilen", **where, row=spec.file.header_row + 1,
                         expected="mindestens eine Zeile unter der Kopfzeile")
    if table.reference_date is None:
        table.reference_date = max(dates)
    table.meta.update(mapping=spec.name, mapping_sha256=spec.sha256, sheet=sheet, area_column=letters["area"],
                      columns=spec.columns.model_dump(exclude_none=True))
    return table


def _read(path: Path, name: str, spec: Mapping) -> tuple[list[str], Iterator[tuple[int, list[Any]]], str | None]:
    """Header and rows (line, cells) of a CSV or XLSX file; the sheet name for workbooks."""
    with open(path, "rb") as handle:
        is_zip = handle.read(4) == b"PK\x03\x04"
    if is_zip or path.suffix.lower() == ".xlsx":
        return _read_xlsx(path, name, spec)
    if path.suffix.lower() == ".xls":
        raise InputError("Alte Excel-Dateien (.xls) werden nicht gelesen", file=name,
                         expected="die Tabelle als .xlsx oder .csv speichern")
    text = read_text(path, encoding=spec.file.encoding, display=name)
    lines = text.lstrip("\ufeff").splitlines()
    skip = spec.file.header_row - 1
    if len(lines) <= skip:
        raise InputError(f"Die Datei hat keine Kopfzeile {spec.file.header_row}", file=name, row=len(lines),
                         expected=f"die Spaltenköpfe in Zeile {spec.file.header_row} (file.header_row)")
    delimiter = spec.file.delimiter or max((";", ",", "\t"), key=lines[skip].count)
    reader = csv.reader(io.StringIO("\n".join(lines[skip:])), delimiter=delimiter)
    header = [h.strip() for h in next(reader)]

    def rows() -> Iterator[tuple[int, list[Any]]]:
        for row in reader:
            line = reader.line_num + skip
            if not any(field.strip() for field in row):
                continue
            if len(row) != len(header):
                raise InputError(f"Die Zeile hat {len(row)} statt {len(header)} Felder (Trennzeichen "
                                 f"{delimiter!r}; Datei abgeschnitten?)", file=name, row=line,
                                 expected=f"{len(header)} Felder wie in der Kopfzeile")
            yield line, row

    return header, rows(), None


def _read_xlsx(path: Path, name: str, spec: Mapping) -> tuple[list[str], Iterator[tuple[int, list[Any]]], str]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise InputError(f"Die Arbeitsmappe lässt sich nicht öffnen ({type(error).__name__})", file=name,
                         expected="eine unbeschädigte .xlsx-Datei") from None
    if spec.file.sheet is not None and spec.file.sheet not in workbook.sheetnames:
        raise InputError(f"Blatt {spec.file.sheet!r} fehlt", file=name, sheet=spec.file.sheet,
                         expected="eines der Blätter " + ", ".join(workbook.sheetnames))
    sheet = workbook[spec.file.sheet] if spec.file.sheet else workbook.worksheets[0]
    iterator = sheet.iter_rows(min_row=spec.file.header_row, values_only=True)
    try:
        header = [_text(v) for v in next(iterator)]
    except StopIteration:
        raise InputError("Das Blatt ist leer", file=name, sheet=sheet.title, row=spec.file.header_row,
                         expected="Spaltenköpfe und Datenzeilen") from None
    while header and not header[-1]:
        header.pop()

    def rows() -> Iterator[tuple[int, list[Any]]]:
        for offset, row in enumerate(iterator, start=1):
            if all(v is None or _text(v) == "" for v in row):
                continue
            yield spec.file.header_row + offset, list(row)

    return header, rows(), sheet.title


def _columns(header: list[str], spec: Mapping, where: dict) -> dict[str, int]:
    """Index of each role's column; every column the mapping names must be in the header."""
    wanted = {"area": spec.columns.area, "period": spec.columns.period, "value": spec.columns.value}
    for role in ("area_name", "variable", "flag"):
        if getattr(spec.columns, role):
            wanted[role] = getattr(spec.columns, role)
    for column in spec.columns.breakdown:
        wanted[f"breakdown:{column}"] = column
    found = {}
    for role, column in wanted.items():
        if column not in header:
            raise InputError(f"Spalte {column!r} (columns.{role.split(':')[0]}) fehlt in der Kopfzeile",
                             **where, row=spec.file.header_row,
                             expected="eine der Spalten " + ", ".join(repr(h) for h in header if h))
        if header.count(column) > 1:
            raise InputError(f"Spalte {column!r} kommt mehrfach vor", **where, row=spec.file.header_row,
                             expected="eindeutige Spaltenköpfe")
        found[role] = header.index(column)
    return found


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _area(raw: str, spec: Mapping, where: dict, line: int, column: str) -> tuple[str, str]:
    if not raw:
        raise InputError("Gebietsschlüssel fehlt", **where, row=line, column=column, expected="ein Gebietsschlüssel")
    if spec.areas.prefix is not None:
        return SMALL_AREA, spec.areas.prefix + raw
    code = normalise_code(raw)
    level = area_level(code)
    if level == "unbekannt" or not (code == "DG" or code.isdigit()):
        raise InputError(f"{raw!r} ist kein amtlicher Gebietsschlüssel", **where, row=line, column=column,
                         expected="DG, 2 Stellen (Land), 3 (Regierungsbezirk), 5 (Kreis), 8 (AGS) oder 12 (ARS); "
                         "örtliche Nummern mit areas.prefix")
    return level, code


def _period(raw: Any, where: dict, line: int, column: str) -> tuple[str, dt.date | None]:
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if isinstance(raw, dt.date):
        return raw.isoformat(), raw
    text = _text(raw)
    if match := _HALF_YEAR.match(text):
        year = int(match.group(1))
        return text, dt.date(year, 6, 30) if match.group(2) == "1" else dt.date(year, 12, 31)
    parsed = parse_period(text)
    if parsed is None:
        raise InputError(f"{text!r} ist kein Zeitpunkt", **where, row=line, column=column,
                         expected="JJJJ, TT.MM.JJJJ, JJJJ-MM-TT oder JJJJ-H1/JJJJ-H2")
    period, year, date = parsed
    return period, date or dt.date(year, 12, 31)


def _variable(raw: str, spec: Mapping, table: ParsedTable, where: dict, line: int, column: str | None) -> str:
    code = spec.recode.get("variable", {}).get(raw, raw)
    if code in table.variables:
        return code
    if not CODE.match(code):
        raise InputError(f"{code!r} ist kein Variablencode", **where, row=line, column=column,
                         expected="Kleinbuchstaben, Ziffern und _ (oder recode.variable in der Zuordnung)")
    if code in spec.variables:
        definition = spec.variables[code]
        shared = VARIABLES.get(code)
        if shared is not None and shared.unit != definition.unit:
            raise InputError(f"Variable {code} hat in Stellwerk die Einheit {shared.unit!r}, die Zuordnung sagt "
                             f"{definition.unit!r}", file=spec.name, column=f"variables.{code}.unit",
                             expected=shared.unit)
        return table.add_variable(VariableSpec(code, definition.label, definition.unit, definition.definition))
    if code in VARIABLES:
        return table.add_variable(VARIABLES[code])
    raise InputError(f"Variable {code!r} ist weder in der Zuordnung beschrieben noch in Stellwerk bekannt",
                     **where, row=line, column=column,
                     expected=f"einen Eintrag variables.{code} (label, unit, definition) in {spec.name}")


def _value(row: list[Any], columns: dict[str, int], spec: Mapping, where: dict, line: int,
           letters: dict[str, str], text: Any) -> tuple[float | None, str | None]:
    raw = row[columns["value"]] if columns["value"] < len(row) else None
    column = letters["value"]
    if isinstance(raw, bool):
        raise InputError(f"{raw!r} ist keine Zahl", **where, row=line, column=column, expected="eine Zahl")
    if isinstance(raw, (int, float)):
        parsed: tuple[float | None, str | None] | None = (float(raw), None)
    else:
        try:
            parsed = parse_cell(_text(raw), file=where["file"], line=line, column=column,
                                thousands=spec.file.thousands, decimal=spec.file.decimal)
        except InputError as error:
            error.sheet = where["sheet"]
            raise
    flag = text("flag") if "flag" in columns else ""
    if flag:
        if flag not in FLAGS:
            raise InputError(f"Unbekanntes Zeichen {flag!r}", **where, row=line, column=letters["flag"],
                             expected="eines der Zeichen " + " ".join(FLAGS))
        if parsed is not None and parsed[1] is not None and parsed[1] != flag:
            raise InputError(f"Wert {_text(raw)!r} und Zeichen {flag!r} widersprechen sich", **where, row=line,
                             column=letters["flag"], expected="das Zeichen nur in einer der beiden Spalten")
        number = parsed[0] if parsed is not None else None
        if flag in _NO_NUMBER and number is not None:
            raise InputError(f"Zum Zeichen {flag!r} gehört kein Zahlenwert ({_text(raw)!r})", **where, row=line,
                             column=column, expected="eine leere Wertzelle")
        if flag == "-" and number is None:
            number = 0.0
        if flag not in _NO_NUMBER | {"-"} and number is None:
            raise InputError(f"Zum Zeichen {flag!r} fehlt der Zahlenwert", **where, row=line, column=column,
                             expected="eine Zahl")
        return number, flag
    if parsed is None:
        raise InputError("Wert fehlt", **where, row=line, column=column,
                         expected="eine Zahl oder ein amtliches Zeichen (-, ., x, /, ...)"
                         + (" bzw. ein Zeichen in der Spalte für Zeichen" if "flag" in columns else ""))
    return parsed


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)

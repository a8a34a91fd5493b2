# SPDX-License-Identifier: EUPL-1.2
"""Hamburg: Stadtteilprofile of the Statistikamt Nord (xlsx as published).

One sheet: title in A1 (``Statistische Daten zu den Stadtteilen Hamburgs,
© Statistikamt Nord``), group headings in row 2 (``Bevölkerung und Haushalte
31.12.2013`` …), column headings in row 3, definitions in row 4, then one row
per Stadtteil, the 7 Bezirke and the city. The file has no area codes: rows are
matched by name to the Stadtteil numbers of :mod:`stellwerk.sources.hamburg_areas`
(Stadtteile first, then Bezirke from ``Hamburg-Mitte`` on, ``Hamburg`` last).

Symbols: a text ``.`` is kept as flag ``.`` (value NULL); a 0 whose number
format shows ``-`` for zero is flag ``-`` (value 0), a 0 shown as ``0`` stays a
plain 0. An empty data cell is not stored and counted in the dataset metadata.
The third-party UTF-8 export of the same table (``…_utf8.csv``) is refused:
the xlsx is the source.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
import zipfile
from pathlib import Path
from typing import Any

from stellwerk.errors import InputError
from stellwerk.geo.models import Level
from stellwerk.observations.breakdown import encode
from stellwerk.sources import hamburg_areas as areas
from stellwerk.sources.hamburg_columns import COLUMNS, MIGRAPRO, Column
from stellwerk.sources.records import AreaSpec, Cell, ParsedTable, file_sha256
from stellwerk.sources.values import parse_cell

__all__ = ["parse", "sniff", "sniff_workbook", "refuse", "VERSION", "TITLE"]

VERSION = "1.0"
KIND = "hamburg"
TITLE = "Statistische Daten zu den Stadtteilen Hamburgs"
LICENCE = ("© Statistikamt Nord: Vervielfältigung und Verbreitung mit Quellenangabe gestattet "
           "(das Transparenzportal Hamburg nennt dl-de/by-2-0)")
ATTRIBUTION = "© Statistisches Amt für Hamburg und Schleswig-Holstein (Statistikamt Nord), Hamburger Stadtteilprofile"
FIRST_DATA_ROW = 5
_GROUP_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_GROUP_YEAR = re.compile(r"\b(\d{4})\b")
_BRACKET = re.compile(r"\s*\(([^()]*)\)\s*$")
_MONTHS = {"Jan": 1, "Feb": 2, "März": 3, "Mrz": 3, "Apr": 4, "Mai": 5, "Jun": 6, "Juni": 6, "Jul": 7, "Juli": 7,
           "Aug": 8, "Sep": 9, "Sept": 9, "Okt": 10, "Nov": 11, "Dez": 12}
# Headings of the third-party CSV export: first field "Stadtgebiet", then these columns.
_EXPORT_HEAD = "Stadtgebiet;Bevölkerung;Unter 18-Jährige;"


def sniff(head: str) -> bool:
    """Text formats: none (the adapter reads the workbook; see :func:`sniff_workbook`)."""
    return False


def sniff_workbook(path: Path) -> bool:
    """Whether an xlsx file is a Stadtteilprofile workbook (reads only its string table)."""
    try:
        with zipfile.ZipFile(path) as archive:
            with archive.open("xl/sharedStrings.xml") as handle:
                return TITLE.encode() in handle.read(1 << 16)
    except (zipfile.BadZipFile, KeyError, OSError):
        return False


def refuse(head: str, name: str) -> None:
    """Refuse the third-party CSV export of the Stadtteilprofile with a pointer to the xlsx."""
    if head.lstrip("\ufeff").startswith(_EXPORT_HEAD):
        raise InputError(
            "Das ist eine Umwandlung der Hamburger Stadtteilprofile durch Dritte (CSV ohne Gruppenköpfe "
            "und Zahlenformate), keine Veröffentlichung des Statistikamts Nord", file=name, row=1,
            expected="die xlsx-Datei des Statistikamts Nord (stellwerk import hamburg DATEI.xlsx)",
        )


def _open(path: Path, name: str) -> Any:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        return load_workbook(path, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise InputError(f"Die Arbeitsmappe lässt sich nicht öffnen ({type(error).__name__}: {error})", file=name,
                         expected="eine unveränderte xlsx-Datei der Stadtteilprofile (nicht abgeschnitten)") from None


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def parse(path: Path, *, display: str | None = None) -> ParsedTable:
    """Parse the Stadtteilprofile workbook."""
    name = display or path.name
    workbook = _open(path, name)
    sheet = next((ws for ws in workbook.worksheets if _text(ws.cell(1, 1).value).startswith(TITLE)), None)
    if sheet is None:
        raise InputError("Kein Blatt mit den Hamburger Stadtteilprofilen gefunden", file=name,
                         sheet=workbook.worksheets[0].title, row=1, column="A",
                         expected=f"in A1 „{TITLE}, © Statistikamt Nord“")
    where = {"file": name, "sheet": sheet.title}
    reference_date, columns = _columns(sheet, where)
    table = ParsedTable(
        kind=KIND, source="Statistikamt Nord, Hamburger Stadtteilprofile", table_code="Hamburg-Stadtteilprofile",
        title="Hamburg: Stadtteilprofile (Stadtteile, Bezirke, Stadt)", licence=LICENCE, attribution=ATTRIBUTION,
        reference_date=reference_date, file_name=name, file_sha256=file_sha256(path), importer_version=VERSION,
    )
    for _, column, _, _ in columns:
        table.add_variable(column.variable)
    rows = _rows(sheet, where)
    empty = 0
    for line, level, code, area_name in rows:
        table.row_count += 1
        for index, column, period, letter in columns:
            cell = sheet.cell(line, index)
            parsed = _value(cell, column, {**where, "row": line, "column": letter})
            if parsed is None:
                empty += 1
                continue
            table.cells.append(Cell(level, code, area_name, period, column.variable.code, encode(column.breakdown),
                                    parsed[0], parsed[1], line, letter))
    table.areas = _area_specs(rows)
    table.meta.update(
        sheet=sheet.title, stadtteil_rows=sum(1 for r in rows if r[1] == Level.STADTTEIL),
        bezirke=sum(1 for r in rows if r[1] == Level.STADTBEZIRK), empty_cells=empty,
        hinweis=MIGRAPRO.strip(),
    )
    return table


def _columns(sheet: Any, where: dict) -> tuple[dt.date, list[tuple[int, Column, str, str]]]:
    """Match the headings of row 3 to :data:`COLUMNS`; returns the reference date and (index, column, period, letter)."""
    from openpyxl.utils import get_column_letter

    groups: dict[int, str] = {}
    current = ""
    for index in range(2, sheet.max_column + 1):
        current = _text(sheet.cell(2, index).value) or current
        groups[index] = current
    first_group = _GROUP_DATE.search(groups.get(2, ""))
    if first_group is None:
        raise InputError(f"Kein Stichtag in der Gruppenüberschrift {groups.get(2, '')!r}", **where, row=2, column="B",
                         expected="z. B. „Bevölkerung und Haushalte 31.12.2013“")
    day, month, year = (int(g) for g in first_group.groups())
    reference_date = dt.date(year, month, day)
    result = []
    previous = reference_date.isoformat()
    for position, column in enumerate(COLUMNS):
        index = position + 2
        letter = get_column_letter(index)
        heading = _text(sheet.cell(3, index).value)
        bracket = _BRACKET.search(heading)
        base = heading[: bracket.start()] if bracket else heading
        if base != column.heading:
            raise InputError(f"Unbekannte Spaltenüberschrift {heading!r}", **where, row=3, column=letter,
                             expected=f"„{column.heading}“ (Spalte {letter} der Stadtteilprofile)")
        if bracket:
            period = _period(bracket.group(1), column.kind)
            if period is None:
                raise InputError(f"Zeitangabe {bracket.group(1)!r} nicht erkannt", **where, row=3, column=letter,
                                 expected="z. B. (Dez 2013), (Jan 2014), (2010) oder (2013/2014)")
        elif _GROUP_DATE.search(groups[index]):
            match = _GROUP_DATE.search(groups[index])
            date = dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
            period = date.isoformat() if column.kind == "bestand" else str(date.year)
        elif column.kind == "zeitraum" and _GROUP_YEAR.search(groups[index]):
            period = _GROUP_YEAR.search(groups[index]).group(1)
        else:
            period = previous
        previous = period
        result.append((index, column, period, letter))
    extra = _text(sheet.cell(3, len(COLUMNS) + 2).value)
    if extra:
        raise InputError(f"Unbekannte zusätzliche Spalte {extra!r}", **where, row=3,
                         column=get_column_letter(len(COLUMNS) + 2),
                         expected=f"{len(COLUMNS)} Merkmalsspalten (B bis {result[-1][3]})")
    return reference_date, result


def _period(text: str, kind: str) -> str | None:
    """``Dez 2013`` → ``2013-12-31``, ``Jan 2014`` → ``2014-01-01`` (stock at the start of the year),
    ``2013`` → ``2013-12-31`` (stock) or ``2013`` (flow), ``2013/2014`` → ``2013`` (school year)."""
    text = text.strip()
    if match := re.fullmatch(r"(\d{4})/(\d{4})", text):
        return match.group(1)
    if re.fullmatch(r"\d{4}", text):
        return f"{text}-12-31" if kind == "bestand" else text
    match = re.fullmatch(r"([A-Za-zä]+)\.?\s+(\d{4})", text)
    if match is None or match.group(1) not in _MONTHS:
        return None
    month, year = _MONTHS[match.group(1)], int(match.group(2))
    if month == 1:
        return dt.date(year, 1, 1).isoformat()
    end = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return end.isoformat()


def _rows(sheet: Any, where: dict) -> list[tuple[int, str, str, str]]:
    """(line, level, code, name) of every data row: Stadtteile, then Bezirke, then the city."""
    by_name = {name: number for number, name in areas.STADTTEILE.items()}
    bezirk_numbers = {name: number for number, name in areas.BEZIRKE.items()}
    rows: list[tuple[int, str, str, str]] = []
    seen: dict[tuple[str, str], int] = {}
    in_bezirke = False
    city_line = None
    line = FIRST_DATA_ROW - 1
    for line in range(FIRST_DATA_ROW, sheet.max_row + 1):
        raw = sheet.cell(line, 1).value
        area_name = _text(raw)
        if not area_name:
            if any(sheet.cell(line, c).value not in (None, "") for c in range(2, len(COLUMNS) + 2)):
                raise InputError("Zeile mit Werten, aber ohne Gebietsnamen", **where, row=line, column="A",
                                 expected="den Namen eines Stadtteils, Bezirks oder „Hamburg“")
            break
        if area_name.startswith(("=", "+", "@")):
            raise InputError(f"Der Name {area_name[:40]!r} sieht wie eine Tabellenformel aus", **where, row=line,
                             column="A", expected="den Namen eines Stadtteils, Bezirks oder „Hamburg“")
        if area_name == areas.BEZIRKE[1]:
            in_bezirke = True
        # Four Bezirke share their name with a Stadtteil: duplicates count within a level.
        key = ("bezirk" if in_bezirke else "stadtteil", area_name)
        if key in seen:
            raise InputError(f"Doppelte Zeile für {area_name}, zuerst in Zeile {seen[key]}", **where, row=line,
                             column="A", expected="jedes Gebiet nur einmal")
        seen[key] = line
        if area_name == areas.CITY_NAME:
            city_line = line
            rows.append((line, Level.GEMEINDE, areas.CITY_AGS, area_name))
            break
        if in_bezirke:
            if area_name not in bezirk_numbers:
                raise InputError(f"{area_name!r} ist kein Hamburger Bezirk", **where, row=line, column="A",
                                 expected="nach den Stadtteilen die Bezirke " + ", ".join(areas.BEZIRKE.values())
                                 + " und zuletzt „Hamburg“")
            rows.append((line, Level.STADTBEZIRK, areas.bezirk_code(bezirk_numbers[area_name]), area_name))
            continue
        numbers = _stadtteil_numbers(area_name, by_name)
        if numbers is None:
            near = difflib.get_close_matches(area_name, list(by_name), n=3, cutoff=0.6)
            raise InputError(f"Unbekannter Stadtteil {area_name!r}", **where, row=line, column="A",
                             expected="ein Hamburger Stadtteil"
                             + (f"; ähnliche Namen: {', '.join(near)}" if near else ""))
        rows.append((line, Level.STADTTEIL, areas.stadtteil_code(numbers), area_name))
    if city_line is None:
        raise InputError("Die Zeile für die Stadt („Hamburg“) fehlt (Datei abgeschnitten?)", **where, row=line,
                         column="A", expected="nach den Bezirken eine Zeile „Hamburg“")
    found = [r[3] for r in rows if r[1] == Level.STADTBEZIRK]
    if found != list(areas.BEZIRKE.values()):
        missing = [b for b in areas.BEZIRKE.values() if b not in found]
        raise InputError("Die Bezirkszeilen sind unvollständig oder nicht in der amtlichen Reihenfolge"
                         + (f" (es fehlt {', '.join(missing)})" if missing else ""), **where, row=city_line,
                         column="A", expected=", ".join(areas.BEZIRKE.values()))
    return rows


def _stadtteil_numbers(name: str, by_name: dict[str, int]) -> list[int] | None:
    """``Neuland und Gut Moor`` → [702, 703]; None for an unknown name."""
    if name in by_name:
        return [by_name[name]]
    parts = name.split(" und ")
    if len(parts) > 1 and all(p in by_name for p in parts):
        return sorted(by_name[p] for p in parts)
    return None


def _area_specs(rows: list[tuple[int, str, str, str]]) -> list[AreaSpec]:
    """Bezirke under Hamburg, then Stadtteile under their Bezirk (first digit of the number)."""
    specs = [AreaSpec(level, code, area_name, "Bezirk", Level.GEMEINDE, areas.CITY_AGS, line)
             for line, level, code, area_name in rows if level == Level.STADTBEZIRK]
    for line, level, code, area_name in rows:
        if level != Level.STADTTEIL:
            continue
        numbers = code.split("-")[1:]
        kind = "Stadtteil" if len(numbers) == 1 else "Stadtteile (zusammen veröffentlicht)"
        specs.append(AreaSpec(level, code, area_name, kind, Level.STADTBEZIRK,
                              areas.bezirk_code(int(numbers[0]) // 100), line))
    return specs


def _value(cell: Any, column: Column, where: dict) -> tuple[float | None, str | None] | None:
    """Value and flag of one cell, checked against what the column holds."""
    value = cell.value
    if value is None:
        return None
    if cell.data_type == "f" or isinstance(value, str):
        try:
            parsed = parse_cell(str(value), file=where["file"], line=where["row"], column=where["column"])
        except InputError as error:
            error.sheet = where["sheet"]
            raise
        if parsed is None:
            return None
        number, flag = parsed
    elif isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"{value!r} ist keine Zahl", **where, expected="eine Zahl oder ein amtliches Zeichen")
    else:
        number, flag = float(value), None
        if number == 0 and _zero_shows_dash(cell.number_format):
            flag = "-"
    if number is None:
        return None, flag
    if column.count and (number != int(number) or (number < 0 and not column.negative)):
        raise InputError(f"{value!r} ist keine Anzahl", **where,
                         expected="eine ganze Zahl" + ("" if column.negative else " ≥ 0"))
    if column.variable.unit == "%" and not 0 <= number <= 100:
        raise InputError(f"{value!r} liegt nicht zwischen 0 und 100", **where, expected="ein Anteil in %")
    if not column.count and number < 0:
        raise InputError(f"{value!r} ist negativ", **where, expected="ein Wert ≥ 0")
    return number, flag


def _zero_shows_dash(number_format: str) -> bool:
    """Whether an Excel number format shows zero as ``-`` (third section of ``pos;neg;zero``)."""
    sections = re.split(r"(?<!\\);", number_format or "")
    if len(sections) < 3:
        return False
    zero = sections[2].replace("\\", "").replace('"', "").strip()
    return zero == "-"

# SPDX-License-Identifier: EUPL-1.2
"""Parse the GV-ISys Gemeindeverzeichnis "Auszug" workbooks (Destatis).

Sheet 2 holds one row per area; column A is the Satzart (10 Land,
20 Regierungsbezirk, 30 Region in Baden-Württemberg, 40 Kreis,
50 Gemeindeverband, 60 Gemeinde), B the Textkennzeichen (the type), C–G the
parts of the Regionalschlüssel, H the name, I the area, J–L the population.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from stellwerk.errors import InputError
from stellwerk.geo.aggregate import bund_record, fill_aggregates
from stellwerk.geo.models import Level
from stellwerk.geo.names import GEMEINDE_TYPES, GEMEINDEVERBAND_TYPES, KREIS_TYPES, LAENDER, clean_name
from stellwerk.geo.records import AreaRecord, StandFile, ars_of, parse_area, parse_count
from stellwerk.geo.workbook import Sheet, file_sha256, find_date, read_sheet

__all__ = ["parse_gv_workbook", "SOURCE_GV"]

SOURCE_GV = "Destatis, Gemeindeverzeichnis-Informationssystem GV-ISys (Auszug)"

_SATZART_LEVEL = {
    "10": Level.LAND,
    "20": Level.REGIERUNGSBEZIRK,
    "30": Level.REGION,
    "40": Level.KREIS,
    "50": Level.GEMEINDEVERBAND,
    "60": Level.GEMEINDE,
}
# (column index, header label, width); the Kreis part of a Region row (30) is one digit.
_KEY_PARTS = ((2, "C (Land)", 2), (3, "D (RB)", 1), (4, "E (Kreis)", 2), (5, "F (VB)", 4), (6, "G (Gem)", 3))
_PARTS_NEEDED = {"10": 1, "20": 2, "30": 3, "40": 3, "50": 4, "60": 5}
_COL_AREA, _COL_POP, _COL_M, _COL_W = 8, 9, 10, 11


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _header_row(sheet: Sheet) -> int:
    for index, row in enumerate(sheet.rows[:12]):
        first = _text(row[0]) if row else ""
        name = _text(row[7]) if len(row) > 7 else ""
        if first.lower().startswith("satz") and "name" in name.lower():
            return index
    raise InputError(
        "Unbekannter Aufbau: keine Kopfzeile eines Gemeindeverzeichnis-Auszugs gefunden",
        file=sheet.file,
        sheet=sheet.name,
        expected="Blatt 2 mit den Spalten Satzart, Textkennzeichen, Regionalschlüssel (Land, RB, Kreis, VB, Gem), "
        "Gemeindename, Fläche, Bevölkerung",
    )


def _key_parts(row: tuple[Any, ...], satzart: str, sheet: Sheet, line: int) -> list[str]:
    parts = []
    for position, (column, label, width) in enumerate(_KEY_PARTS[: _PARTS_NEEDED[satzart]]):
        value = _text(row[column]) if column < len(row) else ""
        if satzart == "30" and position == 2:
            width = 1
        if value.isdigit() and len(value) < width and not isinstance(row[column], str):
            value = value.zfill(width)
        if position == 1 and value == "" and _text(row[4]) == "00":
            value = "0"  # 31.12.2010 leaves the RB of the German-Luxembourg condominium empty
        if not (value.isdigit() and len(value) == width):
            raise InputError(
                f"Schlüsselteil {value[:20]!r} ungültig",
                file=sheet.file, sheet=sheet.name, row=line, column=label,
                expected=f"{width} Ziffer(n)",
            )
        parts.append(value)
    return parts


def _type_of(satzart: str, kennzeichen: str, name: str, sheet: Sheet, line: int) -> str:
    if satzart == "10":
        return "Land"
    if satzart == "20":
        for prefix in ("Statistische Region", "Direktionsbezirk"):
            if name.startswith(prefix):
                return prefix
        return "Regierungsbezirk"
    if satzart == "30":
        return "Region"
    table = {"40": KREIS_TYPES, "50": GEMEINDEVERBAND_TYPES, "60": GEMEINDE_TYPES}[satzart]
    if kennzeichen not in table:
        raise InputError(
            f"Unbekanntes Textkennzeichen {kennzeichen[:10]!r} für Satzart {satzart}",
            file=sheet.file, sheet=sheet.name, row=line, column="B (Textkennzeichen)",
            expected=", ".join(table),
        )
    return table[kennzeichen]


def _record(row: tuple[Any, ...], satzart: str, sheet: Sheet, line: int) -> AreaRecord:
    parts = _key_parts(row, satzart, sheet, line)
    name = clean_name(_text(row[7]))
    if not name:
        raise InputError("Name fehlt", file=sheet.file, sheet=sheet.name, row=line, column="H (Gemeindename)")
    level = _SATZART_LEVEL[satzart]
    code = "".join(parts)
    record = AreaRecord(
        level=level,
        code=code,
        name=name,
        row=line,
        ars=ars_of(level, code),
        type=_type_of(satzart, _text(row[1]), name, sheet, line),
    )
    if satzart in ("10", "20", "40"):
        record.ags = code
    if satzart == "60":
        record.ags = parts[0] + parts[1] + parts[2] + parts[4]
        where = {"file": sheet.file, "sheet": sheet.name, "row": line}
        record.area_km2 = parse_area(row[_COL_AREA], column="I (Fläche km²)", **where)
        record.population, record.population_flag = parse_count(
            row[_COL_POP], column="J (Bevölkerung insgesamt)", **where
        )
        record.population_m, _ = parse_count(row[_COL_M], column="K (männlich)", **where)
        record.population_w, _ = parse_count(row[_COL_W], column="L (weiblich)", **where)
    return record


def _link_parents(records: list[AreaRecord], sheet: Sheet) -> None:
    by_key = {(r.level, r.code): r for r in records}
    for record in records:
        code = record.code
        if record.level == Level.LAND:
            record.parent = (Level.BUND, "DG")
        elif record.level == Level.REGIERUNGSBEZIRK:
            record.parent = (Level.LAND, code[:2])
        elif record.level == Level.REGION:
            record.parent = (Level.REGIERUNGSBEZIRK, code[:3])
        elif record.level == Level.KREIS:
            rb = (Level.REGIERUNGSBEZIRK, code[:3])
            record.parent = rb if code[2] != "0" and rb in by_key else (Level.LAND, code[:2])
        elif record.level == Level.GEMEINDEVERBAND:
            record.parent = _kreis_or_land(code, by_key)
        else:
            if _kreis_or_land(code, by_key) not in by_key:
                raise InputError(
                    f"Kreis {code[:5]} der Gemeinde {record.name!r} ist unbekannt",
                    file=sheet.file, sheet=sheet.name, row=record.row, column="E (Kreis)",
                    expected="eine Zeile mit Satzart 40 für diesen Kreis",
                )
            verband = by_key.get((Level.GEMEINDEVERBAND, code[:9]))
            if verband is None:
                raise InputError(
                    f"Gemeindeverband {code[:9]} der Gemeinde fehlt in der Datei",
                    file=sheet.file, sheet=sheet.name, row=record.row, column="F (VB)",
                    expected="eine Zeile mit Satzart 50 für diesen Gemeindeverband",
                )
            # A verbandsfreie Gemeinde's "Verband" is only a register artefact: link to the Kreis.
            record.parent = (
                _kreis_or_land(code, by_key)
                if verband.type == "verbandsfreie Gemeinde"
                else (verband.level, verband.code)
            )
        if record.parent not in by_key and record.parent[0] != Level.BUND:
            level, parent_code = record.parent
            raise InputError(
                f"Übergeordnetes Gebiet ({level} {parent_code}) fehlt in der Datei",
                file=sheet.file, sheet=sheet.name, row=record.row, column="C–E (Regionalschlüssel)",
                expected=f"eine Zeile für {level} {parent_code} (Satzart {_satzart_of(level)})",
            )


def _kreis_or_land(code: str, by_key: dict[tuple[str, str], AreaRecord]) -> tuple[str, str]:
    """The Kreis of a Gemeinde(verband); Kreis part "00" (the German-Luxembourg
    condominium in Rheinland-Pfalz) belongs to no Kreis but to the Land."""
    if code[3:5] == "00" and (Level.KREIS, code[:5]) not in by_key:
        return (Level.LAND, code[:2])
    return (Level.KREIS, code[:5])


def _satzart_of(level: str) -> str:
    return {v: k for k, v in _SATZART_LEVEL.items()}.get(level, "?")


def parse_gv_workbook(path: Path) -> StandFile:
    """Read a GV-ISys "Auszug" workbook (.xls or .xlsx) into records of one Gebietsstand."""
    path = Path(path)
    sheet = read_sheet(path, 1, max_col=12)
    header = _header_row(sheet)
    date = find_date([cell for row in sheet.rows[: header + 3] for cell in row[:10]])
    if date is None:
        raise InputError(
            "Stichtag nicht gefunden", file=sheet.file, sheet=sheet.name, row=1, column="A",
            expected="Titel mit 'am TT.MM.JJJJ'",
        )
    records: list[AreaRecord] = []
    warnings: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    for index in range(header + 1, len(sheet.rows)):
        row = sheet.rows[index]
        if not row:
            continue
        satzart = _text(row[0])
        if not satzart.isdigit():
            continue  # blank lines, footnotes, the copyright block
        line = index + 1
        if satzart not in _SATZART_LEVEL:
            raise InputError(
                f"Unbekannte Satzart {satzart!r}", file=sheet.file, sheet=sheet.name, row=line,
                column="A (Satzart)", expected="10, 20, 30, 40, 50 oder 60",
            )
        row = tuple(row) + (None,) * (12 - len(row))
        record = _record(row, satzart, sheet, line)
        key = (record.level, record.code)
        if key in seen and sheet.rows[seen[key] - 1][:12] == sheet.rows[index][:12]:
            # 31.12.2016 repeats six gemeindefreie Gebiete in Bayern row for row: harmless.
            warnings.append(f"Zeile {line}: Wiederholung von Zeile {seen[key]} ({record.name}) übersprungen")
            continue
        if key in seen:
            raise InputError(
                f"Regionalschlüssel {record.ars} doppelt (schon in Zeile {seen[key]})",
                file=sheet.file, sheet=sheet.name, row=line, column="C–G (Regionalschlüssel)",
                expected="jeden Schlüssel nur einmal je Satzart",
            )
        seen[key] = line
        records.append(record)
    if not any(r.level == Level.GEMEINDE for r in records):
        raise InputError(
            "Keine Gemeinde-Zeilen (Satzart 60) gefunden", file=sheet.file, sheet=sheet.name,
            expected="ein Gemeindeverzeichnis mit Gemeinden",
        )
    for record in records:
        if record.level == Level.LAND and record.code not in LAENDER:
            raise InputError(
                f"Unbekannter Land-Schlüssel {record.code}", file=sheet.file, sheet=sheet.name,
                row=record.row, column="C (Land)", expected="01 bis 16",
            )
    _link_parents(records, sheet)
    records.insert(0, bund_record())
    fill_aggregates(records, Level.GEMEINDE)
    year, month, day = date
    return StandFile(
        path_name=path.name,
        sheet=sheet.name,
        sha256=file_sha256(path),
        reference_date=dt.date(year, month, day),
        source=SOURCE_GV,
        title=f"Gemeindeverzeichnis, Gebietsstand {day:02d}.{month:02d}.{year}",
        records=records,
        warnings=warnings,
    )

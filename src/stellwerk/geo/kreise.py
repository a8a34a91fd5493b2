# SPDX-License-Identifier: EUPL-1.2
"""Parse the GV-ISys table "04-Kreise" (kreisfreie Städte und Landkreise).

Sheet 2 lists Länder (2-digit key), Regierungsbezirke (3), Regionen of
Baden-Württemberg (4) and Kreise (5) with area and population. Two layouts
exist: the Destatis original (key, type, name, NUTS3, area, population total/m/w)
and a shortened one without type and NUTS3 columns (31.12.2023 in the data
directory); columns are found by their headers.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from stellwerk.errors import InputError
from stellwerk.geo.aggregate import bund_record, fill_aggregates
from stellwerk.geo.models import Level
from stellwerk.geo.names import KREIS_TYPES, LAENDER, clean_name
from stellwerk.geo.records import AreaRecord, StandFile, ars_of, parse_area, parse_count
from stellwerk.geo.workbook import file_sha256, find_date, read_sheet

__all__ = ["parse_kreise_workbook", "SOURCE_KREISE"]

SOURCE_KREISE = "Destatis, Gemeindeverzeichnis-Informationssystem GV-ISys (Kreisfreie Städte und Landkreise)"

_LEVEL_BY_LENGTH = {2: Level.LAND, 3: Level.REGIERUNGSBEZIRK, 4: Level.REGION, 5: Level.KREIS}
_TYPE_BY_LABEL = {label.lower(): label for label in KREIS_TYPES.values()}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _columns(rows: list[tuple[Any, ...]], file: str, sheet: str) -> tuple[int, dict[str, int]]:
    """Find the header rows and map column roles to indexes."""
    for index, row in enumerate(rows[:12]):
        cells = [_text(c).lower() for c in row]
        if any("kreis / landkreis" in c for c in cells):
            header = [_text(c).lower() for c in rows[index - 1]] if index else []
            combined = [f"{a} {b}" for a, b in zip(header + [""] * len(cells), cells)]
            roles: dict[str, int] = {"key": 0}
            for col, text in enumerate(combined):
                if "fläche" in text and "area" not in roles:
                    roles["area"] = col
                elif "insgesamt" in text and "pop" not in roles:
                    roles["pop"] = col
                elif "männlich" in text:
                    roles["m"] = col
                elif "weiblich" in text:
                    roles["w"] = col
                elif "bezeichnung" in text:
                    roles["label"] = col
                elif "kreis / landkreis" in text:
                    roles["name"] = col
            if "label" in roles:
                # Original layout: B = type ("Kreisfreie Stadt"), C = name.
                roles["type"], roles["name"] = roles["label"], roles["label"] + 1
            if {"area", "pop", "m", "w", "name"} <= roles.keys():
                return index, roles
    raise InputError(
        "Unbekannter Aufbau: keine Kopfzeile der Tabelle „Kreisfreie Städte und Landkreise“ gefunden",
        file=file,
        sheet=sheet,
        expected="Blatt 2 mit Schlüsselnummer, Kreis / Landkreis, Fläche, Bevölkerung insgesamt/männlich/weiblich",
    )


def parse_kreise_workbook(path: Path) -> StandFile:
    """Read a GV-ISys "04-Kreise" workbook into records of one Gebietsstand."""
    path = Path(path)
    sheet = read_sheet(path, 1, max_col=12)
    header, roles = _columns(sheet.rows, sheet.file, sheet.name)
    date = find_date([c for row in sheet.rows[:header] for c in row])
    if date is None:
        cover = read_sheet(path, 0, max_col=4)
        date = find_date([c for row in cover.rows for c in row])
    if date is None:
        raise InputError("Stichtag (Gebietsstand) nicht gefunden", file=sheet.file, sheet=sheet.name,
                         expected="„Gebietsstand: TT.MM.JJJJ“ auf Blatt 1 oder 2")
    records: list[AreaRecord] = []
    seen: dict[tuple[str, str], int] = {}
    for index in range(header + 1, len(sheet.rows)):
        row = tuple(sheet.rows[index]) + (None,) * 12
        key = _text(row[0])
        if not key.isdigit() or _text(row[1]).isdigit():
            continue  # titles, totals, footnotes and the row of column numbers
        line = index + 1
        if isinstance(row[0], (int, float)) and len(key) in (1, 2, 4):
            key = key.zfill(len(key) + 1)  # numbers lose their leading zero
        level = _LEVEL_BY_LENGTH.get(len(key))
        if level is None:
            raise InputError(f"Schlüssel {key!r} hat eine unerwartete Länge", file=sheet.file, sheet=sheet.name,
                             row=line, column="A (Schlüsselnummer)", expected="2, 3, 4 oder 5 Ziffern")
        if (level, key) in seen:
            raise InputError(f"Schlüssel {key} doppelt (schon in Zeile {seen[(level, key)]})", file=sheet.file,
                             sheet=sheet.name, row=line, column="A (Schlüsselnummer)")
        seen[(level, key)] = line
        name = clean_name(_text(row[roles.get("label", roles["name"])] if level != Level.KREIS else row[roles["name"]]))
        record = AreaRecord(level=level, code=key, name=name, row=line, ars=ars_of(level, key), ags=key)
        if level == Level.LAND:
            if key not in LAENDER:
                raise InputError(f"Unbekannter Land-Schlüssel {key}", file=sheet.file, sheet=sheet.name, row=line,
                                 column="A (Schlüsselnummer)", expected="01 bis 16")
            record.name, record.type, record.parent = LAENDER[key], "Land", (Level.BUND, "DG")
        elif level == Level.REGIERUNGSBEZIRK:
            record.name = record.name.removeprefix("früher: ")
            record.type = "Regierungsbezirk" if record.name else None
            record.parent = (Level.LAND, key[:2])
        elif level == Level.REGION:
            record.type, record.parent = "Region", (Level.REGIERUNGSBEZIRK, key[:3])
            record.ags = None
        else:
            if not name:
                raise InputError("Name fehlt", file=sheet.file, sheet=sheet.name, row=line,
                                 column="Kreis / Landkreis")
            if "type" in roles:
                label = _text(row[roles["type"]]).lower()
                record.type = _TYPE_BY_LABEL.get(label)
                if record.type is None:
                    raise InputError(f"Unbekannte Kreisart {label!r}", file=sheet.file, sheet=sheet.name,
                                     row=line, column="B (Regionale Bezeichnung)",
                                     expected=", ".join(KREIS_TYPES.values()))
            where = {"file": sheet.file, "sheet": sheet.name, "row": line}
            record.area_km2 = parse_area(row[roles["area"]], column="Fläche", **where)
            record.population, record.population_flag = parse_count(row[roles["pop"]], column="insgesamt", **where)
            record.population_m, _ = parse_count(row[roles["m"]], column="männlich", **where)
            record.population_w, _ = parse_count(row[roles["w"]], column="weiblich", **where)
        records.append(record)
    keys = {(r.level, r.code) for r in records}
    for record in records:
        if record.level == Level.KREIS:
            rb = (Level.REGIERUNGSBEZIRK, record.code[:3])
            record.parent = rb if rb in keys else (Level.LAND, record.code[:2])
            if record.parent not in keys:
                raise InputError(f"Land {record.code[:2]} des Kreises fehlt", file=sheet.file, sheet=sheet.name,
                                 row=record.row, column="A (Schlüsselnummer)")
    if not any(r.level == Level.KREIS for r in records):
        raise InputError("Keine Kreis-Zeilen gefunden", file=sheet.file, sheet=sheet.name,
                         expected="Zeilen mit fünfstelligem Kreisschlüssel")
    records.insert(0, bund_record())
    fill_aggregates(records, Level.KREIS)
    year, month, day = date
    return StandFile(
        path_name=path.name,
        sheet=sheet.name,
        sha256=file_sha256(path),
        reference_date=dt.date(year, month, day),
        source=SOURCE_KREISE,
        title=f"Kreisfreie Städte und Landkreise, Gebietsstand {day:02d}.{month:02d}.{year}",
        records=records,
    )

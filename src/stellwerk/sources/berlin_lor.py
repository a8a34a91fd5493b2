# SPDX-License-Identifier: EUPL-1.2
"""Berlin: Einwohnerregister nach LOR (lebensweltlich orientierte Räume), Halbjahre 2015–2024.

The files (open-lifeworlds, from the Amt für Statistik Berlin-Brandenburg) come
per half-year, table and level: ``berlin-lor-population-YYYY-0H-tN-<level>.csv``.
Only t1 (Migrationshintergrund, Staatsangehörigkeit) and t2 (Alter, Frauen) are
read: in t3/t4 the column ``inhabitants`` holds the placeholder 100 (a
percentage base), not a count, so they are not recognised. The ``*_percentage``
columns are derived and skipped; t2 repeats the totals and foreigners of t1,
which are taken from t1 only.

The files name no date: the half-year comes from the file name (``YYYY-01`` →
period ``YYYY-H1``, ``YYYY-02`` → ``YYYY-H2``). Until 2020 the old LOR scheme
applies, from 2021 the new one; ids of both look alike, so codes carry the
scheme (``11000000-alt-01011101``, ``11000000-neu-01100101``).
"""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from stellwerk.errors import InputError
from stellwerk.geo.models import Level
from stellwerk.observations.breakdown import encode
from stellwerk.sources.gerda_csv import read_rows
from stellwerk.sources.records import AreaSpec, ParsedTable, file_sha256, make_cell
from stellwerk.sources.values import parse_cell
from stellwerk.sources.vocabulary import VARIABLES

__all__ = ["parse", "sniff", "VERSION", "area_chain", "period_of"]

VERSION = "1.0"
KIND = "berlin-lor"
CITY_AGS = "11000000"
LICENCE = "Creative Commons Namensnennung 4.0 (CC BY 4.0)"
ATTRIBUTION = "© Amt für Statistik Berlin-Brandenburg; aufbereitet von open-lifeworlds (CC BY 4.0)"
_NAME = re.compile(r"berlin-lor-population-(\d{4})-0([12])-(t[12])-(city|districts|forecast-areas|district-regions|"
                   r"planning-areas)\.csv$")
BEZIRKE = {
    "01": "Mitte", "02": "Friedrichshain-Kreuzberg", "03": "Pankow", "04": "Charlottenburg-Wilmersdorf",
    "05": "Spandau", "06": "Steglitz-Zehlendorf", "07": "Tempelhof-Schöneberg", "08": "Neukölln",
    "09": "Treptow-Köpenick", "10": "Marzahn-Hellersdorf", "11": "Lichtenberg", "12": "Reinickendorf",
}
T1 = {
    "inhabitants": {},
    "inhabitants_with_migration_background": {"migration": "mit_mh"},
    "inhabitants_germans": {"nationality": "deutsche"},
    "inhabitants_germans_without_migration_background": {"migration": "ohne_mh", "nationality": "deutsche"},
    "inhabitants_germans_with_migration_background": {"migration": "mit_mh", "nationality": "deutsche"},
    "inhabitants_foreigners": {"nationality": "auslaender"},
}
T2 = {
    "inhabitants_age_below_6": {"age": "0-6"},
    "inhabitants_age_6_15": {"age": "6-15"},
    "inhabitants_age_15_18": {"age": "15-18"},
    "inhabitants_age_18_27": {"age": "18-27"},
    "inhabitants_age_27_45": {"age": "27-45"},
    "inhabitants_age_45_55": {"age": "45-55"},
    "inhabitants_age_55_65": {"age": "55-65"},
    "inhabitants_age_above_65": {"age": "65+"},
    "inhabitants_female": {"sex": "w"},
}
# level of the file → (id columns, width of the id, type of the area)
LEVELS = {
    "city": ([], "Stadt"),
    "districts": (["district_id"], "Bezirk"),
    "forecast-areas": (["district_id", "forecast_area_id"], "Prognoseraum"),
    "district-regions": (["district_id", "forecast_area_id", "district_region_id"], "Bezirksregion"),
    "planning-areas": (["district_id", "forecast_area_id", "district_region_id", "planning_area_id"], "Planungsraum"),
}
_TYPES = ["Prognoseraum", "Bezirksregion", "Planungsraum"]
_TWO_DIGITS = re.compile(r"\d\d")


def sniff(head: str) -> bool:
    first = head.lstrip("\ufeff").split("\n", 1)[0]
    return first.startswith("id,") and (
        "inhabitants,inhabitants_with_migration_background,inhabitants_germans," in first
        or "inhabitants,inhabitants_age_below_6,inhabitants_age_6_15," in first)


def period_of(name: str) -> tuple[str, dt.date, str, str]:
    """Period, reference date, table and level from the file name."""
    match = _NAME.search(name)
    if match is None:
        raise InputError("Aus dem Dateinamen geht das Halbjahr nicht hervor", file=name, row=1,
                         expected="berlin-lor-population-JJJJ-0H-t1|t2-<Ebene>.csv (wie veröffentlicht)")
    year, half, table, level = match.groups()
    date = dt.date(int(year), 6, 30) if half == "1" else dt.date(int(year), 12, 31)
    return f"{year}-H{half}", date, table, level


def area_chain(parts: list[str], scheme: str) -> list[tuple[str, str, str]]:
    """(level, code, type) from the Bezirk down to the area the id parts name."""
    chain = [(Level.STADTBEZIRK, f"110{parts[0]}0{parts[0]}", "Bezirk")] if parts else []
    for depth in range(1, len(parts)):
        chain.append((Level.STADTTEIL, f"{CITY_AGS}-{scheme}-{''.join(parts[:depth + 1])}",
                      f"{_TYPES[depth - 1]} (LOR {'bis 2020' if scheme == 'alt' else 'ab 2021'})"))
    return chain


def parse(path: Path, *, display: str | None = None) -> ParsedTable:
    """Parse one Berlin LOR file (t1 or t2, any level)."""
    name = display or path.name
    period, date, table_no, level_name = period_of(name)
    scheme = "alt" if date.year <= 2020 else "neu"
    id_columns, type_label = LEVELS[level_name]
    columns = T1 if table_no == "t1" else T2
    header, rows = read_rows(path, name, ["id", *id_columns, *columns])
    table = ParsedTable(
        kind=KIND, source="Amt für Statistik Berlin-Brandenburg, Einwohnerregisterstatistik (LOR)",
        table_code=f"Berlin-LOR-{table_no}-{level_name}",
        title=f"Berlin: Einwohner nach LOR ({type_label}), {'Migrationshintergrund' if table_no == 't1' else 'Alter'}",
        licence=LICENCE, attribution=ATTRIBUTION, reference_date=date, file_name=name,
        file_sha256=file_sha256(path), importer_version=VERSION,
    )
    variable = table.add_variable(VARIABLES["bevoelkerung"])
    wanted = [(header.index(c), encode(parts), _letter(header.index(c))) for c, parts in columns.items()]
    id_indexes = [header.index(c) for c in id_columns]
    specs: dict[tuple[str, str], AreaSpec] = {}
    seen: dict[str, int] = {}
    append = table.cells.append
    for line, row in rows:
        parts = [row[i].strip() for i in id_indexes]
        if any(not _TWO_DIGITS.fullmatch(p) for p in parts) or (parts and parts[0] not in BEZIRKE):
            raise InputError(f"Ungültige LOR-Nummer {'/'.join(parts)!r}", file=name, row=line, column="B",
                             expected="zweistellige Nummern, Bezirk 01–12")
        key = "".join(parts) or "0"
        if key in seen:
            raise InputError(f"Doppelte Zeile für {key}, zuerst in Zeile {seen[key]}", file=name, row=line,
                             expected="jedes Gebiet nur einmal")
        seen[key] = line
        chain = area_chain(parts, scheme)
        parent = (Level.GEMEINDE, CITY_AGS)
        for level, code, area_type in chain:
            if (level, code) not in specs:
                label = BEZIRKE[parts[0]] if level == Level.STADTBEZIRK else f"{area_type.split(' ')[0]} {code[13:]}"
                specs[(level, code)] = AreaSpec(level, code, label, area_type, parent[0], parent[1], line)
            parent = (level, code)
        cell_level, cell_code = parent
        area_name = specs[parent].name if parent in specs else "Berlin"
        table.row_count += 1
        for index, breakdown, letter in wanted:
            parsed = parse_cell(row[index], file=name, line=line, column=letter, decimal=".")
            if parsed is None:
                continue
            if parsed[0] is not None and (parsed[0] < 0 or parsed[0] != int(parsed[0])):
                raise InputError(f"{row[index]!r} ist keine Personenzahl", file=name, row=line, column=letter,
                                 expected="eine ganze Zahl ≥ 0")
            append(make_cell((cell_level, cell_code, area_name, period, variable, breakdown, parsed[0], parsed[1],
                              line, letter)))
    table.areas = list(specs.values())
    table.meta.update(scheme=scheme, level=level_name, table=table_no)
    if scheme == "alt" and level_name in ("forecast-areas", "planning-areas"):
        table.meta["lor_matches"] = _matches(path, set(seen))
    return table


def _matches(path: Path, ids: set[str]) -> dict[str, list[str]]:
    """Old → new LOR ids of this file's areas from ``geodata/berlin-lor-matches.json`` (if present)."""
    source = path.parent.parent / "geodata" / "berlin-lor-matches.json"
    if not source.is_file():
        return {}
    try:
        matches = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {old: new for old, new in matches.items() if old in ids}


def _letter(index: int) -> str:
    return chr(65 + index) if index < 26 else "A" + chr(65 + index - 26)

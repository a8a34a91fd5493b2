# SPDX-License-Identifier: EUPL-1.2
"""Köln: Einwohner der Stadtbezirke und Stadtteile 2005–2012 (Offene Daten Köln, long format).

One row per table, year, area and line (``tab_id``/``zei_id``). Areas are the
city (``raum_id`` 000), its 9 Stadtbezirke (001–009) and 86 Stadtteile (101–9NN,
first digit = Stadtbezirk). Small areas get the code ``05315000-N`` (Stadtbezirk)
and ``05315000-NNN`` (Stadtteil) and are created under Köln on import.

Köln's "Einwohner" count everyone registered, main and secondary residence
(table 050 splits them), so it is slightly larger than the official
Fortschreibung. Missing rows (e.g. "verpartnert" in a Stadtteil without any)
are not stored; there are no status symbols in the file.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from stellwerk.errors import InputError
from stellwerk.geo.models import Level
from stellwerk.observations.breakdown import encode
from stellwerk.sources.gerda_csv import read_rows
from stellwerk.sources.records import AreaSpec, Cell, ParsedTable, file_sha256
from stellwerk.sources.values import parse_cell
from stellwerk.sources.vocabulary import VARIABLES

__all__ = ["parse", "sniff", "VERSION", "LINES", "CITY_AGS", "area_code"]

VERSION = "1.0"
KIND = "koeln"
CITY_AGS = "05315000"
HEADER = ["id", "tab_id", "tabelle", "jahr", "raum_id", "raum", "zei_id", "zeile", "zahl"]
LICENCE = "Creative Commons Namensnennung (CC BY), Stadt Köln"
ATTRIBUTION = "© Stadt Köln, Amt für Stadtentwicklung und Statistik (Offene Daten Köln)"

_AGES = ["0-3", "3-6", "6-10", "10-15", "15-18", "18-25", "25-35", "35-45", "45-55", "55-60", "60-65", "65-75",
         "75+"]
# (tab_id, zei_id) → breakdown of ``bevoelkerung``
LINES: dict[tuple[str, str], dict[str, str]] = {
    ("005", "10"): {},
    ("010", "10"): {"sex": "m"},
    ("010", "20"): {"sex": "w"},
    **{("020", str(10 * (i + 1))): {"age": age} for i, age in enumerate(_AGES)},
    ("030", "10"): {"migration": "mit_mh"},
    ("030", "20"): {"migration": "mit_mh", "nationality": "deutsche"},
    ("030", "30"): {"migration": "aussiedler"},
    ("030", "40"): {"migration": "eingebuergerte"},
    ("030", "50"): {"nationality": "auslaender"},
    # Ausländer by citizenship region: the seven lines add up to line 50.
    ("030", "60"): {"nationality": "auslaender", "country_group": "afrika"},
    ("030", "70"): {"nationality": "auslaender", "country_group": "amerika"},
    ("030", "80"): {"nationality": "auslaender", "country_group": "asien"},
    ("030", "90"): {"nationality": "auslaender", "country_group": "eu"},
    ("030", "100"): {"nationality": "auslaender", "country_group": "tuerkei"},
    ("030", "110"): {"nationality": "auslaender", "country_group": "uebriges_europa"},
    ("030", "120"): {"nationality": "auslaender", "country_group": "sonstige"},
    ("040", "10"): {"marital_status": "ledig"},
    ("040", "20"): {"marital_status": "verheiratet"},
    ("040", "30"): {"marital_status": "verwitwet"},
    ("040", "40"): {"marital_status": "geschieden"},
    ("040", "50"): {"marital_status": "verpartnert"},
    ("050", "10"): {"residence": "hauptwohnung"},
    ("050", "20"): {"residence": "nebenwohnung"},
    ("060", "10"): {"religion": "evangelisch"},
    ("060", "20"): {"religion": "roemisch_katholisch"},
    ("060", "30"): {"religion": "sonstige_keine_ohne_angabe"},
}
_KEYS = {line: encode(parts) for line, parts in LINES.items()}


def sniff(head: str) -> bool:
    return head.lstrip("\ufeff").startswith(",".join(HEADER)) and ",Stadt Köln," in head


def area_code(raum_id: str) -> tuple[str, str]:
    """``000`` → Köln, ``001``–``009`` → Stadtbezirk ``05315000-N``, ``101`` → Stadtteil ``05315000-101``."""
    if raum_id == "000":
        return Level.GEMEINDE, CITY_AGS
    if raum_id.startswith("00"):
        return Level.STADTBEZIRK, f"{CITY_AGS}-{int(raum_id)}"
    return Level.STADTTEIL, f"{CITY_AGS}-{raum_id}"


def parse(path: Path, *, display: str | None = None) -> ParsedTable:
    """Parse the Köln population file."""
    name = display or path.name
    header, rows = read_rows(path, name, HEADER)
    col = {h: header.index(h) for h in HEADER}
    letter = {h: chr(65 + i) for h, i in col.items()}
    table = ParsedTable(
        kind=KIND, source="Stadt Köln, Offene Daten Köln", table_code="Koeln-Bevoelkerung-Stadtteile",
        title="Köln: Einwohner der Stadtbezirke und Stadtteile", licence=LICENCE, attribution=ATTRIBUTION,
        reference_date=None, file_name=name, file_sha256=file_sha256(path), importer_version=VERSION,
    )
    variable = table.add_variable(VARIABLES["bevoelkerung"])
    names: dict[str, tuple[str, int]] = {}
    seen: dict[tuple[str, str, str, str], int] = {}
    years: set[int] = set()
    for line, row in rows:
        tab, year, raum, zei = (row[col[h]].strip() for h in ("tab_id", "jahr", "raum_id", "zei_id"))
        if not re.fullmatch(r"\d{3}", raum) or (not raum.startswith("00") and raum[0] == "0"):
            raise InputError(f"{raum!r} ist keine Raumnummer", file=name, row=line, column=letter["raum_id"],
                             expected="000 (Stadt), 001–009 (Stadtbezirk) oder 101–999 (Stadtteil)")
        if not re.fullmatch(r"(19|20)\d\d", year):
            raise InputError(f"{year!r} ist kein Jahr", file=name, row=line, column=letter["jahr"], expected="JJJJ")
        key = _KEYS.get((tab, zei))
        if key is None:
            raise InputError(f"Unbekannte Tabelle/Zeile {tab}/{zei} ({row[col['zeile']][:60]!r})", file=name,
                             row=line, column=letter["zei_id"],
                             expected="eine der Zeilen " + ", ".join(f"{t}/{z}" for t, z in LINES))
        if (tab, year, raum, zei) in seen:
            raise InputError(f"Doppelte Zeile {tab}/{zei} für Raum {raum} {year}, zuerst in Zeile "
                             f"{seen[tab, year, raum, zei]}", file=name, row=line, expected="jede Zeile nur einmal")
        seen[tab, year, raum, zei] = line
        parsed = parse_cell(row[col["zahl"]], file=name, line=line, column=letter["zahl"], decimal=".")
        table.row_count += 1
        if parsed is None:
            continue
        if parsed[0] is not None and (parsed[0] < 0 or parsed[0] != int(parsed[0])):
            raise InputError(f"{row[col['zahl']]!r} ist keine Personenzahl", file=name, row=line,
                             column=letter["zahl"], expected="eine ganze Zahl ≥ 0")
        names.setdefault(raum, (row[col["raum"]].strip(), line))
        years.add(int(year))
        level, code = area_code(raum)
        table.cells.append(Cell(level, code, names[raum][0], f"{year}-12-31", variable, key, parsed[0], parsed[1],
                                line, letter["zahl"]))
    if "000" not in names:
        raise InputError("Die Datei enthält keine Zeilen für die Stadt (Raum 000)", file=name, row=2,
                         column=letter["raum_id"], expected="Zeilen für Raum 000 (Stadt Köln)")
    table.areas = _areas(names, name)
    table.reference_date = dt.date(max(years), 12, 31)
    table.meta["stadtbezirke"] = sum(1 for a in table.areas if a.level == Level.STADTBEZIRK)
    table.meta["stadtteile"] = sum(1 for a in table.areas if a.level == Level.STADTTEIL)
    return table


def _areas(names: dict[str, tuple[str, int]], file: str) -> list[AreaSpec]:
    """Stadtbezirke under Köln, then Stadtteile under their Stadtbezirk (first digit of the number)."""
    specs = []
    for raum in sorted(names):
        if raum == "000":
            continue
        level, code = area_code(raum)
        area_name, line = names[raum]
        if level == Level.STADTBEZIRK:
            specs.append(AreaSpec(level, code, area_name, "Stadtbezirk", Level.GEMEINDE, CITY_AGS, line))
            continue
        bezirk = f"00{raum[0]}"
        if bezirk not in names:
            raise InputError(f"Stadtteil {raum} ({area_name}) ohne Stadtbezirk {bezirk}", file=file, row=line,
                             expected=f"auch Zeilen für den Stadtbezirk {bezirk}")
        specs.append(AreaSpec(level, code, area_name, "Stadtteil", Level.STADTBEZIRK, area_code(bezirk)[1], line))
    return specs

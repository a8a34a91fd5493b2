# SPDX-License-Identifier: EUPL-1.2
"""Zensus 2022 Gemeinde indicators (conversion from the GERDA package; 8-digit AGS).

The file holds population counts and shares, not the counts behind the shares.
Shares are stored as such (unit %) and must not be summed; an empty share is a
cell the Zensus kept secret and becomes flag ``.`` (value NULL).
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from stellwerk.errors import InputError
from stellwerk.geo.models import Level
from stellwerk.sources.gerda_csv import read_rows
from stellwerk.sources.records import ATTRIBUTION_LAENDER, LICENCE_DL_DE, ParsedTable, VariableSpec, file_sha256, make_cell
from stellwerk.sources.values import parse_cell
from stellwerk.sources.vocabulary import VARIABLES

__all__ = ["parse", "sniff", "VERSION", "COLUMNS"]

VERSION = "1.0"
KIND = "zensus2022"
PERIOD = "2022-05-15"
_NOTE = " Zensus 2022, Stichtag 15.05.2022; Anteil, nicht summierbar."
# column → variable spec (code, German label, unit, definition)
COLUMNS: dict[str, VariableSpec] = {
    "population_census22": VARIABLES["bevoelkerung"],
    "share_foreign_census22": VariableSpec("anteil_auslaender", "Anteil der Ausländerinnen und Ausländer", "%",
                                           "Personen ohne deutsche Staatsangehörigkeit in % der Bevölkerung." + _NOTE),
    "share_migration_bg_census22": VariableSpec(
        "anteil_migrationshintergrund", "Anteil der Personen mit Migrationshintergrund", "%",
        "Personen mit Migrationshintergrund (Zensus-Definition) in % der Bevölkerung." + _NOTE),
    "share_under18_census22": VariableSpec("zensus22_anteil_unter18", "Anteil unter 18 Jahre (Spalte share_under18)", "%",
                                           "Laut Spaltenname Anteil unter 18 Jahren." + _NOTE),
    "share_18to29_census22": VariableSpec("zensus22_anteil_18_29", "Anteil 18 bis 29 Jahre (Spalte share_18to29)", "%",
                                          "Laut Spaltenname Anteil 18 bis 29 Jahre." + _NOTE),
    "share_30to49_census22": VariableSpec("zensus22_anteil_30_49", "Altersanteil (Spalte share_30to49)", "%",
                                          "Spaltenname und Codebuch der Quelle widersprechen sich; unverändert übernommen." + _NOTE),
    "share_50to64_census22": VariableSpec("zensus22_anteil_50_64", "Altersanteil (Spalte share_50to64)", "%",
                                          "Spaltenname und Codebuch der Quelle widersprechen sich; unverändert übernommen." + _NOTE),
    "share_65plus_census22": VariableSpec("zensus22_anteil_65plus", "Altersanteil (Spalte share_65plus)", "%",
                                          "Spaltenname und Codebuch der Quelle widersprechen sich; unverändert übernommen." + _NOTE),
    "avg_household_size_census22": VariableSpec("zensus22_haushaltsgroesse", "Durchschnittliche Haushaltsgröße", "Personen",
                                                "Personen je Haushalt (Durchschnitt). Zensus 2022."),
    "share_single_family_census22": VariableSpec("zensus22_anteil_ein_zweifamilienhaeuser",
                                                 "Anteil der Ein- und Zweifamilienhäuser", "%", "Anteil an den Wohngebäuden." + _NOTE),
    "total_dwellings_census22": VariableSpec("zensus22_wohnungen", "Wohnungen", "Anzahl", "Wohnungen insgesamt. Zensus 2022."),
    "vacancy_rate_census22": VariableSpec("zensus22_leerstandsquote", "Leerstandsquote", "%", "Leer stehende Wohnungen." + _NOTE),
    "share_owner_occupied_census22": VariableSpec("zensus22_eigentuemerquote", "Eigentümerquote", "%",
                                                  "Von Eigentümern bewohnte Wohnungen." + _NOTE),
    "avg_rent_per_m2_census22": VariableSpec("zensus22_nettokaltmiete_qm", "Durchschnittliche Nettokaltmiete je m²",
                                             "EUR/m²", "Durchschnitt. Zensus 2022."),
}


def sniff(head: str) -> bool:
    first = head.lstrip("\ufeff").split("\n", 1)[0]
    return first.startswith("ags,") and "census22" in first


def parse(path: Path, *, display: str | None = None) -> ParsedTable:
    """Parse the Zensus 2022 Gemeinde indicator table."""
    name = display or path.name
    header, rows = read_rows(path, name, ["ags", "municipality_name", "population_census22"])
    unknown = [h for h in header[2:] if h not in COLUMNS]
    if unknown:
        raise InputError(f"Unbekannte Spalte {unknown[0]!r}", file=name, row=1,
                         column=_letter(header.index(unknown[0])), expected="eine der Spalten " + ", ".join(COLUMNS))
    table = ParsedTable(
        kind=KIND, source="Zensus 2022 (Statistische Ämter des Bundes und der Länder), über das GERDA-Paket",
        table_code="Zensus2022-Gemeinden", title="Zensus 2022: Indikatoren der Gemeinden", licence=LICENCE_DL_DE,
        attribution=ATTRIBUTION_LAENDER, reference_date=dt.date(2022, 5, 15), file_name=name,
        file_sha256=file_sha256(path), importer_version=VERSION,
    )
    columns = [(j, table.add_variable(COLUMNS[h]), _letter(j)) for j, h in enumerate(header) if h in COLUMNS]
    suppressed: dict[str, int] = {}
    seen: dict[str, int] = {}
    for line, row in rows:
        code = row[0].strip()
        if not re.fullmatch(r"\d{8}", code):
            raise InputError(f"{code!r} ist kein Gemeindeschlüssel", file=name, row=line, column="A",
                             expected="8-stelliger AGS")
        if code in seen:
            raise InputError(f"Doppelte Zeile für {code}, zuerst in Zeile {seen[code]}", file=name, row=line,
                             column="A", expected="jede Gemeinde nur einmal")
        seen[code] = line
        area_name = row[1].strip()
        table.row_count += 1
        for j, variable, letter in columns:
            value, flag = parse_cell(row[j], file=name, line=line, column=letter, decimal=".", empty=".")
            if flag == ".":
                suppressed[variable] = suppressed.get(variable, 0) + 1
            table.cells.append(make_cell((Level.GEMEINDE, code, area_name, PERIOD, variable, "", value, flag, line, letter)))
    table.meta["geheim_gehaltene_zellen"] = suppressed
    return table


def _letter(index: int) -> str:
    return chr(65 + index)

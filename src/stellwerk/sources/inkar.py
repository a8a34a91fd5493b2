# SPDX-License-Identifier: EUPL-1.2
"""INKAR Kreis indicators 1995–2022 (BBSR; conversion from the GERDA package, Gebietsstand 2021).

Every column is already a ratio (shares, rates, per-capita values); there are
no counts. An empty cell means INKAR has no value for that year and is not
stored. Variable codes are ``inkar_`` plus the GERDA column name; the INKAR
code of each one is kept in its definition.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from stellwerk.errors import InputError
from stellwerk.geo.models import Level
from stellwerk.sources.gerda_csv import read_rows
from stellwerk.sources.records import ATTRIBUTION_BBSR, LICENCE_DL_DE, ParsedTable, VariableSpec, file_sha256, make_cell
from stellwerk.sources.values import parse_cell

__all__ = ["parse", "sniff", "VERSION", "LABELS"]

VERSION = "1.0"
KIND = "inkar"
# GERDA column → (German label, unit, INKAR code)
LABELS: dict[str, tuple[str, str, str]] = {
    "share_65plus": ("Anteil der Einwohner ab 65 Jahren", "%", "a_bev65um"),
    "median_age": ("Medianalter der Bevölkerung", "Jahre", "m_bev_alter"),
    "share_foreign": ("Ausländeranteil", "%", "a_ausl_bev"),
    "share_female": ("Frauenanteil", "%", "a_bevf"),
    "gdp_per_capita": ("Bruttoinlandsprodukt je Einwohner", "1.000 EUR", "q_bip_ew"),
    "share_primary_sector": ("Anteil des primären Sektors an der Bruttowertschöpfung", "%", "a_bws_1sektor"),
    "share_secondary_sector": ("Anteil des sekundären Sektors an der Bruttowertschöpfung", "%", "a_bws_2sektor"),
    "share_tertiary_sector": ("Anteil des tertiären Sektors an der Bruttowertschöpfung", "%", "a_bws_3sektor"),
    "share_micro_enterprises": ("Anteil der Kleinstbetriebe", "%", "a_betr_kleinst"),
    "share_large_enterprises": ("Anteil der Großbetriebe", "%", "a_betr_groß"),
    "unemployment_rate": ("Arbeitslosenquote", "%", "q_alo"),
    "share_longterm_unemployed": ("Anteil der Langzeitarbeitslosen an den Arbeitslosen", "%", "a_aloLang"),
    "youth_unemployment_rate": ("Arbeitslosenquote unter 25 Jahren", "%", "q_alo_u25"),
    "share_abitur": ("Schulabgänger mit allgemeiner Hochschulreife", "%", "a_schul_abi"),
    "share_no_degree": ("Schulabgänger ohne Abschluss", "%", "a_schul_oA"),
    "students_per_100": ("Studierende je 100 Einwohner von 18 bis 25 Jahren", "je 100", "q_stud_1825"),
    "apprentices_per_100": ("Auszubildende je 100 Einwohner von 15 bis 25 Jahren", "je 100", "q_azubi_1525"),
    "purchasing_power": ("Kaufkraft je Einwohner", "EUR", "q_kaufkraft"),
    "share_low_income_hh": ("Anteil der Haushalte mit niedrigem Einkommen", "%", "a_hheink_niedrig"),
    "physician_density": ("Ärzte je 10.000 Einwohner", "je 10.000 Einwohner", "q_ärzte_bev"),
    "hospital_beds_per_capita": ("Krankenhausbetten je 1.000 Einwohner", "je 1.000 Einwohner", "q_betten_bev"),
    "gp_density": ("Hausärzte je 10.000 Einwohner", "je 10.000 Einwohner", "q_hausarzt_bev"),
    "childcare_under3": ("Betreuungsquote der Kinder unter 3 Jahren", "%", "a_betr0003_bev0003"),
    "childcare_3to6": ("Betreuungsquote der Kinder von 3 bis 6 Jahren", "%", "a_betr0306_bev0306"),
    "building_permits_per_capita": ("Baugenehmigungen für Wohnungen je 10.000 Einwohner", "je 10.000 Einwohner", "q_gen_wo_ew"),
    "rent_level": ("Angebotsmieten (Wiedervermietung)", "EUR/m²", "m_mietpr"),
    "living_space_per_capita": ("Wohnfläche je Einwohner", "m²", "q_wofl_bev"),
    "cars_per_capita": ("Pkw je 1.000 Einwohner", "je 1.000 Einwohner", "q_pkw_bev"),
    "municipal_debt_per_capita": ("Kommunale Schulden je Einwohner", "EUR", "q_gemschuld_bev"),
    "tax_revenue_per_capita": ("Steuerkraft der Gemeinden je Einwohner", "EUR", "q_gest_bev"),
}


def sniff(head: str) -> bool:
    return head.lstrip("\ufeff").startswith("county_code,year,")


def parse(path: Path, *, display: str | None = None) -> ParsedTable:
    """Parse the INKAR Kreis table."""
    name = display or path.name
    header, rows = read_rows(path, name, ["county_code", "year"])
    unknown = [h for h in header[2:] if h not in LABELS]
    if unknown:
        raise InputError(f"Unbekannte Spalte {unknown[0]!r}", file=name, row=1, expected="eine INKAR-Spalte des Codebuchs")
    table = ParsedTable(
        kind=KIND, source="INKAR (BBSR Bonn), über das GERDA-Paket", table_code="INKAR-Kreise",
        title="INKAR: Indikatoren der Kreise 1995–2022 (Gebietsstand 2021)", licence="dl-de/by-2-0 (BBSR INKAR)",
        attribution=ATTRIBUTION_BBSR, reference_date=None, file_name=name, file_sha256=file_sha256(path),
        importer_version=VERSION,
    )
    columns = []
    for j, column in enumerate(header):
        if column in LABELS:
            label, unit, code = LABELS[column]
            spec = VariableSpec(f"inkar_{column}", label, unit,
                                f"INKAR-Indikator {code} (BBSR), Gebietsstand 31.12.2021; Verhältniszahl, nicht summierbar.")
            columns.append((j, table.add_variable(spec), _letter(j)))
    missing = 0
    seen: dict[tuple, int] = {}
    years = set()
    for line, row in rows:
        code, year = row[0].strip(), row[1].strip()
        if not re.fullmatch(r"\d{5}", code):
            raise InputError(f"{code!r} ist kein Kreisschlüssel", file=name, row=line, column="A", expected="5 Ziffern")
        if not re.fullmatch(r"\d{4}", year):
            raise InputError(f"{year!r} ist kein Jahr", file=name, row=line, column="B", expected="JJJJ")
        if (code, year) in seen:
            raise InputError(f"Doppelte Zeile für {code} {year}, zuerst in Zeile {seen[code, year]}", file=name,
                             row=line, expected="jeder Kreis nur einmal je Jahr")
        seen[code, year] = line
        years.add(int(year))
        table.row_count += 1
        for j, variable, letter in columns:
            parsed = parse_cell(row[j], file=name, line=line, column=letter, decimal=".")
            if parsed is None:
                missing += 1
                continue
            table.cells.append(make_cell((Level.KREIS, code, code, year, variable, "", parsed[0], parsed[1], line, letter)))
    table.reference_date = dt.date(max(years), 12, 31)
    table.meta["leere_zellen"] = missing
    return table


def _letter(index: int) -> str:
    return chr(65 + index) if index < 26 else "A" + chr(65 + index - 26)

# SPDX-License-Identifier: EUPL-1.2
"""Writers for a selection: Excel workbook, tidy CSV, Open SDG data + metadata, Frictionless data package."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import yaml
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from stellwerk.observations import flags as obs_flags
from stellwerk.reports.selection import COLUMNS, Selection

__all__ = ["selection_xlsx", "selection_csv", "write_opensdg", "write_frictionless", "write_export", "FORMATS",
           "opensdg_id"]

FORMATS = ("xlsx", "csv", "opensdg", "frictionless")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MODIFIED = "Eigene Berechnung mit Stellwerk (Daten aggregiert, Anteile berechnet)."


def _safe(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe (flag ``-`` stays a symbol)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and value not in obs_flags.FLAGS:
        return "'" + value
    return value


def _attribution_lines(selection: Selection) -> list[list[str]]:
    lines, seen = [], set()
    for ind in selection.indicators:
        for ds in selection.datasets.get(ind.id, []):
            if ds["id"] in seen:
                continue
            seen.add(ds["id"])
            lines.append([ds["attribution"] or ds["source"], ds["title"], ds["table"], ds["licence"],
                          str(ds["reference_date"] or ""), _MODIFIED])
    return lines


def _sheet_name(text: str, used: set[str]) -> str:
    name = "".join(c for c in text if c not in "[]:*?/\\")[:31] or "Indikator"
    base, n = name, 2
    while name in used:
        name = f"{base[:28]}_{n}"
        n += 1
    used.add(name)
    return name


def selection_xlsx(selection: Selection) -> bytes:
    """One sheet per indicator (value, or the official symbol where there is none), a flags and a sources sheet."""
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    header = ["Gebiet", "Schlüssel", "Jahr", "Wert", "Einheit", "Zähler", "Nenner", "Kennzeichen", "Hinweis"]
    for ind in selection.indicators:
        sheet = book.create_sheet(_sheet_name(ind.id, used))
        sheet.append([_safe(ind.title)])
        sheet.append([_safe(ind.definition)])
        sheet.append(header)
        part = selection.rows[selection.rows["indikator"] == ind.id]
        if part.empty:
            sheet.append(["Keine Daten für die gewählten Gebiete und Jahre."])
        for r in part.itertuples(index=False):
            value = r.wert if r.wert is not None else r.kennzeichen  # a flag never turns into a number
            sheet.append([_safe(r.gebiet), r.schluessel, r.jahr, _safe(value), r.einheit, r.zaehler, r.nenner,
                          _safe(r.kennzeichen), _safe(r.hinweis)])
        for i, width in enumerate((34, 14, 8, 12, 10, 12, 12, 12, 40), start=1):
            sheet.column_dimensions[get_column_letter(i)].width = width
    legend = book.create_sheet("Zeichenerklärung")
    legend.append(["Zeichen", "Bedeutung"])
    for symbol, meaning in obs_flags.FLAGS.items():
        legend.append([symbol, meaning])
    if selection.disclosure_note:
        legend.append([])
        legend.append([_safe(selection.disclosure_note)])
    sources = book.create_sheet("Quellen")
    sources.append(["Namensnennung", "Titel", "Tabelle", "Lizenz", "Stand", "Bearbeitung"])
    for line in _attribution_lines(selection):
        sources.append([_safe(x) for x in line])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def selection_csv(selection: Selection) -> bytes:
    """Tidy UTF-8 CSV (comma-separated, one row per indicator × area × year), sources as ``#`` lines at the end."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for line in _attribution_lines(selection):
        writer.writerow([_safe("# Quelle: " + ", ".join(x for x in line if x))])
    if selection.disclosure_note:
        writer.writerow(["# " + selection.disclosure_note])
    return selection_csv_plain(selection) + out.getvalue().encode("utf-8")


def opensdg_id(selection: Selection, indicator_id: str) -> str:
    """Open SDG wants ids like ``1-2-1``: Handlungsfeld number, position, 1 (the Stellwerk id is in the metadata)."""
    from stellwerk.indicators.catalogue import default_catalogue

    catalogue = default_catalogue()
    felder = list(catalogue.handlungsfelder)
    ind = catalogue.get(indicator_id)
    members = [i.id for i in catalogue.indicators.values() if i.handlungsfeld == ind.handlungsfeld]
    return f"{felder.index(ind.handlungsfeld) + 1}-{members.index(ind.id) + 1}-1"


def write_opensdg(selection: Selection, out: Path) -> list[Path]:
    """``data/indicator_X-Y-Z.csv`` (Year, Gebiet, GeoCode, Units, Value, COMMENT_OBS) and ``meta/X-Y-Z.yml``.

    The first selected area is the headline series (empty disaggregation column, as Open SDG expects);
    the other areas are the disaggregation ``Gebiet``.
    """
    (out / "data").mkdir(parents=True, exist_ok=True)
    (out / "meta").mkdir(parents=True, exist_ok=True)
    headline = selection.areas[0]["code"]
    written = []
    for ind in selection.indicators:
        inid = opensdg_id(selection, ind.id)
        part = selection.rows[selection.rows["indikator"] == ind.id]
        path = out / "data" / f"indicator_{inid}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["Year", "Gebiet", "GeoCode", "Units", "Value", "COMMENT_OBS"])
            ordered = part.assign(_h=part["schluessel"] != headline).sort_values(["_h", "schluessel", "jahr"])
            for r in ordered.itertuples(index=False):
                comment = f"{r.kennzeichen}: {r.kennzeichen_bedeutung}" if r.kennzeichen else ""
                writer.writerow([r.jahr, "" if r.schluessel == headline else _safe(r.gebiet), r.schluessel, r.einheit,
                                 "" if r.wert is None else r.wert, _safe(comment)])
        written.append(path)
        sources = selection.datasets.get(ind.id, [])
        meta = {
            "indicator_number": inid.replace("-", "."),
            "indicator_name": ind.title,
            "stellwerk_id": ind.id,
            "reporting_status": "complete" if not part.empty else "notstarted",
            "data_non_statistical": False,
            "graph_type": "line",
            "computation_units": ind.unit,
            "STAT_CONC_DEF": ind.definition,
            "COMPILING_ORG": "Eigene Berechnung mit Stellwerk",
            "DATA_SOURCE": "; ".join(f"{d['attribution']}: {d['title']} ({d['table']})" for d in sources) or ind.source,
            "REC_USE_LIM": "; ".join(sorted({f"{d['attribution']}, Lizenz {d['licence']}" for d in sources})),
            "COMMENT_OBS": " ".join(filter(None, ["Kennzeichen nach den Zeichenerklärungen der amtlichen Statistik.",
                                                   selection.disclosure_note])),
            "national_geographical_coverage": ", ".join(a["name"] for a in selection.areas),
        }
        if ind.method_notes:
            meta["COMPARABILITY"] = ind.method_notes
        meta_path = out / "meta" / f"{inid}.yml"
        meta_path.write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
        written.append(meta_path)
    return written


_TYPES = {"jahr": "integer", "wert": "number", "zaehler": "number", "nenner": "number"}


def write_frictionless(selection: Selection, out: Path) -> list[Path]:
    """``data.csv`` plus ``datapackage.json`` with Table Schema, sources and licences."""
    out.mkdir(parents=True, exist_ok=True)
    data = out / "data.csv"
    data.write_bytes(selection_csv_plain(selection))
    sources = [{"title": f"{a[0]}: {a[1]} ({a[2]})", "licence": a[3]} for a in _attribution_lines(selection)]
    package = {
        "profile": "tabular-data-package",
        "name": "stellwerk-auswahl",
        "title": "Indikatoren: " + ", ".join(i.title for i in selection.indicators),
        "licenses": [{"name": lic, "title": lic} for lic in sorted({s["licence"] for s in sources if s["licence"]})],
        "sources": [{"title": s["title"]} for s in sources],
        **({"description": selection.disclosure_note} if selection.disclosure_note else {}),
        "resources": [{
            "name": "werte", "path": "data.csv", "profile": "tabular-data-resource", "format": "csv",
            "encoding": "utf-8", "mediatype": "text/csv",
            "schema": {
                "fields": [{"name": c, "type": _TYPES.get(c, "string")} for c in COLUMNS],
                "primaryKey": ["indikator", "schluessel", "jahr"],
                "missingValues": [""],
            },
        }],
    }
    path = out / "datapackage.json"
    path.write_text(json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8")
    return [data, path]


def selection_csv_plain(selection: Selection) -> bytes:
    """The tidy CSV without comment lines (for data packages, where every line must be data)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in selection.rows.itertuples(index=False):
        writer.writerow([_safe("" if v is None else v) for v in r])
    return out.getvalue().encode("utf-8")


def write_export(selection: Selection, fmt: str, out: Path) -> list[Path]:
    """Write the selection in one of ``FORMATS`` (files for xlsx/csv, folders for opensdg/frictionless)."""
    if fmt == "xlsx":
        out.write_bytes(selection_xlsx(selection))
        return [out]
    if fmt == "csv":
        out.write_bytes(selection_csv(selection))
        return [out]
    if fmt == "opensdg":
        return write_opensdg(selection, out)
    return write_frictionless(selection, out)

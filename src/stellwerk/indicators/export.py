# SPDX-License-Identifier: EUPL-1.2
"""CSV and XLSX of an indicator page: exactly the tables the page shows, with attribution."""
from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from stellwerk.indicators.page import AreaIndicatorView, view_rows

__all__ = ["view_csv", "view_xlsx", "COLUMNS"]

COLUMNS = ["tabelle", "indikator", "gebiet", "schluessel", "jahr", "stichtag", "wert", "einheit", "zaehler", "nenner",
           "kennzeichen", "hinweis"]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _attribution(view: AreaIndicatorView) -> list[str]:
    lines = [f"{view.indicator.title} – {view.area['name']} ({view.area['code']})",
             f"Definition: {view.indicator.definition}",
             "Eigene Berechnung mit Stellwerk aus amtlichen Daten."]
    for ds in view.datasets:
        lines.append(f"Quelle: {ds['attribution']}, {ds['title']} ({ds['table']}), Lizenz {ds['licence']}")
    return lines


def view_csv(view: AreaIndicatorView) -> bytes:
    """UTF-8 CSV (with BOM for spreadsheet programs), ``;``-separated, comment lines with the sources."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in view_rows(view):
        writer.writerow([_safe("" if row.get(c) is None else row.get(c)) for c in COLUMNS])
    for line in _attribution(view):
        writer.writerow([_safe("# " + line)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def view_xlsx(view: AreaIndicatorView) -> bytes:
    """A workbook with the page's tables and a sheet with definition and sources."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Werte"
    sheet.append(COLUMNS)
    for row in view_rows(view):
        sheet.append([_safe(row.get(c)) for c in COLUMNS])
    info = book.create_sheet("Definition und Quellen")
    for line in _attribution(view):
        info.append([_safe(line)])
    info.append([_safe(f"Zähler: {view.indicator.numerator_label or view.indicator.numerator or view.indicator.group}")])
    info.append([_safe(f"Nenner: {view.indicator.denominator_label or view.indicator.denominator or view.indicator.reference or ''}")])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

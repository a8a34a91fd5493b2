# SPDX-License-Identifier: EUPL-1.2
"""The Integrationsbericht as an Excel workbook: summary, one sheet per indicator, footnotes, sources."""
from __future__ import annotations

import io

from openpyxl import Workbook

from stellwerk.reports.content import Report
from stellwerk.reports.exports import _safe, _sheet_name

__all__ = ["report_xlsx"]


def _value(row: dict | None):
    if row is None:
        return None
    return row["value"] if row["value"] is not None else row.get("flag")  # a flag never turns into a number


def _fn(row: dict | None) -> str:
    return f"[{row['footnote']}]" if row and row.get("footnote") else ""


def report_xlsx(report: Report) -> bytes:
    """Workbook with the report's tables (same numbers, footnote marks and sources as the PDF)."""
    book = Workbook()
    summary = book.active
    summary.title = "Zusammenfassung"
    summary.append([_safe(f"Integrationsbericht {report.area['name']} ({report.area['code']}), {report.year or 'keine Daten'}")])
    for message in report.messages:
        summary.append([_safe(message)])
    summary.append(["Indikator", "Jahr", "Wert", "Einheit", "Fußnote", "Trend", "Median Vergleich", "Rang", "von"])
    for e in report.summary:  # the view's year: the report year, else the last with a value (as in the PDF)
        v = e.view
        summary.append([_safe(v.indicator.title), v.year, _safe(_value(v.current)), v.indicator.unit, _fn(v.current),
                        v.trend.direction, v.peers.median, v.peers.rank, v.peers.n])
    used = {"Zusammenfassung", "Steuerung", "Fußnoten", "Quellen"}
    for e in report.entries:
        v = e.view
        sheet = book.create_sheet(_sheet_name(v.indicator.id, used))
        sheet.append([_safe(v.indicator.title)])
        sheet.append([_safe(v.indicator.definition)])
        sheet.append(["Tabelle", "Gebiet", "Schlüssel", "Jahr", "Wert", "Zähler", "Nenner", "Fußnote"])
        for r in v.series:
            sheet.append(["Zeitreihe", _safe(v.area["name"]), v.area["code"], r["year"], _safe(_value(r)),
                          r["numerator"], r["denominator"], _fn(r)])
        for r in v.peer_rows:
            sheet.append([_safe(f"Vergleich ({v.peer_group_label})"), _safe(r["name"]), r["code"], v.year, r["value"], None, None, ""])
        for r in e.subareas:
            sheet.append(["Teilgebiete", _safe(r["name"]), r["code"], r["year"], _safe(_value(r)), r["numerator"],
                          r["denominator"], _fn(r)])
        if e.disclosure_note:
            sheet.append([_safe(e.disclosure_note)])
    steering = book.create_sheet("Steuerung")
    for s in report.sections.values():
        steering.append([_safe(s["title"])])
        if not s["available"]:
            steering.append([_safe(s["message"])])
        if s["source"]:
            steering.append([_safe(f"Erfasst von: {s['source']}")])
        for fact in s["facts"]:
            steering.append([_safe(fact)])
        for table in s["tables"]:
            steering.append([_safe(table["caption"])])
            steering.append([_safe(c) for c in table["columns"]])
            for row in table["rows"]:
                steering.append([_safe(x) for x in row["cells"]])
        steering.append([])
    notes = book.create_sheet("Fußnoten")
    notes.append(["Nr.", "Zeichen", "Bedeutung", "Hinweis"])
    for f in report.footnotes:
        notes.append([f["n"], f["flag"], f["meaning"], _safe(f["note"])])
    sources = book.create_sheet("Quellen")
    sources.append(["Namensnennung", "Titel", "Tabelle", "Lizenz", "Stand"])
    for d in report.datasets:
        sources.append([_safe(d["attribution"]), _safe(d["title"]), d["table"], d["licence"], str(d["reference_date"] or "")])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

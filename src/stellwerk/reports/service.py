# SPDX-License-Identifier: EUPL-1.2
"""One call per user action: produce a report file or an export of a selection."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from stellwerk.errors import InputError
from stellwerk.progress import Progress
from stellwerk.reports.content import Report, build_report
from stellwerk.reports.exports import FORMATS as EXPORT_FORMATS
from stellwerk.reports.exports import write_export
from stellwerk.reports.render import render_html, render_pdf
from stellwerk.reports.selection import parse_years, select_data
from stellwerk.reports.template import load_template
from stellwerk.reports.workbook import report_xlsx

__all__ = ["REPORT_FORMATS", "EXPORT_FORMATS", "report_bytes", "write_report", "export_selection", "report_summary"]

REPORT_FORMATS = ("html", "pdf", "xlsx")


def report_bytes(report: Report, fmt: str, template_dir: str | Path | None = None) -> bytes:
    """The gathered report in one of ``REPORT_FORMATS``."""
    if fmt not in REPORT_FORMATS:
        raise InputError(f"Format {fmt!r} unbekannt", column="--format", expected=", ".join(REPORT_FORMATS))
    if fmt == "xlsx":
        return report_xlsx(report)
    template = load_template(template_dir)
    return render_pdf(report, template) if fmt == "pdf" else render_html(report, template).encode("utf-8")


def report_summary(report: Report) -> dict:
    """What went into a report, for ``--json`` answers."""
    return {
        "area": {"code": report.area["code"], "name": report.area["name"], "level": report.area["level"]},
        "year": report.year,
        "indicators": [e.view.indicator.id for e in report.entries],
        "chapters": [{"id": c.id, "label": c.label, "indicators": len(c.entries)} for c in report.chapters],
        "footnotes": len(report.footnotes),
        "datasets": [d["table"] for d in report.datasets],
        "messages": report.messages,
        "sections": {key: {"available": s["available"], "message": s["message"], "source": s["source"]}
                     for key, s in report.sections.items()},
    }


def write_report(session: Session, area: str, year: int | None, fmt: str, out: Path,
                 template_dir: str | Path | None = None, indicator_set: str | None = None,
                 progress: Progress | None = None, tenants: Sequence[str] = ()) -> dict:
    """Gather and render the report, write it to ``out`` and return its summary."""
    if fmt not in REPORT_FORMATS:
        raise InputError(f"Format {fmt!r} unbekannt", column="--format", expected=", ".join(REPORT_FORMATS))
    template = load_template(template_dir) if fmt != "xlsx" else None
    report = build_report(session, area, year, indicator_set=indicator_set, progress=progress, tenants=tenants)
    data = report_bytes(report, fmt, template.directory if template else None)
    out.write_bytes(data)
    return {**report_summary(report), "format": fmt, "file": str(out), "bytes": len(data)}


def export_selection(session: Session, indicators: list[str], areas: list[str], years: str | None, fmt: str,
                     out: Path) -> dict:
    """Export exactly the selection and return what was written."""
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"Format {fmt!r} unbekannt", column="--format", expected=", ".join(EXPORT_FORMATS))
    selection = select_data(session, indicators, areas, parse_years(years))
    files = write_export(selection, fmt, out)
    return {"format": fmt, "rows": len(selection.rows), "indicators": [i.id for i in selection.indicators],
            "areas": [a["code"] for a in selection.areas], "files": [str(f) for f in files]}

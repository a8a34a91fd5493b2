# SPDX-License-Identifier: EUPL-1.2
"""Render a gathered report: HTML through the Jinja template, PDF through WeasyPrint."""
from __future__ import annotations

import logging

from stellwerk.charts.bars import comparison_bars
from stellwerk.charts.svg import choropleth, line_chart
from stellwerk.indicators.schema import KIND_LABELS, POLARITY_LABELS
from stellwerk.observations import flags as obs_flags
from stellwerk.reports.content import IndicatorEntry, Report
from stellwerk.reports.template import ReportTemplate, load_template

__all__ = ["render_html", "render_pdf", "html_to_pdf"]

log = logging.getLogger(__name__)


def _charts(entry: IndicatorEntry) -> dict:
    """The vector charts of one indicator: series, peer comparison, map of the sub-areas."""
    view, ind = entry.view, entry.view.indicator
    series = None  # no chart without a single value: the template says so instead of drawing an empty frame
    if any(r["value"] is not None for r in view.series):
        series = line_chart([(r["year"], r["value"], r["flag"]) for r in view.series], ind.short_title, ind.unit,
                            ind.decimals)
    peers = None
    if view.peer_rows:
        peers = comparison_bars([(r["name"], r["value"]) for r in view.peer_rows], view.area["name"],
                                ind.short_title, ind.unit, ind.decimals, view.peers.median)
    map_svg = None
    if entry.subareas and view.geometries:
        names = {r["area_id"]: r["name"] for r in entry.subareas}
        map_svg = choropleth(view.geometries, {r["area_id"]: r["value"] for r in entry.subareas}, names,
                             ind.short_title, ind.unit, ind.decimals)
    return {"series": series, "peers": peers, "map": map_svg}


def _styled(svg: str | None, css: str) -> str | None:
    """Put the chart rules into the SVG itself (only for self-contained HTML and PDF)."""
    if not svg or not css:
        return svg
    head, sep, rest = svg.partition(">")
    return f"{head}{sep}<style>{css}</style>{rest}"


def render_html(report: Report, template: ReportTemplate | None = None, css_href: str | None = None) -> str:
    """The report as one HTML document: SVG inline, CSS inline (or linked from ``css_href`` for the web,
    whose Content-Security-Policy forbids inline styles)."""
    template = template or load_template()
    charts = {e.view.indicator.id: _charts(e) for e in report.entries}
    if css_href is None:
        css = template.chart_css()
        charts = {k: {name: _styled(svg, css) for name, svg in v.items()} for k, v in charts.items()}
    return template.env.get_template("report.html.j2").render(
        report=report, charts=charts, settings=template.settings, css=template.css(), css_href=css_href, logo=template.logo_svg(),
        flags=obs_flags.FLAGS, kind_labels=KIND_LABELS, polarity_labels=POLARITY_LABELS,
    )


def html_to_pdf(html: str) -> bytes:
    """Convert with WeasyPrint, tagged (PDF/UA-1) where the installed version supports it."""
    from weasyprint import HTML  # imported late: needs Pango from the system (see docs/reports.md)

    document = HTML(string=html, base_url=None)
    try:
        return document.write_pdf(pdf_variant="pdf/ua-1")
    except (TypeError, ValueError) as error:  # older WeasyPrint: no PDF/UA variant
        log.info("PDF/UA nicht verfügbar (%s), schreibe getaggtes PDF", error)
        try:
            return document.write_pdf(pdf_tags=True)
        except TypeError:
            return document.write_pdf()


def render_pdf(report: Report, template: ReportTemplate | None = None) -> bytes:
    """The report as PDF."""
    return html_to_pdf(render_html(report, template))

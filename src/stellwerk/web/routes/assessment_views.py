# SPDX-License-Identifier: EUPL-1.2
"""What the self-check result pages show, independent of how the run was reached.

A run is reached with its results code (``/selbstchecks/auswertung/<code>``) or, for
members of its tenant, by id (``/t/<slug>/selbstchecks/<id>``); both routers call these
functions with the run and the URL prefix ``base`` of its pages.
"""
from __future__ import annotations

import base64
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from stellwerk.assessment.benchmarks import GEMEINDETYPEN, LAENDER
from stellwerk.assessment.catalogue import Catalogue, default_catalogue
from stellwerk.assessment.charts import Series, bars_svg, radar_svg
from stellwerk.assessment.models import AssessmentRun, Mode, Sector
from stellwerk.assessment.results import run_results
from stellwerk.assessment.survey import GROUPINGS, analyse, export_raw_csv, export_tables_csv, survey_status
from stellwerk.assessment.weighting import frame_from_register
from stellwerk.errors import StellwerkError
from stellwerk.web.templating import render, templates

__all__ = ["MODULE_PATHS", "catalogue_of", "link_href", "page", "error_page", "plain", "results_page",
           "run_resource"]

# Where recommendation links point; module pages come from the other modules' routers.
MODULE_PATHS = {
    "strategy": "/konzept",
    "network": "/netzwerk",
    "indicators": "/indikatoren",
    "knowledge": "/praxis",
    "reports": "/berichte",
    "assessment": "/selbstchecks",
}


def catalogue_of(request: Request) -> Catalogue:
    """The shipped catalogue, or the one a test put on ``app.state``."""
    return getattr(request.app.state, "assessment_catalogue", None) or default_catalogue()


def link_href(link: dict[str, Any]) -> str | None:
    """The URL of a recommendation link (practice search, module page) or None for a next step."""
    if link["kind"] == "practice":
        query = {k: v for k, v in (("feld", link.get("field")), ("thema", link.get("sub_topic")),
                                   ("id", link.get("practice_id"))) if v}
        return "/praxis?" + urlencode(query)
    if link["kind"] == "module":
        return MODULE_PATHS.get(link.get("module") or "")
    return None


def page(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    return render(request, f"assessment/{name}", context, status_code)


def error_page(request: Request, message: str, status_code: int) -> HTMLResponse:
    return page(request, "error.html", {"message": message}, status_code)


def plain(message: str, status_code: int) -> Response:
    return Response(message, status_code=status_code, media_type="text/plain; charset=utf-8")


def survey_analysis(session: Session, catalogue: Catalogue, run: AssessmentRun, by: str,
                    weighting: str | None) -> dict[str, Any]:
    """The survey tables; with ``weighting == "register"`` weighted to the newest Gebietsstand of
    the area register. Raises StellwerkError (German) when that is not possible."""
    if weighting == "register":
        frame = frame_from_register(session)
        return analyse(session, catalogue, run, by=by, frame=frame.cells, frame_source=frame.describe())
    return analyse(session, catalogue, run, by=by)


def results_page(request: Request, session: Session, run: AssessmentRun, base: str, *, by: str = "gemeindetyp",
                 can_close: bool = True, weighting: str | None = None) -> HTMLResponse:
    """The results page of a run; its charts, PDF and exports live under ``base``."""
    catalogue = catalogue_of(request)
    result = run_results(catalogue, run)
    _add_hrefs(result)
    context: dict[str, Any] = {"result": result, "base": base, "run": run, "sectors": Sector.LABELS,
                               "gemeindetypen": GEMEINDETYPEN, "laender": LAENDER, "can_close": can_close}
    if run.mode == Mode.SURVEY:
        by = by if by in GROUPINGS else "gemeindetyp"
        try:
            analysis = survey_analysis(session, catalogue, run, by, weighting)
        except StellwerkError as error:
            analysis = analyse(session, catalogue, run, by=by)
            context["weighting_error"] = str(error)
        context.update(status=survey_status(session, run), analysis=analysis, groupings=GROUPINGS)
    return page(request, "results.html", context)


def _radar(result: dict[str, Any]) -> str | None:
    sections = [s for s in result["sections"] if s["weight"]]
    if len(sections) < 3:
        return None
    series = [Series("Alle", [s["mean"] for s in sections])]
    for sector in result["sectors"]:
        series.append(Series(sector["label"], [s["by_sector"].get(sector["id"]) for s in sections]))
    return radar_svg([s["short"] for s in sections], series, f"{result['instrument']['title']}: Punkte je Abschnitt")


def _section_svg(result: dict[str, Any], section_id: str) -> str | None:
    section = next((s for s in result["sections"] if s["id"] == section_id), None)
    if section is None:
        return None
    items = [i for i in section["items"] if i["scored"]]
    title = f"{section['title']}: Punkte je Frage"
    if len(items) >= 3:
        series = [Series("Alle", [i["mean"] for i in items])]
        for sector in result["sectors"]:
            series.append(Series(sector["label"], [i["by_sector"].get(sector["id"]) for i in items]))
        return radar_svg([f"Frage {n}" for n in range(1, len(items) + 1)], series, title, size=380)
    return bars_svg([(i["text"], i["mean"]) for i in items], title)


def _data_uri(svg: str | None) -> str | None:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii") if svg else None


def _pdf(result: dict[str, Any], origin: str) -> bytes:
    """The print version: overall radar, one chart per section, benchmarks, recommendations with full URLs."""
    from weasyprint import HTML  # heavy import, only for PDF requests

    _add_hrefs(result, origin)
    charts = {s["id"]: _data_uri(_section_svg(result, s["id"])) for s in result["sections"] if s["weight"]}
    html = templates.get_template("assessment/print.html").render(
        result=result, radar=_data_uri(_radar(result)), charts=charts, gemeindetypen=GEMEINDETYPEN, laender=LAENDER)
    return HTML(string=html).write_pdf()


def _add_hrefs(result: dict[str, Any], origin: str = "") -> None:
    for rule in result["recommendations"]:
        for link in rule["links"]:
            href = link_href(link)
            link["href"] = origin + href if href else None


def _csv(text: str, filename: str) -> Response:
    return Response("\ufeff" + text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def run_resource(request: Request, session: Session, run: AssessmentRun, resource: str,
                 by: str = "gemeindetyp", weighting: str | None = None) -> Response:
    """One file of a run: radar.svg, abschnitt-<id>.svg, ergebnis.pdf, rohdaten.csv, tabellen.csv."""
    catalogue = catalogue_of(request)
    if resource == "rohdaten.csv":
        return _csv(export_raw_csv(session, catalogue, run), f"befragung-{run.id}-rohdaten.csv")
    if resource == "tabellen.csv":
        try:
            analysis = survey_analysis(session, catalogue, run, by, weighting)
        except StellwerkError as error:
            return plain(str(error), 422)
        return _csv(export_tables_csv(analysis), f"befragung-{run.id}-{analysis['by']}.csv")
    result = run_results(catalogue, run)
    if resource == "ergebnis.pdf":
        return Response(_pdf(result, str(request.base_url).rstrip("/")), media_type="application/pdf",
                        headers={"Content-Disposition": f'attachment; filename="selbstcheck-{run.id}.pdf"'})
    if resource == "radar.svg":
        svg = _radar(result)
    elif resource.startswith("abschnitt-") and resource.endswith(".svg"):
        svg = _section_svg(result, resource.removeprefix("abschnitt-").removesuffix(".svg"))
    else:
        return plain("Unbekannte Datei.", 404)
    if svg is None:
        return plain("Kein Diagramm für diesen Durchlauf.", 404)
    return Response(svg, media_type="image/svg+xml")

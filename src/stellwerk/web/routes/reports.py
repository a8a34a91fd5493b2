# SPDX-License-Identifier: EUPL-1.2
"""Integrationsbericht of an area in the browser, as PDF and as Excel download."""
from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from stellwerk.errors import NotFoundError, StellwerkError
from stellwerk.reports.content import build_report
from stellwerk.reports.render import render_html
from stellwerk.reports.service import report_bytes
from stellwerk.reports.template import load_template
from stellwerk.web.deps import get_session
from stellwerk.web.templating import render

router = APIRouter()

_MEDIA = {"pdf": "application/pdf", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _error(request: Request, error: StellwerkError) -> HTMLResponse:
    status = 404 if isinstance(error, NotFoundError) else 400
    return render(request, "indicators/error.html", {"message": str(error)}, status_code=status)


@router.get("/gebiete/{code}/bericht", response_class=HTMLResponse, include_in_schema=False)
def report_page(request: Request, code: str, jahr: int | None = Query(None, ge=1900, le=2100),
                session: Session = Depends(get_session, scope="function")) -> Response:
    try:
        report = build_report(session, code, jahr)
    except StellwerkError as error:
        return _error(request, error)
    return HTMLResponse(render_html(report, load_template(), css_href="/berichte/vorlage.css"))


@router.get("/berichte/vorlage.css", include_in_schema=False)
def report_css() -> Response:
    # a separate stylesheet because the Content-Security-Policy forbids inline styles
    return Response(load_template().css(), media_type="text/css; charset=utf-8")


def _download(request: Request, code: str, jahr: int | None, fmt: str, session: Session) -> Response:
    try:
        report = build_report(session, code, jahr)
    except StellwerkError as error:
        return _error(request, error)
    name = quote(f"integrationsbericht_{report.area['code']}_{report.year or 'ohne-daten'}.{fmt}")
    return Response(report_bytes(report, fmt), media_type=_MEDIA[fmt],
                    headers={"Content-Disposition": f"attachment; filename=\"{name}\""})


@router.get("/gebiete/{code}/bericht.pdf", include_in_schema=False)
def report_pdf(request: Request, code: str, jahr: int | None = Query(None, ge=1900, le=2100),
               session: Session = Depends(get_session, scope="function")) -> Response:
    return _download(request, code, jahr, "pdf", session)


@router.get("/gebiete/{code}/bericht.xlsx", include_in_schema=False)
def report_xlsx_download(request: Request, code: str, jahr: int | None = Query(None, ge=1900, le=2100),
                         session: Session = Depends(get_session, scope="function")) -> Response:
    return _download(request, code, jahr, "xlsx", session)

# SPDX-License-Identifier: EUPL-1.2
"""Indicator pages (public: official data only) and their downloads."""
from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from stellwerk.errors import NotFoundError, StellwerkError
from stellwerk.indicators.catalogue import default_catalogue
from stellwerk.indicators.export import view_csv, view_xlsx
from stellwerk.indicators.page import area_indicator_view
from stellwerk.indicators.peers import CUSTOM, PEER_KINDS, PeerChoice, parse_peers
from stellwerk.indicators.schema import KIND_LABELS, POLARITY_LABELS
from stellwerk.indicators.service import indicator_value
from stellwerk.web.data_cache import cached, peek
from stellwerk.web.deps import get_session
from stellwerk.charts.svg import choropleth, line_chart
from stellwerk.web.navigation import NavItem, register_nav
from stellwerk.web.templating import render

router = APIRouter()
register_nav(NavItem("indicators", "Indikatoren", "/indikatoren", order=15))


def _error(request: Request, error: StellwerkError) -> HTMLResponse:
    status = 404 if isinstance(error, NotFoundError) else 400
    return render(request, "indicators/error.html", {"message": str(error)}, status_code=status)


@router.get("/indikatoren", response_class=HTMLResponse, include_in_schema=False)
def catalogue_page(request: Request, set: str | None = Query(None)) -> HTMLResponse:
    catalogue = default_catalogue()
    try:
        items = catalogue.in_set(set)
    except StellwerkError as error:
        return _error(request, error)
    groups = [(feld, [i for i in items if i.handlungsfeld == feld.id]) for feld in catalogue.handlungsfelder.values()]
    return render(
        request, "indicators/list.html",
        {"groups": [g for g in groups if g[1]], "sets": catalogue.sets, "current_set": set},
    )


@router.get("/indikatoren/{indicator_id}", response_class=HTMLResponse, include_in_schema=False)
def definition_page(request: Request, indicator_id: str) -> HTMLResponse:
    catalogue = default_catalogue()
    try:
        ind = catalogue.get(indicator_id)
    except StellwerkError as error:
        return _error(request, error)
    return render(
        request, "indicators/definition.html",
        {"ind": ind, "feld": catalogue.handlungsfelder[ind.handlungsfeld], "catalogue": catalogue,
         "kind_label": KIND_LABELS[ind.kind], "polarity_label": POLARITY_LABELS[ind.polarity]},
    )


@router.get("/indikatoren/{indicator_id}/suche", include_in_schema=False)
def search_area(indicator_id: str, gebiet: str = Query(..., max_length=200)) -> RedirectResponse:
    return RedirectResponse(f"/indikatoren/{quote(indicator_id)}/gebiet/{quote(gebiet.strip(), safe='')}", status_code=303)


def _peers(vergleich: str, liste: str) -> PeerChoice:
    """``?liste=05111,05113`` (the form's text field) wins over ``?vergleich=`` (a kind or a list of codes)."""
    return parse_peers(liste if liste.strip() else vergleich)


@router.get("/indikatoren/{indicator_id}/gebiet/{area}", response_class=HTMLResponse, include_in_schema=False)
def area_page(request: Request, indicator_id: str, area: str, jahr: int | None = Query(None),
              vergleich: str = Query("land", max_length=4000), liste: str = Query("", max_length=4000),
              session: Session = Depends(get_session, scope="function")) -> HTMLResponse:
    try:
        view = area_indicator_view(session, indicator_id, area, jahr, _peers(vergleich, liste))
    except StellwerkError as error:
        return _error(request, error)
    ind = view.indicator
    chart = line_chart([(r["year"], r["value"], r["flag"]) for r in view.series], ind.short_title, ind.unit, ind.decimals)
    names = {r["area_id"]: r["name"] for r in view.subareas}
    map_svg = choropleth(view.geometries, {r["area_id"]: r["value"] for r in view.subareas}, names,
                         ind.short_title, ind.unit, ind.decimals) if view.geometries else None
    return render(
        request, "indicators/area.html",
        {"view": view, "ind": ind, "chart": chart, "map_svg": map_svg, "peer_kinds": PEER_KINDS, "custom": CUSTOM,
         "polarity_label": POLARITY_LABELS[ind.polarity], "kind_label": KIND_LABELS[ind.kind]},
    )


def _download(session: Session, indicator_id: str, area: str, jahr: int | None, vergleich: str, liste: str,
              kind: str) -> Response:
    try:
        view = area_indicator_view(session, indicator_id, area, jahr, _peers(vergleich, liste))
    except StellwerkError as error:
        return JSONResponse(error.to_dict(), status_code=404 if isinstance(error, NotFoundError) else 400)
    name = f"{view.indicator.id}_{view.area['code']}_{view.year or 'alle'}"
    if kind == "csv":
        return Response(view_csv(view), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    return Response(view_xlsx(view), media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})


@router.get("/indikatoren/{indicator_id}/gebiet/{area}/daten.csv", include_in_schema=False)
def download_csv(indicator_id: str, area: str, jahr: int | None = Query(None),
                 vergleich: str = Query("land", max_length=4000), liste: str = Query("", max_length=4000),
                 session: Session = Depends(get_session, scope="function")) -> Response:
    return _download(session, indicator_id, area, jahr, vergleich, liste, "csv")


@router.get("/indikatoren/{indicator_id}/gebiet/{area}/daten.xlsx", include_in_schema=False)
def download_xlsx(indicator_id: str, area: str, jahr: int | None = Query(None),
                  vergleich: str = Query("land", max_length=4000), liste: str = Query("", max_length=4000),
                  session: Session = Depends(get_session, scope="function")) -> Response:
    return _download(session, indicator_id, area, jahr, vergleich, liste, "xlsx")


@router.get("/api/indikatoren", tags=["Indikatoren"], responses={404: {"description": "Unbekanntes Set"}})
def api_list(set: str | None = Query(None)) -> JSONResponse:
    """Indikatoren des Katalogs (optional nur eines Sets)."""
    try:
        items = default_catalogue().in_set(set)
    except StellwerkError as error:
        return JSONResponse(error.to_dict(), status_code=404)
    return JSONResponse([
        {"id": i.id, "title": i.title, "handlungsfeld": i.handlungsfeld, "kind": i.kind, "unit": i.unit,
         "polarity": i.polarity, "sets": i.sets}
        for i in items
    ])


@router.get("/api/indikatoren/{indicator_id}/werte/{area}/{period}", tags=["Indikatoren"],
            responses={400: {"description": "Ungültige Anfrage"}, 404: {"description": "Indikator, Gebiet oder Wert nicht gefunden"}})
async def api_value(request: Request, indicator_id: str, area: str, period: str) -> Response:
    """Ein Indikatorwert mit Zähler, Nenner, Kennzeichen und Quellen."""
    # Same data, same answer: the encoded JSON is kept until an import changes the datasets
    # (web/data_cache.py). A stored answer goes out without a database session or a worker thread.
    workspace = request.app.state.workspace
    body = peek(workspace.engine, "indicator_value_json", (indicator_id, area, period))
    if body is not None:
        return Response(body, media_type="application/json")
    return await run_in_threadpool(_value_response, workspace, indicator_id, area, period)


def _value_response(workspace, indicator_id: str, area: str, period: str) -> Response:
    with workspace.session() as session:
        try:
            body = cached(session, "indicator_value_json", (indicator_id, area, period),
                          lambda: JSONResponse(jsonable(indicator_value(session, indicator_id, area, period))).body)
        except StellwerkError as error:
            return JSONResponse(error.to_dict(), status_code=404 if isinstance(error, NotFoundError) else 400)
    return Response(body, media_type="application/json")


def jsonable(document: dict) -> dict:
    from fastapi.encoders import jsonable_encoder

    return jsonable_encoder(document)

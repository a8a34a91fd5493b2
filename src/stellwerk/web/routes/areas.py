# SPDX-License-Identifier: EUPL-1.2
"""Gebiete: pages /gebiete and /gebiete/{code}, JSON API /api/areas."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from stellwerk.errors import NotFoundError
from stellwerk.geo.models import Area, Level
from stellwerk.geo.search import candidate, describe_area, find_areas, list_areas, resolve_area
from stellwerk.web.deps import get_session
from stellwerk.web.templating import render

router = APIRouter()

# Which level a detail page lists below an area.
_CHILD_LEVEL = {
    Level.BUND: Level.LAND,
    Level.LAND: Level.KREIS,
    Level.REGIERUNGSBEZIRK: Level.KREIS,
    Level.REGION: Level.KREIS,
    Level.KREIS: Level.GEMEINDE,
    Level.GEMEINDEVERBAND: Level.GEMEINDE,
}


def _area_by_code(session: Session, code: str) -> Area:
    if not (code.isdigit() or code.upper() == "DG") or len(code) > 12:
        raise HTTPException(status_code=404, detail="Unbekannter Gebietsschlüssel")
    try:
        return resolve_area(session, code).area
    except NotFoundError as error:
        raise HTTPException(status_code=404, detail=str(error)) from None


@router.get("/gebiete", response_class=HTMLResponse, include_in_schema=False)
def areas_page(request: Request, q: str = "", session: Session = Depends(get_session, scope="function")) -> HTMLResponse:
    """Länder with their population; with ``q`` the areas matching a search."""
    query = q.strip()[:100]
    results = [candidate(a) for a in find_areas(session, query, limit=50)] if query else []
    laender = list_areas(session, Level.LAND)
    return render(request, "areas/list.html", {"laender": laender, "query": query, "results": results})


@router.get("/gebiete/{code}", response_class=HTMLResponse, include_in_schema=False)
def area_page(request: Request, code: str, session: Session = Depends(get_session, scope="function")) -> HTMLResponse:
    """One area: keys, type, population, parents and the areas one level below."""
    area = _area_by_code(session, code)
    document = describe_area(session, area)
    child_level = _CHILD_LEVEL.get(area.level)
    within = None if area.level == Level.BUND else area.code
    if area.level == Level.KREIS and area.type in ("kreisfreie Stadt", "Stadtkreis"):
        child_level = None  # its only Gemeinde is itself (named in same_unit)
    children = list_areas(session, child_level, within=within) if child_level else []
    return render(
        request,
        "areas/detail.html",
        {"area": document, "children": children, "child_label": Level.LABELS.get(child_level or "", "")},
    )


@router.get("/api/areas", tags=["Gebiete"])
def api_search(
    q: str = Query("", max_length=100, description="Name oder Schlüssel (ARS, AGS, Kreis-, Landschlüssel)"),
    session: Session = Depends(get_session, scope="function"),
) -> list[dict[str, Any]]:
    """Gebiete suchen: Treffer mit Schlüssel, Name, Ebene, Typ und Land."""
    return [candidate(a) for a in find_areas(session, q, limit=50)]


@router.get("/api/areas/{code}", tags=["Gebiete"], responses={404: {"description": "Gebiet nicht gefunden"}})
def api_area(code: str, session: Session = Depends(get_session, scope="function")) -> dict[str, Any]:
    """Ein Gebiet mit Typ, Land, übergeordneten Gebieten, Bevölkerung, Größenklasse und Gebietsständen."""
    return describe_area(session, _area_by_code(session, code))

# SPDX-License-Identifier: EUPL-1.2
"""Knowledge pages and API: practice search, concept register, similar municipalities.

All routes here only read published content and are public. A workspace's own
entries are written and reviewed under ``/t/{tenant}/praxis`` and
``/t/{tenant}/konzepte`` (``knowledge_own_practices``, ``knowledge_own_concepts``).
"""
from __future__ import annotations

import csv
import io

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session


from stellwerk.errors import AmbiguousError, InputError, NotFoundError
from stellwerk.knowledge.concepts import register_stats, search_concepts, timeline
from stellwerk.knowledge.loading import ensure_shipped_content
from stellwerk.knowledge.practices import get_practice, linked_areas
from stellwerk.knowledge.schema import FIELDS, LAENDER, SOURCE_TYPE_LABELS
from stellwerk.knowledge.search import FACETS, SearchFilters, practice_summary, search_practices
from stellwerk.knowledge.similar import FEATURE_LABELS, result_document, similar_municipalities
from stellwerk.knowledge.strategy_link import published_versions
from stellwerk.web.deps import get_session
from stellwerk.web.navigation import NavItem, register_nav
from stellwerk.web.templating import render

router = APIRouter()
PAGE_SIZE = 25

register_nav(NavItem("practices", "Gute Praxis", "/praxis", order=30))
register_nav(NavItem("concepts", "Konzeptregister", "/konzepte", order=32))
register_nav(NavItem("similar", "Ähnliche Kommunen", "/aehnliche-kommunen", order=34))


def _session(session: Session = Depends(get_session, scope="function")) -> Session:
    ensure_shipped_content(session)
    return session


def _filters(
    field: str | None = None,
    sub_topic: str | None = None,
    land: str | None = None,
    gemeindetyp: str | None = None,
    source_type: str | None = None,
) -> SearchFilters:
    return SearchFilters(
        field=field or None,
        sub_topic=sub_topic or None,
        land=land or None,
        gemeindetyp=gemeindetyp or None,
        source_type=source_type or None,
    )


def _csv_cell(value: object) -> str:
    """Text for a CSV cell; leading = + - @ are escaped so spreadsheets do not run formulas."""
    text = "" if value is None else str(value)
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


def _csv_response(header: list[str], rows: list[list[object]], filename: str) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


# --- pages -------------------------------------------------------------------------------------


@router.get("/praxis", response_class=HTMLResponse, include_in_schema=False)
def practices_page(
    request: Request,
    q: str = "",
    page: int = Query(1, ge=1, le=1000),
    filters: SearchFilters = Depends(_filters),
    session: Session = Depends(_session),
) -> HTMLResponse:
    result = search_practices(session, q, filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    return render(
        request,
        "knowledge/practices.html",
        {
            "result": result,
            "hits": [{**practice_summary(h.practice), "score": h.score} for h in result.hits],
            "facet_labels": FACETS,
            "active": filters.active(),
            "laender": LAENDER,
            "source_labels": SOURCE_TYPE_LABELS,
            "page": page,
            "pages": max(1, -(-result.total // PAGE_SIZE)),
            "fields": FIELDS,
        },
    )


@router.get("/praxis/{practice_id}", response_class=HTMLResponse, include_in_schema=False)
def practice_page(request: Request, practice_id: str, session: Session = Depends(_session)) -> HTMLResponse:
    try:
        practice = get_practice(session, practice_id)
    except NotFoundError as error:
        raise HTTPException(404, str(error)) from error
    concepts = []
    for m in practice.data.get("municipalities", []):
        if m.get("ags") and len(m["ags"]) == 8:
            concepts += [d for d in search_concepts(session) if d.ags == m["ags"]]
    return render(
        request,
        "knowledge/practice.html",
        {"p": practice.data, "practice": practice, "laender": LAENDER, "concepts": concepts,
         "source_labels": SOURCE_TYPE_LABELS, "areas": linked_areas(session, practice)},
    )


@router.get("/konzepte", response_class=HTMLResponse, include_in_schema=False)
def concepts_page(
    request: Request, q: str = "", kind: str | None = None, session: Session = Depends(_session)
) -> HTMLResponse:
    documents = search_concepts(session, q, kind=kind or None)
    cities: dict[str, list] = {}
    for document in documents:
        cities.setdefault(document.city, []).append(document)
    return render(
        request,
        "knowledge/concepts.html",
        {"stats": register_stats(session), "cities": cities, "q": q, "kind": kind or "", "total": len(documents)},
    )


@router.get("/konzepte/{city}", response_class=HTMLResponse, include_in_schema=False)
def concept_city_page(request: Request, city: str, session: Session = Depends(_session)) -> HTMLResponse:
    try:
        line = timeline(session, city)
    except NotFoundError as error:
        raise HTTPException(404, str(error)) from error
    links = _strategy_links(session, line.documents)
    return render(request, "knowledge/concept_city.html", {"line": line, "links": links})


def _strategy_links(session: Session, documents: list) -> dict[str, str]:
    """Document key → page of the published Integrationskonzept version it records."""
    versions = published_versions(session, documents)
    return {key: f"/t/{slug}/konzept/{concept_id}" for key, (slug, concept_id) in versions.items()}


@router.get("/aehnliche-kommunen", response_class=HTMLResponse, include_in_schema=False)
def similar_page(request: Request, gebiet: str = "", session: Session = Depends(_session)) -> HTMLResponse:
    context: dict = {"gebiet": gebiet, "result": None, "error": None, "candidates": [], "labels": FEATURE_LABELS}
    if gebiet.strip():
        try:
            context["result"] = similar_municipalities(session, gebiet[:200])
        except AmbiguousError as error:
            context["error"] = str(error)
            context["candidates"] = error.candidates
        except (NotFoundError, InputError) as error:
            context["error"] = str(error)
    return render(request, "knowledge/similar.html", context)


# --- JSON API ----------------------------------------------------------------------------------

# Documented so that clients (and the schemathesis test) know every answer of these endpoints.
CSV_RESPONSE = {200: {"description": "CSV-Datei (UTF-8)", "content": {"text/csv": {"schema": {"type": "string"}}}}}
NOT_FOUND = {404: {"description": "Nicht gefunden"}}


@router.get("/api/practices", tags=["Wissen"])
def api_practices(
    q: str = "",
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0),
    filters: SearchFilters = Depends(_filters),
    session: Session = Depends(_session),
) -> dict:
    """Praxisbeispiele suchen (Volltext, Filter, Facetten), nach Relevanz sortiert."""
    result = search_practices(session, q, filters, limit=limit, offset=offset)
    return {
        "query": result.query,
        "terms": result.terms,
        "filters": filters.active(),
        "total": result.total,
        "results": [{**practice_summary(h.practice), "score": h.score} for h in result.hits],
        "facets": {k: [{"value": v, "count": c} for v, c in items] for k, items in result.facets.items()},
    }


@router.get("/api/practices.csv", tags=["Wissen"], responses=CSV_RESPONSE)
def api_practices_csv(
    q: str = "", filters: SearchFilters = Depends(_filters), session: Session = Depends(_session)
) -> Response:
    """Suchergebnis als CSV."""
    result = search_practices(session, q, filters, limit=500)
    rows = []
    for hit in result.hits:
        s = practice_summary(hit.practice)
        rows.append([s["id"], s["title"], s["field"], s["sub_topic"], "; ".join(m or "" for m in s["municipalities"]),
                     " ".join(s["laender"]), s["source_type"], s["summary"]])
    header = ["id", "titel", "feld", "unterthema", "kommunen", "laender", "quellenart", "zusammenfassung"]
    return _csv_response(header, rows, "praxisbeispiele.csv")


@router.get("/api/practices/{practice_id}", tags=["Wissen"], responses=NOT_FOUND)
def api_practice(practice_id: str, session: Session = Depends(_session)) -> dict:
    """Ein Praxisbeispiel mit allen Feldern."""
    try:
        practice = get_practice(session, practice_id)
    except NotFoundError as error:
        raise HTTPException(404, str(error)) from error
    return {**practice.data, "status": practice.status}


CONCEPT_COLUMNS = (
    "key", "city", "city_qualifier", "ags", "land", "seq", "title", "year", "month", "period", "kind",
    "issuer_level", "update_of", "update_basis", "update_certain", "refugee_specific", "in_register_count", "note",
)


def _concept_dict(d) -> dict:
    return {
        "key": d.key, "city": d.city, "city_qualifier": d.city_qualifier, "ags": d.ags, "land": d.land,
        "seq": d.seq, "title": d.title, "year": d.year, "month": d.month, "period": d.period, "kind": d.kind,
        "issuer_level": d.issuer_level, "update_of": d.update_of, "update_basis": d.update_basis,
        "update_certain": d.update_certain, "refugee_specific": d.refugee_specific,
        "in_register_count": d.in_register_count, "note": d.note,
    }


@router.get("/api/concepts", tags=["Wissen"])
def api_concepts(
    q: str = "", city: str | None = None, kind: str | None = None, land: str | None = None,
    session: Session = Depends(_session),
) -> dict:
    """Dokumente des Konzeptregisters (Suche und Filter)."""
    documents = search_concepts(session, q, city=city, kind=kind, land=land)
    return {"total": len(documents), "documents": [_concept_dict(d) for d in documents]}


@router.get("/api/concepts.csv", tags=["Wissen"], responses=CSV_RESPONSE)
def api_concepts_csv(q: str = "", city: str | None = None, session: Session = Depends(_session)) -> Response:
    """Konzeptregister als CSV."""
    documents = [_concept_dict(d) for d in search_concepts(session, q, city=city)]
    header = list(CONCEPT_COLUMNS)
    return _csv_response(header, [[d[k] for k in header] for d in documents], "konzeptregister.csv")


@router.get("/api/concepts/stats", tags=["Wissen"])
def api_concept_stats(session: Session = Depends(_session)) -> dict:
    """Kennzahlen des Registers neben den veröffentlichten Zahlen."""
    return register_stats(session)


@router.get("/api/similar", tags=["Wissen"],
            responses={**NOT_FOUND, 409: {"description": "Mehrdeutiger Gebietsname, mit Kandidaten"}})
def api_similar(
    area: str = Query(..., min_length=1),
    limit: int = Query(10, ge=1, le=100),
    same_type: bool = False,
    session: Session = Depends(_session),
) -> dict:
    """Strukturell ähnliche Kommunen mit Merkmalen, Gewichten, Praxisbeispielen und Konzepten."""
    try:
        result = similar_municipalities(session, area[:200], limit=limit, same_type_only=same_type)
    except AmbiguousError as error:
        raise HTTPException(409, {"message": str(error), "candidates": error.candidates}) from error
    except NotFoundError as error:
        raise HTTPException(404, str(error)) from error
    return result_document(result)

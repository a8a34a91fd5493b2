# SPDX-License-Identifier: EUPL-1.2
"""Network pages and JSON feeds: graph view, tables, analysis, exports.

Tenant routes under ``/t/{tenant_slug}/netzwerk`` need ``view``: everybody sees
the published network, members of the tenant (``read``) also the internal
objects. Editors add actors, memberships and ties with the forms of
:mod:`stellwerk.web.routes.network_edit`; everything else goes via CLI and
Excel import (docs/network.md, "Rollen").
"""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from stellwerk.accounts.models import Tenant, Visibility
from stellwerk.errors import InputError
from stellwerk.network.analysis import analyse, compare
from stellwerk.network.content import actor_types, handlungsfelder
from stellwerk.network.export import write_export
from stellwerk.network.graph import INCLUDE_CHOICES, NetworkData, load_network
from stellwerk.network.models import Actor
from stellwerk.network.view import graph_feed
from stellwerk.network.vocabulary import BODY_FORMATS, LEVELS, ORIENTATIONS, ROLES, SECTORS, TIE_KINDS
from stellwerk.network.workbook import parse_date
from stellwerk.strategy.partners import measures_by_actor
from stellwerk.web.deps import TENANT_API_RESPONSES, TenantContext, get_session, require
from stellwerk.web.navigation import NavItem, register_nav
from stellwerk.web.templating import render

router = APIRouter()

register_nav(NavItem("networks", "Netzwerke", "/netzwerk", order=36))
register_nav(NavItem("network", "Netzwerk", "/t/{tenant}/netzwerk", order=40))

EXPORT_FILES = {"netz.graphml": ("graphml", "application/graphml+xml"), "netz.json": ("json", "application/json"),
                "knoten.csv": ("csv", "text/csv; charset=utf-8"), "kanten.csv": ("csv", "text/csv; charset=utf-8")}


def _date(value: str | None) -> dt.date:
    if not value:
        return dt.date.today()
    try:
        parsed = parse_date(value)
    except InputError as error:
        raise HTTPException(status_code=400, detail=f"Datum {value!r}: {error.message} (erwartet: {error.expected})")
    assert parsed is not None
    return parsed


def _include(value: str | None) -> str:
    if value and value not in INCLUDE_CHOICES:
        raise HTTPException(status_code=400, detail=f"Kanten {value!r} unbekannt (erwartet: {', '.join(INCLUDE_CHOICES)})")
    return value or "alle"


def _visible(ctx: TenantContext) -> tuple[Tenant, NetworkData]:
    """The part of the tenant's network the user may see (published, or all for members)."""
    data = load_network(ctx.session, ctx.tenant.id, published_only=not ctx.include_internal)
    return ctx.tenant, data


def _filters(sector: list[str], level: str | None, hf: str | None) -> tuple[list[str], str | None, str | None]:
    sectors = [s for s in sector if s]
    for s in sectors:
        if s not in SECTORS:
            raise HTTPException(status_code=400, detail=f"Sektor {s!r} unbekannt")
    if level and level not in LEVELS:
        raise HTTPException(status_code=400, detail=f"Ebene {level!r} unbekannt")
    if hf and hf not in handlungsfelder():
        raise HTTPException(status_code=400, detail=f"Handlungsfeld {hf!r} unbekannt")
    return sectors, level or None, hf or None


def _labels() -> dict[str, Any]:
    return {
        "sectors": SECTORS, "levels": LEVELS, "formats": BODY_FORMATS, "orientations": ORIENTATIONS,
        "roles": ROLES, "kinds": TIE_KINDS, "includes": {"alle": "alle Kanten", "gremien": "gemeinsame Gremien",
                                                         "beziehungen": "eingetragene Beziehungen"},
        "types": {k: t.label for k, t in actor_types().items()},
        "hf": {k: h.label for k, h in handlungsfelder().items()},
    }


@router.get("/netzwerk", response_class=HTMLResponse, include_in_schema=False)
def network_index(request: Request, session: Session = Depends(get_session, scope="function")) -> HTMLResponse:
    tenant_ids = set(session.scalars(select(Actor.tenant_id).where(Actor.visibility == Visibility.PUBLISHED)))
    tenants = list(session.scalars(select(Tenant).where(Tenant.id.in_(tenant_ids)).order_by(Tenant.name)))
    return render(request, "network/index.html", {"tenants": tenants})


def graph_context(ctx: TenantContext, datum: str | None = None, sektor: list[str] | None = None,
                  ebene: str | None = None, handlungsfeld: str | None = None, kanten: str | None = None,
                  error: str | None = None) -> dict[str, Any]:
    """Everything the graph page shows (also re-rendered with ``error`` by the edit forms)."""
    tenant, data = _visible(ctx)
    at, include = _date(datum), _include(kanten)
    sectors, level, hf = _filters(sektor or [], ebene, handlungsfeld)
    feed = graph_feed(data, at, include=include, sectors=sectors, level=level, handlungsfeld=hf)  # type: ignore[arg-type]
    names = {a.id: a.name for a in data.actors}
    return {
        "tenant": tenant, "internal": ctx.include_internal, "data": data, "feed": feed, "at": at, "labels": _labels(), "names": names,
        "dates": data.dates(), "selected": {"sectors": sectors, "level": level, "hf": hf, "include": include},
        # Reverse lookup of the strategy module: which measures name an actor as partner.
        "partner_uses": measures_by_actor(ctx.session, tenant.id, include_internal=ctx.include_internal),
        "can_edit": ctx.can("edit"), "can_publish": ctx.can("publish"), "error": error,
    }


@router.get("/t/{tenant_slug}/netzwerk", response_class=HTMLResponse, include_in_schema=False)
def network_page(
    request: Request,
    datum: str | None = None,
    sektor: list[str] = Query(default=[]),
    ebene: str | None = None,
    handlungsfeld: str | None = None,
    kanten: str | None = None,
    ctx: TenantContext = require("view"),
) -> HTMLResponse:
    return render(request, "network/graph.html", graph_context(ctx, datum, sektor, ebene, handlungsfeld, kanten))


@router.get("/t/{tenant_slug}/netzwerk/analyse", response_class=HTMLResponse, include_in_schema=False)
def network_analysis_page(
    request: Request,
    datum: str | None = None,
    vergleich: str | None = None,
    kanten: str | None = None,
    ctx: TenantContext = require("view"),
) -> HTMLResponse:
    tenant, data = _visible(ctx)
    at, include = _date(datum), _include(kanten)
    result = compare(data, at, _date(vergleich), include) if vergleich else None  # type: ignore[arg-type]
    single = result["first"] if result else analyse(data, at, include)  # type: ignore[arg-type]
    return render(request, "network/analysis.html", {
        "tenant": tenant, "internal": ctx.include_internal, "result": single, "comparison": result, "labels": _labels(),
        "vergleich": vergleich or "", "include": include,
    })


@router.get("/api/t/{tenant_slug}/netzwerk/graph", tags=["Netzwerk"],
            responses={**TENANT_API_RESPONSES, 400: {"description": "Ungültiger Filter oder Stichtag"}})
def network_graph_feed(
    datum: str | None = None,
    sektor: list[str] = Query(default=[]),
    ebene: str | None = None,
    handlungsfeld: str | None = None,
    kanten: str | None = None,
    ctx: TenantContext = require("view"),
) -> dict[str, Any]:
    """Knoten (mit Positionen) und Kanten des sichtbaren Netzwerks zum Stichtag, gefiltert."""
    _, data = _visible(ctx)
    sectors, level, hf = _filters(sektor, ebene, handlungsfeld)
    return graph_feed(data, _date(datum), include=_include(kanten), sectors=sectors,  # type: ignore[arg-type]
                      level=level, handlungsfeld=hf)


@router.get("/api/t/{tenant_slug}/netzwerk/analyse", tags=["Netzwerk"],
            responses={**TENANT_API_RESPONSES, 400: {"description": "Ungültiger Filter oder Stichtag"}})
def network_analysis_feed(
    datum: str | None = None,
    vergleich: str | None = None,
    kanten: str | None = None,
    ctx: TenantContext = require("view"),
) -> dict[str, Any]:
    """Kennzahlen des sichtbaren Netzwerks zum Stichtag oder ihre Veränderung zwischen zwei Stichtagen."""
    _, data = _visible(ctx)
    include = _include(kanten)
    if vergleich:
        return compare(data, _date(datum), _date(vergleich), include)  # type: ignore[arg-type]
    return analyse(data, _date(datum), include)  # type: ignore[arg-type]


@router.get("/t/{tenant_slug}/netzwerk/export/{name}", include_in_schema=False)
def network_export(name: str, datum: str | None = None, kanten: str | None = None,
                   ctx: TenantContext = require("view")) -> Response:
    if name not in EXPORT_FILES:
        raise HTTPException(status_code=404, detail="Unbekanntes Exportformat.")
    tenant, data = _visible(ctx)
    fmt, media = EXPORT_FILES[name]
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_export(data, fmt, Path(tmp) / ("netz." + fmt), _date(datum), _include(kanten),  # type: ignore[arg-type]
                             tenant={"slug": tenant.slug, "name": tenant.name})
        chosen = next((p for p in paths if p.name.endswith(name.replace("netz.", ""))), paths[0])
        content = chosen.read_bytes()
    filename = f"{tenant.slug}-{name}"
    return Response(content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{filename}"'})

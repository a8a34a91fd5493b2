# SPDX-License-Identifier: EUPL-1.2
"""A workspace's documents in the concept register under ``/t/{tenant}/konzepte``.

Members see the workspace's register documents (``read``); editors register an
adopted Integrationskonzept version as a document (``edit``, as a draft); admins
publish it (``publish``), which needs the version itself to be published.
The domain side is :mod:`stellwerk.knowledge.strategy_link`.
"""
from __future__ import annotations

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from stellwerk.errors import InputError, NotFoundError
from stellwerk.knowledge.strategy_link import (
    adopted_versions,
    linked_documents,
    publish_document,
    register_strategy_version,
)
from stellwerk.web.deps import TenantContext, require
from stellwerk.web.navigation import NavItem, register_nav
from stellwerk.web.templating import render

router = APIRouter()
DocumentKey = Path(max_length=120, pattern=r"^[a-z0-9][a-z0-9-]*$")

register_nav(NavItem("own_concepts", "Konzepte im Register", "/t/{tenant}/konzepte", order=44, action="read"))


def _page(request: Request, ctx: TenantContext, error: InputError | None = None) -> HTMLResponse:
    documents = linked_documents(ctx.session, ctx.tenant)
    registered = {d.strategy_concept_id: d for d in documents}
    context = {"ctx": ctx, "documents": documents, "versions": adopted_versions(ctx.session, ctx.tenant),
               "registered": registered, "error": error}
    return render(request, "knowledge/workspace_concepts.html", context, status_code=422 if error else 200)


def _back(ctx: TenantContext) -> RedirectResponse:
    return RedirectResponse(f"/t/{ctx.tenant.slug}/konzepte", status_code=303)


@router.get("/t/{tenant_slug}/konzepte", response_class=HTMLResponse, include_in_schema=False)
def workspace_concepts_page(request: Request, ctx: TenantContext = require("read")) -> HTMLResponse:
    return _page(request, ctx)


@router.post("/t/{tenant_slug}/konzepte/aus-strategie", include_in_schema=False)
async def register_version_page(request: Request, ctx: TenantContext = require("edit")) -> Response:
    value = (await request.form(max_files=0, max_fields=10)).get("fassung")
    try:
        if not isinstance(value, str) or not value.strip().isdigit() or len(value.strip()) > 10:
            raise InputError("Feld „Fassung“: fehlt oder ist keine Nummer", column="Fassung",
                             expected="eine beschlossene Fassung des Integrationskonzepts")
        register_strategy_version(ctx.session, ctx.tenant, int(value), actor=ctx.principal.actor)
    except NotFoundError as error:
        raise HTTPException(status_code=404, detail="Nicht gefunden.") from error
    except InputError as error:
        ctx.session.rollback()
        return _page(request, ctx, error)
    return _back(ctx)


@router.post("/t/{tenant_slug}/konzepte/{document_key}/veroeffentlichen", include_in_schema=False)
def publish_document_page(request: Request, document_key: str = DocumentKey,
                          ctx: TenantContext = require("publish")) -> Response:
    try:
        publish_document(ctx.session, ctx.tenant, document_key, actor=ctx.principal.actor)
    except NotFoundError as error:
        raise HTTPException(status_code=404, detail="Nicht gefunden.") from error
    except InputError as error:
        ctx.session.rollback()
        return _page(request, ctx, error)
    return _back(ctx)

# SPDX-License-Identifier: EUPL-1.2
"""Notices: pages and API – the reference example of a module's routes (docs/web.md)."""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from stellwerk.accounts import notices as domain
from stellwerk.accounts.models import Notice
from stellwerk.errors import InputError
from stellwerk.web.deps import TenantContext, require
from stellwerk.web.schemas import ObjectId, UtcDateTime
from stellwerk.web.templating import render

router = APIRouter()

ERRORS = {
    401: {"description": "Nicht angemeldet"},
    403: {"description": "Keine Berechtigung"},
    404: {"description": "Nicht gefunden oder nicht öffentlich"},
    # Domain checks answer 422 with a sentence, not FastAPI's list of validation errors.
    422: {"description": "Fehlerhafte Eingabe"},
}


class NoticeIn(BaseModel):
    title: str = Field(min_length=1, max_length=domain.MAX_TITLE)
    body: str = Field("", max_length=domain.MAX_BODY)


class VisibilityIn(BaseModel):
    visibility: Literal["internal", "published"]


class NoticeOut(BaseModel):
    id: int
    title: str
    body: str
    visibility: str
    updated_at: UtcDateTime
    updated_by: str


def _out(notice: Notice) -> NoticeOut:
    return NoticeOut.model_validate(notice, from_attributes=True)


def _notice(ctx: TenantContext, notice_id: int) -> Notice:
    return ctx.check_visible(ctx.session.get(Notice, notice_id))


def _unprocessable(error: InputError) -> HTTPException:
    return HTTPException(status_code=422, detail=str(error))


# --- API ---------------------------------------------------------------------------------------

@router.get("/api/t/{tenant_slug}/hinweise", tags=["Hinweise"], response_model=list[NoticeOut], responses=ERRORS)
def api_list(ctx: TenantContext = require("view")) -> list[NoticeOut]:
    """Die Hinweise des Arbeitsbereichs (ohne Mitgliedschaft nur die veröffentlichten)."""
    return [_out(n) for n in domain.list_notices(ctx.session, ctx.tenant, ctx.include_internal)]


@router.post("/api/t/{tenant_slug}/hinweise", tags=["Hinweise"], response_model=NoticeOut, status_code=201,
             responses=ERRORS)
def api_create(payload: NoticeIn, ctx: TenantContext = require("edit")) -> NoticeOut:
    """Einen internen Hinweis anlegen."""
    try:
        return _out(domain.create_notice(ctx.session, ctx.tenant, ctx.principal.actor, payload.title, payload.body))
    except InputError as error:
        raise _unprocessable(error) from error


@router.get("/api/t/{tenant_slug}/hinweise/{notice_id}", tags=["Hinweise"], response_model=NoticeOut,
            responses=ERRORS)
def api_get(notice_id: ObjectId, ctx: TenantContext = require("view")) -> NoticeOut:
    """Ein Hinweis."""
    return _out(_notice(ctx, notice_id))


@router.put("/api/t/{tenant_slug}/hinweise/{notice_id}", tags=["Hinweise"], response_model=NoticeOut,
            responses=ERRORS)
def api_update(notice_id: ObjectId, payload: NoticeIn, ctx: TenantContext = require("edit")) -> NoticeOut:
    """Titel und Text eines Hinweises ändern."""
    try:
        return _out(domain.update_notice(ctx.session, _notice(ctx, notice_id), ctx.principal.actor,
                                         payload.title, payload.body))
    except InputError as error:
        raise _unprocessable(error) from error


@router.put("/api/t/{tenant_slug}/hinweise/{notice_id}/sichtbarkeit", tags=["Hinweise"], response_model=NoticeOut,
            responses=ERRORS)
def api_visibility(notice_id: ObjectId, payload: VisibilityIn, ctx: TenantContext = require("publish")) -> NoticeOut:
    """Einen Hinweis veröffentlichen oder wieder intern stellen."""
    return _out(domain.set_visibility(ctx.session, _notice(ctx, notice_id), ctx.principal.actor, payload.visibility))


@router.delete("/api/t/{tenant_slug}/hinweise/{notice_id}", tags=["Hinweise"], status_code=204, responses=ERRORS)
def api_delete(notice_id: ObjectId, ctx: TenantContext = require("edit")) -> Response:
    """Einen Hinweis löschen."""
    domain.delete_notice(ctx.session, _notice(ctx, notice_id), ctx.principal.actor)
    return Response(status_code=204)


# --- Pages -------------------------------------------------------------------------------------

@router.get("/t/{tenant_slug}/hinweise", response_class=HTMLResponse, include_in_schema=False)
def list_page(request: Request, ctx: TenantContext = require("view")) -> HTMLResponse:
    notices = domain.list_notices(ctx.session, ctx.tenant, ctx.include_internal)
    return render(request, "notices/list.html", {"ctx": ctx, "notices": notices})


@router.get("/t/{tenant_slug}/hinweise/neu", response_class=HTMLResponse, include_in_schema=False)
def new_page(request: Request, ctx: TenantContext = require("edit")) -> HTMLResponse:
    return render(request, "notices/form.html", {"ctx": ctx, "notice": None, "title": "", "body": "", "error": None})


@router.post("/t/{tenant_slug}/hinweise/neu", include_in_schema=False)
def create_page(
    request: Request,
    titel: str = Form("", max_length=1000),
    text: str = Form("", max_length=20000),
    ctx: TenantContext = require("edit"),
) -> Response:
    try:
        notice = domain.create_notice(ctx.session, ctx.tenant, ctx.principal.actor, titel, text)
    except InputError as error:
        return render(request, "notices/form.html", {"ctx": ctx, "notice": None, "title": titel, "body": text,
                                                     "error": str(error)}, status_code=422)
    return RedirectResponse(f"/t/{ctx.tenant.slug}/hinweise/{notice.id}", status_code=303)


@router.get("/t/{tenant_slug}/hinweise/{notice_id}", response_class=HTMLResponse, include_in_schema=False)
def detail_page(request: Request, notice_id: ObjectId, ctx: TenantContext = require("view")) -> HTMLResponse:
    return render(request, "notices/detail.html", {"ctx": ctx, "notice": _notice(ctx, notice_id)})


@router.get("/t/{tenant_slug}/hinweise/{notice_id}/bearbeiten", response_class=HTMLResponse, include_in_schema=False)
def edit_page(request: Request, notice_id: ObjectId, ctx: TenantContext = require("edit")) -> HTMLResponse:
    notice = _notice(ctx, notice_id)
    return render(request, "notices/form.html", {"ctx": ctx, "notice": notice, "title": notice.title,
                                                 "body": notice.body, "error": None})


@router.post("/t/{tenant_slug}/hinweise/{notice_id}/bearbeiten", include_in_schema=False)
def update_page(
    request: Request,
    notice_id: ObjectId,
    titel: str = Form("", max_length=1000),
    text: str = Form("", max_length=20000),
    ctx: TenantContext = require("edit"),
) -> Response:
    notice = _notice(ctx, notice_id)
    try:
        domain.update_notice(ctx.session, notice, ctx.principal.actor, titel, text)
    except InputError as error:
        return render(request, "notices/form.html", {"ctx": ctx, "notice": notice, "title": titel, "body": text,
                                                     "error": str(error)}, status_code=422)
    return RedirectResponse(f"/t/{ctx.tenant.slug}/hinweise/{notice.id}", status_code=303)


@router.post("/t/{tenant_slug}/hinweise/{notice_id}/sichtbarkeit", include_in_schema=False)
def visibility_page(
    notice_id: ObjectId,
    sichtbarkeit: Literal["internal", "published"] = Form(...),
    ctx: TenantContext = require("publish"),
) -> RedirectResponse:
    domain.set_visibility(ctx.session, _notice(ctx, notice_id), ctx.principal.actor, sichtbarkeit)
    return RedirectResponse(f"/t/{ctx.tenant.slug}/hinweise/{notice_id}", status_code=303)


@router.post("/t/{tenant_slug}/hinweise/{notice_id}/loeschen", include_in_schema=False)
def delete_page(notice_id: ObjectId, ctx: TenantContext = require("edit")) -> RedirectResponse:
    domain.delete_notice(ctx.session, _notice(ctx, notice_id), ctx.principal.actor)
    return RedirectResponse(f"/t/{ctx.tenant.slug}/hinweise", status_code=303)

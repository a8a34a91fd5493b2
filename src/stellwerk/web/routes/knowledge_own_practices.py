# SPDX-License-Identifier: EUPL-1.2
"""A workspace's own practice entries under ``/t/{tenant}/praxis``: write, review, publish.

Members see every entry of their workspace (``read``), editors create and change
drafts and hand them in (``edit``), admins review, publish, send back and
withdraw (``publish``). The steps themselves are :mod:`stellwerk.knowledge.review`;
only published entries reach the public catalogue under ``/praxis``.
"""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from starlette.datastructures import FormData

from stellwerk.accounts.models import AuditEntry
from stellwerk.errors import InputError, NotFoundError
from stellwerk.knowledge import review
from stellwerk.knowledge.models import Practice
from stellwerk.knowledge.schema import FIELDS, GEMEINDETYPEN, LAENDER
from stellwerk.knowledge.search import practice_summary
from stellwerk.web.deps import TENANT_API_RESPONSES, TenantContext, require
from stellwerk.web.navigation import NavItem, register_nav
from stellwerk.web.templating import render

router = APIRouter()
PracticeId = Path(max_length=120, pattern=r"^[a-z0-9][a-z0-9-]*$")

register_nav(NavItem("own_practices", "Eigene Praxis", "/t/{tenant}/praxis", order=42, action="read"))

TEXT_FIELDS = ("title", "field", "sub_topic", "summary", "problem", "approach", "results", "resources", "period",
               "source")
LIST_FIELDS = ("partners", "handlungsfelder")
OPTIONAL = ("problem", "approach", "results", "resources", "period")


def _text(form: FormData, key: str, limit: int = 5000) -> str:
    value = form.get(key)
    return value.strip()[:limit] if isinstance(value, str) else ""


def entry_data(form: FormData) -> dict[str, Any]:
    """The practice entry a form describes (own practice of the municipality)."""
    data: dict[str, Any] = {key: _text(form, key) for key in TEXT_FIELDS}
    for key in OPTIONAL:
        data[key] = data[key] or None
    for key in LIST_FIELDS:
        data[key] = [line.strip() for line in _text(form, key).splitlines() if line.strip()][:50]
    municipality = {key: _text(form, key, 200) or None for key in ("name", "ags", "land", "gemeindetyp")}
    data["municipalities"] = [{k: v for k, v in municipality.items() if v}] if any(municipality.values()) else []
    data["source_type"] = "eigene_praxis"
    data["evidence"] = "kommune"
    return data


def form_values(practice: Practice | None, ctx: TenantContext) -> dict[str, str]:
    """Values to fill the form with: the stored entry, or defaults for a new one."""
    if practice is None:
        return {"name": ctx.tenant.name, "source": f"Eigene Angaben: {ctx.tenant.name}"}
    data = practice.data
    values = {key: str(data.get(key) or "") for key in TEXT_FIELDS}
    for key in LIST_FIELDS:
        values[key] = "\n".join(data.get(key) or [])
    first = (data.get("municipalities") or [{}])[0]
    values.update({key: str(first.get(key) or "") for key in ("name", "ags", "land", "gemeindetyp")})
    return values


def _choices() -> dict[str, Any]:
    return {"fields": FIELDS, "laender": LAENDER, "gemeindetypen": GEMEINDETYPEN, "states": review.STATE_LABELS}


def _list(request: Request, ctx: TenantContext, error: InputError | None = None,
          form: dict[str, str] | None = None) -> HTMLResponse:
    entries = review.workspace_practices(ctx.session, ctx.tenant)
    context = {"ctx": ctx, "entries": entries, "state_of": review.state_of, "error": error,
               "form": form if form is not None else form_values(None, ctx), **_choices()}
    return render(request, "knowledge/workspace_practices.html", context, status_code=422 if error else 200)


def _practice(ctx: TenantContext, practice_id: str) -> Practice:
    try:
        return review.workspace_practice(ctx.session, ctx.tenant, practice_id)
    except NotFoundError as error:
        raise HTTPException(status_code=404, detail="Nicht gefunden.") from error


def _detail(request: Request, ctx: TenantContext, practice: Practice, error: InputError | None = None,
            form: dict[str, str] | None = None) -> HTMLResponse:
    history = ctx.session.scalars(
        select(AuditEntry).where(AuditEntry.tenant_id == ctx.tenant.id, AuditEntry.object_type == "practice",
                                 AuditEntry.object_id == practice.slug).order_by(AuditEntry.id)
    ).all()
    context = {"ctx": ctx, "practice": practice, "p": practice.data, "state": review.state_of(practice),
               "error": error, "form": form if form is not None else form_values(practice, ctx),
               "history": history, **_choices()}
    return render(request, "knowledge/workspace_practice.html", context, status_code=422 if error else 200)


def _back(ctx: TenantContext, practice: Practice) -> RedirectResponse:
    return RedirectResponse(f"/t/{ctx.tenant.slug}/praxis/{practice.slug}", status_code=303)


async def _form(request: Request) -> FormData:
    return await request.form(max_files=0, max_fields=60)


@router.get("/t/{tenant_slug}/praxis", response_class=HTMLResponse, include_in_schema=False)
def workspace_practices_page(request: Request, ctx: TenantContext = require("read")) -> HTMLResponse:
    return _list(request, ctx)


@router.post("/t/{tenant_slug}/praxis/neu", include_in_schema=False)
async def create_practice_page(request: Request, ctx: TenantContext = require("edit")) -> Response:
    form = await _form(request)
    try:
        practice = review.create_draft(ctx.session, ctx.tenant, ctx.principal.actor, entry_data(form))
    except InputError as error:
        ctx.session.rollback()
        return _list(request, ctx, error, {k: v for k, v in form.items() if isinstance(v, str)})
    return _back(ctx, practice)


@router.get("/t/{tenant_slug}/praxis/{practice_id}", response_class=HTMLResponse, include_in_schema=False)
def workspace_practice_page(request: Request, practice_id: str = PracticeId,
                            ctx: TenantContext = require("read")) -> HTMLResponse:
    return _detail(request, ctx, _practice(ctx, practice_id))


@router.post("/t/{tenant_slug}/praxis/{practice_id}/bearbeiten", include_in_schema=False)
async def edit_practice_page(request: Request, practice_id: str = PracticeId,
                             ctx: TenantContext = require("edit")) -> Response:
    practice = _practice(ctx, practice_id)
    form = await _form(request)
    try:
        review.update_draft(ctx.session, practice, ctx.tenant, ctx.principal.actor, entry_data(form))
    except InputError as error:
        ctx.session.rollback()
        values = {k: v for k, v in form.items() if isinstance(v, str)}
        return _detail(request, ctx, _practice(ctx, practice_id), error, values)
    return _back(ctx, practice)


def _step(request: Request, ctx: TenantContext, practice_id: str, step, *args: Any) -> Response:
    practice = _practice(ctx, practice_id)
    try:
        step(ctx.session, practice, ctx.principal.actor, *args)
    except InputError as error:
        ctx.session.rollback()
        return _detail(request, ctx, _practice(ctx, practice_id), error)
    return _back(ctx, practice)


@router.post("/t/{tenant_slug}/praxis/{practice_id}/einreichen", include_in_schema=False)
def submit_practice_page(request: Request, practice_id: str = PracticeId,
                         ctx: TenantContext = require("edit")) -> Response:
    return _step(request, ctx, practice_id, review.submit)


@router.post("/t/{tenant_slug}/praxis/{practice_id}/pruefen", include_in_schema=False)
def review_practice_page(request: Request, practice_id: str = PracticeId,
                         ctx: TenantContext = require("publish")) -> Response:
    return _step(request, ctx, practice_id, review.mark_reviewed)


@router.post("/t/{tenant_slug}/praxis/{practice_id}/veroeffentlichen", include_in_schema=False)
def publish_practice_page(request: Request, practice_id: str = PracticeId,
                          ctx: TenantContext = require("publish")) -> Response:
    return _step(request, ctx, practice_id, review.publish)


@router.post("/t/{tenant_slug}/praxis/{practice_id}/zurueckgeben", include_in_schema=False)
async def send_back_practice_page(request: Request, practice_id: str = PracticeId,
                                  ctx: TenantContext = require("publish")) -> Response:
    note = _text(await _form(request), "begruendung", 2001)
    return _step(request, ctx, practice_id, review.send_back, note)


@router.post("/t/{tenant_slug}/praxis/{practice_id}/zurueckziehen", include_in_schema=False)
def withdraw_practice_page(request: Request, practice_id: str = PracticeId,
                           ctx: TenantContext = require("publish")) -> Response:
    return _step(request, ctx, practice_id, review.withdraw)


def _api_entry(practice: Practice) -> dict[str, Any]:
    state = review.state_of(practice)
    return {**practice_summary(practice), "state": state, "state_label": review.STATE_LABELS[state],
            "review_note": practice.review_note,
            "updated_at": practice.updated_at.isoformat() if practice.updated_at else None}


@router.get("/api/t/{tenant_slug}/praxis", tags=["Wissen"], responses=TENANT_API_RESPONSES)
def api_workspace_practices(ctx: TenantContext = require("read")) -> dict[str, Any]:
    """Eigene Praxisbeispiele des Arbeitsbereichs in jedem Status (nur für Mitglieder)."""
    entries = review.workspace_practices(ctx.session, ctx.tenant)
    return {
        "total": len(entries),
        "practices": [_api_entry(p) for p in entries],
    }

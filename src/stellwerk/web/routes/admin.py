# SPDX-License-Identifier: EUPL-1.2
"""Tenant administration: members and roles, reset links, the audit trail."""
from __future__ import annotations


from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from stellwerk.accounts.audit import history, record_change
from stellwerk.accounts.models import Role
from stellwerk.accounts.users import find_user, grant_role, issue_reset, members, revoke_role
from stellwerk.web.deps import TenantContext, require
from stellwerk.web.schemas import UtcDateTime
from stellwerk.web.templating import render

router = APIRouter()


class AuditOut(BaseModel):
    id: int
    at: UtcDateTime
    actor: str
    object_type: str
    object_id: str
    action: str
    before: dict | None
    after: dict | None


@router.get("/t/{tenant_slug}/protokoll", response_class=HTMLResponse, include_in_schema=False)
def audit_page(request: Request, ctx: TenantContext = require("admin")) -> HTMLResponse:
    return render(request, "audit.html", {"ctx": ctx, "entries": history(ctx.session, ctx.tenant.id)})


@router.get("/api/t/{tenant_slug}/protokoll", tags=["Verwaltung"], response_model=list[AuditOut],
            responses={401: {"description": "Nicht angemeldet"}, 403: {"description": "Keine Berechtigung"},
                       404: {"description": "Arbeitsbereich nicht gefunden"}})
def audit_api(ctx: TenantContext = require("admin")) -> list[AuditOut]:
    """Die neuesten Änderungen im Arbeitsbereich (nur Administration)."""
    return [AuditOut.model_validate(e, from_attributes=True) for e in history(ctx.session, ctx.tenant.id)]


def _members_page(request: Request, ctx: TenantContext, error: str | None = None,
                  reset_link: tuple[str, str] | None = None) -> HTMLResponse:
    return render(request, "members.html", {
        "ctx": ctx, "members": members(ctx.session, ctx.tenant), "roles": Role.ALL,
        "error": error, "reset_link": reset_link,
    }, status_code=422 if error else 200)


@router.get("/t/{tenant_slug}/mitglieder", response_class=HTMLResponse, include_in_schema=False)
def members_page(request: Request, ctx: TenantContext = require("admin")) -> HTMLResponse:
    return _members_page(request, ctx)


@router.post("/t/{tenant_slug}/mitglieder", response_class=HTMLResponse, include_in_schema=False)
def set_member(
    request: Request,
    benutzername: str = Form(..., max_length=200),
    rolle: str = Form(...),
    ctx: TenantContext = require("admin"),
) -> Response:
    user = find_user(ctx.session, benutzername)
    if user is None:
        return _members_page(request, ctx, error="Diesen Benutzer gibt es nicht. Konten legt der Betrieb mit "
                                                 "„stellwerk users add“ an.")
    if rolle not in Role.ALL:
        return _members_page(request, ctx, error="Unbekannte Rolle.")
    membership = grant_role(ctx.session, user, ctx.tenant, rolle)
    record_change(ctx.session, actor=ctx.principal.actor, tenant_id=ctx.tenant.id, object_type="membership",
                  object_id=membership.id, action="update", after={"user": user.username, "role": rolle})
    return RedirectResponse(f"/t/{ctx.tenant.slug}/mitglieder", status_code=303)


@router.post("/t/{tenant_slug}/mitglieder/{username}/entfernen", include_in_schema=False)
def remove_member(request: Request, username: str, ctx: TenantContext = require("admin")) -> Response:
    user = find_user(ctx.session, username)
    if user is None:
        return _members_page(request, ctx, error="Diesen Benutzer gibt es nicht.")
    if user.id == ctx.principal.user_id:
        return _members_page(request, ctx, error="Sie können sich nicht selbst entfernen.")
    revoke_role(ctx.session, user, ctx.tenant)
    record_change(ctx.session, actor=ctx.principal.actor, tenant_id=ctx.tenant.id, object_type="membership",
                  object_id=user.username, action="delete", before={"user": user.username})
    return RedirectResponse(f"/t/{ctx.tenant.slug}/mitglieder", status_code=303)


@router.post("/t/{tenant_slug}/mitglieder/{username}/ruecksetzlink", response_class=HTMLResponse,
             include_in_schema=False)
def reset_link(request: Request, username: str, ctx: TenantContext = require("admin")) -> HTMLResponse:
    user = find_user(ctx.session, username)
    if user is None or not any(member.id == user.id for member, _ in members(ctx.session, ctx.tenant)):
        return _members_page(request, ctx, error="Rücksetz-Links gibt es nur für Mitglieder dieses Arbeitsbereichs.")
    token = issue_reset(ctx.session, user, issued_by=ctx.principal.actor)
    record_change(ctx.session, actor=ctx.principal.actor, tenant_id=ctx.tenant.id, object_type="password_reset",
                  object_id=user.username, action="create", after={"user": user.username})
    link = str(request.base_url).rstrip("/") + f"/passwort/{token}"
    return _members_page(request, ctx, reset_link=(user.username, link))


# SPDX-License-Identifier: EUPL-1.2
"""The signed-in user's own account: password and API tokens; ``/api/me``."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from stellwerk.accounts.credentials import verify_password
from stellwerk.accounts.models import Tenant, User
from stellwerk.accounts.policy import Principal
from stellwerk.accounts.sessions import create_api_token, list_api_tokens, revoke_api_token
from stellwerk.accounts.users import set_password
from stellwerk.errors import InputError
from stellwerk.web.deps import get_session, require_login
from stellwerk.web.schemas import ObjectId
from stellwerk.web.templating import render

router = APIRouter()


class TenantRole(BaseModel):
    slug: str
    name: str
    role: str


class Me(BaseModel):
    username: str
    display_name: str
    global_role: str | None
    token_scope: str | None
    tenants: list[TenantRole]


@router.get("/api/me", tags=["Konto"], response_model=Me, responses={401: {"description": "Nicht angemeldet"}})
def me(principal: Principal = Depends(require_login), session: Session = Depends(get_session, scope="function")) -> Me:
    """Der angemeldete Benutzer mit seinen Rollen je Arbeitsbereich."""
    tenants = [
        TenantRole(slug=t.slug, name=t.name, role=principal.roles[t.id])
        for t in session.query(Tenant).filter(Tenant.id.in_(list(principal.roles))).order_by(Tenant.name)
    ]
    return Me(username=principal.username or "", display_name=principal.display_name,
              global_role=principal.global_role, token_scope=principal.token_scope, tenants=tenants)


def _page(request: Request, session: Session, user: User, error: str | None = None,
          new_token: str | None = None) -> HTMLResponse:
    context = {"user": user, "tokens": list_api_tokens(session, user), "error": error, "new_token": new_token}
    return render(request, "account.html", context, status_code=422 if error else 200)


@router.get("/konto", response_class=HTMLResponse, include_in_schema=False)
def account(request: Request, principal: Principal = Depends(require_login),
            session: Session = Depends(get_session, scope="function")) -> HTMLResponse:
    return _page(request, session, session.get(User, principal.user_id))


@router.post("/konto/passwort", response_class=HTMLResponse, include_in_schema=False)
def change_password(
    request: Request,
    aktuell: str = Form(..., max_length=1000),
    neu: str = Form(..., max_length=1000),
    wiederholung: str = Form(..., max_length=1000),
    principal: Principal = Depends(require_login),
    session: Session = Depends(get_session, scope="function"),
) -> Response:
    user = session.get(User, principal.user_id)
    if not verify_password(user.password_hash, aktuell):
        return _page(request, session, user, error="Das aktuelle Passwort ist falsch.")
    if neu != wiederholung:
        return _page(request, session, user, error="Die beiden neuen Passwörter stimmen nicht überein.")
    try:
        set_password(session, user, neu)
    except InputError as error:
        return _page(request, session, user, error=str(error))
    # set_password ends every session, this one included: sign in again.
    return RedirectResponse("/anmelden?weiter=/konto", status_code=303)


@router.post("/konto/tokens", response_class=HTMLResponse, include_in_schema=False)
def new_token(
    request: Request,
    name: str = Form(..., max_length=120),
    scope: str = Form("read"),
    principal: Principal = Depends(require_login),
    session: Session = Depends(get_session, scope="function"),
) -> HTMLResponse:
    user = session.get(User, principal.user_id)
    try:
        _, plain = create_api_token(session, user, name, scope)
    except InputError as error:
        return _page(request, session, user, error=str(error))
    return _page(request, session, user, new_token=plain)


@router.post("/konto/tokens/{token_id}/widerrufen", include_in_schema=False)
def revoke(token_id: ObjectId, principal: Principal = Depends(require_login),
           session: Session = Depends(get_session, scope="function")) -> RedirectResponse:
    revoke_api_token(session, session.get(User, principal.user_id), token_id)
    return RedirectResponse("/konto", status_code=303)

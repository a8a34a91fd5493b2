# SPDX-License-Identifier: EUPL-1.2
"""Start page (list of workspaces), language switch and health check."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from stellwerk.accounts.policy import Principal
from stellwerk.accounts.tenants import list_tenants
from stellwerk.web.deps import get_principal, get_session
from stellwerk.web.i18n import LANG_COOKIE, LANGUAGES
from stellwerk.web.security import cookie_secure
from stellwerk.web.templating import render

router = APIRouter()


def local_path(target: str | None, default: str = "/") -> str:
    """``target`` when it is a path on this site; ``default`` otherwise (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(
    request: Request,
    principal: Principal = Depends(get_principal),
    session: Session = Depends(get_session, scope="function"),
) -> HTMLResponse:
    tenants = list_tenants(session)
    mine = [t for t in tenants if principal.role_in(t.id) or t.id in principal.readable]
    return render(request, "home.html", {"tenants": tenants, "mine": mine})


@router.post("/sprache", include_in_schema=False)
def choose_language(request: Request, lang: str = Form(...), weiter: str = Form("/")) -> RedirectResponse:
    response = RedirectResponse(local_path(weiter), status_code=303)
    if lang in LANGUAGES:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax",
                            httponly=True, secure=cookie_secure(request.app.state.workspace.settings, request))
    return response


@router.get("/api/health", tags=["System"])
async def health() -> dict[str, str]:
    """Lebenszeichen des Servers."""
    return {"status": "ok"}

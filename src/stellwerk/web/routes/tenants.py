# SPDX-License-Identifier: EUPL-1.2
"""A tenant's start page with its panels, and the list of tenants in the API."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup
from pydantic import BaseModel
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from stellwerk.accounts.notices import list_notices
from stellwerk.accounts.policy import Principal
from stellwerk.accounts.tenants import list_tenants
from stellwerk.web.deps import TenantContext, get_principal, get_session, require
from stellwerk.web.i18n import language_of
from stellwerk.web.page_cache import peek_start_page, start_page_content
from stellwerk.web.panels import panels
from stellwerk.web.templating import render, render_fragment

router = APIRouter()


class TenantOut(BaseModel):
    slug: str
    name: str
    kind: str
    role: str | None


@router.get("/api/tenants", tags=["Arbeitsbereiche"], response_model=list[TenantOut])
def api_tenants(principal: Principal = Depends(get_principal), session: Session = Depends(get_session, scope="function")) -> list[TenantOut]:
    """Alle Arbeitsbereiche, mit der eigenen Rolle (null ohne Mitgliedschaft)."""
    return [TenantOut(slug=t.slug, name=t.name, kind=t.kind, role=principal.role_in(t.id)) for t in list_tenants(session)]


@router.get("/t/{tenant_slug}/", response_class=HTMLResponse, include_in_schema=False)
async def tenant_home(request: Request, ctx: TenantContext = require("view")) -> HTMLResponse:
    lang = language_of(request)
    # Panels and notices are the same for every visitor with the same visibility (web/page_cache.py);
    # a stored content needs no query, so only a miss goes to a worker thread.
    content = peek_start_page(request.app.state.workspace.engine, ctx, lang)
    if content is None:
        content = await run_in_threadpool(start_page_content, ctx, lang, lambda: _content(ctx, lang))
    return render(request, "tenant_home.html", {"ctx": ctx, "content": content})


def _content(ctx: TenantContext, lang: str) -> Markup:
    shown = []
    for panel in panels():
        data = panel.load(ctx) if panel.load else None
        shown.append((panel, data, panel.href.format(tenant=ctx.tenant.slug) if panel.href else None))
    notices = list_notices(ctx.session, ctx.tenant, include_internal=ctx.include_internal)[:5]
    return render_fragment(lang, "tenant_home_content.html", {
        "tenant": ctx.tenant, "include_internal": ctx.include_internal, "panels": shown, "notices": notices,
    })

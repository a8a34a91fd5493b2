# SPDX-License-Identifier: EUPL-1.2
"""The Jinja2 environment of the server-rendered pages (autoescaping on) and ``render``.

``render`` adds what base.html needs: the user, the CSRF token, the language
with its ``_`` function and the navigation. Never mark user text ``|safe``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.responses import HTMLResponse

from stellwerk.accounts.policy import ANONYMOUS
from stellwerk.web.csrf import CSRF_FIELD, csrf_token
from stellwerk.web.formatting import FILTERS
from stellwerk.web.i18n import LANGUAGES, language_of, translator
from stellwerk.web.navigation import nav_items

__all__ = ["templates", "render", "render_fragment"]

templates = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))
templates.env.filters.update(FILTERS)
templates.env.autoescape = True
# The templates ship with the package; checking their modification time on every render costs a stat each.
templates.env.auto_reload = False
# German labels of stored codes; translated like every other UI text.
templates.env.globals["role_labels"] = {"admin": "Administration", "editor": "Bearbeitung", "viewer": "Lesen"}
templates.env.globals["action_labels"] = {
    "create": "angelegt", "update": "geändert", "delete": "gelöscht",
    "publish": "veröffentlicht", "unpublish": "zurückgezogen",
}


def render(request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200) -> HTMLResponse:
    """Render a page template with the common context."""
    context = dict(context or {})
    principal = getattr(request.state, "principal", None) or ANONYMOUS
    lang = language_of(request)
    tenant = context.get("tenant")
    if tenant is None and context.get("ctx") is not None:
        tenant = context["ctx"].tenant
        context["tenant"] = tenant
    context.update(
        principal=principal,
        csrf_field=CSRF_FIELD,
        csrf_token=csrf_token(request),
        lang=lang,
        languages=LANGUAGES,
        _=translator(lang),
        nav=nav_items(principal, tenant),
        current_path=request.url.path,
    )
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def render_fragment(lang: str, name: str, context: dict[str, Any]) -> Markup:
    """A part of a page that may be shared between visitors (web/page_cache.py): only ``context``,
    the language and its ``_`` – no user, no CSRF token, no request."""
    return Markup(templates.env.get_template(name).render({**context, "lang": lang, "_": translator(lang)}))

# SPDX-License-Identifier: EUPL-1.2
"""The application factory.

Routers live in ``stellwerk.web.routes.<topic>`` and are listed in
``ROUTER_MODULES``; each module exposes ``router`` and may register navigation
entries (``web.navigation``) and start page panels (``web.panels``) at import.
How to add a module's pages and API: docs/web.md.
"""
from __future__ import annotations

import contextlib
import gc
from collections.abc import AsyncIterator
from importlib import import_module
from pathlib import Path

import anyio.to_thread
from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from stellwerk import __version__
from stellwerk.web.csrf import CsrfCookieMiddleware, csrf_protect
from stellwerk.web.errors import ServerErrorPages, install_error_handlers
from stellwerk.web.security import BodySizeLimitMiddleware, SecurityHeadersMiddleware, cookie_secure, secret_key
from stellwerk.storage import session_factory
from stellwerk.storage.engine import WORKER_THREADS
from stellwerk.workspace import Workspace, open_workspace

ROUTER_MODULES: tuple[str, ...] = (
    "stellwerk.web.routes.home",
    "stellwerk.web.routes.assessment",
    "stellwerk.web.routes.assessment_tenant",
    "stellwerk.web.routes.auth",
    "stellwerk.web.routes.account",
    "stellwerk.web.routes.tenants",
    "stellwerk.web.routes.admin",
    "stellwerk.web.routes.notices",
    "stellwerk.web.routes.knowledge",
    "stellwerk.web.routes.knowledge_own_practices",
    "stellwerk.web.routes.knowledge_own_concepts",
    "stellwerk.web.routes.areas",
    "stellwerk.web.routes.indicators",
    "stellwerk.web.routes.datasets",
    "stellwerk.web.routes.network",
    "stellwerk.web.routes.network_edit",
    "stellwerk.web.routes.strategy",
    "stellwerk.web.routes.reports",
)

STATIC_DIR = Path(__file__).with_name("static")


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """As many worker threads as the database pool keeps connections (storage.engine.WORKER_THREADS),
    not anyio's 40: more threads than connections only wait for one."""
    anyio.to_thread.current_default_thread_limiter().total_tokens = WORKER_THREADS
    # What the process loaded at start (catalogue, templates, the modules) stays put: the cyclic
    # garbage collector no longer walks it on every full collection, which under load held up
    # all requests of a process for a moment.
    gc.collect()
    gc.freeze()
    yield


def create_app(workspace: Workspace | None = None) -> FastAPI:
    """The web app on ``workspace`` (the configured one by default)."""
    workspace = workspace or open_workspace()
    settings = workspace.settings
    app = FastAPI(
        title="Stellwerk",
        version=__version__,
        description=(
            "API für Monitoring und Steuerung kommunaler Integrationspolitik. "
            "Skripte authentifizieren sich mit `Authorization: Bearer <Token>` (Token unter /konto)."
        ),
        # Swagger UI needs inline script and a CDN, which the CSP forbids; the document stays.
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        dependencies=[Depends(csrf_protect)],
        lifespan=_lifespan,
    )
    app.state.workspace = workspace
    app.state.sessions = session_factory(workspace.engine)  # web/deps.py: get_session
    app.state.secret_key = secret_key(settings)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for name in ROUTER_MODULES:
        app.include_router(import_module(name).router)
    install_error_handlers(app)
    # Added innermost first: the security headers wrap everything, also error pages.
    app.add_middleware(ServerErrorPages)
    app.add_middleware(CsrfCookieMiddleware, secure=lambda request: cookie_secure(settings, request))
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=int(settings.max_upload_mb * 1024 * 1024))
    app.add_middleware(SecurityHeadersMiddleware)
    return app


def create_app_from_env() -> FastAPI:
    """The app on the workspace the environment names (STELLWERK_WORKSPACE, STELLWERK_DATABASE_URL).

    The factory ``stellwerk serve --workers N`` hands to uvicorn: each worker process builds its app here.
    """
    return create_app(open_workspace())

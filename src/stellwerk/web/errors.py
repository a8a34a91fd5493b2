# SPDX-License-Identifier: EUPL-1.2
"""Error answers: JSON under /api/, generic German pages elsewhere, never a stack trace."""
from __future__ import annotations

import logging
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from stellwerk.errors import InputError, NotFoundError, StellwerkError
from stellwerk.web.templating import render

log = logging.getLogger(__name__)

__all__ = ["install_error_handlers", "ServerErrorPages"]

TITLES = {
    400: "Ungültige Anfrage",
    401: "Anmeldung erforderlich",
    403: "Keine Berechtigung",
    404: "Seite nicht gefunden",
    405: "Methode nicht erlaubt",
    413: "Anfrage zu groß",
    422: "Eingabe ungültig",
    500: "Interner Fehler",
}
TEXTS = {
    401: "Bitte melden Sie sich an, um diese Seite zu sehen.",
    403: "Sie haben für diese Aktion keine Berechtigung. Wenden Sie sich an die Administration Ihres Arbeitsbereichs.",
    404: "Die Seite gibt es nicht oder sie ist nicht öffentlich.",
    500: "Etwas ist schiefgegangen. Der Fehler wurde protokolliert; bitte versuchen Sie es später erneut.",
}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _page(request: Request, status: int, message: str | None = None) -> Response:
    return render(request, "error.html", {
        "status": status,
        "title": TITLES.get(status, "Fehler"),
        "text": message or TEXTS.get(status, ""),
    }, status_code=status)


async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
    if _is_api(request):
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=getattr(exc, "headers", None))
    if exc.status_code == 401 and request.method == "GET":
        return RedirectResponse(f"/anmelden?weiter={quote(request.url.path)}", status_code=303)
    message = exc.detail if exc.status_code in (403, 413) and isinstance(exc.detail, str) else None
    return _page(request, exc.status_code, message)


async def validation_error(request: Request, exc: RequestValidationError) -> Response:
    if _is_api(request):
        return JSONResponse({"detail": _plain_errors(exc)}, status_code=422)
    return _page(request, 422, "Die Eingabe ist unvollständig oder hat das falsche Format.")


def _plain_errors(exc: RequestValidationError) -> list[dict]:
    # The default answer echoes the input; keep only location, message and type.
    return [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")} for e in exc.errors()]


async def domain_error(request: Request, exc: StellwerkError) -> Response:
    status = 404 if isinstance(exc, NotFoundError) else 422 if isinstance(exc, InputError) else 400
    if _is_api(request):
        return JSONResponse({"detail": str(exc), **({"error": exc.to_dict()} if isinstance(exc, InputError) else {})}, status_code=status)
    return _page(request, status, str(exc))


async def server_error(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    if _is_api(request):
        return JSONResponse({"detail": "Interner Fehler."}, status_code=500)
    try:
        return _page(request, 500)
    except Exception:  # the error page itself must never fail
        return Response("Interner Fehler.", status_code=500, media_type="text/plain; charset=utf-8")


class ServerErrorPages:
    """Turns an unexpected exception into the generic 500 answer.

    A middleware rather than an ``Exception`` handler, so the answer still passes
    the security headers middleware around it.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            if started:
                raise
            response = await server_error(Request(scope), exc)
            await response(scope, receive, send)


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on the app (the 500 page is the ServerErrorPages middleware)."""
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StellwerkError, domain_error)

# SPDX-License-Identifier: EUPL-1.2
"""CSRF protection: a signed double-submit cookie, checked centrally.

Every visitor gets a random ``stellwerk_csrf`` cookie (HttpOnly, SameSite=Lax);
forms carry ``csrf_token`` = HMAC(secret key, cookie value), JavaScript sends
it as ``X-CSRF-Token``. :func:`csrf_protect` is an app-wide dependency, so every
POST/PUT/PATCH/DELETE route is covered without per-route code. Requests that
authenticate with ``Authorization: Bearer`` carry no ambient credentials and
are exempt. Signing in rotates the cookie.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from starlette.datastructures import MutableHeaders

__all__ = ["CSRF_COOKIE", "CSRF_FIELD", "CSRF_HEADER", "csrf_token", "csrf_protect", "CsrfCookieMiddleware", "new_seed"]

CSRF_COOKIE = "stellwerk_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def new_seed() -> str:
    """A fresh random cookie value."""
    return secrets.token_urlsafe(32)


def _sign(key: str, seed: str) -> str:
    return hmac.new(key.encode(), f"csrf:{seed}".encode(), hashlib.sha256).hexdigest()


def csrf_token(request: Request) -> str:
    """The token forms of this page must send back."""
    return _sign(request.app.state.secret_key, request.state.csrf_seed)


async def csrf_protect(request: Request) -> None:
    """Refuse a state-changing request without a valid token (403)."""
    if request.method in SAFE_METHODS:
        return
    if request.headers.get("authorization", "").lower().startswith("bearer "):
        return
    seed = request.cookies.get(CSRF_COOKIE)
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        value = (await request.form()).get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    expected = _sign(request.app.state.secret_key, seed) if seed else ""
    # Bytes: compare_digest refuses non-ASCII str, and a forged token may contain anything.
    if not seed or not sent or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise HTTPException(status_code=403, detail="Sicherheitsprüfung fehlgeschlagen (CSRF). Bitte die Seite neu laden.")


class CsrfCookieMiddleware:
    """Gives every visitor a CSRF seed cookie and exposes it as ``request.state.csrf_seed``."""

    def __init__(self, app: ASGIApp, secure: callable) -> None:
        self.app = app
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        seed = request.cookies.get(CSRF_COOKIE)
        fresh = seed is None or len(seed) > 100
        state = scope.setdefault("state", {})
        state["csrf_seed"] = new_seed() if fresh else seed

        async def send_with_cookie(message: Message) -> None:
            # A route may rotate the seed (sign-in); then the new value goes out.
            if message["type"] == "http.response.start" and (fresh or state["csrf_seed"] != seed):
                if not scope["path"].startswith(("/static/", "/api/")):
                    headers = MutableHeaders(scope=message)
                    flags = "; Secure" if self.secure(request) else ""
                    headers.append("set-cookie", f"{CSRF_COOKIE}={state['csrf_seed']}; Path=/; HttpOnly; SameSite=Lax{flags}")
            await send(message)

        await self.app(scope, receive, send_with_cookie)

# SPDX-License-Identifier: EUPL-1.2
"""FastAPI dependencies shared by the routes: database session, current user, authorisation.

Every route that touches a tenant takes ``ctx: TenantContext = Depends(require("ACTION"))``
(see docs/web.md). The decision itself is made in :mod:`stellwerk.accounts.policy`.
"""
from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Depends, HTTPException, Request
from sqlalchemy import ColumnElement, true
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from stellwerk.accounts.models import Tenant, Visibility
from stellwerk.accounts.policy import ANONYMOUS, Principal, can, principal_for
from stellwerk.accounts.sessions import user_for_api_token, user_for_session
from stellwerk.accounts.tenants import find_tenant
from stellwerk.web import auth_cache
from stellwerk.web.changes import local_changes, wrote
from stellwerk.workspace import Workspace

__all__ = [
    "SESSION_COOKIE", "get_workspace", "get_session", "get_principal", "require_login",
    "require", "TenantContext", "NotAuthenticated",
]

SESSION_COOKIE = "stellwerk_session"


class NotAuthenticated(HTTPException):
    """401: pages answer it with a redirect to the sign-in page."""

    def __init__(self) -> None:
        super().__init__(status_code=401, detail="Anmeldung erforderlich.", headers={"WWW-Authenticate": "Bearer"})


def get_workspace(request: Request) -> Workspace:
    return request.app.state.workspace


async def get_session(request: Request) -> AsyncIterator[Session]:
    """A session per request, committed when the handler succeeds.

    Routes take it with ``scope="function"`` so the commit happens before the response leaves: a
    browser following a redirect must find what the POST wrote. Opening a session does no I/O; a
    session that wrote nothing is ended right here (a commit of a read is one round trip), one that
    wrote goes to a worker thread (a write may wait for a lock) – two thread hops fewer per read.
    """
    session = request.app.state.sessions()
    try:
        yield session
    except BaseException:
        await _end(session, _abort)
        raise
    await _end(session, _commit)


def _commit(session: Session) -> None:
    try:
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def _abort(session: Session) -> None:
    try:
        session.rollback()
    finally:
        session.close()


async def _end(session: Session, end: Callable[[Session], None]) -> None:
    if wrote(session):
        await run_in_threadpool(end, session)
    else:
        end(session)


async def get_principal(request: Request, session: Session = Depends(get_session, scope="function")) -> Principal:
    """The user behind the Bearer token or the session cookie (anonymous without either)."""
    if _must_look_up(request):
        await run_in_threadpool(_identify_and_release, request, session)
    return _identify(request, session)  # known now, or anonymous: no query


def _must_look_up(request: Request) -> bool:
    """Whether the principal is still unknown and credentials came with the request."""
    return getattr(request.state, "principal", None) is None and bool(
        request.headers.get("authorization") or request.cookies.get(SESSION_COOKIE))


def _identify(request: Request, session: Session) -> Principal:
    """The principal of the request, looked up once (a query only when credentials came with it)."""
    principal = getattr(request.state, "principal", None)
    if principal is None:
        authorization = request.headers.get("authorization", "")
        cookie = request.cookies.get(SESSION_COOKIE)
        principal = _lookup_principal(session, authorization, cookie) if authorization or cookie else ANONYMOUS
        request.state.principal = principal
    return principal


def _identify_and_release(request: Request, session: Session) -> Principal:
    try:
        return _identify(request, session)
    finally:
        release(session)


def _principal_and_tenant(request: Request, session: Session, tenant_slug: str) -> tuple[Principal, Tenant | None]:
    principal = _identify(request, session)
    tenant = find_tenant(session, tenant_slug)
    release(session)
    return principal, tenant


def release(session: Session) -> None:
    """End a transaction that only read, here in the worker thread, and give its pooled connection back.

    Otherwise a request would hold the connection while it waits for the event loop or for the next
    worker thread: with more requests in flight than pooled connections (50 clients on one process,
    15 connections, 40 threads), threads waiting for a connection and requests waiting for a thread
    then block each other until the pool gives up after 30 s. Loaded objects stay usable
    (``expire_on_commit=False``); a later query of the request opens a new transaction.
    """
    if session.in_transaction() and not wrote(session):
        session.commit()


def _lookup_principal(session: Session, authorization: str, cookie: str | None) -> Principal:
    """The principal behind the credentials; kept for a second per process (web/auth_cache.py)."""
    kind, credential = ("authorization", authorization) if authorization else ("cookie", cookie or "")
    principal = auth_cache.known(kind, credential)
    if principal is not None:
        return principal
    changes = local_changes()
    try:
        principal = _look_up(session, authorization, cookie)
    except BaseException:
        auth_cache.forget_claim(kind, credential)
        raise
    if principal.is_authenticated:
        auth_cache.remember(kind, credential, principal, changes)
    else:
        auth_cache.forget_claim(kind, credential)
    return principal


def _look_up(session: Session, authorization: str, cookie: str | None) -> Principal:
    if authorization:
        scheme, _, token = authorization.partition(" ")
        found = user_for_api_token(session, token.strip()) if scheme.lower() == "bearer" else None
        if found is None:
            # A wrong token is an error, never a silent fall-back to anonymous.
            raise NotAuthenticated()
        return principal_for(session, found[0], token_scope=found[1])
    if cookie and len(cookie) < 100:
        user = user_for_session(session, cookie)
        if user is not None:
            return principal_for(session, user)
    return ANONYMOUS


def require_login(principal: Principal = Depends(get_principal)) -> Principal:
    """The signed-in user; 401 (pages: redirect to sign-in) otherwise."""
    if not principal.is_authenticated:
        raise NotAuthenticated()
    return principal


require_login.stellwerk_login = True  # type: ignore[attr-defined]  # found by the authorisation matrix test


@dataclass
class TenantContext:
    """What a tenant route needs: the tenant, the user, the database session."""

    tenant: Tenant
    principal: Principal
    session: Session
    action: str

    def can(self, action: str, visibility: str | None = None) -> bool:
        """Ask the policy about another action in this tenant (e.g. to show an edit button)."""
        return can(self.principal, action, self.tenant, visibility)

    @property
    def include_internal(self) -> bool:
        """True when the user may see internal objects of the tenant."""
        return self.can("read")

    def visible_clause(self, model: Any) -> ColumnElement[bool]:
        """A WHERE clause that keeps only objects of ``model`` (an OwnedMixin) the user may see."""
        clause = model.tenant_id == self.tenant.id
        if not self.include_internal:
            clause = clause & (model.visibility == Visibility.PUBLISHED)
        return clause & true()

    def check_visible(self, obj: Any) -> Any:
        """``obj`` if it belongs to the tenant and the user may see it; 404 otherwise (no hint it exists)."""
        if obj is None or obj.tenant_id != self.tenant.id or not self.can("view", obj.visibility):
            raise HTTPException(status_code=404, detail="Nicht gefunden.")
        return obj

    def deny(self) -> None:
        """Raise 401 for anonymous users, 403 for signed-in users."""
        if not self.principal.is_authenticated:
            raise NotAuthenticated()
        raise HTTPException(status_code=403, detail="Keine Berechtigung.")


# Every route behind ``require`` can answer with these; API routes declare them so the
# OpenAPI document tells the truth (``responses=TENANT_API_RESPONSES``).
TENANT_API_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"description": "Nicht angemeldet"},
    403: {"description": "Keine Berechtigung"},
    404: {"description": "Arbeitsbereich oder Objekt nicht gefunden"},
}


def require(action: str):
    """Dependency: the tenant from ``/t/{tenant_slug}/…`` when the user may do ``action`` there."""

    async def dependency(
        request: Request,
        tenant_slug: str,
        session: Session = Depends(get_session, scope="function"),
    ) -> TenantContext:
        # One worker thread for both look-ups (the user first: a wrong token is 401 before any 404).
        principal, tenant = await run_in_threadpool(_principal_and_tenant, request, session, tenant_slug)
        if tenant is None:
            raise HTTPException(status_code=404, detail="Arbeitsbereich nicht gefunden.")
        context = TenantContext(tenant=tenant, principal=principal, session=session, action=action)
        if not can(principal, action, tenant):
            context.deny()
        return context

    dependency.stellwerk_action = action  # type: ignore[attr-defined]  # read by the authorisation matrix test
    return Depends(dependency)

# SPDX-License-Identifier: EUPL-1.2
"""FastAPI dependencies shared by the routes: database session, current user, authorisation.

Every route that touches a tenant takes ``ctx: TenantContext = Depends(require("ACTION"))``
(see docs/web.md). The decision itself is made in :mod:`stellwerk.accounts.policy`.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from fastapi import Depends, HTTPException, Request
from sqlalchemy import ColumnElement, true
from sqlalchemy.orm import Session

from stellwerk.accounts.models import Tenant, Visibility
from stellwerk.accounts.policy import ANONYMOUS, Principal, can, principal_for
from stellwerk.accounts.sessions import user_for_api_token, user_for_session
from stellwerk.accounts.tenants import find_tenant
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


def get_session(request: Request) -> Iterator[Session]:
    """A session per request, committed when the handler succeeds.

    Routes take it with ``scope="function"`` so the commit happens before the response leaves: a
    browser following a redirect must find what the POST wrote.
    """
    with request.app.state.workspace.session() as session:
        yield session


def get_principal(request: Request, session: Session = Depends(get_session, scope="function")) -> Principal:
    """The user behind the Bearer token or the session cookie (anonymous without either)."""
    cached = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    principal = ANONYMOUS
    authorization = request.headers.get("authorization", "")
    if authorization:
        scheme, _, token = authorization.partition(" ")
        found = user_for_api_token(session, token.strip()) if scheme.lower() == "bearer" else None
        if found is None:
            # A wrong token is an error, never a silent fall-back to anonymous.
            raise NotAuthenticated()
        principal = principal_for(session, found[0], token_scope=found[1])
    elif (cookie := request.cookies.get(SESSION_COOKIE)) and len(cookie) < 100:
        user = user_for_session(session, cookie)
        if user is not None:
            principal = principal_for(session, user)
    request.state.principal = principal
    return principal


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

    def dependency(
        tenant_slug: str,
        principal: Principal = Depends(get_principal),
        session: Session = Depends(get_session, scope="function"),
    ) -> TenantContext:
        tenant = find_tenant(session, tenant_slug)
        if tenant is None:
            raise HTTPException(status_code=404, detail="Arbeitsbereich nicht gefunden.")
        context = TenantContext(tenant=tenant, principal=principal, session=session, action=action)
        if not can(principal, action, tenant):
            context.deny()
        return context

    dependency.stellwerk_action = action  # type: ignore[attr-defined]  # read by the authorisation matrix test
    return Depends(dependency)

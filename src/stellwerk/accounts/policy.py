# SPDX-License-Identifier: EUPL-1.2
"""Who may do what: the one place where authorisation is decided.

Every web route and every API endpoint asks :func:`can` (through the FastAPI
dependency ``stellwerk.web.deps.require``). Actions:

``view``
    see a tenant's *published* objects – everybody, also without signing in.
``read``
    see a tenant's *internal* objects – members of the tenant (any role) and
    members of a tenant that was granted read access (a Landkreis reading its
    Gemeinden).
``edit``
    create and change objects – editors and admins of the tenant.
``publish``
    switch an object between internal and published – admins of the tenant.
``admin``
    manage members, reset links and read the audit trail – admins of the tenant.
``analyse``
    cross-tenant survey analysis – the global ``research`` role, and admins for
    their own tenant.

An API token with scope ``read`` only ever allows ``view``, ``read`` and ``analyse``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from stellwerk.accounts.models import GlobalRole, Membership, Role, Tenant, TenantReadGrant, User, Visibility

__all__ = ["ACTIONS", "READ_ONLY_ACTIONS", "Principal", "ANONYMOUS", "principal_for", "can"]

ACTIONS = ("view", "read", "edit", "publish", "admin", "analyse")
READ_ONLY_ACTIONS = frozenset({"view", "read", "analyse"})

# The roles of a tenant that allow each action (``view`` needs no role at all).
_ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.VIEWER: frozenset({"view", "read"}),
    Role.EDITOR: frozenset({"view", "read", "edit"}),
    Role.ADMIN: frozenset({"view", "read", "edit", "publish", "admin", "analyse"}),
}


@dataclass(frozen=True)
class Principal:
    """The signed-in user (or nobody) with the roles that matter for decisions."""

    user_id: int | None = None
    username: str | None = None
    display_name: str = ""
    roles: dict[int, str] = field(default_factory=dict)  # tenant id → role
    readable: frozenset[int] = frozenset()  # tenant ids readable through a grant
    global_role: str | None = None
    # None for a browser session; "read" or "write" for an API token.
    token_scope: str | None = None

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def actor(self) -> str:
        """The name written into the audit trail."""
        return self.username or "anonym"

    def role_in(self, tenant_id: int) -> str | None:
        return self.roles.get(tenant_id)


ANONYMOUS = Principal()


def principal_for(session: Session, user: User, token_scope: str | None = None) -> Principal:
    """Load the roles of an active user into a :class:`Principal`."""
    if not user.is_active:
        return ANONYMOUS
    roles = dict(session.execute(select(Membership.tenant_id, Membership.role).where(Membership.user_id == user.id)).all())
    readable: set[int] = set()
    if roles:
        grants = select(TenantReadGrant.tenant_id).where(TenantReadGrant.reader_tenant_id.in_(list(roles)))
        readable = set(session.scalars(grants))
    return Principal(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name or user.username,
        roles=roles,
        readable=frozenset(readable),
        global_role=user.global_role,
        token_scope=token_scope,
    )


def can(principal: Principal, action: str, tenant: Tenant | int, visibility: str | None = None) -> bool:
    """True when ``principal`` may do ``action`` in ``tenant`` (on an object of ``visibility``).

    ``visibility`` is that of the object concerned; ``view`` of an internal
    object needs ``read``.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if principal.token_scope == "read" and action not in READ_ONLY_ACTIONS:
        return False
    tenant_id = tenant if isinstance(tenant, int) else tenant.id
    if action == "view":
        if visibility != Visibility.INTERNAL:
            return True
        action = "read"
    role = principal.role_in(tenant_id)
    if role is not None and action in _ROLE_ACTIONS[role]:
        return True
    if action == "read" and tenant_id in principal.readable:
        return True
    if action == "analyse" and principal.global_role == GlobalRole.RESEARCH:
        return True
    return False

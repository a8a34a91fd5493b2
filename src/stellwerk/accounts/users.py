# SPDX-License-Identifier: EUPL-1.2
"""Local user accounts: creation, roles, sign-in with throttling, reset links."""
from __future__ import annotations

import datetime as dt
import logging
import re

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from stellwerk.accounts.credentials import (
    aware, digest, hash_password, needs_rehash, new_token, utcnow, verify_password,
)
from stellwerk.accounts.models import (
    GlobalRole, LoginFailure, Membership, PasswordReset, Role, Tenant, User, WebSession,
)
from stellwerk.errors import InputError, NotFoundError, StellwerkError

__all__ = [
    "LoginThrottled", "THROTTLE_WINDOW", "MAX_FAILURES_PER_ACCOUNT", "MAX_FAILURES_PER_IP",
    "create_user", "get_user", "find_user", "list_users", "disable_user", "set_password",
    "grant_role", "revoke_role", "members", "authenticate", "issue_reset", "reset_password",
]

log = logging.getLogger(__name__)

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,79}$")
THROTTLE_WINDOW = dt.timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_IP = 20
RESET_VALIDITY = dt.timedelta(hours=48)


class LoginThrottled(StellwerkError):
    """Too many failed sign-ins for this account or from this address."""


def create_user(
    session: Session,
    username: str,
    password: str | None,
    display_name: str = "",
    global_role: str | None = None,
) -> User:
    """Add an active user; without a password the user needs a reset link first."""
    username = username.strip().lower()
    if not USERNAME_PATTERN.match(username):
        raise InputError(
            f"Ungültiger Benutzername {username!r}.",
            expected="2–80 Zeichen aus a–z, 0–9, Punkt, Bindestrich, Unterstrich, @",
        )
    if global_role is not None and global_role not in GlobalRole.ALL:
        raise InputError(f"Unbekannte globale Rolle {global_role!r}.", expected=", ".join(GlobalRole.ALL))
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise InputError(f"Den Benutzer {username!r} gibt es schon.")
    user = User(
        username=username,
        display_name=display_name.strip(),
        password_hash=hash_password(password) if password else None,
        is_active=True,
        global_role=global_role,
    )
    session.add(user)
    session.flush()
    return user


def find_user(session: Session, username: str) -> User | None:
    """The user with this name, or None."""
    return session.scalar(select(User).where(User.username == username.strip().lower()))


def get_user(session: Session, username: str) -> User:
    """The user with this name; NotFoundError otherwise."""
    user = find_user(session, username)
    if user is None:
        raise NotFoundError(f"Benutzer {username!r} nicht gefunden.")
    return user


def list_users(session: Session) -> list[User]:
    """All users by name."""
    return list(session.scalars(select(User).order_by(User.username)))


def disable_user(session: Session, username: str) -> User:
    """Deactivate a user and end all their browser sessions (tokens stop working too)."""
    user = get_user(session, username)
    user.is_active = False
    session.execute(delete(WebSession).where(WebSession.user_id == user.id))
    return user


def set_password(session: Session, user: User, password: str) -> None:
    """Set a new password and sign the user out everywhere."""
    user.password_hash = hash_password(password)
    session.execute(delete(WebSession).where(WebSession.user_id == user.id))


def grant_role(session: Session, user: User, tenant: Tenant, role: str) -> Membership:
    """Give ``user`` the ``role`` in ``tenant`` (replacing an earlier role)."""
    if role not in Role.ALL:
        raise InputError(f"Unbekannte Rolle {role!r}.", expected=", ".join(Role.ALL))
    membership = session.scalar(
        select(Membership).where(Membership.user_id == user.id, Membership.tenant_id == tenant.id)
    )
    if membership is None:
        membership = Membership(user_id=user.id, tenant_id=tenant.id, role=role)
        session.add(membership)
    else:
        membership.role = role
    session.flush()
    return membership


def revoke_role(session: Session, user: User, tenant: Tenant) -> None:
    """Remove ``user`` from ``tenant``."""
    session.execute(delete(Membership).where(Membership.user_id == user.id, Membership.tenant_id == tenant.id))


def members(session: Session, tenant: Tenant) -> list[tuple[User, str]]:
    """The users of a tenant with their roles, by name."""
    query = (
        select(User, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.tenant_id == tenant.id)
        .order_by(User.username)
    )
    return [(user, role) for user, role in session.execute(query).all()]


def _failures_since(session: Session, column, value: str, since: dt.datetime) -> int:
    return session.scalar(select(func.count()).select_from(LoginFailure).where(column == value, LoginFailure.at >= since)) or 0


def authenticate(session: Session, username: str, password: str, ip: str) -> User | None:
    """The user when the password is right; None otherwise.

    Raises :class:`LoginThrottled` after too many failures for the account or
    from the address within ``THROTTLE_WINDOW``. Failures are recorded in the
    session, so the caller must commit also when this returns None.
    """
    name = username.strip().lower()[:80]
    ip = ip[:64]
    now = utcnow()
    since = now - THROTTLE_WINDOW
    if (
        _failures_since(session, LoginFailure.username, name, since) >= MAX_FAILURES_PER_ACCOUNT
        or _failures_since(session, LoginFailure.ip, ip, since) >= MAX_FAILURES_PER_IP
    ):
        log.warning("sign-in throttled for %r from %s", name, ip)
        raise LoginThrottled("Zu viele fehlgeschlagene Anmeldungen. Bitte in 15 Minuten erneut versuchen.")
    user = find_user(session, name)
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.is_active:
        session.add(LoginFailure(username=name, ip=ip, at=now))
        return None
    session.execute(delete(LoginFailure).where(LoginFailure.username == name))
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def issue_reset(session: Session, user: User, issued_by: str) -> str:
    """A one-time token for a reset link (valid 48 hours); only its digest is stored."""
    token = new_token()
    session.add(PasswordReset(
        token_hash=digest(token), user_id=user.id, issued_by=issued_by, expires_at=utcnow() + RESET_VALIDITY,
    ))
    session.flush()
    return token


def valid_reset(session: Session, token: str) -> PasswordReset | None:
    """The unused, unexpired reset behind ``token``, or None."""
    reset = session.scalar(select(PasswordReset).where(PasswordReset.token_hash == digest(token)))
    if reset is None or reset.used_at is not None or aware(reset.expires_at) < utcnow():
        return None
    return reset


def reset_password(session: Session, token: str, password: str) -> User:
    """Set a new password with a reset token; the token is used up."""
    reset = valid_reset(session, token)
    if reset is None:
        raise InputError("Der Link ist ungültig, abgelaufen oder wurde schon benutzt.")
    user = session.get(User, reset.user_id)
    set_password(session, user, password)
    reset.used_at = utcnow()
    return user

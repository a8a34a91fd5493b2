# SPDX-License-Identifier: EUPL-1.2
"""Browser sessions and API tokens.

Browser sessions are server-side: the cookie carries a random token, the
``web_session`` table only its SHA-256 digest. Unlike a signed cookie this lets
a user sign out everywhere, lets an admin disable an account at once, and a
stolen database does not yield usable cookies.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from stellwerk.accounts.credentials import aware, digest, new_token, utcnow
from stellwerk.accounts.models import ApiToken, User, WebSession
from stellwerk.errors import InputError, NotFoundError

__all__ = [
    "SESSION_LIFETIME", "API_TOKEN_PREFIX", "start_session", "user_for_session", "end_session",
    "create_api_token", "user_for_api_token", "list_api_tokens", "revoke_api_token",
]

SESSION_LIFETIME = dt.timedelta(hours=12)
API_TOKEN_PREFIX = "sw_"
TOKEN_SCOPES = ("read", "write")


def start_session(session: Session, user: User) -> str:
    """Open a browser session and return the token for the cookie."""
    token = new_token()
    now = utcnow()
    session.add(WebSession(token_hash=digest(token), user_id=user.id, created_at=now, expires_at=now + SESSION_LIFETIME))
    # Expired sessions of this user are cleared on the way.
    session.execute(delete(WebSession).where(WebSession.user_id == user.id, WebSession.expires_at < now))
    session.flush()
    return token


def user_for_session(session: Session, token: str) -> User | None:
    """The active user of an unexpired session, or None."""
    row = session.execute(
        select(WebSession.expires_at, User).join(User, User.id == WebSession.user_id)
        .where(WebSession.token_hash == digest(token))
    ).first()
    if row is None or aware(row[0]) < utcnow() or not row[1].is_active:
        return None
    return row[1]


def end_session(session: Session, token: str) -> None:
    """Sign out this browser."""
    session.execute(delete(WebSession).where(WebSession.token_hash == digest(token)))


def create_api_token(session: Session, user: User, name: str, scope: str) -> tuple[ApiToken, str]:
    """A new API token; the plain token is returned once and never stored."""
    if scope not in TOKEN_SCOPES:
        raise InputError(f"Unbekannter Geltungsbereich {scope!r}.", expected="read oder write")
    name = name.strip()
    if not name or len(name) > 120:
        raise InputError("Der Name des Tokens fehlt oder ist länger als 120 Zeichen.")
    plain = new_token(API_TOKEN_PREFIX)
    token = ApiToken(token_hash=digest(plain), user_id=user.id, name=name, scope=scope, created_at=utcnow())
    session.add(token)
    session.flush()
    return token, plain


def user_for_api_token(session: Session, plain: str) -> tuple[User, str] | None:
    """The active user and scope behind an unrevoked token, or None."""
    row = session.execute(
        select(ApiToken, User).join(User, User.id == ApiToken.user_id).where(ApiToken.token_hash == digest(plain))
    ).first()
    if row is None:
        return None
    token, user = row
    if token.revoked_at is not None or not user.is_active:
        return None
    now = utcnow()
    # Written at most once a minute so read-heavy scripts do not turn every request into a write.
    if token.last_used_at is None or now - aware(token.last_used_at) > dt.timedelta(minutes=1):
        _note_use(session, token, now)
    return user, token.scope


def _note_use(session: Session, token: ApiToken, now: dt.datetime) -> None:
    """Set the token's time of last use, unless a concurrent request is writing it right now.

    Many parallel requests with the same token reach the minute together; on SQLite all but one
    would fail with "database is locked". The time is bookkeeping: not worth failing the request."""
    stale = or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at < now - dt.timedelta(minutes=1))
    try:
        with session.begin_nested():
            session.execute(update(ApiToken).where(ApiToken.id == token.id, stale).values(last_used_at=now),
                            # "bookkeeping": the web's change counter (web/changes.py) does not count it
                            execution_options={"synchronize_session": False, "bookkeeping": True})
    except OperationalError:
        return


def list_api_tokens(session: Session, user: User) -> list[ApiToken]:
    """The tokens of a user, newest first."""
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())))


def revoke_api_token(session: Session, user: User, token_id: int) -> ApiToken:
    """Revoke one of the user's own tokens."""
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFoundError("Token nicht gefunden.")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
    return token

# SPDX-License-Identifier: EUPL-1.2
"""Access tokens for answering and evaluating runs: random, shown once, stored as SHA-256."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

__all__ = ["new_token", "hash_token", "now", "is_expired"]


def new_token() -> str:
    """A fresh URL-safe token (about 190 bits) that never starts with "-".

    A leading dash would make the token look like an option on the command line
    (``stellwerk survey respond TOKEN``).
    """
    while True:
        token = secrets.token_urlsafe(24)
        if token[0].isalnum():
            return token


def hash_token(token: str) -> str:
    """The hash stored at rest; the token itself is never saved."""
    return hashlib.sha256(token.strip().encode("utf-8")).hexdigest()


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def is_expired(expires_at: dt.datetime | None, at: dt.datetime | None = None) -> bool:
    """True when the expiry lies in the past (naive datetimes from SQLite count as UTC)."""
    if expires_at is None:
        return False
    if expires_at.tzinfo is None:
        expires_at = expires_at.replace(tzinfo=dt.timezone.utc)
    return (at or now()) >= expires_at

# SPDX-License-Identifier: EUPL-1.2
"""Password hashes (argon2id) and random tokens kept only as SHA-256 digests."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from stellwerk.errors import InputError

__all__ = [
    "MIN_PASSWORD_LENGTH", "hash_password", "verify_password", "needs_rehash",
    "check_password_rules", "new_token", "digest", "utcnow", "aware",
]

MIN_PASSWORD_LENGTH = 10
_hasher = PasswordHasher()
# Verifying against this keeps the time of a failed login for an unknown account
# close to that of a known one, so response times do not reveal usernames.
_DUMMY_HASH = _hasher.hash("stellwerk-dummy-password")


def utcnow() -> dt.datetime:
    """The current time, timezone-aware in UTC."""
    return dt.datetime.now(dt.timezone.utc)


def aware(value: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; all stored times are UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def check_password_rules(password: str) -> None:
    """Refuse passwords that are too short."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(
            f"Das Passwort ist zu kurz ({len(password)} Zeichen).",
            expected=f"mindestens {MIN_PASSWORD_LENGTH} Zeichen",
        )


def hash_password(password: str) -> str:
    """An argon2id hash of a password that follows the rules."""
    check_password_rules(password)
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when the password matches the hash (constant effort also without a hash)."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    return _hasher.check_needs_rehash(password_hash)


def new_token(prefix: str = "") -> str:
    """A random URL-safe token with 256 bits of entropy."""
    return prefix + secrets.token_urlsafe(32)


def digest(token: str) -> str:
    """The SHA-256 hex digest under which a token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()

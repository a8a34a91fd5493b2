# SPDX-License-Identifier: EUPL-1.2
"""Who is behind a token or session cookie, kept per process for a second.

Every request with a Bearer token or a session cookie would otherwise cost three queries (token
or session with the user, memberships, read grants). The answer is kept for SECONDS under the
SHA-256 of the credential and dropped at once when this process commits any change (a revoked
token, a sign-out, a new role: web/changes.py counts the commits). A change made by another
process – a second server worker, the command line – takes effect there after at most that
second (two while another request of the same credential is looking it up anew). Refused credentials are never kept.
"""
from __future__ import annotations

from stellwerk.accounts.credentials import digest
from stellwerk.accounts.policy import Principal
from stellwerk.web.recent import Recent

__all__ = ["SECONDS", "PRINCIPALS", "known", "remember", "forget_claim", "clear"]

SECONDS = 1.0
MAX_ENTRIES = 1024
PRINCIPALS: Recent[Principal] = Recent(SECONDS, MAX_ENTRIES)  # by credential digest (web/recent.py)


def _key(kind: str, credential: str) -> str:
    return f"{kind}:{digest(credential)}"


def known(kind: str, credential: str) -> Principal | None:
    """The principal looked up for this credential less than SECONDS ago, with no commit since; or
    one up to twice as old while another request looks it up anew.

    A caller that gets None looks the principal up itself and then calls :func:`remember` or, when
    the look-up fails or finds nobody, :func:`forget_claim`."""
    return PRINCIPALS.get(_key(kind, credential), claim=True)


def remember(kind: str, credential: str, principal: Principal, changes: int) -> None:
    """Keep ``principal`` (looked up when ``local_changes()`` was ``changes``)."""
    PRINCIPALS.put(_key(kind, credential), principal, changes)


def forget_claim(kind: str, credential: str) -> None:
    """The look-up after :func:`known` gave None failed or found nobody: others may try again."""
    PRINCIPALS.drop_claim(_key(kind, credential))


def clear() -> None:
    PRINCIPALS.clear()

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

import threading
import time
from collections import OrderedDict

from stellwerk.accounts.credentials import digest
from stellwerk.accounts.policy import Principal
from stellwerk.web.changes import local_changes

__all__ = ["SECONDS", "known", "remember", "forget_claim", "clear"]

SECONDS = 1.0
MAX_ENTRIES = 1024
_lock = threading.Lock()
_entries: OrderedDict[str, tuple[Principal, float, int]] = OrderedDict()
_refreshing: set[str] = set()  # credentials a request is looking up anew


def _key(kind: str, credential: str) -> str:
    return f"{kind}:{digest(credential)}"


def known(kind: str, credential: str) -> Principal | None:
    """The principal looked up for this credential less than SECONDS ago, with no commit since; or
    one up to twice as old while another request looks it up anew.

    A caller that gets None looks the principal up itself and then calls :func:`remember` or, when
    the look-up fails, :func:`forget_claim` (the 25 requests of one client that arrive as the second
    runs out do not all look it up at once)."""
    key = _key(kind, credential)
    with _lock:
        found = _entries.get(key)
        if found is None or found[2] != local_changes():
            return None
        age = time.monotonic() - found[1]
        if age <= SECONDS:
            return found[0]
        if age <= 2 * SECONDS:
            if key in _refreshing:
                return found[0]
            _refreshing.add(key)
    return None


def remember(kind: str, credential: str, principal: Principal, changes: int) -> None:
    """Keep ``principal`` (looked up when ``local_changes()`` was ``changes``)."""
    key = _key(kind, credential)
    with _lock:
        _entries[key] = (principal, time.monotonic(), changes)
        _entries.move_to_end(key)
        _refreshing.discard(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)


def forget_claim(kind: str, credential: str) -> None:
    """The look-up after :func:`known` gave None failed or found nobody: others may try again."""
    with _lock:
        _refreshing.discard(_key(kind, credential))


def clear() -> None:
    with _lock:
        _entries.clear()
        _refreshing.clear()

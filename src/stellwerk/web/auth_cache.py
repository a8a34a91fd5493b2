# SPDX-License-Identifier: EUPL-1.2
"""Who is behind a token or session cookie, kept per process for a second.

Every request with a Bearer token or a session cookie would otherwise cost three queries (token
or session with the user, memberships, read grants). The answer is kept for SECONDS under the
SHA-256 of the credential and dropped at once when this process commits any change (a revoked
token, a sign-out, a new role: web/changes.py counts the commits). A change made by another
process – a second server worker, the command line – takes effect there after at most that
second. Refused credentials are never kept.
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict

from stellwerk.accounts.credentials import digest
from stellwerk.accounts.policy import Principal
from stellwerk.web.changes import local_changes

__all__ = ["SECONDS", "known", "remember", "clear"]

SECONDS = 1.0
MAX_ENTRIES = 1024
_lock = threading.Lock()
_entries: OrderedDict[str, tuple[Principal, float, int]] = OrderedDict()


def _key(kind: str, credential: str) -> str:
    return f"{kind}:{digest(credential)}"


def known(kind: str, credential: str) -> Principal | None:
    """The principal looked up for this credential less than SECONDS ago, with no commit since."""
    with _lock:
        found = _entries.get(_key(kind, credential))
    if found is None or found[2] != local_changes() or time.monotonic() - found[1] > SECONDS:
        return None
    return found[0]


def remember(kind: str, credential: str, principal: Principal, changes: int) -> None:
    """Keep ``principal`` (looked up when ``local_changes()`` was ``changes``)."""
    with _lock:
        _entries[_key(kind, credential)] = (principal, time.monotonic(), changes)
        _entries.move_to_end(_key(kind, credential))
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)


def clear() -> None:
    with _lock:
        _entries.clear()

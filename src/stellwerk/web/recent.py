# SPDX-License-Identifier: EUPL-1.2
"""What this process read a moment ago: the data fingerprint, a tenant's state, who is behind a
credential. The web caches keep such a value for ``seconds`` and forget it at once when this process
commits a change (web/changes.py); a change by another process is seen after at most that time.

When the time runs out, one request reads the value anew (it *claims* it) and the others go on with
the previous one for up to as long again: 25 requests arriving as the second runs out do not all
read it at once.
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

from stellwerk.web.changes import local_changes

__all__ = ["Recent"]

V = TypeVar("V")


class Recent(Generic[V]):
    """Values by key, each valid for ``seconds`` after it was read and until this process commits."""

    def __init__(self, seconds: float, max_entries: int | None = None) -> None:
        self.seconds = seconds
        self.max_entries = max_entries
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, tuple[V, float, int]] = OrderedDict()
        self._refreshing: set[Hashable] = set()

    def get(self, key: Hashable, claim: bool = False) -> V | None:
        """The value read less than ``seconds`` ago with no commit of this process since; or one up to
        twice as old while another request reads it anew. None otherwise; with ``claim`` the caller
        then reads it itself and calls :meth:`put` or, when that fails, :meth:`drop_claim`."""
        with self._lock:
            found = self._entries.get(key)
            if found is None or found[2] != local_changes():
                return None
            age = time.monotonic() - found[1]
            if age <= self.seconds:
                return found[0]
            if age <= 2 * self.seconds:
                if key in self._refreshing:
                    return found[0]
                if claim:
                    self._refreshing.add(key)
        return None

    def put(self, key: Hashable, value: V, changes: int) -> None:
        """Keep ``value``, read when ``local_changes()`` was ``changes``; ends a claim."""
        with self._lock:
            self._entries[key] = (value, time.monotonic(), changes)
            self._entries.move_to_end(key)
            self._refreshing.discard(key)
            while self.max_entries is not None and len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def drop_claim(self, key: Hashable) -> None:
        """The claimed read failed or is not kept: another request may read the value."""
        with self._lock:
            self._refreshing.discard(key)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._refreshing.clear()

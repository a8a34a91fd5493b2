# SPDX-License-Identifier: EUPL-1.2
"""A small in-process cache for answers derived from official statistics, invalidated by a
fingerprint of the data.

Start page panels (key indicators, data health) and the indicator value API depend only
on the imported datasets and areas, not on a tenant's own objects or the user. Their
results are kept per process under (database, kind, key) and reused as long as
:func:`data_fingerprint` is unchanged: a new import, a superseded dataset or a new
Gebietsstand changes the fingerprint, and the next view computes afresh. The
fingerprint costs two small queries: the dataset table, and the newest area id with the number
and newest id of Gebietsstände and geo imports (areas are only ever added, by those imports; a
count of the 20 000 areas of the demo would cost a millisecond on every request).
"""
from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from stellwerk.geo.models import Area, Gebietsstand, GeoImport
from stellwerk.observations.models import Dataset

__all__ = ["data_fingerprint", "cached", "clear"]

T = TypeVar("T")
MAX_ENTRIES = 256
_lock = threading.Lock()
_entries: OrderedDict[tuple[Hashable, ...], tuple[str, Any]] = OrderedDict()
_gates: dict[tuple[Hashable, ...], threading.RLock] = {}  # one per entry being computed
_MISSING = object()


_SESSION_KEY = "stellwerk.data_fingerprint"


@event.listens_for(Session, "after_flush")
@event.listens_for(Session, "after_transaction_end")
def _forget_fingerprint(session: Session, *_: Any) -> None:
    session.info.pop(_SESSION_KEY, None)


def data_fingerprint(session: Session) -> str:
    """sha256 over every dataset's (id, status, file sha256), the newest area id and the number and newest
    id of Gebietsstände and of geo imports.

    Kept in ``session.info`` until the session flushes or its transaction ends, so the panels of one
    start page view share its two queries."""
    known = session.info.get(_SESSION_KEY)
    if known is not None:
        return known
    rows = session.execute(
        select(Dataset.id, Dataset.status, Dataset.file_sha256).order_by(Dataset.id)
    ).all()
    geo = session.execute(select(
        select(func.max(Area.id)).scalar_subquery(),
        select(func.count(Gebietsstand.id)).scalar_subquery(), select(func.max(Gebietsstand.id)).scalar_subquery(),
        select(func.count(GeoImport.id)).scalar_subquery(), select(func.max(GeoImport.id)).scalar_subquery(),
    )).one()
    text = ";".join(f"{i}:{status}:{sha}" for i, status, sha in rows) + "|geo:" + ":".join(map(str, geo))
    fingerprint = hashlib.sha256(text.encode()).hexdigest()
    session.info[_SESSION_KEY] = fingerprint
    return fingerprint


def _database(session: Session) -> str:
    bind = session.get_bind()
    return bind.url.render_as_string(hide_password=True)


def _lookup(slot: tuple[Hashable, ...], fingerprint: str) -> Any:
    with _lock:
        found = _entries.get(slot)
        if found is not None and found[0] == fingerprint:
            _entries.move_to_end(slot)
            return found[1]
    return _MISSING


def cached(session: Session, kind: str, key: Hashable, compute: Callable[[], T],
           fingerprint: str | None = None) -> T:
    """``compute()`` once per (database, kind, key) and data fingerprint; the stored result otherwise.
    An exception in ``compute`` is raised and nothing is stored.

    Parallel requests that miss the same entry do not all compute it: one does, the others wait for
    its result (50 clients on a cold start page would otherwise compute the panels 50 times at once).
    Results must not be changed by the caller (they are shared between requests).
    """
    fingerprint = fingerprint or data_fingerprint(session)
    slot = (_database(session), kind, key)
    value = _lookup(slot, fingerprint)
    if value is not _MISSING:
        return value
    with _lock:
        gate = _gates.setdefault(slot, threading.RLock())
    try:
        with gate:
            value = _lookup(slot, fingerprint)
            if value is not _MISSING:
                return value
            value = compute()
            with _lock:
                _entries[slot] = (fingerprint, value)
                _entries.move_to_end(slot)
                while len(_entries) > MAX_ENTRIES:
                    _entries.popitem(last=False)
            return value
    finally:
        with _lock:
            if _gates.get(slot) is gate:
                del _gates[slot]


def clear() -> None:
    """Forget every stored result (tests)."""
    with _lock:
        _entries.clear()

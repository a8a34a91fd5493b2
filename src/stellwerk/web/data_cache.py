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
count of the 20 000 areas of the demo would cost a millisecond on every request). A process reads
it at most once a second (at once after a commit of its own), so a hit needs no query at all:
:func:`peek` answers without a database session.
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
from stellwerk.web.changes import changed, local_changes
from stellwerk.web.recent import Recent

__all__ = ["data_fingerprint", "fresh_fingerprint", "cached", "peek", "clear", "database_key", "FINGERPRINT_SECONDS", "FINGERPRINTS"]

T = TypeVar("T")
MAX_ENTRIES = 256
_lock = threading.Lock()
_entries: OrderedDict[tuple[Hashable, ...], tuple[str, Any]] = OrderedDict()
_gates: dict[tuple[Hashable, ...], threading.RLock] = {}  # one per entry being computed
_MISSING = object()


_SESSION_KEY = "stellwerk.data_fingerprint"
FINGERPRINT_SECONDS = 1.0
FINGERPRINTS: Recent[str] = Recent(FINGERPRINT_SECONDS)  # by database (web/recent.py)

@event.listens_for(Session, "after_flush")
@event.listens_for(Session, "after_transaction_end")
def _forget_fingerprint(session: Session, *_: Any) -> None:
    session.info.pop(_SESSION_KEY, None)


_DATASETS = select(Dataset.id, Dataset.status, Dataset.file_sha256).order_by(Dataset.id)
_GEO = select(
    select(func.max(Area.id)).scalar_subquery(),
    select(func.count(Gebietsstand.id)).scalar_subquery(), select(func.max(Gebietsstand.id)).scalar_subquery(),
    select(func.count(GeoImport.id)).scalar_subquery(), select(func.max(GeoImport.id)).scalar_subquery(),
)


def data_fingerprint(session: Session) -> str:
    """sha256 over every dataset's (id, status, file sha256), the newest area id and the number and newest
    id of Gebietsstände and of geo imports.

    Kept in ``session.info`` until the session flushes or its transaction ends, so the panels of one
    start page view share its two queries; and per process for FINGERPRINT_SECONDS, unless this
    process commits a change (then at once) or the session has written something itself. A change
    by another process (an import on the command line, a second server worker) is seen after at
    most that second."""
    known = session.info.get(_SESSION_KEY)
    if known is not None:
        return known
    database = _database(session)
    writing = changed(session)
    if not writing and (fresh := FINGERPRINTS.get(database, claim=True)) is not None:
        session.info[_SESSION_KEY] = fresh
        return fresh
    changes = local_changes()
    try:
        rows = session.execute(_DATASETS).all()
        geo = session.execute(_GEO).one()
    except BaseException:
        FINGERPRINTS.drop_claim(database)
        raise
    text = ";".join(f"{i}:{status}:{sha}" for i, status, sha in rows) + "|geo:" + ":".join(map(str, geo))
    fingerprint = hashlib.sha256(text.encode()).hexdigest()
    session.info[_SESSION_KEY] = fingerprint
    if not writing:
        FINGERPRINTS.put(database, fingerprint, changes)
    else:
        FINGERPRINTS.drop_claim(database)
    return fingerprint


def _database(session: Session) -> str:
    return database_key(session.get_bind())


def database_key(engine: Any) -> str:
    """The key of an engine's database in this cache."""
    return engine.url.render_as_string(hide_password=True)


def fresh_fingerprint(engine: Any) -> str | None:
    """The data fingerprint of ``engine``'s database as this process read it less than
    FINGERPRINT_SECONDS ago (see :func:`peek`); None when it must be read anew."""
    return FINGERPRINTS.get(database_key(engine))


def peek(engine: Any, kind: str, key: Hashable, fingerprint: str | None = None) -> Any:
    """The stored result of (kind, key) when it is valid for the fingerprint this process read less
    than FINGERPRINT_SECONDS ago (or, while another request reads it anew, twice that) – without a
    database session; None otherwise. ``fingerprint``: a state of the caller's own, built from
    :func:`fresh_fingerprint` (as ``cached(…, fingerprint=…)`` was given it)."""
    database = database_key(engine)
    fingerprint = fingerprint or FINGERPRINTS.get(database)
    if fingerprint is None:
        return None
    found = _lookup((database, kind, key), fingerprint)
    return None if found is _MISSING else found


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
    """Forget every stored result and fingerprint (tests)."""
    with _lock:
        _entries.clear()
    FINGERPRINTS.clear()

# SPDX-License-Identifier: EUPL-1.2
"""This process's change counter, which the web caches (data_cache, page_cache, auth_cache) use to
forget at once what a commit of this process may have changed.

Every commit of a session that flushed an object or executed an INSERT, UPDATE or DELETE counts,
except statements marked ``execution_options(bookkeeping=True)`` (a token's time of use). Changes by
other processes are not counted: each cache says how it notices those.
"""
from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

__all__ = ["local_changes", "changed", "wrote"]

_CHANGED = "stellwerk.changes.changed"
_WROTE = "stellwerk.changes.wrote"  # anything at all, bookkeeping too
_lock = threading.Lock()
_local_changes = 0


@event.listens_for(Session, "after_flush")
def _note_flush(session: Session, _context: Any) -> None:
    if session.new or session.dirty or session.deleted:
        session.info[_WROTE] = session.info[_CHANGED] = True


@event.listens_for(Session, "do_orm_execute")
def _note_statement(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True
        if not state.execution_options.get("bookkeeping"):
            state.session.info[_CHANGED] = True


@event.listens_for(Session, "after_commit")
def _count_commit(session: Session) -> None:
    global _local_changes
    if session.info.pop(_CHANGED, False):
        with _lock:
            _local_changes += 1


@event.listens_for(Session, "after_rollback")
def _forget_changes(session: Session) -> None:
    session.info.pop(_CHANGED, None)


def local_changes() -> int:
    """How many commits of this process changed stored data (bookkeeping not counted)."""
    return _local_changes


def changed(session: Session) -> bool:
    """Whether ``session`` holds a change not yet committed (flushed or pending)."""
    return bool(session.info.get(_CHANGED) or session.new or session.dirty or session.deleted)


def wrote(session: Session) -> bool:
    """Whether ending ``session`` may write: it flushed or executed a change, bookkeeping too, or has
    pending objects."""
    return bool(session.info.get(_WROTE) or session.new or session.dirty or session.deleted)

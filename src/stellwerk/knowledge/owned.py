# SPDX-License-Identifier: EUPL-1.2
"""Insert-or-update of the knowledge base's owned entries (practices, concept documents).

Both kinds are keyed by a readable id, belong to one tenant, carry origin, status, visibility and a
normalised search text, and every change is audited the same way.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from stellwerk.accounts.audit import record_change, snapshot
from stellwerk.accounts.models import Tenant, Visibility
from stellwerk.errors import InputError
from stellwerk.knowledge.models import Status

__all__ = ["own_entry", "stamp_entry"]

T = TypeVar("T")


def own_entry(session: Session, model: type[T], key_attr: str, key: str, tenant: Tenant, *,
              noun: str, column: str) -> tuple[T, dict[str, Any] | None]:
    """The entry with this key, or a new one of ``tenant``; with its state before the change.

    A tenant may only change its own entries: an existing key of another tenant is refused.
    """
    entry = session.scalar(select(model).where(getattr(model, key_attr) == key))
    before = snapshot(entry) if entry is not None else None
    if entry is not None and entry.tenant_id != tenant.id:
        raise InputError(f"{noun} {key!r} gehört einer anderen Organisation und kann nicht überschrieben werden",
                         column=column, expected="eine neue, eigene Kennung")
    if entry is None:
        entry = model(**{key_attr: key, "tenant_id": tenant.id})
        session.add(entry)
    return entry, before


def stamp_entry(session: Session, entry: Any, before: dict[str, Any] | None, *, tenant: Tenant, origin: str,
                status: str, search_text: str, actor: str, audit: bool, object_type: str, object_id: str) -> None:
    """Set origin, status, visibility, search text and time; flush; record the change."""
    entry.origin = origin
    entry.status = status
    entry.visibility = Visibility.PUBLISHED if status == Status.PUBLISHED else Visibility.INTERNAL
    entry.search_text = search_text
    entry.updated_at = dt.datetime.now(dt.timezone.utc)
    session.flush()
    if audit:
        record_change(session, actor=actor, tenant_id=tenant.id, object_type=object_type, object_id=object_id,
                      action="create" if before is None else "update", before=before, after=snapshot(entry))

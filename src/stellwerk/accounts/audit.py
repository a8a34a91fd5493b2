# SPDX-License-Identifier: EUPL-1.2
"""Writing and reading the audit trail."""
from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from stellwerk.accounts.models import AuditEntry

__all__ = ["snapshot", "record_change", "record_owned", "history"]


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def snapshot(obj: Any) -> dict[str, Any]:
    """The column values of a mapped object as a JSON-ready dict."""
    mapper = inspect(obj).mapper
    return {attr.key: _plain(getattr(obj, attr.key)) for attr in mapper.column_attrs}


def record_change(
    session: Session,
    *,
    actor: str,
    tenant_id: int | None,
    object_type: str,
    object_id: str | int,
    action: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add an audit entry to the session (committed with the change it describes)."""
    entry = AuditEntry(
        actor=actor,
        tenant_id=tenant_id,
        object_type=object_type,
        object_id=str(object_id),
        action=action,
        before=before,
        after=after,
        at=dt.datetime.now(dt.timezone.utc),
    )
    session.add(entry)
    return entry


def record_owned(
    session: Session,
    actor: str,
    obj: Any,
    action: str,
    before: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record a change of an owned object (tenant, type and id taken from ``obj``).

    Call after the change is applied and flushed: ``after`` is the object's
    snapshot now, ``before`` the snapshot you took before changing it (None on
    create); for ``delete`` pass the snapshot as ``before`` and no ``after`` is kept.
    """
    session.flush()
    return record_change(
        session,
        actor=actor,
        tenant_id=obj.tenant_id,
        object_type=obj.__tablename__,
        object_id=inspect(obj).identity[0] if inspect(obj).identity else obj.id,
        action=action,
        before=before,
        after=None if action == "delete" else snapshot(obj),
    )


def history(session: Session, tenant_id: int, limit: int = 200) -> list[AuditEntry]:
    """The newest audit entries of a tenant, newest first."""
    query = (
        select(AuditEntry)
        .where(AuditEntry.tenant_id == tenant_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))

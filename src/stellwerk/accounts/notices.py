# SPDX-License-Identifier: EUPL-1.2
"""Notices on a tenant's start page – the smallest complete owned object.

It shows the pattern every module follows (see docs/web.md): domain functions
take a Session and the acting user's name, change the object, and record the
change in the audit trail; they never commit.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from stellwerk.accounts.audit import record_owned, snapshot
from stellwerk.accounts.credentials import utcnow
from stellwerk.accounts.models import Notice, Tenant, Visibility
from stellwerk.errors import InputError, NotFoundError

__all__ = ["list_notices", "get_notice", "create_notice", "update_notice", "set_visibility", "delete_notice"]

MAX_TITLE = 200
MAX_BODY = 5000


def _check(title: str, body: str) -> tuple[str, str]:
    title, body = title.strip(), body.strip()
    if not title:
        raise InputError("Der Titel fehlt.", column="title", expected="1–200 Zeichen")
    if len(title) > MAX_TITLE:
        raise InputError("Der Titel ist zu lang.", column="title", expected=f"höchstens {MAX_TITLE} Zeichen")
    if len(body) > MAX_BODY:
        raise InputError("Der Text ist zu lang.", column="body", expected=f"höchstens {MAX_BODY} Zeichen")
    return title, body


def list_notices(session: Session, tenant: Tenant, include_internal: bool) -> list[Notice]:
    """The tenant's notices, newest first; internal ones only when asked for."""
    query = select(Notice).where(Notice.tenant_id == tenant.id)
    if not include_internal:
        query = query.where(Notice.visibility == Visibility.PUBLISHED)
    return list(session.scalars(query.order_by(Notice.updated_at.desc(), Notice.id.desc())))


def get_notice(session: Session, tenant: Tenant, notice_id: int) -> Notice:
    """One notice of the tenant; NotFoundError for other tenants' notices."""
    notice = session.get(Notice, notice_id)
    if notice is None or notice.tenant_id != tenant.id:
        raise NotFoundError("Hinweis nicht gefunden.")
    return notice


def create_notice(session: Session, tenant: Tenant, actor: str, title: str, body: str = "") -> Notice:
    """A new internal notice."""
    title, body = _check(title, body)
    notice = Notice(
        tenant_id=tenant.id, visibility=Visibility.INTERNAL, title=title, body=body,
        updated_at=utcnow(), updated_by=actor,
    )
    session.add(notice)
    record_owned(session, actor, notice, "create")
    return notice


def update_notice(session: Session, notice: Notice, actor: str, title: str, body: str) -> Notice:
    """Change title and text."""
    title, body = _check(title, body)
    before = snapshot(notice)
    notice.title, notice.body = title, body
    notice.updated_at, notice.updated_by = utcnow(), actor
    record_owned(session, actor, notice, "update", before)
    return notice


def set_visibility(session: Session, notice: Notice, actor: str, visibility: str) -> Notice:
    """Publish a notice or take it back to internal."""
    if visibility not in Visibility.ALL:
        raise InputError(f"Unbekannte Sichtbarkeit {visibility!r}.", expected="internal oder published")
    if notice.visibility == visibility:
        return notice
    before = snapshot(notice)
    notice.visibility = visibility
    action = "publish" if visibility == Visibility.PUBLISHED else "unpublish"
    record_owned(session, actor, notice, action, before)
    return notice


def delete_notice(session: Session, notice: Notice, actor: str) -> None:
    """Delete a notice (its history stays in the audit trail)."""
    before = snapshot(notice)
    record_owned(session, actor, notice, "delete", before)
    session.delete(notice)
    session.flush()

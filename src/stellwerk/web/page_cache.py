# SPDX-License-Identifier: EUPL-1.2
"""Rendered parts of pages, kept per process until the data they show change.

The content of a tenant's start page (panels and notices, everything inside ``<main>``) depends
only on the tenant, on whether the visitor may see internal objects, on the language, on the
official data (:func:`~stellwerk.web.data_cache.data_fingerprint`), on the tenant's own objects and
on the day (the age of a dataset). Every change to a tenant's objects – notices, concepts and
goals, self-check runs and their respondents – writes an audit entry of the tenant, so the number
and newest id of its audit entries (:func:`tenant_state`, one indexed query) tell when they change,
also when another process (a second server worker, the command line) made the change. As a safety
net for changes that bypass the audit trail, every commit in this process that wrote anything but
a login session or token use moves a change counter that is part of the state, too.
The fragment is stored in :mod:`stellwerk.web.data_cache` under that state; the page around it
(user name, navigation, the CSRF token of the forms) is rendered for every request and never
shared. A panel whose content depends on anything else must not be shown through this cache.
"""
from __future__ import annotations

import datetime as dt
import threading
from itertools import chain
from typing import Any

from markupsafe import Markup
from sqlalchemy import event, func, select
from sqlalchemy.orm import ORMExecuteState, Session

from stellwerk.accounts.models import ApiToken, AuditEntry, WebSession
from stellwerk.web.data_cache import cached, data_fingerprint

__all__ = ["tenant_state", "start_page_content", "local_changes"]

_CHANGED = "stellwerk.page_cache.changed"
_NOT_CONTENT = (ApiToken, WebSession)  # written by signing in and by token use (once a minute)
_lock = threading.Lock()
_local_changes = 0


@event.listens_for(Session, "after_flush")
def _note_flush(session: Session, _context: Any) -> None:
    if any(not isinstance(obj, _NOT_CONTENT) for obj in chain(session.new, session.dirty, session.deleted)):
        session.info[_CHANGED] = True


@event.listens_for(Session, "do_orm_execute")
def _note_statement(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        mapper = state.bind_mapper
        if mapper is None or not issubclass(mapper.class_, _NOT_CONTENT):
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
    """How many commits of this process changed stored data (sign-ins and token use not counted)."""
    return _local_changes


def tenant_state(session: Session, tenant_id: int) -> str:
    """Number and newest id of the tenant's audit entries: changes whenever one of its objects does."""
    count, newest = session.execute(
        select(func.count(AuditEntry.id), func.max(AuditEntry.id)).where(AuditEntry.tenant_id == tenant_id)
    ).one()
    return f"{count}:{newest}"


def start_page_content(ctx: Any, lang: str, render: Any) -> Markup:
    """The start page's content for the visitor of ``ctx`` (a TenantContext) in ``lang``.

    ``render()`` produces it; it is called again only when the tenant, its objects, the data, the day
    or the visibility (anonymous or other tenants' members vs. readers of the tenant) differ."""
    tenant = ctx.tenant
    state = "|".join((data_fingerprint(ctx.session), tenant_state(ctx.session, tenant.id), str(_local_changes), tenant.slug,
                      tenant.name, str(tenant.area_id), dt.date.today().isoformat()))
    return cached(ctx.session, "start_page", (tenant.id, ctx.include_internal, lang), render, fingerprint=state)

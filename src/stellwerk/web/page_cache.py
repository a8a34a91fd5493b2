# SPDX-License-Identifier: EUPL-1.2
"""Rendered parts of pages, kept per process until the data they show change.

The content of a tenant's start page (panels and notices, everything inside ``<main>``) depends
only on the tenant, on whether the visitor may see internal objects, on the language, on the
official data (:func:`~stellwerk.web.data_cache.data_fingerprint`), on the tenant's own objects and
on the day (the age of a dataset). Every change to a tenant's objects – notices, concepts and
goals, self-check runs and their respondents – writes an audit entry of the tenant, so the number
and newest id of its audit entries (:func:`tenant_state`, one indexed query, read at most once a
second per process like the data fingerprint) tell when they change,
also when another process (a second server worker, the command line) made the change. As a safety
net for changes that bypass the audit trail, the state includes this process's change counter
(:func:`~stellwerk.web.changes.local_changes`: commits that wrote anything but a token's time
of use).
The fragment is stored in :mod:`stellwerk.web.data_cache` under that state; the page around it
(user name, navigation, the CSRF token of the forms) is rendered for every request and never
shared. A panel whose content depends on anything else must not be shown through this cache.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stellwerk.accounts.models import AuditEntry
from stellwerk.web.changes import changed, local_changes
from stellwerk.web.data_cache import FINGERPRINT_SECONDS, cached, data_fingerprint, database_key, fresh_fingerprint, peek
from stellwerk.web.recent import Recent

__all__ = ["TENANT_STATES", "tenant_state", "start_page_content", "peek_start_page"]

TENANT_STATES: Recent[str] = Recent(FINGERPRINT_SECONDS)  # by (database, tenant id) (web/recent.py)


def tenant_state(session: Session, tenant_id: int) -> str:
    """Number and newest id of the tenant's audit entries: changes whenever one of its objects does.

    Like the data fingerprint read at most once per FINGERPRINT_SECONDS and process, at once after a
    commit of this process or when the session has written itself; a change by another process (the
    second server worker, the command line) is seen after at most that second."""
    database = database_key(session.get_bind())
    writing = changed(session)
    if not writing and (known := TENANT_STATES.get((database, tenant_id), claim=True)) is not None:
        return known
    changes = local_changes()
    try:
        count, newest = session.execute(
            select(func.count(AuditEntry.id), func.max(AuditEntry.id)).where(AuditEntry.tenant_id == tenant_id)
        ).one()
    except BaseException:
        TENANT_STATES.drop_claim((database, tenant_id))
        raise
    state = f"{count}:{newest}"
    if writing:
        TENANT_STATES.drop_claim((database, tenant_id))
    else:
        TENANT_STATES.put((database, tenant_id), state, changes)
    return state


def _page_state(fingerprint: str, state: str, tenant: Any) -> str:
    return "|".join((fingerprint, state, str(local_changes()), tenant.slug, tenant.name, str(tenant.area_id),
                     dt.date.today().isoformat()))


def start_page_content(ctx: Any, lang: str, render: Any) -> Markup:
    """The start page's content for the visitor of ``ctx`` (a TenantContext) in ``lang``.

    ``render()`` produces it; it is called again only when the tenant, its objects, the data, the day
    or the visibility (anonymous or other tenants' members vs. readers of the tenant) differ."""
    tenant = ctx.tenant
    state = _page_state(data_fingerprint(ctx.session), tenant_state(ctx.session, tenant.id), tenant)
    return cached(ctx.session, "start_page", (tenant.id, ctx.include_internal, lang), render, fingerprint=state)


def peek_start_page(engine: Any, ctx: Any, lang: str) -> Markup | None:
    """The stored content of :func:`start_page_content` when data fingerprint and tenant state were read
    less than FINGERPRINT_SECONDS ago – without a query (the route then needs no worker thread);
    None otherwise."""
    tenant = ctx.tenant
    fingerprint = fresh_fingerprint(engine)
    state = TENANT_STATES.get((database_key(engine), tenant.id)) if fingerprint else None
    if fingerprint is None or state is None:
        return None
    return peek(engine, "start_page", (tenant.id, ctx.include_internal, lang), _page_state(fingerprint, state, tenant))


def clear() -> None:
    """Forget the tenant states (tests)."""
    TENANT_STATES.clear()

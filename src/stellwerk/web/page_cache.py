# SPDX-License-Identifier: EUPL-1.2
"""Rendered parts of pages, kept per process until the data they show change.

The content of a tenant's start page (panels and notices, everything inside ``<main>``) depends
only on the tenant, on whether the visitor may see internal objects, on the language, on the
official data (:func:`~stellwerk.web.data_cache.data_fingerprint`), on the tenant's own objects and
on the day (the age of a dataset). Every change to a tenant's objects – notices, concepts and
goals, self-check runs and their respondents – writes an audit entry of the tenant, so the number
and newest id of its audit entries (:func:`tenant_state`, one indexed query) tell when they change,
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
from stellwerk.web.changes import local_changes
from stellwerk.web.data_cache import cached, data_fingerprint

__all__ = ["tenant_state", "start_page_content"]

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
    state = "|".join((data_fingerprint(ctx.session), tenant_state(ctx.session, tenant.id), str(local_changes()), tenant.slug,
                      tenant.name, str(tenant.area_id), dt.date.today().isoformat()))
    return cached(ctx.session, "start_page", (tenant.id, ctx.include_internal, lang), render, fingerprint=state)

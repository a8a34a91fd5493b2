# SPDX-License-Identifier: EUPL-1.2
"""Tenants (workspaces of municipalities) and read grants between them."""
from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from stellwerk.accounts.models import Tenant, TenantReadGrant
from stellwerk.errors import InputError, NotFoundError

__all__ = ["TENANT_KINDS", "create_tenant", "find_tenant", "get_tenant", "list_tenants", "grant_read", "readers_of"]

TENANT_KINDS = ("kommune", "landkreis", "gemeinde", "institut")
SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,79}$")


def create_tenant(session: Session, slug: str, name: str, kind: str = "kommune", area_id: int | None = None) -> Tenant:
    """Add a tenant; the slug appears in URLs (``/t/<slug>/``)."""
    slug = slug.strip().lower()
    if not SLUG_PATTERN.match(slug):
        raise InputError(f"Ungültiges Kürzel {slug!r}.", expected="2–80 Zeichen aus a–z, 0–9 und Bindestrich")
    if kind not in TENANT_KINDS:
        raise InputError(f"Unbekannte Art {kind!r}.", expected=", ".join(TENANT_KINDS))
    if not name.strip():
        raise InputError("Der Name fehlt.")
    if find_tenant(session, slug) is not None:
        raise InputError(f"Den Arbeitsbereich {slug!r} gibt es schon.")
    tenant = Tenant(slug=slug, name=name.strip(), kind=kind, area_id=area_id)
    session.add(tenant)
    session.flush()
    return tenant


def find_tenant(session: Session, slug: str) -> Tenant | None:
    """The tenant with this slug, or None."""
    return session.scalar(select(Tenant).where(Tenant.slug == slug))


def get_tenant(session: Session, slug: str) -> Tenant:
    """The tenant with this slug; NotFoundError otherwise."""
    tenant = find_tenant(session, slug)
    if tenant is None:
        raise NotFoundError(f"Arbeitsbereich {slug!r} nicht gefunden.")
    return tenant


def list_tenants(session: Session) -> list[Tenant]:
    """All tenants by name."""
    return list(session.scalars(select(Tenant).order_by(Tenant.name, Tenant.slug)))


def grant_read(session: Session, reader: Tenant, tenant: Tenant) -> TenantReadGrant:
    """Let members of ``reader`` (e.g. a Landkreis) read ``tenant`` (e.g. one of its Gemeinden)."""
    if reader.id == tenant.id:
        raise InputError("Ein Arbeitsbereich kann sich nicht selbst Lesezugriff geben.")
    grant = session.scalar(
        select(TenantReadGrant).where(TenantReadGrant.reader_tenant_id == reader.id, TenantReadGrant.tenant_id == tenant.id)
    )
    if grant is None:
        grant = TenantReadGrant(reader_tenant_id=reader.id, tenant_id=tenant.id)
        session.add(grant)
        session.flush()
    return grant


def readers_of(session: Session, tenant: Tenant) -> list[Tenant]:
    """The tenants that may read ``tenant``."""
    query = (
        select(Tenant).join(TenantReadGrant, TenantReadGrant.reader_tenant_id == Tenant.id)
        .where(TenantReadGrant.tenant_id == tenant.id).order_by(Tenant.name)
    )
    return list(session.scalars(query))

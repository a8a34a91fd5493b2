# SPDX-License-Identifier: EUPL-1.2
"""Back up and restore one tenant's data as a JSON document.

What belongs to a tenant is found from the schema, so tables that modules add
later are covered without changes here: the ``tenant`` row, every table with a
``tenant_id`` column (rows of this tenant), and every table that points with a
foreign key to rows already selected (e.g. measures of a goal). Users who are
members are included by name; on restore an existing account of the same name
is reused. Shared reference data (areas, observations) and read grants between
tenants are not part of a tenant backup: restore into a database with the same
reference data (see README, "Betrieb", for full database backups).
"""
from __future__ import annotations

import base64
import datetime as dt
import decimal
import logging
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Integer, LargeBinary, Numeric, Table, delete, func, insert, or_, select, text
from sqlalchemy.orm import Session

from stellwerk.accounts.models import Tenant, User
from stellwerk.accounts.tenants import find_tenant, get_tenant
from stellwerk.errors import InputError
from stellwerk.storage.models import target_metadata

__all__ = ["FORMAT", "backup_tenant", "restore_tenant"]

log = logging.getLogger(__name__)

FORMAT = "stellwerk-tenant-backup"
VERSION = 1
# Links between tenants and per-user state are not a tenant's data.
SKIPPED_TABLES = {"tenant_read_grant", "app_user", "web_session", "api_token", "password_reset", "login_failure"}
USER_FIELDS = ("id", "username", "display_name", "password_hash", "is_active", "global_role", "created_at")


def _plan(tenant_table: Table) -> list[tuple[Table, Any]]:
    """The tables of a tenant backup in dependency order, with how to select their rows.

    The second item is "tenant" (rows with ``tenant_id``) or the list of
    (column, parent table) foreign keys that make a row belong to the tenant.
    """
    plan: list[tuple[Table, Any]] = []
    chosen = {tenant_table.name}
    for table in target_metadata().sorted_tables:
        if table.name in SKIPPED_TABLES or table is tenant_table:
            continue
        if "tenant_id" in table.c:
            plan.append((table, "tenant"))
            chosen.add(table.name)
            continue
        links = [
            (fk.parent, fk.column.table) for fk in table.foreign_keys
            if fk.column.table.name in chosen and fk.column.table is not tenant_table
        ]
        if links:
            plan.append((table, links))
            chosen.add(table.name)
    return plan


def _row_filter(table: Table, how: Any, tenant_id: int, selected: dict[str, set]):
    if how == "tenant":
        return table.c.tenant_id == tenant_id
    return or_(*[column.in_(selected[parent.name]) for column, parent in how])


def _dump_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return (value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


def _load_value(column, value: Any) -> Any:
    if value is None or isinstance(column.type, JSON):
        return value
    if isinstance(column.type, DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(column.type, Date):
        return dt.date.fromisoformat(value)
    if isinstance(column.type, Numeric) and column.type.asdecimal:
        return decimal.Decimal(value)
    if isinstance(column.type, LargeBinary):
        return base64.b64decode(value)
    return value


def _rows(session: Session, table: Table, where) -> list[dict[str, Any]]:
    order = [c for c in table.primary_key.columns] or list(table.c)
    result = session.execute(select(table).where(where).order_by(*order))
    return [{key: _dump_value(value) for key, value in row._mapping.items()} for row in result]


def backup_tenant(session: Session, slug: str) -> dict[str, Any]:
    """A JSON-ready document with all data of tenant ``slug``."""
    tenant = get_tenant(session, slug)
    tenant_table = Tenant.__table__
    tables: dict[str, list[dict[str, Any]]] = {"tenant": _rows(session, tenant_table, tenant_table.c.id == tenant.id)}
    selected: dict[str, set] = {}
    for table, how in _plan(tenant_table):
        rows = _rows(session, table, _row_filter(table, how, tenant.id, selected))
        tables[table.name] = rows
        pk = list(table.primary_key.columns)
        selected[table.name] = {row[pk[0].name] for row in rows} if len(pk) == 1 else set()
    member_ids = {row["user_id"] for row in tables.get("membership", [])}
    users = session.scalars(select(User).where(User.id.in_(member_ids)).order_by(User.id)) if member_ids else []
    return {
        "format": FORMAT,
        "version": VERSION,
        "tenant": tenant.slug,
        "users": [{name: _dump_value(getattr(u, name)) for name in USER_FIELDS} for u in users],
        "tables": tables,
    }


def _delete_tenant(session: Session, tenant: Tenant) -> None:
    tenant_table = Tenant.__table__
    plan = _plan(tenant_table)
    selected: dict[str, set] = {}
    for table, how in plan:
        pk = list(table.primary_key.columns)
        ids = session.scalars(select(pk[0]).where(_row_filter(table, how, tenant.id, selected))) if len(pk) == 1 else []
        selected[table.name] = set(ids)
    for table, how in reversed(plan):
        session.execute(delete(table).where(_row_filter(table, how, tenant.id, selected)))
    session.execute(delete(tenant_table).where(tenant_table.c.id == tenant.id))


def restore_tenant(session: Session, document: dict[str, Any], replace: bool = False) -> Tenant:
    """Write a tenant back from :func:`backup_tenant`'s document (same ids as before).

    Refuses when the tenant exists, unless ``replace``: then its current data
    are deleted first. Everything happens in the caller's transaction.
    """
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InputError("Keine Stellwerk-Sicherung eines Arbeitsbereichs.", expected=f'"format": "{FORMAT}"')
    if document.get("version") != VERSION:
        raise InputError(f"Unbekannte Version {document.get('version')!r} der Sicherung.", expected=str(VERSION))
    slug = document.get("tenant")
    existing = find_tenant(session, slug)
    if existing is not None:
        if not replace:
            raise InputError(f"Den Arbeitsbereich {slug!r} gibt es schon (zum Ersetzen --replace angeben).")
        _delete_tenant(session, existing)
        session.flush()
        session.expunge_all()
    user_ids = _restore_users(session, document.get("users", []))
    metadata = target_metadata()
    tables = document.get("tables", {})
    unknown = set(tables) - set(metadata.tables)
    if unknown:
        raise InputError(f"Die Sicherung enthält unbekannte Tabellen: {', '.join(sorted(unknown))}.",
                         expected="eine Sicherung derselben oder einer älteren Stellwerk-Version")
    ordered = [t for t in metadata.sorted_tables if t.name in tables]
    for table in ordered:
        rows = []
        for row in tables[table.name]:
            values = {name: _load_value(table.c[name], value) for name, value in row.items() if name in table.c}
            if "user_id" in values and table.name == "membership":
                values["user_id"] = user_ids[values["user_id"]]
            rows.append(values)
        if rows:
            session.execute(insert(table), rows)
    _bump_sequences(session, ordered)
    session.flush()
    return get_tenant(session, slug)


def _restore_users(session: Session, users: list[dict[str, Any]]) -> dict[int, int]:
    """Map the backup's user ids to this database's, creating missing accounts."""
    mapping: dict[int, int] = {}
    for data in users:
        existing = session.scalar(select(User).where(User.username == data["username"]))
        if existing is None:
            taken = session.get(User, data["id"]) is not None
            values = {name: _load_value(User.__table__.c[name], data[name]) for name in USER_FIELDS}
            if taken:
                values.pop("id")
            existing = User(**values)
            session.add(existing)
            session.flush()
        mapping[data["id"]] = existing.id
    _bump_sequences(session, [User.__table__])
    return mapping


def _bump_sequences(session: Session, tables: list[Table]) -> None:
    # Rows inserted with explicit ids leave PostgreSQL's sequences behind.
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in tables:
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type, Integer):
            continue
        highest = session.scalar(select(func.max(pk[0])))
        if highest is not None:
            session.execute(text("SELECT setval(pg_get_serial_sequence(:t, :c), :v)"),
                            {"t": table.name, "c": pk[0].name, "v": highest})

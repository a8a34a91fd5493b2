# SPDX-License-Identifier: EUPL-1.2
"""Full-text matching on the normalised ``search_text`` column, per backend.

The database only decides *which* rows contain all query terms (as prefixes);
ranking happens in Python (:mod:`stellwerk.knowledge.ranking`), so SQLite and
PostgreSQL return the same list for the same query.

* SQLite: an FTS5 index in the connection's ``temp`` schema, rebuilt when the
  table's fingerprint changes. Keeping it out of the main schema keeps the
  migrated schema equal to the models; it is derived data and cheap to rebuild.
* PostgreSQL: ``to_tsvector('simple', search_text) @@ to_tsquery('simple', …)``.
  The text is already normalised, so the ``simple`` configuration is right.
* Any other backend: ``LIKE`` on the normalised text.

Terms come from :func:`stellwerk.knowledge.textnorm.query_terms` and contain only
``[a-z0-9]``; they are passed as bound parameters all the same.
"""
from __future__ import annotations

from sqlalchemy import or_, select, text
from sqlalchemy.orm import Session

__all__ = ["matching_ids"]

# Only these tables are indexed; the names below are constants, never user input.
_INDEXED = {"practice", "concept_document"}


def _sqlite_fts(session: Session, table: str) -> str:
    """Make sure the temp FTS5 index of ``table`` is current; return its name."""
    if table not in _INDEXED:
        raise ValueError(f"table {table!r} is not indexed")
    fts = f"fts_{table}"
    connection = session.connection()
    connection.exec_driver_sql(
        "CREATE TABLE IF NOT EXISTS temp.fts_state (name TEXT PRIMARY KEY, fingerprint TEXT NOT NULL)"
    )
    row = connection.exec_driver_sql(
        f"SELECT count(*), coalesce(max(id), 0), coalesce(sum(length(search_text)), 0), "  # noqa: S608 - constant
        f"coalesce(max(updated_at), '') FROM main.{table}"
    ).one()
    fingerprint = "|".join(str(value) for value in row)
    stored = connection.exec_driver_sql(
        "SELECT fingerprint FROM temp.fts_state WHERE name = ?", (fts,)
    ).scalar()
    if stored != fingerprint:
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{fts}")
        connection.exec_driver_sql(
            f"CREATE VIRTUAL TABLE temp.{fts} USING fts5(search_text, content='', tokenize='unicode61')"
        )
        connection.exec_driver_sql(
            f"INSERT INTO temp.{fts}(rowid, search_text) SELECT id, search_text FROM main.{table}"  # noqa: S608
        )
        connection.exec_driver_sql(
            "INSERT INTO temp.fts_state(name, fingerprint) VALUES (?, ?) "
            "ON CONFLICT(name) DO UPDATE SET fingerprint = excluded.fingerprint",
            (fts, fingerprint),
        )
    return fts


def matching_ids(session: Session, model: type, terms: list[str]) -> set[int]:
    """Ids of rows of ``model`` whose search text has a token starting with every term."""
    if not terms:
        return set(session.scalars(select(model.id)))
    dialect = session.get_bind().dialect.name
    table = model.__tablename__
    if dialect == "sqlite":
        fts = _sqlite_fts(session, table)
        expression = " AND ".join(f'"{term}"*' for term in terms)
        rows = session.execute(text(f"SELECT rowid FROM temp.{fts} WHERE {fts} MATCH :q"), {"q": expression})
        return {row[0] for row in rows}
    if dialect == "postgresql":
        expression = " & ".join(f"{term}:*" for term in terms)
        query = select(model.id).where(
            text(f"to_tsvector('simple', {table}.search_text) @@ to_tsquery('simple', :q)").bindparams(q=expression)
        )
        return set(session.scalars(query))
    conditions = [
        or_(model.search_text.like(f"{term}%"), model.search_text.like(f"% {term}%")) for term in terms
    ]
    return set(session.scalars(select(model.id).where(*conditions)))

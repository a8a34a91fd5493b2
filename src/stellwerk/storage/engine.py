# SPDX-License-Identifier: EUPL-1.2
"""Engines and sessions for SQLite (embedded default) and PostgreSQL."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

__all__ = ["create_db_engine", "session_factory", "session_scope"]


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # pysqlite's own transaction handling ignores SAVEPOINTs and DDL; SQLAlchemy
    # emits BEGIN itself instead (see _sqlite_begin), so rollbacks are complete.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection) -> None:
    connection.exec_driver_sql("BEGIN")


WORKER_THREADS = 20  # threads of a web server process for blocking work (web/app.py)


def create_db_engine(url: str, **kwargs) -> Engine:
    """Create an engine; for SQLite the file's folder is created and foreign keys are on."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    # A server process runs up to WORKER_THREADS requests at once (web/app.py), each with its own
    # connection: that many stay open, so a burst does not open and close PostgreSQL connections (a
    # new backend process each time); a few more for the rest of the process.
    kwargs.setdefault("pool_size", WORKER_THREADS)
    kwargs.setdefault("max_overflow", 10)
    return create_engine(url, pool_pre_ping=True, **kwargs)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: commit when the block succeeds, roll back on any error."""
    session = session_factory(engine)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()

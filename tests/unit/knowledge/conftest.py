# SPDX-License-Identifier: EUPL-1.2
"""A knowledge base loaded once per test session and backend.

Loading the 99 practices and 127 concept documents takes a moment, so it is
done once into dedicated databases (committed); each test then works inside
a transaction that is rolled back.
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session

from stellwerk.knowledge.loading import load_shipped_content
from stellwerk.storage import create_db_engine, session_scope, upgrade

ADMIN_URL = os.environ.get("STELLWERK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _postgres_wanted() -> bool:
    return os.environ.get("STELLWERK_TEST_POSTGRES", "1") != "0"


@pytest.fixture(scope="session")
def kb_engines(tmp_path_factory) -> Iterator[dict[str, Engine]]:
    """Migrated databases with the shipped knowledge content, one per backend."""
    engines = {"sqlite": create_db_engine(f"sqlite:///{tmp_path_factory.mktemp('kb') / 'kb.db'}")}
    pg_name = None
    if _postgres_wanted():
        pg_name = f"stellwerk_kb_{uuid.uuid4().hex[:12]}"
        admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{pg_name}"'))
        admin.dispose()
        engines["postgresql"] = create_db_engine(f"{ADMIN_URL.rsplit('/', 1)[0]}/{pg_name}")
    for engine in engines.values():
        upgrade(engine)
        with session_scope(engine) as session:
            load_shipped_content(session)
    yield engines
    for engine in engines.values():
        engine.dispose()
    if pg_name:
        admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)'))
        admin.dispose()


def _rolled_back(engine: Engine) -> Iterator[Session]:
    connection = engine.connect()
    outer = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield session
    finally:
        session.close()
        outer.rollback()
        connection.close()


@pytest.fixture
def kb(kb_engines, backend) -> Iterator[Session]:
    """A session on the loaded knowledge base of one backend, rolled back afterwards."""
    yield from _rolled_back(kb_engines[backend])


@pytest.fixture
def kb_both(kb_engines) -> Iterator[dict[str, Session]]:
    """Sessions on every available backend at once, for comparing their answers."""
    generators = {name: _rolled_back(engine) for name, engine in kb_engines.items()}
    sessions = {name: next(gen) for name, gen in generators.items()}
    yield sessions
    for gen in generators.values():
        gen.close()

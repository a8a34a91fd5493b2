# SPDX-License-Identifier: EUPL-1.2
"""Shared fixtures: real databases (SQLite and PostgreSQL) and the real data directory.

Every test that takes ``engine`` or ``session`` runs once on SQLite and once on
PostgreSQL. Each pytest process gets its own PostgreSQL database, migrated once;
every test runs inside a transaction that is rolled back afterwards.
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session

from stellwerk.config import find_data_dir
from stellwerk.storage import create_db_engine, upgrade

POSTGRES_ADMIN_URL = os.environ.get(
    "STELLWERK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
BACKENDS = ["sqlite", "postgresql"]


def _postgres_wanted() -> bool:
    return os.environ.get("STELLWERK_TEST_POSTGRES", "1") != "0"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The directory of real official tables (STELLWERK_DATA_DIR or ../shared/data)."""
    found = find_data_dir(os.environ.get("STELLWERK_DATA_DIR"))
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("Datenverzeichnis fehlt: STELLWERK_DATA_DIR setzen oder ../shared/data bereitstellen")
        pytest.skip("no data directory (set STELLWERK_DATA_DIR)")
    return found


def _create_postgres_database() -> tuple[str, str]:
    name = f"stellwerk_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    return name, f"{base}/{name}"


def _drop_postgres_database(name: str) -> None:
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def migrated_engines(tmp_path_factory) -> Iterator[dict[str, Engine]]:
    """One migrated database per backend for the whole test session."""
    engines: dict[str, Engine] = {}
    sqlite_path = tmp_path_factory.mktemp("db") / "stellwerk.db"
    engines["sqlite"] = create_db_engine(f"sqlite:///{sqlite_path}")
    upgrade(engines["sqlite"])
    pg_name = None
    if _postgres_wanted():
        pg_name, url = _create_postgres_database()
        engines["postgresql"] = create_db_engine(url)
        upgrade(engines["postgresql"])
    yield engines
    for engine in engines.values():
        engine.dispose()
    if pg_name:
        _drop_postgres_database(pg_name)


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    if request.param == "postgresql" and not _postgres_wanted():
        pytest.skip("PostgreSQL disabled by STELLWERK_TEST_POSTGRES=0")
    return request.param


@pytest.fixture
def engine(migrated_engines, backend) -> Engine:
    return migrated_engines[backend]


@pytest.fixture
def session(engine) -> Iterator[Session]:
    """A session whose work is rolled back after the test, commits included."""
    connection = engine.connect()
    outer = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield session
    finally:
        session.close()
        outer.rollback()
        connection.close()


# --- Areas: a committed database with real Gebietsstände, built once per test session ---

GV_FIXTURE_FILES = (
    "gemeinden/destatis_gv_auszug/31122016_Auszug_GV.xlsx",
    "gemeinden/destatis_gv_auszug/31122017_Auszug_GV.xlsx",
)
KREISE_FIXTURE_FILES = (
    "kreise/destatis_gv_04-kreise_2018-12-31.xlsx",
    "kreise/destatis_gv_04-kreise_2023-12-31.xlsx",
)


@pytest.fixture(scope="session")
def gv_stands(data_dir):
    """The parsed register files of the areas database (parsed once, written per backend)."""
    from stellwerk.geo.gv import parse_gv_workbook
    from stellwerk.geo.kreise import parse_kreise_workbook

    stands = [("gv", parse_gv_workbook(data_dir / name)) for name in GV_FIXTURE_FILES]
    stands += [("kreise", parse_kreise_workbook(data_dir / name)) for name in KREISE_FIXTURE_FILES]
    return stands


@pytest.fixture(scope="session")
def gv_engines(tmp_path_factory, gv_stands) -> Iterator[dict[str, Engine]]:
    """Per backend a dedicated, committed database holding the Gemeindeverzeichnis
    31.12.2016 and 31.12.2017 and the Kreise tables 31.12.2018 and 31.12.2023.

    Built lazily on first use and shared by every test of the session; tests must
    not commit into it (use ``areas_session``, which rolls back). Mark modules that
    use it with ``pytest.mark.xdist_group("areas")`` so that under ``-n 2 --dist
    loadgroup`` only one worker pays for building it.
    """
    from stellwerk.geo.store import write_stand
    from stellwerk.storage import session_scope

    engines: dict[str, Engine] = {}
    path = tmp_path_factory.mktemp("areas") / "areas.db"
    engines["sqlite"] = create_db_engine(f"sqlite:///{path}")
    pg_name = None
    if _postgres_wanted():
        pg_name, url = _create_postgres_database()
        engines["postgresql"] = create_db_engine(url)
    for engine in engines.values():
        upgrade(engine)
        with session_scope(engine) as session:
            for kind, stand in gv_stands:
                write_stand(session, stand, kind)
    yield engines
    for engine in engines.values():
        engine.dispose()
    if pg_name:
        _drop_postgres_database(pg_name)


@pytest.fixture
def gv_engine(gv_engines, backend) -> Engine:
    """The committed areas database of the current backend (read only!)."""
    return gv_engines[backend]


@pytest.fixture
def areas_session(gv_engine) -> Iterator[Session]:
    """A session on the areas database whose work is rolled back after the test."""
    connection = gv_engine.connect()
    outer = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield session
    finally:
        session.close()
        outer.rollback()
        connection.close()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items) -> None:
    """Make ``--dist loadgroup`` work again: pytest-xdist 3.8 tags ``xdist_group`` tests by
    rewriting ``item._nodeid``, which pytest 9 no longer reads (the id lives in ``item._id``)."""
    if not getattr(config.option, "loadgroup", False):
        return
    try:
        from _pytest.nodeid import NodeId
    except ImportError:  # older pytest: xdist's own rewrite works
        return
    for item in items:
        names = sorted(
            {str(m.args[0] if m.args else m.kwargs.get("name", "default")) for m in item.iter_markers("xdist_group")}
        )
        if names and hasattr(item, "_id") and "@" not in item.nodeid.rsplit("]", 1)[-1]:
            item._id = NodeId.parse(f"{item.nodeid}@{'_'.join(names)}")

#!/usr/bin/env python
# SPDX-License-Identifier: EUPL-1.2
"""Practice search: median time per query on SQLite (and PostgreSQL when reachable).

Baseline: listing all published practices without a query (same session, same run).
Set STELLWERK_BENCH_POSTGRES_URL to an admin URL to include PostgreSQL.
"""
from __future__ import annotations

import os
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from stellwerk.knowledge.loading import load_shipped_content
from stellwerk.knowledge.search import search_practices
from stellwerk.storage import create_db_engine, upgrade

QUERIES = ["Sprachkurs", "Migrant*innen", "Ehrenamt Netzwerk", "Unterkünfte Wohnungsunternehmen", "x" * 500]
RUNS = 15


def _median(session: Session, query: str) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        search_practices(session, query)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _bench(name: str, url: str) -> None:
    engine = create_db_engine(url)
    upgrade(engine)
    with Session(engine) as session:
        load_shipped_content(session)
        session.commit()
        baseline = _median(session, "")
        print(f"{name}: Grundlinie (alle 99 auflisten) {baseline * 1000:.1f} ms")
        for query in QUERIES:
            median = _median(session, query)
            print(f"  {query[:30]!r:<34} {median * 1000:7.1f} ms  Verhältnis {median / baseline:.2f}")
    engine.dispose()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _bench("SQLite", f"sqlite:///{Path(tmp) / 'bench.db'}")
    admin_url = os.environ.get("STELLWERK_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    name = f"stellwerk_bench_{uuid.uuid4().hex[:8]}"
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # noqa: BLE001 - PostgreSQL is optional here
        print(f"PostgreSQL nicht erreichbar ({type(error).__name__}); nur SQLite gemessen")
        return
    try:
        _bench("PostgreSQL", f"{admin_url.rsplit('/', 1)[0]}/{name}")
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()

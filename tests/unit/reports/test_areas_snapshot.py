# SPDX-License-Identifier: EUPL-1.2
"""The report reads the area table once: ``indicators.store.areas_snapshot``."""
from __future__ import annotations

from sqlalchemy import event

from stellwerk.geo.models import Area
from stellwerk.indicators.store import areas_snapshot, load_areas


def _count_area_queries(session):
    seen = []

    def before(conn, cursor, statement, parameters, context, executemany):
        if "FROM area" in statement and "valid_from" in statement:
            seen.append(statement)

    event.listen(session.connection().engine, "before_cursor_execute", before)
    return seen, lambda: event.remove(session.connection().engine, "before_cursor_execute", before)


def test_snapshot_reads_once_and_hands_out_copies(session):
    session.add_all([Area(level="land", code="99", name="Testland", name_key="testland")])
    session.flush()
    seen, stop = _count_area_queries(session)
    try:
        with areas_snapshot(session):
            first = load_areas(session)
            first.loc[first.index[0], "name"] = "verändert"  # a caller's change stays its own
            with areas_snapshot(session):  # nested: the outer snapshot is kept
                second = load_areas(session)
        after = load_areas(session)
    finally:
        stop()
    assert len(seen) == 2  # once inside the block, once after it
    assert "verändert" not in set(second["name"]) and "Testland" in set(second["name"])
    assert list(second.index) == list(after.index)
    assert "stellwerk.indicators.areas_snapshot" not in session.info

# SPDX-License-Identifier: EUPL-1.2
from sqlalchemy import inspect

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from stellwerk.storage.migrate import alembic_config, current_heads, script_heads
from stellwerk.storage.models import target_metadata


def test_migrations_reach_every_head(engine):
    # A branch with depends_on (e.g. network on accounts) absorbs the head it depends on
    # in the version table, so compare against everything the current heads include.
    script = ScriptDirectory.from_config(alembic_config(engine))
    applied = {rev.revision for rev in script.iterate_revisions(tuple(current_heads(engine)), "base")}
    assert script_heads(engine) <= applied


def test_migrated_schema_matches_the_models(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, target_metadata())
    assert differences == []


def test_area_tables_exist(engine):
    tables = set(inspect(engine).get_table_names())
    assert {"gebietsstand", "area", "area_snapshot"} <= tables


def test_session_rolls_back_between_tests(session):
    from stellwerk.geo.models import Area

    session.add(Area(level="land", code="99", name="Testland", name_key="testland"))
    session.commit()
    assert session.query(Area).filter_by(code="99").count() == 1


def test_previous_test_left_nothing_behind(session):
    from stellwerk.geo.models import Area

    assert session.query(Area).filter_by(code="99").count() == 0

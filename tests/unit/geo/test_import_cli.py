# SPDX-License-Identifier: EUPL-1.2
"""``stellwerk import gv`` on the command line: JSON, idempotence, dry run, atomicity."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from stellwerk.cli import main
from stellwerk.geo.models import Area, Gebietsstand
from stellwerk.storage import create_db_engine, session_scope

pytestmark = pytest.mark.data


def _count(url, model):
    engine = create_db_engine(url)
    with session_scope(engine) as session:
        value = session.scalar(select(func.count()).select_from(model))
    engine.dispose()
    return value


def test_import_twice_dry_run_and_atomic_failure(tmp_path, gv_sample_rows, write_gv):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    good = write_gv(gv_sample_rows)
    runner = CliRunner()

    dry = runner.invoke(main, ["import", "gv", str(good), "--dry-run", "--json", "--database", url])
    assert dry.exit_code == 0, dry.output
    assert json.loads(dry.stdout)["dry_run"] is True
    assert _count(url, Area) == 0

    first = runner.invoke(main, ["import", "gv", str(good), "--json", "--database", url])
    document = json.loads(first.stdout)
    assert (document["status"], document["reference_date"]) == ("imported", "2017-12-31")
    assert document["counts"]["gemeinde"] == sum(1 for r in gv_sample_rows if r[0] == "60")

    again = runner.invoke(main, ["import", "gv", str(good), "--database", url])
    assert again.exit_code == 0
    assert "schon importiert" in again.stdout

    rows = [list(r) for r in gv_sample_rows]
    rows[0][0] = rows[0][0].replace("31.12.2017", "31.12.2018")
    newer = write_gv(rows, "neu.xlsx")
    rows[-1][9] = "viele"
    broken = write_gv(rows, "kaputt.xlsx")
    failed = runner.invoke(main, ["import", "gv", str(newer), str(broken), "--database", url])
    assert failed.exit_code == 2
    assert "kaputt.xlsx" in failed.stderr and "Spalte J" in failed.stderr
    assert _count(url, Gebietsstand) == 1  # the good first file of the batch was rolled back too

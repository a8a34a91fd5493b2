# SPDX-License-Identifier: EUPL-1.2
"""Every official statistics file of the data directory imports through the CLI, once."""
from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from stellwerk.cli import main
from stellwerk.geo.models import Area, Level
from stellwerk.observations.models import Observation
from stellwerk.storage import create_db_engine
from tests.unit.sources.conftest import STATISTICS_FILES, statistics_path

pytestmark = [pytest.mark.data, pytest.mark.slow]


@pytest.fixture(scope="module")
def imported(gv_engines, data_dir, tmp_path_factory):
    """A copy of the SQLite areas database with every statistics file imported by ``stellwerk import auto``."""
    source = gv_engines["sqlite"].url.database
    target = tmp_path_factory.mktemp("all") / "stellwerk.db"
    shutil.copy(source, target)
    url = f"sqlite:///{target}"
    paths = [str(statistics_path(data_dir, key)) for key in sorted(STATISTICS_FILES)]
    result = CliRunner().invoke(main, ["import", "auto", *paths, "--json", "--database", url])
    assert result.exit_code == 0, result.stderr
    engine = create_db_engine(url)
    yield url, json.loads(result.stdout)["imports"], engine
    engine.dispose()


def test_every_file_is_imported(imported):
    _, reports, _ = imported
    assert len(reports) == len(STATISTICS_FILES)
    assert {r["status"] for r in reports} == {"imported"}
    assert all(r["observations"] > 0 for r in reports)
    ba_2009 = next(r for r in reports if r["file"].endswith("_2009.csv"))
    # Gemeinden of 2009 that were merged before 2016 are historic units from the BBSR key.
    assert ba_2009["created_areas"] and all(a["type"] != "" for a in ba_2009["created_areas"])


def test_importing_again_changes_nothing(imported, data_dir):
    url, reports, _ = imported
    paths = [str(statistics_path(data_dir, key)) for key in sorted(STATISTICS_FILES)]
    result = CliRunner().invoke(main, ["import", "auto", *paths, "--json", "--database", url])
    assert result.exit_code == 0, result.stderr
    again = json.loads(result.stdout)["imports"]
    assert {r["status"] for r in again} == {"unchanged"}
    assert [r["dataset_id"] for r in again] == [r["dataset_id"] for r in reports]


def test_datasets_command_shows_coverage_and_flags(imported):
    url, reports, _ = imported
    result = CliRunner().invoke(main, ["datasets", "--json", "--database", url])
    assert result.exit_code == 0, result.stderr
    rows = {r["table_code"] + "/" + r["file_name"]: r for r in json.loads(result.stdout)["datasets"]}
    assert len(rows) == len(reports)
    schutz = next(r for r in rows.values() if r["table_code"] == "12531")
    assert schutz["periods"] == 1 and schutz["areas"] > 450 and 0 < schutz["flagged_share"] < 0.25
    assert schutz["reference_date"] == "2018-12-31" and schutz["stale"] is True
    assert schutz["light"] == "rot" and any("5 Jahre" in r for r in schutz["light_reasons"])
    hamburg = next(r for r in rows.values() if r["table_code"] == "Hamburg-Stadtteilprofile")
    assert hamburg["areas"] == 107 and hamburg["periods"] == 6 and hamburg["flagged_share"] == round(86 / 7276, 4)
    text = CliRunner().invoke(main, ["datasets", "--database", url])
    assert "12531" in text.output and "gekennzeichnet" in text.output


def test_ba_gemeinde_values_in_the_store(imported):
    _, _, engine = imported
    with engine.connect() as connection:
        rows = dict(connection.execute(
            select(Area.ags, Observation.value).join(Area, Area.id == Observation.area_id)
            .where(Area.level == Level.GEMEINDE, Observation.variable_code == "arbeitslose",
                   Observation.period == "2009", Observation.breakdown == "")).all())
    assert rows["01051001"] == 165  # Albersdorf
    assert rows["01001000"] == 5530  # Flensburg
    assert len(rows) > 11_000

# SPDX-License-Identifier: EUPL-1.2
"""Every official statistics file of the data directory imports through the CLI, once."""
from __future__ import annotations

import csv
import json
import shutil
from collections import Counter

import pytest
from click.testing import CliRunner
from sqlalchemy import case, func, select

from stellwerk.cli import main
from stellwerk.geo.models import Area, Level
from stellwerk.observations.models import Dataset, Observation
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


# Fingerprints of whole datasets (observations, flagged cells, flags ".", distinct areas, sum of values),
# taken before the import was made faster: a fast path that changes any cell changes one of them.
FINGERPRINTS: dict[str, tuple] = {
    "arbeitslose_auslaender_kreise_2019.csv": (3766, 630, 84, 538, 16535619.0),
    "asylblg_empfaenger_kreise_2019-12-31.csv": (1614, 238, 2, 538, 2614113.0),
    "ba_arbeitslose_gemeinden_jahreszahlen_2009.csv": (346920, 0, 0, 11564, 50010963.0),
    "ba_arbeitslose_gemeinden_jahreszahlen_2010.csv": (346800, 0, 0, 11560, 48280232.0),
    "ba_arbeitslose_gemeinden_jahreszahlen_2011.csv": (346860, 0, 0, 11562, 45112991.0),
    "ba_arbeitslose_gemeinden_jahreszahlen_2012.csv": (345660, 0, 0, 11522, 44684485.0),
    "ba_arbeitslose_gemeinden_jahreszahlen_2013.csv": (344820, 0, 0, 11494, 46163422.0),
    "ba_arbeitslose_gemeinden_jahreszahlen_2014.csv": (342390, 0, 0, 11413, 46038965.0),
    "ba_arbeitslose_gemeinden_jahreszahlen_2015.csv": (341730, 104442, 104442, 11391, 45174430.0),
    "destatis_12511-0006_einbuergerungen_jsonstat.json": (188928, 138617, 0, 1, 69280468.0),
    "destatis_12511_einbuergerungen_nach_laendergruppen_2000-2023.csv": (984, 0, 0, 1, 34408427.0),
    "destatis_12511_einbuergerungen_nach_rechtsgrundlage_2000-2023.csv": (768, 0, 0, 1, 3055680.0),
    "destatis_12511_einbuergerungen_nach_staatsangehoerigkeit_2000-2023.csv": (4992, 0, 0, 1, 3053605.0),
    "destatis_12521-0008_auslaender_aufenthaltstitel_laender_jsonstat.json": (28080, 5423, 0, 1, 3042814190.0),
    "destatis_12521_auslaender_nach_aufenthaltstitel_1998-2024.csv": (324, 0, 0, 1, 237531277.0),
    "destatis_12521_auslaender_nach_staatsangehoerigkeit_historisch.csv": (12064, 0, 0, 1, 380566869.0),
    "genesis_12411-0015_bevoelkerung_kreise_2009-2016.csv": (3352, 117, 0, 419, 651067842.0),
    "inkar_kreise_covariates_1995-2022_via_gerda.csv": (239834, 0, 0, 400, 108333661.5),
    "koeln_bevoelkerung_stadtteile_2005-2012.csv": (29135, 0, 0, 96, 171523941.0),
    "regionalstatistik_12411-03-03-4_bevoelkerung_nationalitaet_kreise_2011.csv": (8712, 630, 0, 484, 1226543492.0),
    "regionalstatistik_13211-02-05-4_arbeitslose_auslaender_kreise_2001-2017.csv": (118898, 34233, 4754, 538, 393369288.5),
    "schutzsuchende_kreise_2018-12-31.csv": (484, 47, 23, 484, 6538455.0),
    "sozialhilfe_empfaenger_kreise_2019-12-31.csv": (2690, 428, 31, 538, 2438865.0),
    "statistik-nord_Daten_fuer_die_Stadtteilprofile_2014.xlsx": (7276, 86, 84, 107, 34040642.8),
    "zensus2011_12111-06-01-4_nationalitaet_religion_kreise.csv": (9680, 500, 0, 484, 1792669547.0),
    "zensus2022_gemeinden_indikatoren_via_gerda.csv": (151004, 2856, 2856, 10786, 128984334.6),
}


def test_whole_datasets_are_unchanged_by_the_fast_paths(imported):
    _, _, engine = imported
    o = Observation
    with engine.connect() as connection:
        found = {
            row.file_name: (row.cells, row.flagged, row.dots, row.areas, round(row.total, 1))
            for row in connection.execute(
                select(Dataset.file_name, func.count().label("cells"), func.count(o.flag).label("flagged"),
                       func.sum(case((o.flag == ".", 1), else_=0)).label("dots"),
                       func.count(func.distinct(o.area_id)).label("areas"), func.sum(o.value).label("total"))
                .join(Dataset, Dataset.id == o.dataset_id).group_by(Dataset.file_name))
        }
    assert {name: found.get(name) for name in FINGERPRINTS} == FINGERPRINTS, found


def test_suppressed_ba_cells_keep_their_flag(imported, data_dir):
    """Every empty cell of a Gemeinde row in the BA file of 2015 is stored as value None, flag '.'."""
    _, reports, engine = imported
    path = statistics_path(data_dir, "ba-2015")
    skipped = next(r for r in reports if r["file"] == path.name)["skipped_codes"]
    with open(path, encoding="cp1252", newline="") as handle:
        raw = {row[0].strip().zfill(8): row for row in csv.reader(handle)
               if row and row[0].strip().isdigit() and len(row[0].strip()) in (7, 8)}
    with engine.connect() as connection:
        flagged = connection.execute(
            select(Area.ags, Observation.value, Observation.flag)
            .join(Area, Area.id == Observation.area_id).join(Dataset, Dataset.id == Observation.dataset_id)
            .where(Dataset.file_name == path.name, Area.level == Level.GEMEINDE, Observation.flag.is_not(None))
        ).all()
    assert {(value, flag) for _, value, flag in flagged} == {(None, ".")}
    per_area = Counter(ags for ags, _, _ in flagged)
    empty = {ags: sum(1 for cell in row[2:32] if not cell.strip()) for ags, row in raw.items()}
    assert per_area == {ags: n for ags, n in empty.items() if n and ags not in skipped}
    assert len(per_area) > 1000

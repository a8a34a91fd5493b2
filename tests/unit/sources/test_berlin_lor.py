# SPDX-License-Identifier: EUPL-1.2
"""Berlin's LOR population files: cells against the raw files, identities, old/new schemes, bad input."""
from __future__ import annotations

import csv
from collections import defaultdict

import pytest
from sqlalchemy import select

from stellwerk.errors import InputError
from stellwerk.geo.models import Area, Level
from stellwerk.observations import store
from stellwerk.observations.models import Observation
from stellwerk.sources.areas import AreaIndex
from stellwerk.sources.importer import import_file, import_files, parse_file
from stellwerk.sources.registry import detect, find_statistics_files
from stellwerk.workspace import open_workspace
from tests.unit.sources.conftest import table_counts

pytestmark = pytest.mark.data

LOR = "city/berlin_lor"
MH, DMH, AUSL = "migration=mit_mh", "migration=mit_mh|nationality=deutsche", "nationality=auslaender"


def _path(data_dir, half: str, table: str, level: str):
    return data_dir / LOR / f"berlin-lor-population-{half}" / f"berlin-lor-population-{half}-{table}-{level}.csv"


def _raw(path) -> dict[str, dict[str, str]]:
    with open(path, encoding="utf-8") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def _cells(table) -> dict[tuple[str, str], float]:
    return {(c.code, c.breakdown): c.value for c in table.cells}


def test_t1_and_t2_are_recognised_t3_and_t4_are_not(data_dir):
    found = [(kind, path) for kind, path in find_statistics_files(data_dir / LOR)]
    assert len(found) == 20 * 2 * 5 and {kind for kind, _ in found} == {"berlin-lor"}
    assert not any("-t3-" in path.name or "-t4-" in path.name for _, path in found)
    # t3 holds 100 (a percentage base) in "inhabitants": it must never become a count.
    with pytest.raises(InputError):
        detect(_path(data_dir, "2021-01", "t3", "districts"))


def test_cells_equal_the_raw_files_in_both_schemes(data_dir):
    new = _path(data_dir, "2021-01", "t1", "planning-areas")
    _, table = parse_file(new)
    cells, raw = _cells(table), _raw(new)
    assert table.periods == ["2021-H1"] and table.meta["scheme"] == "neu"
    assert cells[("11000000-neu-01100101", AUSL)] == float(raw["01100101"]["inhabitants_foreigners"]) == 1421
    old = _path(data_dir, "2015-01", "t1", "planning-areas")
    _, table = parse_file(old)
    assert _cells(table)[("11000000-alt-01011101", "")] == float(_raw(old)["01011101"]["inhabitants"]) == 3126
    assert table.meta["lor_matches"]["01011101"] == ["01100101"]
    city = _path(data_dir, "2021-01", "t1", "city")
    assert _cells(parse_file(city)[1])[("11000000", "")] == 3766082
    ages = _path(data_dir, "2024-02", "t2", "districts")
    _, table = parse_file(ages)
    assert table.periods == ["2024-H2"]
    assert _cells(table)[("11008008", "age=65+")] == float(_raw(ages)["08"]["inhabitants_age_above_65"])
    # t2 repeats totals and foreigners of t1: not stored twice; percentages never.
    assert {c.breakdown for c in table.cells} == {"age=0-6", "age=6-15", "age=15-18", "age=18-27", "age=27-45",
                                                  "age=45-55", "age=55-65", "age=65+", "sex=w"}


def test_identities_hold_for_every_area_and_half_year(data_dir):
    checked = 0
    for path in sorted((data_dir / LOR).rglob("*-t1-planning-areas.csv")):
        cells = _cells(parse_file(path)[1])
        for (code, breakdown), value in cells.items():
            if breakdown == MH:
                assert value == cells[(code, DMH)] + cells[(code, AUSL)], (path.name, code)
                assert cells[(code, "")] == cells[(code, "nationality=deutsche")] + cells[(code, AUSL)]
                checked += 1
    assert checked > 20 * 440


@pytest.mark.parametrize("half", ["2015-01", "2020-02", "2021-01", "2024-02"])
def test_planning_areas_add_up_to_their_district_and_the_city(data_dir, half):
    _, plr = parse_file(_path(data_dir, half, "t1", "planning-areas"))
    _, districts = parse_file(_path(data_dir, half, "t1", "districts"))
    _, city = parse_file(_path(data_dir, half, "t1", "city"))
    chain = {a.code: a.parent_code for a in plr.areas}
    sums: dict[str, float] = defaultdict(float)
    for cell in plr.cells:
        if cell.breakdown == MH:
            code = cell.code
            while "-" in code:  # Planungsraum → Bezirksregion → Prognoseraum → Bezirk
                code = chain[code]
            sums[code] += cell.value
    assert sums == {c.code: c.value for c in districts.cells if c.breakdown == MH}
    assert sum(sums.values()) == _cells(city)[("11000000", MH)]


@pytest.mark.xdist_group("areas")
def test_old_and_new_schemes_stay_apart_in_the_store(areas_session, data_dir):
    old = import_file(areas_session, _path(data_dir, "2020-02", "t1", "planning-areas"))
    new = import_file(areas_session, _path(data_dir, "2021-01", "t1", "planning-areas"))
    assert old.observations == 448 * 6 and new.observations == 542 * 6
    created = [a for a in old.created_areas + new.created_areas if a["level"] == Level.STADTTEIL]
    assert len([a for a in created if a["type"].startswith("Planungsraum")]) == 448 + 542
    plr = areas_session.scalar(select(Area).where(Area.code == "11000000-neu-01100101"))
    assert plr.type == "Planungsraum (LOR ab 2021)"
    bzr = plr.parent
    assert bzr.code == "11000000-neu-011001" and bzr.parent.code == "11000000-neu-0110"
    assert bzr.parent.parent.level == Level.STADTBEZIRK and bzr.parent.parent.code == "11001001"
    assert bzr.parent.parent.parent.ags == "11000000"
    rows = store.read_observations(areas_session, "bevoelkerung", area_ids=[plr.id], period="2021-H1",
                                   breakdown=AUSL)
    assert [r["value"] for r in rows] == [1421]
    assert import_file(areas_session, _path(data_dir, "2021-01", "t1", "planning-areas")).status == "unchanged"


@pytest.mark.xdist_group("areas")
def test_shared_area_index_forgets_the_areas_of_a_dry_run(areas_session, data_dir):
    path = _path(data_dir, "2021-01", "t1", "planning-areas")
    areas = AreaIndex(areas_session)
    dry = import_file(areas_session, path, dry_run=True, areas=areas)
    assert len(dry.created_areas) == 12 + 58 + 143 + 542
    assert areas_session.scalar(select(Area).where(Area.code == "11000000-neu-01100101")) is None
    # The same index again: the rolled-back areas are created anew, not taken from memory.
    real = import_file(areas_session, path, areas=areas)
    assert real.status == "imported" and real.created_areas == dry.created_areas
    plr = areas_session.scalar(select(Area).where(Area.code == "11000000-neu-01100101"))
    rows = store.read_observations(areas_session, "bevoelkerung", area_ids=[plr.id], period="2021-H1",
                                   breakdown=AUSL)
    assert [r["value"] for r in rows] == [1421]
    # A second file of the batch finds the areas the first one created.
    [t2] = import_files(areas_session, [_path(data_dir, "2021-01", "t2", "planning-areas")], areas=areas)
    assert t2.status == "imported" and t2.created_areas == []
    rows = store.read_observations(areas_session, "bevoelkerung", area_ids=[plr.id], period="2021-H1",
                                   breakdown="sex=w")
    assert len(rows) == 1 and rows[0]["value"] > 0


@pytest.mark.xdist_group("areas")
@pytest.mark.parametrize("case", ["fraction", "bad-id", "no-date-in-name"])
def test_broken_lor_file_is_rejected_and_nothing_written(sources_engine, data_dir, tmp_path, case):
    source = _path(data_dir, "2021-01", "t1", "planning-areas")
    lines = source.read_text(encoding="utf-8").split("\n")
    path = tmp_path / source.name
    if case == "fraction":
        fields = lines[5].split(",")
        fields[5] = "12.5"
        lines[5] = ",".join(fields)
        expected = (6, "F", "Personenzahl")
    elif case == "bad-id":
        lines[7] = lines[7].replace(",01,", ",13,", 1)
        expected = (8, "B", "LOR-Nummer")
    else:
        path = tmp_path / "lor.csv"
        expected = (1, None, "Halbjahr")
    path.write_text("\n".join(lines), encoding="utf-8")
    workspace = open_workspace(sources_engine.url.render_as_string(hide_password=False))
    before = table_counts(sources_engine)
    try:
        with pytest.raises(InputError) as caught:
            with workspace.session() as session:
                import_file(session, _path(data_dir, "2021-01", "t1", "districts"))
                import_file(session, path, "berlin-lor")
    finally:
        workspace.engine.dispose()
    assert table_counts(sources_engine) == before
    row, column, words = expected
    assert caught.value.row == row and caught.value.column == column
    assert words in str(caught.value)


# Per file: observations, distinct areas, sum of values, flagged cells, foreigners (t1) or women (t2) of the
# first area stored; taken before the import was made faster (a fast path that changes a cell changes one).
BATCH_FINGERPRINTS: dict[str, tuple] = {
    "berlin-lor-population-2019-01-t1-city.csv": (6, 1, 11799252.0, 0, [758550.0]),
    "berlin-lor-population-2019-01-t1-districts.csv": (72, 12, 11799252.0, 0, [131466.0]),
    "berlin-lor-population-2019-01-t1-planning-areas.csv": (2688, 448, 11799252.0, 0, [1427.0]),
    "berlin-lor-population-2019-01-t2-city.csv": (9, 1, 5650447.0, 0, [1896029.0]),
    "berlin-lor-population-2019-01-t2-districts.csv": (108, 12, 5650447.0, 0, [184984.0]),
    "berlin-lor-population-2019-01-t2-planning-areas.csv": (4032, 448, 5650447.0, 0, [1634.0]),
    "berlin-lor-population-2024-02-t1-city.csv": (6, 1, 12321422.0, 0, [971878.0]),
    "berlin-lor-population-2024-02-t1-districts.csv": (72, 12, 12321422.0, 0, [147951.0]),
    "berlin-lor-population-2024-02-t1-planning-areas.csv": (3252, 542, 12321422.0, 0, [1581.0]),
    "berlin-lor-population-2024-02-t2-city.csv": (9, 1, 5863640.0, 0, [1966495.0]),
    "berlin-lor-population-2024-02-t2-districts.csv": (108, 12, 5863640.0, 0, [192462.0]),
    "berlin-lor-population-2024-02-t2-planning-areas.csv": (4878, 542, 5863640.0, 0, [1711.0]),
}


@pytest.mark.xdist_group("areas")
def test_a_batch_of_lor_files_stores_the_same_cells_as_before(areas_session, data_dir):
    paths = [_path(data_dir, half, table, level) for half in ("2019-01", "2024-02") for table in ("t1", "t2")
             for level in ("city", "districts", "planning-areas")]
    reports = import_files(areas_session, paths)
    found = {}
    for report in reports:
        rows = areas_session.execute(
            select(Observation.area_id, Observation.breakdown, Observation.value, Observation.flag)
            .where(Observation.dataset_id == report.dataset_id).order_by(Observation.id)).all()
        first_area = rows[0].area_id
        first = [r.value for r in rows if r.area_id == first_area and r.breakdown in (AUSL, "sex=w")]
        found[report.file] = (len(rows), len({r.area_id for r in rows}), sum(r.value for r in rows),
                              sum(1 for r in rows if r.flag), first)
    assert found == BATCH_FINGERPRINTS

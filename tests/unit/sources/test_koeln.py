# SPDX-License-Identifier: EUPL-1.2
"""Köln's Stadtbezirke and Stadtteile 2005–2012: cells against the raw file, identities, areas, bad input."""
from __future__ import annotations

import csv
from collections import defaultdict

import pytest
from sqlalchemy import select

from stellwerk.errors import InputError
from stellwerk.geo.models import Area, Level
from stellwerk.observations import store
from stellwerk.sources.importer import import_file, parse_file
from stellwerk.sources.registry import detect
from stellwerk.workspace import open_workspace
from tests.unit.sources.conftest import STATISTICS_FILES, table_counts

pytestmark = pytest.mark.data

KOELN = STATISTICS_FILES["koeln"]
MH, DMH, AUSL = "migration=mit_mh", "migration=mit_mh|nationality=deutsche", "nationality=auslaender"

_CACHE: dict = {}


@pytest.fixture
def koeln(data_dir):
    if "table" not in _CACHE:
        _CACHE["table"] = parse_file(data_dir / KOELN)
    return _CACHE["table"]


def _raw(data_dir) -> dict[tuple[str, str, str, str], float]:
    with open(data_dir / KOELN, encoding="utf-8") as handle:
        return {(r["tab_id"], r["jahr"], r["raum_id"], r["zei_id"]): float(r["zahl"]) for r in csv.DictReader(handle)}


def _cells(table) -> dict[tuple[str, str, str], float]:
    return {(c.code, c.period, c.breakdown): c.value for c in table.cells}


def test_auto_detects_the_koeln_file(data_dir, koeln):
    assert detect(data_dir / KOELN) == "koeln"
    kind, table = koeln
    assert kind == "koeln"
    assert table.meta["stadtbezirke"] == 9 and table.meta["stadtteile"] == 86
    assert table.row_count == 29135
    assert table.periods[0] == "2005-12-31" and table.periods[-1] == "2012-12-31"
    assert "CC BY" in table.licence and "Stadt Köln" in table.attribution


def test_cells_equal_the_raw_file(data_dir, koeln):
    raw = _raw(data_dir)
    cells = _cells(koeln[1])
    # The city, a Stadtbezirk and a Stadtteil, one table each.
    assert cells[("05315000", "2005-12-31", "")] == raw[("005", "2005", "000", "10")] == 1023101
    assert cells[("05315000-1", "2012-12-31", MH)] == raw[("030", "2012", "001", "10")]
    assert cells[("05315000-101", "2008-12-31", "age=75+")] == raw[("020", "2008", "101", "130")]
    assert cells[("05315000-905", "2010-12-31", "country_group=tuerkei|nationality=auslaender")] == \
        raw[("030", "2010", "905", "100")]
    # Edge case: a missing line ("verpartnert" in a Stadtteil without any) is no cell, not a zero.
    missing = [k for k in raw if k[0] == "040" and k[3] == "50"]
    assert len(missing) < 96 * 8
    stored_partnered = sum(1 for (_, _, b) in cells if b == "marital_status=verpartnert")
    assert stored_partnered == len(missing)
    # Every raw row is one cell.
    assert len(koeln[1].cells) == len(raw)


def test_mh_equals_germans_with_mh_plus_foreigners_everywhere(koeln):
    cells = _cells(koeln[1])
    checked = 0
    for (code, period, breakdown), value in cells.items():
        if breakdown == MH:
            assert value == cells[(code, period, DMH)] + cells[(code, period, AUSL)], (code, period)
            checked += 1
    assert checked == 96 * 8


@pytest.mark.parametrize("breakdown", ["", MH, DMH, AUSL, "migration=aussiedler", "migration=eingebuergerte",
                                       "sex=w", "age=0-3"])
def test_stadtteile_add_up_to_their_stadtbezirk_and_the_city(koeln, breakdown):
    table = koeln[1]
    cells = _cells(table)
    parent = {a.code: a.parent_code for a in table.areas}
    for period in table.periods:
        bezirke: dict[str, float] = defaultdict(float)
        for area in table.areas:
            if area.level == Level.STADTTEIL:
                bezirke[area.parent_code] += cells[(area.code, period, breakdown)]
        assert len(bezirke) == 9
        for code, total in bezirke.items():
            assert total == cells[(code, period, breakdown)], (code, period)
            assert parent[code] == "05315000"
        assert sum(bezirke.values()) == cells[("05315000", period, breakdown)]


def test_the_seven_citizenship_regions_add_up_to_the_foreigners(koeln):
    cells = _cells(koeln[1])
    sums: dict[tuple[str, str], float] = defaultdict(float)
    for (code, period, breakdown), value in cells.items():
        if breakdown.startswith("country_group="):
            sums[(code, period)] += value
    assert len(sums) == 96 * 8
    assert all(total == cells[(code, period, AUSL)] for (code, period), total in sums.items())


@pytest.mark.xdist_group("areas")
def test_import_creates_the_small_areas_under_koeln(areas_session, data_dir):
    result = import_file(areas_session, data_dir / KOELN)
    assert result.kind == "koeln" and result.observations == 29135
    assert len(result.created_areas) == 95
    koeln = areas_session.scalar(select(Area).where(Area.level == Level.GEMEINDE, Area.code == "053150000000"))
    deutz = areas_session.scalar(select(Area).where(Area.level == Level.STADTTEIL, Area.code == "05315000-105"))
    assert deutz.name == "Deutz" and deutz.parent.code == "05315000-1" and deutz.parent.name == "Innenstadt"
    assert deutz.parent.level == Level.STADTBEZIRK and deutz.parent.parent_id == koeln.id
    rows = store.read_observations(areas_session, "bevoelkerung", area_ids=[koeln.id], period="2005-12-31",
                                   breakdown="")
    assert [r["value"] for r in rows] == [1023101]
    rows = store.read_observations(areas_session, "bevoelkerung", area_ids=[deutz.id], period="2012-12-31",
                                   breakdown="migration=eingebuergerte")
    assert rows[0]["value"] == _raw(data_dir)[("030", "2012", "105", "40")]
    again = import_file(areas_session, data_dir / KOELN)
    assert again.status == "unchanged"


def _broken(data_dir, tmp_path, case: str):
    text = (data_dir / KOELN).read_text(encoding="utf-8")
    lines = text.split("\n")
    path = tmp_path / f"koeln-{case}.csv"
    if case == "not-a-number":
        lines[10] = lines[10].rsplit(",", 1)[0] + ",12x"
        expected = (11, "I", "keine Zahl")
    elif case == "unknown-line":
        lines[20] = lines[20].replace(",005,", ",099,", 1)
        expected = (21, "G", "099/10")
    elif case == "formula":
        lines[30] = lines[30].rsplit(",", 1)[0] + ",=cmd|' /C calc'!A0"
        expected = (31, "I", "Tabellenformel")
    elif case == "fraction":
        lines[40] = lines[40].rsplit(",", 1)[0] + ",12.5"
        expected = (41, "I", "Personenzahl")
    else:
        raise AssertionError(case)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path, expected


@pytest.mark.xdist_group("areas")
@pytest.mark.parametrize("case", ["not-a-number", "unknown-line", "formula", "fraction"])
def test_broken_koeln_file_is_rejected_and_nothing_written(sources_engine, data_dir, tmp_path, case):
    path, (row, column, words) = _broken(data_dir, tmp_path, case)
    workspace = open_workspace(sources_engine.url.render_as_string(hide_password=False))
    before = table_counts(sources_engine)
    try:
        with pytest.raises(InputError) as caught:
            with workspace.session() as session:
                import_file(session, path, "koeln")
    finally:
        workspace.engine.dispose()
    assert table_counts(sources_engine) == before
    assert caught.value.row == row and caught.value.column == column
    assert words in str(caught.value)


def test_a_city_without_its_gemeinde_is_refused(session, data_dir):
    # An empty database knows no Köln: the small areas have no parent.
    with pytest.raises(InputError) as caught:
        import_file(session, data_dir / KOELN)
    assert "05315000" in str(caught.value)

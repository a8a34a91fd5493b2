# SPDX-License-Identifier: EUPL-1.2
"""Hamburg's Stadtteilprofile (xlsx): cells against the raw workbook, symbols, areas, sums, bad input."""
from __future__ import annotations

from collections import defaultdict

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from stellwerk.errors import InputError
from stellwerk.geo.models import Area, Level
from stellwerk.observations import store
from stellwerk.observations.breakdown import encode
from stellwerk.observations.models import Variable
from stellwerk.sources.hamburg_columns import COLUMNS
from stellwerk.sources.importer import import_file, import_files, parse_file
from stellwerk.sources.registry import detect, find_statistics_files
from stellwerk.workspace import open_workspace
from tests.unit.sources.conftest import statistics_path, table_counts

pytestmark = pytest.mark.data

SHEET = "Stadtteilprofile 2014"
_CACHE: dict = {}


@pytest.fixture
def hamburg(data_dir):
    if "table" not in _CACHE:
        _CACHE["table"] = parse_file(statistics_path(data_dir, "hamburg"))
    return _CACHE["table"][1]


@pytest.fixture
def raw(data_dir):
    """The published sheet, read directly with openpyxl (no Stellwerk code)."""
    if "raw" not in _CACHE:
        _CACHE["raw"] = load_workbook(statistics_path(data_dir, "hamburg"))[SHEET]
    return _CACHE["raw"]


def _cells(table) -> dict[tuple[str, str, str, str], tuple[float | None, str | None]]:
    return {(c.code, c.period, c.variable, c.breakdown): (c.value, c.flag) for c in table.cells}


def test_auto_recognises_the_workbook_and_refuses_the_third_party_csv(data_dir):
    path = statistics_path(data_dir, "hamburg")
    assert detect(path) == "hamburg"
    export = path.parent / "statistik-nord_Stadtteilprofile_2014_utf8.csv"
    with pytest.raises(InputError) as caught:
        detect(export)
    assert "Umwandlung" in str(caught.value) and "xlsx" in (caught.value.expected or "")
    found = {p.name: kind for kind, p in find_statistics_files(path.parent)}
    assert found == {path.name: "hamburg"}


def test_metadata_areas_and_periods(hamburg):
    assert hamburg.table_code == "Hamburg-Stadtteilprofile" and str(hamburg.reference_date) == "2013-12-31"
    assert "Statistikamt Nord" in hamburg.attribution and "Quellenangabe" in hamburg.licence
    assert hamburg.row_count == 107 and hamburg.meta["stadtteil_rows"] == 99 and hamburg.meta["bezirke"] == 7
    assert len(hamburg.variables) == 55 and len(hamburg.cells) == 107 * len(COLUMNS)
    assert hamburg.periods == ["2010", "2013", "2013-11-30", "2013-12-31", "2014-01-01", "2014-03-31"]
    specs = {a.code: a for a in hamburg.areas}
    assert specs["02000000-101"].name == "Hamburg-Altstadt" and specs["02000000-101"].parent_code == "02000000-1"
    assert specs["02000000-702-703"].name == "Neuland und Gut Moor"
    assert specs["02000000-702-703"].type == "Stadtteile (zusammen veröffentlicht)"
    assert specs["02000000-717"].name == "Cranz" and specs["02000000-717"].parent_code == "02000000-7"
    assert specs["02000000-5"].name == "Wandsbek" and specs["02000000-5"].parent_level == Level.GEMEINDE
    # Stadtteil "Wandsbek" and Bezirk "Wandsbek" are different areas.
    assert specs["02000000-502"].name == "Wandsbek" and specs["02000000-502"].level == Level.STADTTEIL


def test_cells_equal_the_raw_workbook(hamburg, raw):
    cells = _cells(hamburg)
    # Row 5 is Hamburg-Altstadt, row 111 the city, row 110 the Bezirk Harburg.
    assert raw["A5"].value == "Hamburg-Altstadt" and raw["A111"].value == "Hamburg" and raw["A110"].value == "Harburg"
    assert cells[("02000000-101", "2013-12-31", "bevoelkerung", "")] == (raw["B5"].value, None) == (1675, None)
    assert cells[("02000000", "2013-12-31", "bevoelkerung", "nationality=auslaender")] == (raw["G111"].value, None)
    assert cells[("02000000-7", "2013-12-31", "bevoelkerung", "migration=mit_mh")] == (raw["I110"].value, None)
    assert cells[("02000000", "2013-12-31", "hamburg_anteil_mh", "")] == (raw["J111"].value, None) == (30.8, None)
    assert cells[("02000000-101", "2013-12-31", "arbeitslose", "")] == (raw["AF5"].value, None)
    # A published ".": no value, the flag is kept.
    assert raw["BD5"].value == "."
    assert cells[("02000000-101", "2014-01-01", "hamburg_preis_grundstueck", "")] == (None, ".")
    # A zero the table shows as "-" (number format "…;…;-") versus a zero shown as "0".
    dash = [(f"{col}{row}", row) for col in ("AB", "AC") for row in range(5, 112) if raw[f"{col}{row}"].value == 0]
    assert dash, "the file has zeros shown as '-'"
    ref, row = dash[0]
    code = next(c.code for c in hamburg.cells if c.line == row)
    variable = "hamburg_fortzuege_umland" if ref.startswith("AB") else "hamburg_wanderungssaldo"
    assert cells[(code, "2013", variable, "")] == (0, "-")
    assert raw["BH5"].value == 0 and raw["BH5"].number_format == "###\\ ###\\ ##0"
    assert cells[("02000000-101", "2013", "hamburg_grundschulen", "")] == (0, None)
    # Negative Wanderungssaldo stays negative.
    assert cells[("02000000-101", "2013", "hamburg_wanderungssaldo", "")] == (raw["AC5"].value, None) == (-23, None)


def test_every_cell_equals_the_raw_workbook(hamburg, raw):
    by_line = defaultdict(dict)
    for cell in hamburg.cells:
        by_line[cell.line][cell.column] = cell
    checked = 0
    for line, cells in by_line.items():
        for letter, cell in cells.items():
            published = raw[f"{letter}{line}"].value
            assert cell.value == (None if published == "." else published), (letter, line)
            checked += 1
    assert checked == 107 * len(COLUMNS)


def test_migration_background_is_labelled_as_a_migrapro_estimate(hamburg):
    assert "MigraPro" in hamburg.variables["hamburg_anteil_mh"].definition
    assert "MigraPro" in hamburg.variables["hamburg_anteil_unter18_mh"].definition
    assert "MigraPro" in hamburg.variables["bevoelkerung"].definition
    assert "MigraPro" in hamburg.meta["hinweis"]
    assert all(v.unit == "%" for code, v in hamburg.variables.items() if "anteil" in code or "quote" in code)


def test_stadtteile_add_up_to_their_bezirk_and_bezirke_to_the_city(hamburg):
    cells = {(c.code, c.variable, c.breakdown): c.value for c in hamburg.cells}
    parents = {a.code: a.parent_code for a in hamburg.areas if a.level == Level.STADTTEIL}
    counts = [(c.variable.code, encode(c.breakdown)) for c in COLUMNS if c.count and c.additive]
    exact_city = {"bevoelkerung", "haushalte", "geburten", "sterbefaelle", "hamburg_wohnungen", "hamburg_aerzte"}
    for variable, breakdown in counts:
        sums: dict[str, float] = defaultdict(float)
        for code, parent in parents.items():
            sums[parent] += cells[(code, variable, breakdown)]
        for bezirk, total in sums.items():
            published = cells[(bezirk, variable, breakdown)]
            # Hamburg-Mitte: Neuwerk has no row of its own, and some residents are counted for the Bezirk only.
            assert total == published if bezirk != "02000000-1" else total <= published, (variable, breakdown, bezirk)
        city = cells[("02000000", variable, breakdown)]
        bezirke = sum(cells[(f"02000000-{n}", variable, breakdown)] for n in range(1, 8))
        # Some registers (BA, tax, schools) count people without a Bezirk for the city only.
        assert bezirke == city if variable in exact_city else bezirke <= city, (variable, breakdown)


def test_import_creates_the_areas_under_hamburg(areas_session, data_dir):
    result = import_file(areas_session, statistics_path(data_dir, "hamburg"))
    assert result.status == "imported" and result.kind == "hamburg" and result.observations == 107 * len(COLUMNS)
    assert len(result.created_areas) == 7 + 99 and result.flags == {".": 84, "-": 2}
    city = areas_session.scalar(select(Area).where(Area.level == Level.GEMEINDE, Area.ags == "02000000"))
    assert city.code == "020000000000"
    mitte = areas_session.scalar(select(Area).where(Area.code == "02000000-1"))
    altstadt = areas_session.scalar(select(Area).where(Area.code == "02000000-101"))
    assert (mitte.level, mitte.parent_id) == (Level.STADTBEZIRK, city.id)
    assert (altstadt.level, altstadt.parent_id, altstadt.type) == (Level.STADTTEIL, mitte.id, "Stadtteil")
    rows = store.read_observations(areas_session, "bevoelkerung", area_ids=[altstadt.id], period="2013-12-31",
                                   breakdown="age=0-18|migration=mit_mh")
    assert [(r["value"], r["flag"]) for r in rows] == [(101, None)]
    assert areas_session.get(Variable, "hamburg_anteil_mh").unit == "%"
    again = import_file(areas_session, statistics_path(data_dir, "hamburg"))
    assert again.status == "unchanged" and again.dataset_id == result.dataset_id


def _broken(data_dir, tmp_path, case: str):
    """A broken copy of the workbook: (path, row, column, words)."""
    source = statistics_path(data_dir, "hamburg")
    path = tmp_path / f"hamburg-{case}.xlsx"
    if case == "truncated":
        path.write_bytes(source.read_bytes()[:30000])
        return path, None, None, ["Arbeitsmappe", "abgeschnitten"]
    workbook = load_workbook(source)
    sheet = workbook[SHEET]
    expected = {
        "not-a-number": ("G7", "viele", 7, "G", ["keine Zahl"]),
        "formula": ("B8", "=cmd|' /C calc'!A0", 8, "B", ["Tabellenformel"]),
        "unknown-stadtteil": ("A9", "St. Goerg", 9, "A", ["Unbekannter Stadtteil", "St. Georg"]),
        "duplicate": ("A10", "Neustadt", 10, "A", ["Doppelte Zeile", "Zeile 7"]),
        "share-over-100": ("H11", 124.4, 11, "H", ["zwischen 0 und 100"]),
        "fractional-count": ("C12", 4079.5, 12, "C", ["keine Anzahl"]),
        "unknown-heading": ("G3", "Ausländer insgesamt", 3, "G", ["Spaltenüberschrift"]),
        "missing-city": ("A111", None, 111, "A", ["Hamburg", "fehlt"]),
    }[case]
    ref, value, row, column, words = expected
    sheet[ref] = value
    if case == "missing-city":
        for cell in sheet[111]:
            cell.value = None
    workbook.save(path)
    return path, row, column, words


@pytest.mark.parametrize("case", ["truncated", "not-a-number", "formula", "unknown-stadtteil", "duplicate",
                                  "share-over-100", "fractional-count", "unknown-heading", "missing-city"])
def test_broken_workbook_is_rejected_and_the_database_is_unchanged(sources_engine, data_dir, tmp_path, case):
    path, row, column, words = _broken(data_dir, tmp_path, case)
    workspace = open_workspace(sources_engine.url.render_as_string(hide_password=False))
    before = table_counts(sources_engine)
    try:
        with pytest.raises(InputError) as caught:
            with workspace.session() as session:
                # The good file first: its areas and values must be rolled back with the broken one.
                import_files(session, [statistics_path(data_dir, "hamburg"), path], "hamburg")
                raise AssertionError("the broken file was accepted")  # never commit into the shared database
    finally:
        workspace.engine.dispose()
    assert table_counts(sources_engine) == before
    error = caught.value
    text = str(error)
    assert error.file == path.name and text.startswith(f"Datei {path.name}")
    if row is not None:
        assert (error.sheet, error.row, error.column) == (SHEET, row, column), text
    for word in words:
        assert word in text, text

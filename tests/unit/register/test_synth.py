# SPDX-License-Identifier: EUPL-1.2
"""The synthetic register reproduces the published small-area totals after derivation and aggregation."""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from stellwerk.register.derive import derive
from stellwerk.register.synth import SYNTHETIC_PREFIX, scale_counts, scaled_targets, synthesize
from stellwerk.register.tables import city_area_parents, register_tables
from stellwerk.register.targets import KOELN_FILE, berlin_file, read_berlin, read_koeln
from stellwerk.register.validate import validate
from stellwerk.sources.importer import parse_file

pytestmark = pytest.mark.data

def area_counts(frame: pd.DataFrame, reference_year: int, parents=None) -> pd.DataFrame:
    """Table cells area × status with every other dimension at its total."""
    report = validate(frame, reference_year)
    assert report.ok, [p.describe() for p in report.problems]
    derived, derivation = derive(frame, reference_year, links=report.links)
    assert derivation.undecidable["migrationshintergrund"] == 0
    table = register_tables(derived, reference_year, parents)[0]
    cells = table.cells[(table.cells["sex"] == "total") & (table.cells["age_group"] == "total")]
    return cells.pivot(index="area", columns="migrationsstatus", values="value")


def test_scale_counts_keeps_row_totals_and_is_exact_at_scale_one():
    matrix = np.array([[5, 3, 2], [0, 0, 0], [7, 1, 1]])
    assert (scale_counts(matrix, matrix.sum(axis=1)) == matrix).all()
    half = scale_counts(matrix, np.array([5, 0, 4]))
    assert list(half.sum(axis=1)) == [5, 0, 4]


def test_koeln_targets_are_consistent(data_dir):
    targets = read_koeln(data_dir, 2012)
    areas = targets.areas
    assert len(areas) == 86
    assert int(areas["einwohner"].sum()) == 1_044_555  # Stadt Köln, table 005, 2012
    assert (areas["mit_mh"] == areas["deutsche_mit_mh"] + areas["auslaender"]).all()
    assert (targets.sex.sum(axis=1) == areas["einwohner"]).all()
    assert (targets.ages.sum(axis=1) == areas["einwohner"]).all()


def test_scaled_koeln_register_reproduces_scaled_targets(data_dir):
    targets = read_koeln(data_dir, 2012)
    frame = synthesize(targets, persons=20_000, seed=7)
    assert len(frame) == 20_000
    assert frame["person_id"].str.startswith(SYNTHETIC_PREFIX).all()
    expected = scaled_targets(targets, 20_000)["groups"]
    counts = area_counts(frame, targets.reference_year)
    for group in ("auslaender", "eingebuergert", "aussiedler", "familiaer"):
        assert (counts.loc[expected.index, group] == expected[group]).all(), group
    assert (counts.loc[expected.index, "ohne_mh"] == expected["keiner"]).all()


def test_berlin_register_reproduces_published_planning_area_shares(data_dir):
    targets = read_berlin(data_dir, "2024-02")
    assert len(targets.areas) == 542
    frame = synthesize(targets, persons=30_000, seed=3)
    expected = scaled_targets(targets, 30_000)["groups"]
    counts = area_counts(frame, targets.reference_year, city_area_parents("berlin", list(targets.areas.index)))
    assert counts.loc["total", "total"] == 30_000
    counts = counts.reindex(expected.index, fill_value=0)  # at this size a few planning areas hold nobody
    assert (counts["auslaender"] == expected["auslaender"]).all()
    assert (counts["mit_mh"] == expected.drop(columns="keiner").sum(axis=1)).all()


def imported(path, period: str) -> dict[tuple[str, str], float]:
    """The real table as the importer of the sources module reads it: (area code, breakdown) → value."""
    _, table = parse_file(path)
    assert period in table.periods
    return {(c.code, c.breakdown): c.value for c in table.cells
            if c.variable == "bevoelkerung" and c.period == period}


KOELN_BREAKDOWNS = {  # status column of the register table → breakdown of the imported Köln table 030
    "total": "", "mit_mh": "migration=mit_mh", "deutsche_mit_mh": "migration=mit_mh|nationality=deutsche",
    "aussiedler": "migration=aussiedler", "eingebuergert": "migration=eingebuergerte",
    "auslaender": "nationality=auslaender",
}
BERLIN_BREAKDOWNS = {  # status column of the register table → breakdown of the imported Berlin table t1
    "total": "", "mit_mh": "migration=mit_mh", "deutsche_mit_mh": "migration=mit_mh|nationality=deutsche",
    "auslaender": "nationality=auslaender", "ohne_mh": "migration=ohne_mh|nationality=deutsche",
}


@pytest.mark.slow
def test_full_koeln_register_reproduces_the_imported_stadtteil_bezirk_and_city_totals(data_dir):
    """Against the Köln table as the sources importer reads it, not against the generator's targets."""
    targets = read_koeln(data_dir, 2012)
    frame = synthesize(targets)
    codes = list(targets.areas.index)
    counts = area_counts(frame, targets.reference_year, city_area_parents("koeln", codes))
    published = imported(data_dir / KOELN_FILE, "2012-12-31")
    ours = {code: f"05315000-{code}" for code in codes}  # Stadtteile
    ours.update({f"bezirk-{b}": f"05315000-{b}" for b in range(1, 10)})  # Stadtbezirke
    ours["total"] = "05315000"  # Stadt Köln
    assert len(ours) == 86 + 9 + 1
    for status, breakdown in KOELN_BREAKDOWNS.items():
        for area, code in ours.items():
            assert counts.loc[area, status] == published[(code, breakdown)], (status, area)
    # Sex and age as published (tables 010 and 020): women and minors per Stadtteil.
    age = 2012 - frame["birth_year"].astype(int)
    women = frame[frame["sex"] == "w"].groupby("area").size()
    minors = frame[age < 18].groupby("area").size()
    for area, code in ours.items():
        if area in codes:
            assert women[area] == published[(code, "sex=w")], area
            assert minors[area] == sum(published[(code, f"age={band}")]
                                       for band in ("0-3", "3-6", "6-10", "10-15", "15-18")), area


@pytest.mark.slow
def test_berlin_register_at_published_size_reproduces_the_imported_planning_area_and_bezirk_totals(data_dir):
    """Bezirk Spandau (05) at published size, against t1 (2024-H2) as the sources importer reads it.

    One Bezirk instead of all 3.9 million Berliners keeps the test affordable; the generator treats
    every planning area alike, and the sources tests check that planning areas add up to the city.
    """
    targets = read_berlin(data_dir, "2024-02")
    assert len(targets.areas) == 542
    spandau = targets.areas[targets.areas.index.str.startswith("05")]
    targets = dataclasses.replace(targets, areas=spandau,
                                  published={k: v.loc[spandau.index] for k, v in targets.published.items()})
    frame = synthesize(targets)
    codes = list(spandau.index)
    counts = area_counts(frame, targets.reference_year, city_area_parents("berlin", codes))
    folder = data_dir / berlin_file("2024-02").parent
    published = {}
    for level in ("planning-areas", "districts"):
        published.update(imported(folder / f"berlin-lor-population-2024-02-t1-{level}.csv", "2024-H2"))
    ours = {code: f"11000000-neu-{code}" for code in codes}
    ours.update({"bezirk-05": "11005005", "total": "11005005"})
    assert len(codes) > 20 and published[("11005005", "")] == len(frame) > 250_000
    counts = counts.reindex(list(ours), fill_value=0)  # a planning area may have no inhabitants
    for status, breakdown in BERLIN_BREAKDOWNS.items():
        for area, code in ours.items():
            assert counts.loc[area, status] == published[(code, breakdown)], (status, area)

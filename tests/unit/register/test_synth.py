# SPDX-License-Identifier: EUPL-1.2
"""The synthetic register reproduces the published small-area totals after derivation and aggregation."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from stellwerk.register.derive import derive
from stellwerk.register.synth import SYNTHETIC_PREFIX, scale_counts, scaled_targets, synthesize
from stellwerk.register.tables import city_area_parents, register_tables
from stellwerk.register.targets import KOELN_FILE, read_berlin, read_koeln
from stellwerk.register.validate import validate

pytestmark = pytest.mark.data

STATUS = {"auslaender": "auslaender", "eingebuergert": "eingebuergert", "aussiedler": "aussiedler",
          "deutsche_mit_mh": "deutsche_mit_mh", "mit_mh": "mit_mh", "einwohner": "total"}


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


@pytest.mark.slow
def test_full_koeln_register_reproduces_published_stadtteil_bezirk_and_city_totals(data_dir):
    targets = read_koeln(data_dir, 2012)
    frame = synthesize(targets)
    codes = list(targets.areas.index)
    counts = area_counts(frame, targets.reference_year, city_area_parents("koeln", codes))
    raw = pd.read_csv(data_dir / KOELN_FILE, dtype={"tab_id": str, "raum_id": str})
    raw = raw[raw["jahr"] == 2012]
    published = {
        "einwohner": raw[raw["tab_id"] == "005"].set_index("raum_id")["zahl"],
        **{key: raw[(raw["tab_id"] == "030") & (raw["zeile"] == label)].set_index("raum_id")["zahl"]
           for key, label in (("mit_mh", "Einwohner mit Migrationshintergrund"),
                              ("deutsche_mit_mh", "Deutsche mit Migrationshintergrund"),
                              ("aussiedler", "Aussiedler"), ("eingebuergert", "Eingebürgerte"),
                              ("auslaender", "Ausländer"))},
    }
    for key, column in STATUS.items():
        series = published[key]
        for code in codes:  # Stadtteile
            assert counts.loc[code, column] == series[code], (key, code)
        for bezirk in range(1, 10):  # Stadtbezirke 001–009
            assert counts.loc[f"bezirk-{bezirk}", column] == series[f"{bezirk:03d}"], (key, bezirk)
        assert counts.loc["total", column] == series["000"], key  # Stadt Köln
    # Sex and age groups per Stadtteil as published (tables 010 and 020).
    ages = frame.assign(age=2012 - frame["birth_year"].astype(int))
    under_18 = ages[ages["age"] < 18].groupby("area").size()
    published_under_18 = targets.ages.iloc[:, :5].sum(axis=1)
    assert (under_18.loc[codes] == published_under_18.loc[codes]).all()
    women = frame[frame["sex"] == "w"].groupby("area").size()
    assert (women.loc[codes] == targets.sex["w"].loc[codes]).all()

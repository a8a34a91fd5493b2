# SPDX-License-Identifier: EUPL-1.2
"""Published shares of the 36 case-study municipalities reproduced from their counts.

The DESI/Bertelsmann handbook (2025) prints population, foreigners and their
share for each municipality (Destatis Datenblatt, 31.12.2023). The engine,
given only the counts, must print the same shares.
"""
from __future__ import annotations

import pandas as pd
import pytest

from stellwerk.indicators.engine import Context, compute


@pytest.fixture(scope="module")
def seed(data_dir) -> pd.DataFrame:
    path = data_dir.parent / "domain" / "seeds" / "002" / "municipalities.csv"
    if not path.exists():
        pytest.skip("seed table of the case-study municipalities not available")
    return pd.read_csv(path)


def _tables(seed: pd.DataFrame):
    areas = [(1, "DG", "bund", "Deutschland", None)]
    rows = []
    for i, rec in enumerate(seed.itertuples(), start=100):
        areas.append((i, f"seed{i}", "kreis", rec.name, 1))
        for variable, breakdown, value in (
            ("bevoelkerung", "", rec.population),
            ("bevoelkerung", "nationality=auslaender", rec.foreign_population),
            ("schutzsuchende", "", rec.schutzsuchende),
        ):
            if pd.notna(value):
                rows.append({"area_id": i, "period": "2023-12-31", "year": 2023, "variable": variable,
                             "breakdown": breakdown, "value": float(value), "flag": None, "dataset_id": 1})
    return pd.DataFrame(areas, columns=["area_id", "code", "level", "name", "parent_id"]), pd.DataFrame(rows)


def test_foreign_shares_of_the_36_municipalities(seed, catalogue):
    areas, obs = _tables(seed)
    result = compute(catalogue.get("auslaenderanteil"), Context.build(catalogue, obs, areas))
    assert len(seed) == 36
    checked = 0
    for i, rec in enumerate(seed.itertuples(), start=100):
        if pd.isna(rec.foreign_population):
            # the handbook prints no foreigner count (and no share): nor may we
            assert (i, 2023) not in result.index, rec.name
            continue
        assert round(result.loc[(i, 2023), "value"], 1) == pytest.approx(rec.foreign_share_pct), rec.name
        checked += 1
    assert checked >= 33
    # the total over all of them is the sum of counts, not the mean of the shares
    assert (1, 2023) not in result.index or pd.isna(result.loc[(1, 2023), "value"])


def test_schutzsuchende_shares_except_the_three_joint_authority_districts(seed, catalogue):
    areas, obs = _tables(seed)
    result = compute(catalogue.get("schutzsuchende_anteil"), Context.build(catalogue, obs, areas))
    # the handbook's shares for these three refer to joint Ausländerbehörde districts (seed README)
    joint = {"Cottbus/Chósebuz", "Hannover", "Landkreis Kassel"}
    checked = 0
    for i, rec in enumerate(seed.itertuples(), start=100):
        if pd.isna(rec.schutzsuchende_share_pct):
            continue
        value = round(result.loc[(i, 2023), "value"], 1)
        if rec.name in joint:
            assert value != pytest.approx(rec.schutzsuchende_share_pct), rec.name
        else:
            assert value == pytest.approx(rec.schutzsuchende_share_pct), rec.name
            checked += 1
    assert checked >= 20

# SPDX-License-Identifier: EUPL-1.2
"""Hand-made area trees and observation tables for the engine tests."""
from __future__ import annotations

import pandas as pd
import pytest

# Bund 1 → Land 2 → Kreis 3 (Gemeinden 10, 11, 12) and Kreis 4 (Gemeinden 20, 21)
AREAS = pd.DataFrame(
    [
        (1, "DG", "bund", "Deutschland", None),
        (2, "05", "land", "Nordrhein-Westfalen", 1),
        (3, "05001", "kreis", "Kreis A", 2),
        (4, "05002", "kreis", "Kreis B", 2),
        (10, "050010001001", "gemeinde", "A-Stadt", 3),
        (11, "050010002002", "gemeinde", "A-Dorf", 3),
        (12, "050010003003", "gemeinde", "A-Heim", 3),
        (20, "050020001001", "gemeinde", "B-Stadt", 4),
        (21, "050020002002", "gemeinde", "B-Dorf", 4),
    ],
    columns=["area_id", "code", "level", "name", "parent_id"],
)

# population and foreigners per Gemeinde and year
GEMEINDEN = {
    10: {2010: (10_000, 1_500), 2011: (10_200, 1_700)},
    11: {2010: (2_000, 100), 2011: (2_050, 120)},
    12: {2010: (500, 10), 2011: (480, 12)},
    20: {2010: (50_000, 9_000), 2011: (50_500, 9_800)},
    21: {2010: (3_000, 150), 2011: (3_100, 160)},
}


def obs_row(area_id, year, variable, value, breakdown="", flag=None, period=None, dataset_id=1):
    return {
        "area_id": area_id,
        "period": period or f"{year}-12-31",
        "year": year,
        "variable": variable,
        "breakdown": breakdown,
        "value": value,
        "flag": flag,
        "dataset_id": dataset_id,
    }


def gemeinde_obs(secret: tuple[int, int] | None = None) -> pd.DataFrame:
    """Population and foreigners of the five Gemeinden; ``secret`` = (area, year) of a secret foreigner cell."""
    rows = []
    for area_id, years in GEMEINDEN.items():
        for year, (pop, aus) in years.items():
            rows.append(obs_row(area_id, year, "bevoelkerung", pop))
            if secret == (area_id, year):
                rows.append(obs_row(area_id, year, "bevoelkerung", None, "nationality=auslaender", flag="."))
            else:
                rows.append(obs_row(area_id, year, "bevoelkerung", aus, "nationality=auslaender"))
    return pd.DataFrame(rows)


def kreis_rows() -> pd.DataFrame:
    """The official Kreis rows: exact sums of their Gemeinden."""
    rows = []
    for kreis, members in ((3, (10, 11, 12)), (4, (20, 21))):
        for year in (2010, 2011):
            pop = sum(GEMEINDEN[m][year][0] for m in members)
            aus = sum(GEMEINDEN[m][year][1] for m in members)
            rows.append(obs_row(kreis, year, "bevoelkerung", pop, dataset_id=2))
            rows.append(obs_row(kreis, year, "bevoelkerung", aus, "nationality=auslaender", dataset_id=2))
    return pd.DataFrame(rows)


@pytest.fixture
def areas() -> pd.DataFrame:
    return AREAS.copy()


@pytest.fixture
def make_obs():
    """Factory: Gemeinde observations, optionally with one secret cell, optionally with Kreis rows."""

    def make(secret: tuple[int, int] | None = None, with_kreise: bool = False, extra: list[dict] | None = None) -> pd.DataFrame:
        frames = [gemeinde_obs(secret)]
        if with_kreise:
            frames.append(kreis_rows())
        if extra:
            frames.append(pd.DataFrame(extra))
        return pd.concat(frames, ignore_index=True)

    return make


@pytest.fixture(scope="session")
def catalogue():
    from stellwerk.indicators.catalogue import load_catalogue

    return load_catalogue()


@pytest.fixture(name="obs_row")
def obs_row_fixture():
    return obs_row

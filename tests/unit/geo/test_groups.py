# SPDX-License-Identifier: EUPL-1.2
"""Group sets: Gemeindegrößenklasse, Land, Ost/West."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from stellwerk.errors import NotFoundError
from stellwerk.geo.groups import group_members, ost_west, size_class
from stellwerk.geo.models import Area, Level

pytestmark = pytest.mark.xdist_group("areas")  # shares the areas database with the other geo tests


@pytest.mark.parametrize(
    ("population", "label"),
    [(100_000, "Großstadt"), (99_999, "Mittelstadt"), (20_000, "Mittelstadt"), (19_999, "Kleinstadt"),
     (5_000, "Kleinstadt"), (4_999, "Landgemeinde"), (0, "Landgemeinde"), (None, None)],
)
def test_size_class_bounds(population, label):
    assert size_class(population) == label


def test_ost_west():
    assert ost_west("11") == "West"  # Berlin counts as West
    assert [ost_west(code) for code in ("12", "13", "14", "15", "16")] == ["Ost"] * 5
    assert ost_west("09") == "West"
    assert ost_west(None) is None


@pytest.mark.data
def test_size_classes_of_all_gemeinden_2017(areas_session, workbook_gemeinden):
    groups = group_members(areas_session, "gemeindegroessenklasse", reference_date=dt.date(2017, 12, 31))
    populations = [values[0] for values in workbook_gemeinden[2017].values()]
    assert len(groups["Großstadt"]) == sum(1 for p in populations if p >= 100_000) == 80
    assert len(groups["Mittelstadt"]) == sum(1 for p in populations if 20_000 <= p < 100_000)
    assert len(groups["Landgemeinde"]) == sum(1 for p in populations if p < 5_000)
    koeln = areas_session.scalar(select(Area.id).where(Area.code == "053150000000"))
    assert koeln in groups["Großstadt"]
    # The six "/" Gemeinden of 2016 have no class in 2016 but one in 2017.
    total_2017 = sum(len(v) for v in groups.values())
    groups_2016 = group_members(areas_session, "gemeindegroessenklasse", reference_date=dt.date(2016, 12, 31))
    assert total_2017 == 11129
    assert sum(len(v) for v in groups_2016.values()) == 11135 - 6


@pytest.mark.data
def test_kreisfreie_staedte_get_a_size_class_as_kreise(areas_session):
    groups = group_members(areas_session, "gemeindegroessenklasse", level=Level.KREIS)
    kempten = areas_session.scalar(select(Area.id).where(Area.level == Level.KREIS, Area.code == "09763"))
    landkreis = areas_session.scalar(select(Area.id).where(Area.level == Level.KREIS, Area.code == "09780"))
    assert kempten in groups["Mittelstadt"]
    assert all(landkreis not in members for members in groups.values())


@pytest.mark.data
def test_ost_west_and_land_sets(areas_session):
    east = group_members(areas_session, "ost_west", level=Level.LAND)
    assert len(east["Ost"]) == 5 and len(east["West"]) == 11
    laender = group_members(areas_session, "land", level=Level.KREIS)
    assert len(laender) == 16 and len(laender["09"]) == 96
    with pytest.raises(NotFoundError):
        group_members(areas_session, "unbekannt")

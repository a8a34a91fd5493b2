# SPDX-License-Identifier: EUPL-1.2
"""The Gemeindeverzeichnis import against the real workbooks, cell by cell."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from stellwerk.geo.importing import import_gv
from stellwerk.geo.models import Area, AreaSnapshot, Gebietsstand, Level

# One xdist worker builds the areas database (gv_engines) and runs every test that uses it.
pytestmark = [pytest.mark.data, pytest.mark.xdist_group("areas")]


def _snapshots(session, date):
    stand = session.scalar(select(Gebietsstand).where(Gebietsstand.reference_date == date))
    query = (
        select(Area.code, AreaSnapshot.population, AreaSnapshot.population_m, AreaSnapshot.population_w)
        .join(AreaSnapshot, AreaSnapshot.area_id == Area.id)
        .where(AreaSnapshot.gebietsstand_id == stand.id, Area.level == Level.GEMEINDE)
    )
    return {code: (p, m, w) for code, p, m, w in session.execute(query)}


@pytest.mark.parametrize("year", [2016, 2017])
def test_every_gemeinde_and_its_population_matches_the_workbook(areas_session, workbook_gemeinden, year):
    expected = workbook_gemeinden[year]
    stored = _snapshots(areas_session, dt.date(year, 12, 31))
    assert len(expected) > 11000
    assert stored == expected


def test_totals_equal_the_published_population_of_germany(areas_session):
    # Destatis: 82,792,351 inhabitants on 31.12.2017 and 83,019,213 on 31.12.2018.
    query = (
        select(Gebietsstand.reference_date, AreaSnapshot.population)
        .join(AreaSnapshot, AreaSnapshot.gebietsstand_id == Gebietsstand.id)
        .join(Area, Area.id == AreaSnapshot.area_id)
        .where(Area.level == Level.BUND)
    )
    totals = dict(areas_session.execute(query).all())
    assert totals[dt.date(2017, 12, 31)] == 82_792_351
    assert totals[dt.date(2018, 12, 31)] == 83_019_213
    # 31.12.2016: six NRW Gemeinden are "/" (implausible), so the sum is unknown too.
    assert totals[dt.date(2016, 12, 31)] is None


def test_implausible_figures_keep_their_flag(areas_session):
    kerken = areas_session.scalar(select(Area).where(Area.ags == "05154028", Area.level == Level.GEMEINDE))
    assert kerken.name == "Kerken"  # footnote marker "4)" stripped
    stand = areas_session.scalar(select(Gebietsstand).where(Gebietsstand.reference_date == dt.date(2016, 12, 31)))
    snapshot = areas_session.get(AreaSnapshot, (kerken.id, stand.id))
    assert (snapshot.population, snapshot.population_flag) == (None, "/")


def test_codes_types_and_parents_of_koeln(areas_session):
    kreis = areas_session.scalar(select(Area).where(Area.level == Level.KREIS, Area.code == "05315"))
    gemeinde = areas_session.scalar(select(Area).where(Area.level == Level.GEMEINDE, Area.ags == "05315000"))
    assert (kreis.type, kreis.ars, kreis.ags) == ("kreisfreie Stadt", "053150000000", "05315")
    assert (gemeinde.code, gemeinde.ars, gemeinde.type) == ("053150000000", "053150000000", "kreisfreie Stadt")
    assert gemeinde.parent.code == "05315"
    assert kreis.parent.code == "053" and kreis.parent.level == Level.REGIERUNGSBEZIRK
    assert kreis.parent.parent.code == "05" and kreis.parent.parent.parent.code == "DG"


def test_gemeinde_in_a_verbandsgemeinde_has_the_verband_as_parent(areas_session):
    # Aiglsbach belongs to the Verwaltungsgemeinschaft Mainburg (Landkreis Kelheim).
    aiglsbach = areas_session.scalar(select(Area).where(Area.ags == "09273113", Area.level == Level.GEMEINDE))
    assert aiglsbach.parent.level == Level.GEMEINDEVERBAND
    assert aiglsbach.parent.type == "Verwaltungsgemeinschaft"
    assert aiglsbach.parent.parent.code == "09273"


def test_validity_spans_the_stands(areas_session):
    kempten = areas_session.scalar(select(Area).where(Area.level == Level.KREIS, Area.code == "09763"))
    assert (kempten.valid_from, kempten.valid_to) == (dt.date(2016, 12, 31), None)
    # Eisenach (16056) joined the Wartburgkreis in 2021: absent from the 2023 Kreise table.
    eisenach = areas_session.scalar(select(Area).where(Area.level == Level.KREIS, Area.code == "16056"))
    assert eisenach.valid_to == dt.date(2023, 12, 31)
    # The Kreise tables hold no Gemeinden, so they do not end any Gemeinde.
    ended = areas_session.scalar(
        select(func.count()).select_from(Area).where(Area.level == Level.GEMEINDE, Area.valid_to.is_not(None))
    )
    in_2016 = set(_snapshots(areas_session, dt.date(2016, 12, 31)))
    in_2017 = set(_snapshots(areas_session, dt.date(2017, 12, 31)))
    assert ended == len(in_2016 - in_2017) > 0


def test_reimporting_the_same_file_changes_nothing(areas_session, data_dir):
    before = areas_session.scalar(select(func.count()).select_from(AreaSnapshot))
    result = import_gv(areas_session, data_dir / "gemeinden/destatis_gv_auszug/31122017_Auszug_GV.xlsx")
    assert result.status == "unchanged"
    assert areas_session.scalar(select(func.count()).select_from(AreaSnapshot)) == before


def test_an_older_xls_stand_keeps_newer_names(areas_session, data_dir):
    result = import_gv(areas_session, data_dir / "gemeinden/destatis_gv_auszug/31122009_Auszug_GV.xls")
    assert result.counts[Level.GEMEINDE] == 12067
    # Göttingen (03152) existed in 2009 and ended before 2016 … but was never seen in a later stand
    goettingen = areas_session.scalar(select(Area).where(Area.level == Level.KREIS, Area.code == "03152"))
    assert goettingen.valid_from == dt.date(2009, 12, 31)
    assert goettingen.valid_to == dt.date(2016, 12, 31)
    kempten = areas_session.scalar(select(Area).where(Area.level == Level.KREIS, Area.code == "09763"))
    assert kempten.valid_from == dt.date(2009, 12, 31)
    assert kempten.name == "Kempten (Allgäu)"

# SPDX-License-Identifier: EUPL-1.2
"""One value with provenance, and the cache, on both database backends."""
from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import func, select

from stellwerk.errors import InputError, NotFoundError
from stellwerk.geo.models import Area
from stellwerk.indicators.models import IndicatorValue
from stellwerk.indicators.service import compute_cache, indicator_frame, indicator_value, parse_period
from stellwerk.indicators.store import areas_snapshot, input_fingerprint
from stellwerk.observations.models import Dataset, Observation, Variable


def _dataset(session, table: str, sha: str) -> Dataset:
    ds = Dataset(source="Regionaldatenbank", table_code=table, title=f"Tabelle {table}", licence="dl-de/by-2-0",
                 attribution="Statistische Ämter des Bundes und der Länder", file_name=f"{table}.csv",
                 file_sha256=sha, importer="test", importer_version="1")
    session.add(ds)
    session.flush()
    return ds


@pytest.fixture
def small_store(session):
    """Bund → Land → Kreis with two Gemeinden; population and foreigners 2010–2011."""
    session.add(Variable(code="bevoelkerung", label="Bevölkerung", unit="Personen"))
    bund = Area(level="bund", code="DG", name="Deutschland", name_key="deutschland")
    session.add(bund)
    session.flush()
    land = Area(level="land", code="05", name="Nordrhein-Westfalen", name_key="nordrhein-westfalen", parent_id=bund.id)
    session.add(land)
    session.flush()
    kreis = Area(level="kreis", code="05999", name="Testkreis", name_key="testkreis", parent_id=land.id)
    session.add(kreis)
    session.flush()
    g1 = Area(level="gemeinde", code="059990001001", name="Eins", name_key="eins", parent_id=kreis.id)
    g2 = Area(level="gemeinde", code="059990002002", name="Zwei", name_key="zwei", parent_id=kreis.id)
    session.add_all([g1, g2])
    session.flush()
    ds = _dataset(session, "12411-03-03-4", "a" * 64)
    counts = {g1.id: {2010: (1000, 100), 2011: (1100, 121)}, g2.id: {2010: (3000, 150), 2011: (2900, None)}}
    for area_id, years in counts.items():
        for year, (pop, aus) in years.items():
            session.add(Observation(dataset_id=ds.id, area_id=area_id, period=f"{year}-12-31", year=year,
                                    variable_code="bevoelkerung", breakdown="", value=pop))
            session.add(Observation(dataset_id=ds.id, area_id=area_id, period=f"{year}-12-31", year=year,
                                    variable_code="bevoelkerung", breakdown="nationality=auslaender",
                                    value=aus, flag=None if aus is not None else "."))
    session.flush()
    return {"kreis": kreis, "g1": g1, "g2": g2, "dataset": ds}


def test_value_with_numerator_denominator_and_sources(session, small_store):
    result = indicator_value(session, "auslaenderanteil", "05999", "2010")
    assert result["value"] == pytest.approx(250 / 4000 * 100)
    assert result["numerator"] == 250 and result["denominator"] == 4000
    assert result["flag"] is None and result["unit"] == "%"
    assert result["period"] == "2010-12-31"
    assert result["definition_id"] == "bevoelkerung_demografie.yaml#auslaenderanteil"
    assert [d["table"] for d in result["datasets"]] == ["12411-03-03-4"]
    assert result["datasets"][0]["licence"] == "dl-de/by-2-0"


def test_secret_input_gives_flagged_missing_value(session, small_store):
    result = indicator_value(session, "auslaenderanteil", "Testkreis", "2011-12-31")
    assert result["value"] is None and result["flag"] == "."
    assert result["note"]
    own = indicator_value(session, "auslaenderanteil", "059990001001", "2011")
    assert own["value"] == pytest.approx(11.0)


def test_missing_variables_are_named(session, small_store):
    result = indicator_value(session, "einbuergerungsquote_i", "05999", "2011")
    assert result["value"] is None
    assert result["note"] == "keine Daten für auslaender, einbuergerungen"


def test_bad_input(session, small_store):
    with pytest.raises(NotFoundError):
        indicator_value(session, "auslaenderanteil", "99999", "2011")
    with pytest.raises(NotFoundError):
        indicator_value(session, "kein_indikator", "05999", "2011")
    with pytest.raises(InputError):
        parse_period("<script>")
    assert parse_period("2015-H1") == 2015


def test_cache_is_filled_and_invalidated_by_new_data(session, small_store):
    first = compute_cache(session, ["auslaenderanteil", "auslaender_anzahl"])
    assert [s.status for s in first] == ["berechnet", "berechnet"]
    rows = session.scalar(select(func.count()).select_from(IndicatorValue).where(IndicatorValue.indicator_id == "auslaenderanteil"))
    assert rows == first[0].rows > 0
    stored = session.scalars(
        select(IndicatorValue).where(IndicatorValue.indicator_id == "auslaenderanteil",
                                     IndicatorValue.area_id == small_store["kreis"].id, IndicatorValue.year == 2010)
    ).one()
    assert stored.value == pytest.approx(6.25) and stored.numerator == 250
    again = compute_cache(session, ["auslaenderanteil"])
    assert again[0].status == "unverändert"
    # a new dataset with the same variable changes the fingerprint
    ds = _dataset(session, "12411-03-03-4", "b" * 64)
    session.add(Observation(dataset_id=ds.id, area_id=small_store["g2"].id, period="2011-12-31", year=2011,
                            variable_code="bevoelkerung", breakdown="nationality=auslaender", value=290))
    session.flush()
    third = compute_cache(session, ["auslaenderanteil"])
    assert third[0].status == "berechnet"
    kreis_2011 = session.scalars(
        select(IndicatorValue).where(IndicatorValue.indicator_id == "auslaenderanteil",
                                     IndicatorValue.area_id == small_store["kreis"].id, IndicatorValue.year == 2011)
    ).one()
    assert kreis_2011.value == pytest.approx(411 / 4000 * 100)
    assert kreis_2011.flag is None


def _text_columns_are_plain(frame: pd.DataFrame) -> None:
    for column in ("flag", "note", "period"):
        assert frame[column].dtype == object, column
    assert all(f is None or (isinstance(f, str) and f) for f in frame["flag"])
    assert all(isinstance(n, str) for n in frame["note"])


def test_frame_is_the_same_computed_cached_and_scoped(session, small_store):
    kreis, g1, g2 = small_store["kreis"], small_store["g1"], small_store["g2"]
    computed = indicator_frame(session, "auslaenderanteil")
    computed_scoped = indicator_frame(session, "auslaenderanteil", levels=["kreis"], area_ids=[g1.id])
    compute_cache(session, ["auslaenderanteil"])
    cached = indicator_frame(session, "auslaenderanteil")
    cached_scoped = indicator_frame(session, "auslaenderanteil", levels=["kreis"], area_ids=[g1.id])
    pd.testing.assert_frame_equal(computed, cached)
    assert {kreis.id, g1.id, g2.id} < set(cached.index.get_level_values("area_id"))  # with Land and Bund
    expected = cached[cached.index.get_level_values("area_id").isin([kreis.id, g1.id])]
    pd.testing.assert_frame_equal(cached_scoped, expected)
    pd.testing.assert_frame_equal(computed_scoped, expected)
    for frame in (computed, cached, cached_scoped):
        _text_columns_are_plain(frame)
    # the secret cell of Zwei 2011: no value, its flag kept; the other rows have no flag
    assert cached.loc[(g2.id, 2011), "flag"] == "." and pd.isna(cached.loc[(g2.id, 2011), "value"])
    assert cached.loc[(g1.id, 2010), "flag"] is None and cached.loc[(g1.id, 2010), "period"] == "2010-12-31"
    # an area without rows gives an empty frame from the cache, not a computation
    assert indicator_frame(session, "auslaenderanteil", levels=["stadtteil"]).empty


def test_fingerprint_in_a_snapshot_equals_the_one_outside(session, small_store):
    codes = {"bevoelkerung"}
    outside = input_fingerprint(session, codes, {"d": 1})
    with areas_snapshot(session):
        inside = input_fingerprint(session, codes, {"d": 1})
        assert input_fingerprint(session, {"unbekannt"}, {"d": 1}) == input_fingerprint(session, set(), {"d": 1})
    assert inside == outside
    small_store["dataset"].status = "superseded"
    session.flush()
    with areas_snapshot(session):  # a new block reads the datasets again
        assert input_fingerprint(session, codes, {"d": 1}) != outside


def test_cache_by_level(session, small_store):
    summary = compute_cache(session, ["auslaenderanteil"], level="gemeinde")
    areas = set(session.scalars(select(IndicatorValue.area_id).where(IndicatorValue.indicator_id == "auslaenderanteil")).all())
    assert areas == {small_store["g1"].id, small_store["g2"].id}
    assert summary[0].rows == 4


def test_custom_peer_list_gives_median_quartiles_and_rank(session, small_store):
    result = indicator_value(session, "auslaenderanteil", "059990001001", "2010", peers="059990002002, 05999")
    peers = result["peers"]
    assert peers["kind"] == "liste" and peers["group"] == "eigene Liste"
    # Eins 10 %, Zwei 5 %, Testkreis 250/4000 = 6.25 %: the area itself always belongs to its list
    assert peers["n"] == 3
    assert peers["median"] == pytest.approx(6.25)
    assert peers["q1"] == pytest.approx(5.625) and peers["q3"] == pytest.approx(8.125)
    assert peers["rank"] == 1  # neutral polarity: the largest value ranks first
    assert [m["code"] for m in peers["members"]] == ["059990001001", "05999", "059990002002"]
    # 2011: Zwei's foreigners are secret, so Zwei and the Kreis have no value and are listed as such
    later = indicator_value(session, "auslaenderanteil", "059990001001", "2011", peers="059990002002,05999")["peers"]
    assert later["n"] == 1 and later["rank"] == 1 and later["median"] == pytest.approx(11.0)
    assert {m["code"] for m in later["without_value"]} == {"059990002002", "05999"}


def test_fixed_peer_kinds_and_bad_peer_lists(session, small_store):
    land = indicator_value(session, "auslaenderanteil", "059990002002", "2010", peers="land")["peers"]
    assert land["group"] == "05" and land["n"] == 2 and land["rank"] == 2
    assert "peers" not in indicator_value(session, "auslaenderanteil", "05999", "2010")
    with pytest.raises(InputError, match="Vergleichsgebiet '77777' nicht gefunden"):
        indicator_value(session, "auslaenderanteil", "05999", "2010", peers="059990001001,77777")
    with pytest.raises(InputError, match="keine Gebiete angegeben"):
        indicator_value(session, "auslaenderanteil", "05999", "2010", peers="liste")


def test_only_the_breakdowns_the_indicators_read_are_loaded(session, small_store):
    from stellwerk.indicators.catalogue import default_catalogue
    from stellwerk.indicators.store import load_observations

    for key, value in (("sex=w", 510), ("nationality=auslaender|sex=w", 51)):
        session.add(Observation(dataset_id=small_store["dataset"].id, area_id=small_store["g1"].id, period="2010-12-31",
                                year=2010, variable_code="bevoelkerung", breakdown=key, value=value))
    session.flush()
    keys = default_catalogue().store_keys(["auslaenderanteil"])
    few = load_observations(session, {"bevoelkerung"}, keys)
    every = load_observations(session, {"bevoelkerung"})
    assert set(every["breakdown"]) == {"", "nationality=auslaender", "sex=w", "nationality=auslaender|sex=w"}
    assert set(few["breakdown"]) == {"", "nationality=auslaender"} and len(few) == len(every) - 2
    # a value with an extra breakdown still finds its rows (then every breakdown is read)
    women = indicator_value(session, "auslaenderanteil", "059990001001", "2010", breakdown={"sex": "w"})
    assert women["numerator"] == 51 and women["denominator"] == 510
    assert indicator_value(session, "auslaenderanteil", "059990001001", "2010")["denominator"] == 1000


def test_view_shows_sub_areas_in_the_asked_year_where_the_area_has_none(session, small_store):
    """Only Eins has 2012 figures: the Kreis has no value for 2012 (its page falls back to 2010, 2011
    being secret in Zwei),
    but its sub-area table shows Eins in 2012, the year asked for."""
    from stellwerk.indicators.page import area_indicator_view

    g1 = small_store["g1"]
    for breakdown, value in (("", 1200), ("nationality=auslaender", 150)):
        session.add(Observation(dataset_id=small_store["dataset"].id, area_id=g1.id, period="2012-12-31", year=2012,
                                variable_code="bevoelkerung", breakdown=breakdown, value=value))
    session.flush()
    view = area_indicator_view(session, "auslaenderanteil", "05999", 2012)
    assert view.year == 2010 and view.subarea_year == 2012
    assert [(r["code"], r["year"], r["numerator"]) for r in view.subareas] == [(g1.code, 2012, 150)]
    same = area_indicator_view(session, "auslaenderanteil", "05999", 2010)
    assert same.subarea_year == 2010 and {r["code"] for r in same.subareas} == {g1.code, small_store["g2"].code}


def test_land_peer_group_is_named_for_readers(session, small_store):
    from stellwerk.indicators.page import area_indicator_view

    land = indicator_value(session, "auslaenderanteil", "05999", "2010", peers="land")["peers"]
    assert land["group"] == "05" and land["group_label"] == "Nordrhein-Westfalen"
    view = area_indicator_view(session, "auslaenderanteil", "059990001001", 2010)
    assert view.peers.group == "05" and view.peer_group_label == "Nordrhein-Westfalen"
    custom = indicator_value(session, "auslaenderanteil", "05999", "2010", peers="059990002002")["peers"]
    assert custom["group_label"] == "eigene Liste"

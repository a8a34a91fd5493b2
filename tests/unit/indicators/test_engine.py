# SPDX-License-Identifier: EUPL-1.2
"""The engine on hand-made tables: aggregation, flags, offsets, gaps, published rates."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from stellwerk.indicators import flags as fl
from stellwerk.indicators.engine import Context, aggregate_up, compute


def _value(result: pd.DataFrame, area_id: int, year: int) -> float:
    return float(result.loc[(area_id, year), "value"])


def _flag(result: pd.DataFrame, area_id: int, year: int):
    return fl.FLAG_OF_RANK[int(result.loc[(area_id, year), "rank"])]


def test_share_sums_counts_up_the_hierarchy_never_averages(catalogue, areas, make_obs):
    result = compute(catalogue.get("auslaenderanteil"), Context.build(catalogue, make_obs(), areas))
    # Kreis A 2010: (1500+100+10)/(10000+2000+500)
    assert _value(result, 3, 2010) == pytest.approx(1610 / 12500 * 100)
    mean_of_shares = np.mean([1500 / 10000, 100 / 2000, 10 / 500]) * 100
    assert _value(result, 3, 2010) != pytest.approx(mean_of_shares)
    # Land and Bund: all five Gemeinden
    assert _value(result, 2, 2011) == pytest.approx((1700 + 120 + 12 + 9800 + 160) / (10200 + 2050 + 480 + 50500 + 3100) * 100)
    assert _value(result, 1, 2011) == _value(result, 2, 2011)
    assert result.loc[(3, 2010), "numerator"] == 1610
    assert result.loc[(3, 2010), "denominator"] == 12500


def test_kreis_from_gemeinden_equals_kreis_row(catalogue, areas, make_obs):
    from_gemeinden = compute(catalogue.get("auslaenderanteil"), Context.build(catalogue, make_obs(), areas))
    with_rows = compute(catalogue.get("auslaenderanteil"), Context.build(catalogue, make_obs(with_kreise=True), areas))
    for kreis in (3, 4):
        for year in (2010, 2011):
            assert _value(from_gemeinden, kreis, year) == pytest.approx(_value(with_rows, kreis, year), rel=1e-12)


def test_official_row_wins_over_sum_of_children(catalogue, areas, make_obs, obs_row):
    # an official Kreis total that differs from the sum of the Gemeinden (e.g. a revised table)
    extra = [obs_row(3, 2010, "bevoelkerung", 13_000, dataset_id=3), obs_row(3, 2010, "bevoelkerung", 1_700, "nationality=auslaender", dataset_id=3)]
    result = compute(catalogue.get("auslaenderanteil"), Context.build(catalogue, make_obs(extra=extra), areas))
    assert _value(result, 3, 2010) == pytest.approx(1700 / 13000 * 100)


def test_secret_input_makes_parent_missing_with_flag(catalogue, areas, make_obs):
    result = compute(catalogue.get("auslaenderanteil"), Context.build(catalogue, make_obs(secret=(11, 2010)), areas))
    assert math.isnan(_value(result, 11, 2010))
    assert _flag(result, 11, 2010) == "."
    for parent in (3, 2, 1):
        assert math.isnan(_value(result, parent, 2010)), parent
        assert _flag(result, parent, 2010) == "."
        assert result.loc[(parent, 2010), "note"]
    # the other Kreis and the other year are unaffected
    assert _value(result, 4, 2010) == pytest.approx(9150 / 53000 * 100)
    assert _value(result, 3, 2011) == pytest.approx((1700 + 120 + 12) / (10200 + 2050 + 480) * 100)


def test_missing_child_row_gives_no_sum_and_says_so(catalogue, areas, make_obs):
    obs = make_obs()
    obs = obs[~((obs["area_id"] == 12) & (obs["year"] == 2011))]
    result = compute(catalogue.get("auslaenderanteil"), Context.build(catalogue, obs, areas))
    assert math.isnan(_value(result, 3, 2011))
    assert "2 von 3" in result.loc[(3, 2011), "note"]


def test_provisional_flag_travels_to_result(catalogue, areas, make_obs):
    obs = make_obs()
    obs.loc[(obs["area_id"] == 20) & (obs["year"] == 2011) & (obs["breakdown"] == ""), "flag"] = "p"
    result = compute(catalogue.get("auslaenderanteil"), Context.build(catalogue, obs, areas))
    assert _flag(result, 20, 2011) == "p"
    assert _flag(result, 4, 2011) == "p"
    assert _flag(result, 3, 2011) is None
    assert not math.isnan(_value(result, 4, 2011))


def test_dash_flag_is_exact_zero(catalogue, areas, make_obs):
    obs = make_obs()
    mask = (obs["area_id"] == 12) & (obs["year"] == 2010) & (obs["breakdown"] != "")
    obs.loc[mask, "value"] = None
    obs.loc[mask, "flag"] = "-"
    result = compute(catalogue.get("auslaenderanteil"), Context.build(catalogue, obs, areas))
    assert _value(result, 12, 2010) == 0
    assert _value(result, 3, 2010) == pytest.approx(1600 / 12500 * 100)


def test_period_offset_uses_previous_year(catalogue, areas, make_obs):
    result = compute(catalogue.get("auslaender_veraenderung"), Context.build(catalogue, make_obs(), areas))
    assert _value(result, 10, 2011) == pytest.approx((1700 - 1500) / 1500 * 100)
    assert result.loc[(10, 2011), "denominator"] == 1500
    # the first year has no previous year: no number, with a reason
    assert math.isnan(_value(result, 10, 2010))
    assert "@t-1" in result.loc[(10, 2010), "note"]
    # a lagged term alone does not open a new year
    assert (10, 2012) not in result.index


def test_zero_denominator_is_flagged_not_infinite(catalogue, areas, obs_row):
    obs = pd.DataFrame([obs_row(10, 2011, "bevoelkerung", 0), obs_row(10, 2011, "bevoelkerung", 0, "nationality=auslaender")])
    result = compute(catalogue.get("auslaenderanteil"), Context.build(catalogue, obs, areas))
    assert math.isnan(_value(result, 10, 2011))
    assert _flag(result, 10, 2011) == "x"
    assert result.loc[(10, 2011), "note"] == "Nenner ist null"


def test_requested_breakdown_filters_every_term(catalogue, areas, obs_row):
    obs = pd.DataFrame([
        obs_row(10, 2011, "bevoelkerung", 100, "sex=w"),
        obs_row(10, 2011, "bevoelkerung", 30, "nationality=auslaender|sex=w"),
        obs_row(10, 2011, "bevoelkerung", 200),
        obs_row(10, 2011, "bevoelkerung", 40, "nationality=auslaender"),
    ])
    total = compute(catalogue.get("auslaenderanteil"), Context.build(catalogue, obs, areas))
    women = compute(catalogue.get("auslaenderanteil"), Context.build(catalogue, obs, areas, breakdown={"sex": "w"}))
    assert _value(total, 10, 2011) == pytest.approx(20)
    assert _value(women, 10, 2011) == pytest.approx(30)


def test_published_rate_is_not_aggregated(catalogue, areas, obs_row):
    obs = pd.DataFrame([
        obs_row(3, 2017, "arbeitslosenquote", 12.0, "nationality=auslaender", period="2017"),
        obs_row(3, 2017, "arbeitslosenquote", 6.0, period="2017"),
        obs_row(4, 2017, "arbeitslosenquote", 15.0, "nationality=auslaender", period="2017"),
        obs_row(4, 2017, "arbeitslosenquote", 5.0, period="2017"),
    ])
    ctx = Context.build(catalogue, obs, areas)
    rate = compute(catalogue.get("alq_auslaender"), ctx)
    assert _value(rate, 3, 2017) == 12.0
    assert (2, 2017) not in rate.index  # no Land value from Kreis rates
    gap = compute(catalogue.get("alq_gap_auslaender"), ctx)
    assert _value(gap, 3, 2017) == pytest.approx(6.0)
    assert gap.loc[(3, 2017), "numerator"] == 12.0 and gap.loc[(3, 2017), "denominator"] == 6.0
    ratio = compute(catalogue.get("alq_verhaeltnis_auslaender"), ctx)
    assert _value(ratio, 4, 2017) == pytest.approx(3.0)


def test_annual_average_and_reference_date_align_on_the_year(catalogue, areas, make_obs, obs_row):
    extra = [obs_row(10, 2011, "arbeitslose", 300, "nationality=auslaender", period="2011"),
             obs_row(10, 2011, "arbeitslose", 900, period="2011")]
    ctx = Context.build(catalogue, make_obs(extra=extra), areas)
    result = compute(catalogue.get("arbeitslosendichte_auslaender"), ctx)
    assert _value(result, 10, 2011) == pytest.approx(300 / 1700 * 100)
    assert result.loc[(10, 2011), "period"] == "2011"


def test_last_period_of_a_year_counts(catalogue, areas, obs_row):
    obs = pd.DataFrame([
        obs_row(10, 2015, "bevoelkerung", 100, period="2015-H1"),
        obs_row(10, 2015, "bevoelkerung", 10, "nationality=auslaender", period="2015-H1"),
        obs_row(10, 2015, "bevoelkerung", 200, period="2015-H2"),
        obs_row(10, 2015, "bevoelkerung", 30, "nationality=auslaender", period="2015-H2"),
    ])
    result = compute(catalogue.get("auslaenderanteil"), Context.build(catalogue, obs, areas))
    assert _value(result, 10, 2015) == pytest.approx(15)
    assert result.loc[(10, 2015), "period"] == "2015-H2"


def test_missing_variable_is_named(catalogue, areas, make_obs):
    result = compute(catalogue.get("schutzsuchende_anteil"), Context.build(catalogue, make_obs(), areas))
    assert result.empty  # numerator has no data anywhere: nothing to show
    result = compute(catalogue.get("einbuergerungsquote_i"), Context.build(catalogue, make_obs(), areas))
    assert result.empty


def test_aggregate_up_is_exact_for_counts(areas, make_obs):
    from stellwerk.indicators.engine import KEY, InputTables, Notes
    from stellwerk.indicators.tree import AreaTree

    tables = InputTables(make_obs())
    frame = aggregate_up(tables.select("bevoelkerung", ""), AreaTree(areas), Notes())
    assert frame.loc[1 * KEY + 2010, "value"] == 10_000 + 2_000 + 500 + 50_000 + 3_000
    assert frame.loc[4 * KEY + 2011, "value"] == 50_500 + 3_100
    assert frame.index.is_unique


def test_segregation_index_by_hand(catalogue, obs_row):
    areas = pd.DataFrame(
        [(1, "11", "gemeinde", "Stadt", None), (2, "11-a", "stadtteil", "A", 1), (3, "11-b", "stadtteil", "B", 1), (4, "11-c", "stadtteil", "C", 1)],
        columns=["area_id", "code", "level", "name", "parent_id"],
    )
    counts = {2: (1000, 500), 3: (1000, 100), 4: (2000, 400)}  # total, foreigners
    rows = []
    for area_id, (tot, aus) in counts.items():
        rows.append(obs_row(area_id, 2020, "bevoelkerung", tot))
        rows.append(obs_row(area_id, 2020, "bevoelkerung", aus, "nationality=auslaender"))
    result = compute(catalogue.get("segregation_auslaender"), Context.build(catalogue, pd.DataFrame(rows), areas))
    g = np.array([500, 100, 400])
    r = np.array([500, 900, 1600])
    expected = 50 * np.abs(g / g.sum() - r / r.sum()).sum()
    assert _value(result, 1, 2020) == pytest.approx(expected)
    assert result.loc[(1, 2020), "denominator"] == 3
    # equal distribution gives 0
    rows = []
    for area_id in (2, 3, 4):
        rows.append(obs_row(area_id, 2020, "bevoelkerung", 1000))
        rows.append(obs_row(area_id, 2020, "bevoelkerung", 200, "nationality=auslaender"))
    result = compute(catalogue.get("segregation_auslaender"), Context.build(catalogue, pd.DataFrame(rows), areas))
    assert _value(result, 1, 2020) == pytest.approx(0)


def test_wildcard_sums_every_category(catalogue, areas, obs_row):
    obs = pd.DataFrame([
        obs_row(1, 2019, "auslaender", 900, "citizenship=Türkei"),
        obs_row(1, 2019, "auslaender", 100, "citizenship=Polen"),
        obs_row(1, 2020, "auslaender", 1000, "citizenship=Türkei"),
        obs_row(1, 2020, "auslaender", 200, "citizenship=Polen"),
        obs_row(1, 2020, "einbuergerungen", 15, "legal_basis=§10 Abs.1 StAG, Aufenthalt in Deutschland", period="2020"),
        obs_row(1, 2020, "einbuergerungen", 5, "legal_basis=§9 StAG, Ehe- oder Lebenspartner ist Deutscher", period="2020"),
        obs_row(1, 2020, "einbuergerungen", 7, "legal_basis=§9 StAG, Ehe- oder Lebenspartner ist Deutscher|sex=w", period="2020"),
    ])
    ctx = Context.build(catalogue, obs, areas)
    quote = compute(catalogue.get("einbuergerungsquote_ii"), ctx)
    assert quote.loc[(1, 2020), "numerator"] == 20  # the sex=w row is another breakdown, not summed
    assert quote.loc[(1, 2020), "denominator"] == 1000  # foreigners at the end of 2019
    assert _value(quote, 1, 2020) == pytest.approx(2.0)
    anspruch = compute(catalogue.get("anteil_anspruchseinbuergerungen"), ctx)
    assert math.isnan(_value(anspruch, 1, 2020))  # § 10 Abs. 2/3 rows missing: no number, a reason
    secret = pd.concat([obs, pd.DataFrame([obs_row(1, 2019, "auslaender", None, "citizenship=Syrien", flag=".")])])
    quote = compute(catalogue.get("einbuergerungsquote_ii"), Context.build(catalogue, secret, areas))
    assert math.isnan(_value(quote, 1, 2020)) and _flag(quote, 1, 2020) == "."

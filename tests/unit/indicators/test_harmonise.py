# SPDX-License-Identifier: EUPL-1.2
"""Harmonising onto a Gebietsstand with a hand-made crosswalk."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from stellwerk.indicators import flags as fl
from stellwerk.indicators.engine import Context, compute
from stellwerk.indicators.harmonise import weights_converter

# 2010: Kreis 05001 was split: 60 % of its people now live in 05001, 40 % in 05002.
CROSSWALK = [("05001", "05001", 0.6), ("05001", "05002", 0.4), ("05002", "05002", 1.0)]


def test_weights_converter_is_linear_and_keeps_totals():
    convert = weights_converter(CROSSWALK)
    out = convert({"05001": 1000.0, "05002": 500.0})
    assert out == pytest.approx({"05001": 600.0, "05002": 900.0})
    assert sum(out.values()) == pytest.approx(1500.0)
    assert weights_converter([])({"x": 5.0}) == {"x": 5.0}


def _kreis_obs(obs_row, secret=False):
    return pd.DataFrame([
        obs_row(3, 2010, "bevoelkerung", 1000),
        obs_row(3, 2010, "bevoelkerung", None if secret else 100, "nationality=auslaender", flag="." if secret else None),
        obs_row(4, 2010, "bevoelkerung", 500),
        obs_row(4, 2010, "bevoelkerung", 200, "nationality=auslaender"),
        obs_row(3, 2011, "bevoelkerung", 700),
        obs_row(3, 2011, "bevoelkerung", 70, "nationality=auslaender"),
    ])


def _provider(year, level):
    return weights_converter(CROSSWALK) if year == 2010 and level == "kreis" else None


def test_harmonised_values_are_estimated(catalogue, areas, obs_row):
    result = compute(catalogue.get("auslaenderanteil"), Context.build(catalogue, _kreis_obs(obs_row), areas, crosswalk=_provider))
    assert result.loc[(3, 2010), "numerator"] == pytest.approx(60)
    assert result.loc[(3, 2010), "denominator"] == pytest.approx(600)
    assert result.loc[(4, 2010), "numerator"] == pytest.approx(240)
    assert result.loc[(4, 2010), "denominator"] == pytest.approx(900)
    assert fl.FLAG_OF_RANK[int(result.loc[(4, 2010), "rank"])] == "e"
    # the Land total is unchanged by the redistribution, and flagged as estimated
    assert result.loc[(2, 2010), "value"] == pytest.approx(300 / 1500 * 100)
    # 2011 already on the target Gebietsstand: untouched, no flag
    assert fl.FLAG_OF_RANK[int(result.loc[(3, 2011), "rank"])] is None


def test_secret_input_taints_every_target(catalogue, areas, obs_row):
    result = compute(
        catalogue.get("auslaenderanteil"), Context.build(catalogue, _kreis_obs(obs_row, secret=True), areas, crosswalk=_provider)
    )
    assert math.isnan(result.loc[(3, 2010), "value"])
    assert math.isnan(result.loc[(4, 2010), "value"])  # got 40 % of the secret Kreis
    assert fl.FLAG_OF_RANK[int(result.loc[(4, 2010), "rank"])] == "."

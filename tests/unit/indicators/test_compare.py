# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import pandas as pd
import pytest

from stellwerk.indicators.compare import distance_to_target, east_west, peer_groups, peer_stats, size_class, trend


def test_size_classes_and_east_west():
    assert size_class(100_000) == "Großstadt"
    assert size_class(99_999) == "Mittelstadt"
    assert size_class(5_000) == "Kleinstadt"
    assert size_class(4_999) == "Landgemeinde"
    assert size_class(None) is None
    assert east_west("05315") == "West"
    assert east_west("11000") == "Ost"
    assert east_west("14612") == "Ost"
    assert east_west("DG") is None


def test_peer_stats_rank_follows_polarity():
    areas = pd.DataFrame({"code": ["05001", "05002", "05003", "09001", "14001"]}, index=[1, 2, 3, 4, 5])
    values = pd.Series({1: 10.0, 2: 20.0, 3: 30.0, 4: 5.0, 5: 1.0})
    groups = peer_groups(areas, "land")
    stats = peer_stats(values, groups, 2, "lower_better")
    assert stats.group == "05" and stats.n == 3
    assert stats.median == 20.0 and stats.q1 == 15.0 and stats.q3 == 25.0
    assert stats.rank == 2
    assert peer_stats(values, groups, 3, "lower_better").rank == 3
    assert peer_stats(values, groups, 3, "higher_better").rank == 1
    ow = peer_groups(areas, "ost_west")
    assert peer_stats(values, ow, 5, "neutral").n == 1
    sizes = peer_groups(areas, "groesse", population={1: 150_000, 2: 120_000, 3: 8_000})
    assert peer_stats(values, sizes, 1, "higher_better") .n == 2
    custom = peer_groups(areas, "custom", custom=["05001", "09001"])
    assert peer_stats(values, custom, 4, "higher_better").median == 7.5
    assert peer_stats(values, custom, 2, "higher_better").group is None


def test_trend_and_target():
    series = pd.Series({2015: 10.0, 2016: 11.0, 2017: 12.0, 2018: 13.0, 2019: float("nan"), 2020: 15.0})
    result = trend(series, n=5)
    assert result.periods == 5 and result.first_year == 2015 and result.last_year == 2020
    assert result.slope == pytest.approx(1.0)
    assert result.change == pytest.approx(5.0)
    assert result.direction == "steigend"
    assert trend(pd.Series({2020: 1.0})).direction == "unbekannt"
    assert distance_to_target(12.0, 10.0, "lower_better") == {"distance": -2.0, "reached": False}
    assert distance_to_target(9.0, 10.0, "lower_better")["reached"] is True
    assert distance_to_target(None, 10.0, "higher_better") == {"distance": None, "reached": None}


def test_parse_peers():
    from stellwerk.errors import InputError
    from stellwerk.indicators.peers import MAX_CUSTOM, parse_peers

    assert parse_peers(None).kind == "land"
    assert parse_peers(" groesse ").kind == "groesse"
    custom = parse_peers("05111, 05113;05111 05315")
    assert custom.kind == "liste" and custom.codes == ("05111", "05113", "05315")
    assert custom.param == "05111,05113,05315"
    assert parse_peers(custom.param) == custom
    with pytest.raises(InputError, match="Zu viele"):
        parse_peers(",".join(str(10_000 + i) for i in range(MAX_CUSTOM + 1)))

# SPDX-License-Identifier: EUPL-1.2
"""The traffic light rule on hand-computed cases."""
from __future__ import annotations

import pytest

from stellwerk.strategy.lights import AT_RISK, MISSED, NO_DATA, ON_TRACK, assess, is_stale, worst


@pytest.mark.parametrize(
    ("baseline", "target", "current", "year", "direction", "expected", "share"),
    [
        # p = (13 − 10) / (20 − 10) = 0.3, t = 5/10 = 0.5: behind by more than the slack of 0.1
        (10, 20, 13, 2020, "steigen", AT_RISK, 0.3),
        # p = 0.45 ≥ t − 0.1 = 0.4
        (10, 20, 14.5, 2020, "steigen", ON_TRACK, 0.45),
        # p = (9 − 10) / 10 = −0.1: moving away from the target
        (10, 20, 9, 2020, "steigen", MISSED, -0.1),
        # falling target: p = (15 − 20) / (10 − 20) = 0.5 = t
        (20, 10, 15, 2020, "sinken", ON_TRACK, 0.5),
        # p = (19 − 20) / (10 − 20) = 0.1 < 0.4
        (20, 10, 19, 2020, "sinken", AT_RISK, 0.1),
        # target year reached: 0.9 is not enough, 1.1 is
        (10, 20, 19, 2025, "steigen", MISSED, 0.9),
        (10, 20, 21, 2026, "steigen", ON_TRACK, 1.1),
    ],
)
def test_progress_against_time(baseline, target, current, year, direction, expected, share):
    light = assess(baseline, 2015, target, 2025, direction, current, year)
    assert light.status == expected
    assert light.progress_share == pytest.approx(share)


def test_time_share_is_elapsed_part_of_the_period():
    assert assess(10, 2015, 20, 2025, "steigen", 13, 2018).time_share == pytest.approx(0.3)
    # p = 0.3 ≥ t − 0.1 = 0.2 → on track after three of ten years
    assert assess(10, 2015, 20, 2025, "steigen", 13, 2018).status == ON_TRACK


@pytest.mark.parametrize(("current", "expected"), [(52, ON_TRACK), (54, AT_RISK), (56, MISSED), (44, MISSED)])
def test_hold_target_by_relative_deviation(current, expected):
    # |52 − 50| / 50 = 4 % ≤ 5 %; 8 % ≤ 10 %; 12 % and 12 % beyond
    assert assess(50, 2015, 50, 2025, "halten", current, 2020).status == expected


def test_no_data_without_a_value_after_the_baseline():
    assert assess(10, 2015, 20, 2025, "steigen", None, None).status == NO_DATA
    assert assess(10, 2015, 20, 2025, "steigen", 12, 2015).status == NO_DATA
    assert assess(10, 2015, 20, 2025, "steigen", 12, 2014).status == NO_DATA


def test_goal_shows_the_worst_light_with_data():
    assert worst([ON_TRACK, AT_RISK, NO_DATA]) == AT_RISK
    assert worst([ON_TRACK, MISSED, AT_RISK]) == MISSED
    assert worst([NO_DATA, NO_DATA]) == NO_DATA
    assert worst([]) == NO_DATA


def test_stale_after_two_years():
    assert not is_stale(2022, 2024)
    assert is_stale(2021, 2024)
    assert is_stale(None, 2024)

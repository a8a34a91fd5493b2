# SPDX-License-Identifier: EUPL-1.2
"""Breakdown keys stay canonical and checked when they are remembered between cells."""
from __future__ import annotations

import pytest

from stellwerk.observations.breakdown import decode, encode


def test_same_parts_in_any_order_give_one_key():
    first = encode({"sex": "w", "nationality": "auslaender", "age": "total"})
    again = encode({"nationality": "auslaender", "sex": "w"})
    assert first == again == "nationality=auslaender|sex=w"
    assert decode(first) == {"nationality": "auslaender", "sex": "w"}
    assert encode({}) == encode(None) == "" and encode({"age": "total"}) == ""


def test_a_bad_part_is_refused_every_time():
    for _ in range(2):
        with pytest.raises(ValueError, match="may not contain"):
            encode({"sex": "w|m"})

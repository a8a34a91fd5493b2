# SPDX-License-Identifier: EUPL-1.2
"""Cell values: the fast paths of ``parse_cell`` give what the full checks give, and refuse the same."""
from __future__ import annotations

import pytest

from stellwerk.errors import InputError
from stellwerk.sources.values import parse_cell


def _parse(text: str, **options):
    return parse_cell(text, file="t.csv", line=3, column="C", **options)


@pytest.mark.parametrize(("text", "options", "expected"), [
    ("123", {}, (123.0, None)),
    (" 6,3 ", {}, (6.3, None)),
    ("-0,25", {}, (-0.25, None)),
    ("1.234,5", {"thousands": "."}, (1234.5, None)),
    ("2,794,664 ", {"thousands": ",", "decimal": "."}, (2794664.0, None)),
    ("2,794.5", {"thousands": ",", "decimal": "."}, (2794.5, None)),
    ("12.75", {"decimal": "."}, (12.75, None)),
    ("6,3 p", {}, (6.3, "p")),
    ("-5", {}, (-5.0, None)),
    ("-", {}, (0.0, "-")),
    ("", {"empty": "."}, (None, ".")),
    ("", {}, None),
])
def test_numbers_and_symbols(text, options, expected):
    assert _parse(text, **options) == expected


@pytest.mark.parametrize(("text", "options"), [
    ("1.5", {}),  # a point in a comma-decimal table
    (",5", {}),
    ("1,5,3", {}),
    ("+1,5", {}),
    ("1, 5", {}),
    ("--1,5", {}),
])
def test_malformed_numbers_are_refused_with_position(text, options):
    with pytest.raises(InputError) as caught:
        _parse(text, **options)
    assert caught.value.row == 3 and caught.value.column == "C"

# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import pytest

from stellwerk.indicators.expressions import ExpressionError, parse


def test_parse_terms_filters_offsets_and_indicator_refs():
    expr = parse("auslaender[nationality=auslaender, sex=w] - bevoelkerung@t-1 + #auslaenderanteil + 2")
    terms = expr.terms
    assert [t.sign for t in terms] == [1, -1, 1, 1]
    assert terms[0].name == "auslaender" and terms[0].filter_dict == {"nationality": "auslaender", "sex": "w"}
    assert terms[1].offset == -1 and str(terms[1]) == "bevoelkerung@t-1"
    assert terms[2].is_indicator and terms[2].name == "auslaenderanteil"
    assert terms[3].constant == 2
    assert [str(t) for t in expr.references()] == ["auslaender[nationality=auslaender,sex=w]", "bevoelkerung@t-1", "#auslaenderanteil"]


def test_leading_minus():
    assert parse("-a + b").terms[0].sign == -1


@pytest.mark.parametrize(
    "text",
    ["", "a +", "a b", "a ++ b", "a[sex]", "a[sex=w,sex=m]", "a@t+1", "A", "a[sex=<script>]", "a * b", "=cmd|' /C calc'!A0"],
)
def test_malformed_expressions_are_rejected(text):
    with pytest.raises(ExpressionError):
        parse(text)

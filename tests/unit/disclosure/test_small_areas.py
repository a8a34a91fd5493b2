# SPDX-License-Identifier: EUPL-1.2
"""Disclosure control of small-area counts in reports and exports."""
from __future__ import annotations

import pandas as pd

from stellwerk.disclosure.small_areas import (
    SUPPRESSED, is_small_area, protect_frame_rows, protect_subarea_counts, suppressed_codes,
)


def test_nothing_below_the_threshold_hides_nothing():
    assert suppressed_codes({"a": 10, "b": 0, "c": 3, "d": None}) == set()


def test_primary_and_secondary_suppression():
    hidden = suppressed_codes({"a": 2, "b": 40, "c": 7, "d": 12})
    # 2 is below 3 (primary); alone it could be computed from the total, so the smallest other count goes too
    assert hidden == {"a", "c"}


def test_two_small_counts_protect_each_other():
    assert suppressed_codes({"a": 1, "b": 2, "c": 50}) == {"a", "b"}


def test_zero_is_shown():
    assert suppressed_codes({"a": 0, "b": 50, "c": 60}) == set()


def _rows(counts: dict[str, int | None]) -> list[dict]:
    return [{"code": code, "name": code.upper(), "numerator": n, "denominator": 100.0, "value": None if n is None else n,
             "flag": None, "note": ""} for code, n in counts.items()]


def test_subarea_table_of_a_city_is_protected_with_flag_and_note():
    rows, note = protect_subarea_counts(_rows({"101": 2, "102": 40, "103": 9}), "stadtteil")
    by_code = {r["code"]: r for r in rows}
    assert by_code["101"]["numerator"] is None and by_code["101"]["value"] is None and by_code["101"]["flag"] == SUPPRESSED
    assert by_code["103"]["flag"] == SUPPRESSED  # secondary
    assert by_code["102"]["numerator"] == 40 and by_code["102"]["flag"] is None
    assert by_code["101"]["denominator"] == 100.0  # the population itself stays
    assert "unter 3" in note and "sekundär" in note and "„s“" in note


def test_official_tables_and_rates_pass_unchanged():
    rows = _rows({"05158004": 2, "05158008": 40})
    same, note = protect_subarea_counts(rows, "gemeinde")
    assert same == rows and "amtlich" in note
    same, note = protect_subarea_counts(rows, "stadtteil", kind="published")
    assert same == rows and "keine Fallzahlen" in note
    assert is_small_area("stadtbezirk") and not is_small_area("kreis")


def test_frame_rows_use_the_same_line_as_the_report():
    """An export of one Stadtteil hides what its city's table hides, whichever Stadtteile are selected."""
    areas = pd.DataFrame({"id": [1, 11, 12, 13, 21, 22], "parent_id": [None, 1, 1, 1, 2, 2],
                          "level": ["kreis", "stadtteil", "stadtteil", "stadtteil", "stadtteil", "stadtteil"],
                          "code": ["k", "a", "b", "c", "d", "e"]}).set_index("id")
    frame = pd.DataFrame({"area_id": [11, 12, 13, 11, 12, 13, 21, 22], "year": [2012] * 3 + [2013] * 3 + [2012] * 2,
                          "numerator": [2.0, 40.0, 9.0, 20.0, 40.0, 9.0, 1.0, 1.0]}).set_index(["area_id", "year"])
    report_rows, _ = protect_subarea_counts(_rows({"11": 2, "12": 40, "13": 9}), "stadtteil")
    in_report = {(int(r["code"]), 2012) for r in report_rows if r["flag"] == SUPPRESSED}
    assert protect_frame_rows(frame, areas, [(13, 2012)]) >= {(13, 2012)}
    assert protect_frame_rows(frame, areas, [(11, 2012), (13, 2012)]) == in_report
    assert protect_frame_rows(frame, areas, [(11, 2013), (1, 2012)]) == set()  # 2013 has no small count; a Kreis passes
    assert protect_frame_rows(frame, areas, [(21, 2012)]) == {(21, 2012), (22, 2012)}


def test_stadtteile_of_several_stadtbezirke_are_protected_per_stadtbezirk():
    # Bezirk 1: 2 must go, and a second cell with it (else 2 = total − 40); Bezirk 2 has nothing small.
    # One flat table over both Bezirke would hide 2 and 9, and 2 would follow from Bezirk 1's total.
    rows = [{"code": c, "parent_id": p, "numerator": n, "value": float(n)}
            for c, p, n in (("101", 1, 2), ("102", 1, 40), ("201", 2, 9), ("202", 2, 50))]
    out, _ = protect_subarea_counts(rows, "stadtteil")
    hidden = {r["code"] for r in out if r.get("flag") == "s"}
    assert hidden == {"101", "102"}

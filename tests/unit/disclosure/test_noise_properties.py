# SPDX-License-Identifier: EUPL-1.2
"""Property tests for rounding and cell-key perturbation (hypothesis).

Cell key: cells with the same persons get the same noise, in one table (a total whose persons are
exactly those of one child) and across linked tables; true zeros and the official area totals stay
exact; noise is bounded and never turns a positive count into zero; the order of the persons does
not matter. The sets of persons per cell are computed here from the persons themselves, not from
the record-key sums the product uses. Rounding: multiples of the base, at most half a base away,
zeros untouched, applied after suppression on the true values.
"""
from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stellwerk.disclosure import TOTAL, Hierarchy, build_table, protect
from stellwerk.disclosure.perturb import NOISE, record_keys

AREA_PARENT = {"a1": "A", "a2": "A", "b1": "B", "b2": "B", "A": TOTAL, "B": TOTAL}
LEAVES = {"area": ["a1", "a2", "b1", "b2"], "sex": ["m", "w"], "status": ["ohne", "aus", "deu"], "eg": ["ja", "nein"]}
STATUS_PARENT = {"ohne": TOTAL, "mit": TOTAL, "aus": "mit", "deu": "mit"}
HIERARCHIES = {
    "area": Hierarchy("area", AREA_PARENT),
    "sex": Hierarchy.flat("sex", LEAVES["sex"]),
    "status": Hierarchy("status", STATUS_PARENT),
    "eg": Hierarchy.flat("eg", LEAVES["eg"]),
}
PARENTS = {"area": AREA_PARENT, "status": STATUS_PARENT}

person_rows = st.lists(
    st.tuples(*(st.sampled_from(LEAVES[d]) for d in ("area", "sex", "status", "eg"))), min_size=0, max_size=120)


def persons_frame(rows, order=None) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["area", "sex", "status", "eg"])
    frame.insert(0, "person_id", [f"p{i}" for i in range(len(frame))])
    return frame if order is None else frame.iloc[order].reset_index(drop=True)


def linked_tables(persons: pd.DataFrame):
    frame = persons.assign(rkey=record_keys(persons["person_id"]), value=1)
    tables = []
    for extra in ("status", "eg"):
        dims = ["area", "sex", extra]
        if len(frame):
            leaves = frame.groupby(dims, as_index=False).agg(value=("value", "sum"), rkey=("rkey", "sum"))
        else:
            leaves = pd.DataFrame({d: pd.Series([], dtype=str) for d in dims} | {"value": [], "rkey": []})
        tables.append(build_table(extra, extra, leaves, {d: HIERARCHIES[d] for d in dims}, official_dim="area"))
    return tables


def members(persons: pd.DataFrame, cell: pd.Series, dims: list[str]) -> frozenset[str]:
    """The person ids in a cell, from the persons and the hierarchies directly."""
    mask = np.ones(len(persons), dtype=bool)
    for dim in dims:
        code = cell[dim]
        if code == TOTAL:
            continue
        values = persons[dim].to_numpy()
        up = np.array([PARENTS.get(dim, {}).get(v, TOTAL) for v in values], dtype=object)
        mask &= (values == code) | (up == code)
    return frozenset(persons["person_id"][mask])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=person_rows)
def test_cell_key_noise_follows_the_persons_and_spares_zeros_and_official_totals(rows):
    persons = persons_frame(rows)
    tables = protect(linked_tables(persons), threshold=0, cell_key=True)
    published_by_persons: dict[frozenset, set] = defaultdict(set)
    for table in tables:
        dims = table.dimensions
        for _, cell in table.cells.iterrows():
            who = members(persons, cell, dims)
            assert cell["value"] == len(who)
            official = all(cell[d] == TOTAL for d in dims if d != "area")
            if cell["value"] == 0:
                assert cell["published"] == 0 and cell["flag"] is None
            elif official:
                assert cell["published"] == cell["value"] and cell["flag"] is None
            else:
                assert cell["flag"] == "u"
                assert abs(cell["published"] - cell["value"]) <= max(NOISE)
                assert cell["published"] >= 1
                published_by_persons[who].add(cell["published"])
    # The same persons give the same noise wherever they form a cell (child = total, linked tables).
    assert all(len(values) == 1 for values in published_by_persons.values()), published_by_persons


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=person_rows.filter(lambda r: len(r) > 1), data=st.data())
def test_cell_key_noise_does_not_depend_on_the_order_of_the_persons(rows, data):
    order = data.draw(st.permutations(range(len(rows))))
    first = protect(linked_tables(persons_frame(rows)), threshold=0, cell_key=True)
    again = protect(linked_tables(persons_frame(rows, order)), threshold=0, cell_key=True)
    for a, b in zip(first, again):
        key = a.dimensions
        left = a.cells.set_index(key)["published"].sort_index()
        right = b.cells.set_index(key)["published"].sort_index()
        assert left.equals(right)


counts = st.lists(st.sampled_from([0, 0, 1, 2, 3, 4, 5, 7, 8, 12, 13, 22, 40]), min_size=4 * 2 * 3, max_size=4 * 2 * 3)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=counts, base=st.sampled_from([2, 3, 5, 10]), threshold=st.sampled_from([0, 3]),
       cell_key=st.booleans())
def test_rounding_gives_multiples_of_the_base_near_the_truth_after_suppression(values, base, threshold, cell_key):
    dims = ["area", "sex", "status"]
    grid = pd.MultiIndex.from_product([LEAVES[d] for d in dims], names=dims).to_frame(index=False)
    grid["value"] = values
    grid["rkey"] = np.arange(len(grid), dtype=np.uint64) * np.uint64(2_654_435_761)

    def table():
        return build_table("t", "t", grid, {d: HIERARCHIES[d] for d in dims}, official_dim="area")

    plain = protect([table()], threshold=threshold)[0].cells
    rounded = protect([table()], threshold=threshold, round_base=base, cell_key=cell_key)[0].cells
    assert (rounded["flag"] == "s").equals(plain["flag"] == "s"), "rounding must not change the suppression"
    shown = rounded[rounded["flag"] != "s"]
    assert shown["published"].map(lambda v: v % base == 0).all()
    truth = shown["value"].astype(int)
    allowed = base / 2 + (max(NOISE) if cell_key else 0)
    assert ((shown["published"].astype(int) - truth).abs() <= allowed).all()
    zeros = shown[truth == 0]
    assert (zeros["published"] == 0).all() and zeros["flag"].isna().all()
    assert (shown.loc[truth > 0, "flag"] == "g").all()
    hidden = rounded[rounded["flag"] == "s"]
    assert hidden["published"].isna().all()

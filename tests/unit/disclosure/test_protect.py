# SPDX-License-Identifier: EUPL-1.2
"""Primary and secondary suppression, rounding and cell-key perturbation on small tables."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from stellwerk.disclosure import Hierarchy, build_table, protect
from stellwerk.disclosure.lines import lines
from stellwerk.disclosure.perturb import NOISE, record_keys
from stellwerk.observations.flags import FLAGS


def two_way(values: dict[tuple[str, str], int], name: str = "t") -> object:
    rows = sorted({r for r, _ in values})
    cols = sorted({c for _, c in values})
    leaves = pd.DataFrame([{"area": r, "sex": c, "value": v} for (r, c), v in values.items()])
    return build_table(name, name, leaves, {"area": Hierarchy.flat("area", rows), "sex": Hierarchy.flat("sex", cols)},
                       official_dim="area")


def cell(table, **codes):
    frame = table.cells
    mask = np.ones(len(frame), dtype=bool)
    for dim, code in codes.items():
        mask &= frame[dim].to_numpy() == code
    return frame[mask].iloc[0]


def test_totals_are_built_along_the_hierarchy():
    leaves = pd.DataFrame({"area": ["a1", "a2", "b1"], "value": [4, 6, 5]})
    table = build_table("t", "t", leaves, {"area": Hierarchy("area", {"a1": "A", "a2": "A", "b1": "B", "A": "total",
                                                                      "B": "total"})})
    values = dict(zip(table.cells["area"], table.cells["value"]))
    assert values == {"total": 15, "A": 10, "B": 5, "a1": 4, "a2": 6, "b1": 5}


def test_primary_suppression_keeps_zeros_and_hides_small_cells():
    table = two_way({("x", "m"): 0, ("x", "w"): 2, ("y", "m"): 30, ("y", "w"): 40, ("z", "m"): 3, ("z", "w"): 50})
    protect([table], threshold=3)
    assert cell(table, area="x", sex="m")["published"] == 0
    assert cell(table, area="x", sex="m")["flag"] is None
    assert cell(table, area="x", sex="w")["published"] is None
    assert cell(table, area="x", sex="w")["flag"] == "s"
    assert cell(table, area="z", sex="m")["flag"] is None or cell(table, area="z", sex="m")["flag"] == "s"


def test_secondary_suppression_leaves_no_line_with_a_single_hidden_cell():
    table = two_way({("x", "m"): 1, ("x", "w"): 20, ("y", "m"): 30, ("y", "w"): 40, ("z", "m"): 25, ("z", "w"): 50})
    protect([table], threshold=3)
    hidden = (table.cells["flag"] == "s").to_numpy()
    member = lines(table)
    per_line = np.bincount(member.line, weights=hidden[member.cell], minlength=member.count)
    assert hidden.sum() >= 4
    assert not (per_line == 1).any()
    # Row x total 21 is published: then both cells of row x must be hidden.
    assert cell(table, area="x", sex="w")["flag"] == "s"


def test_threshold_is_configurable():
    table = two_way({("x", "m"): 4, ("x", "w"): 20, ("y", "m"): 30, ("y", "w"): 40})
    protect([table], threshold=5)
    assert cell(table, area="x", sex="m")["flag"] == "s"
    protect([table], threshold=0)
    assert (table.cells["flag"].isna()).all()


def test_rounding_to_a_base_flags_rounded_cells():
    table = two_way({("x", "m"): 0, ("x", "w"): 12, ("y", "m"): 33, ("y", "w"): 47})
    protect([table], threshold=0, round_base=5)
    published = dict(zip(zip(table.cells["area"], table.cells["sex"]), table.cells["published"]))
    assert published[("x", "w")] == 10 and published[("y", "m")] == 35 and published[("y", "w")] == 45
    assert published[("x", "m")] == 0 and cell(table, area="x", sex="m")["flag"] is None
    assert cell(table, area="x", sex="w")["flag"] == "g"
    assert all(v % 5 == 0 for v in table.cells["published"])


def test_flags_are_known_to_the_observation_store():
    assert {"s", "g", "u"} <= set(FLAGS)


def person_table(persons: pd.DataFrame, name: str, extra: str) -> object:
    keys = record_keys(persons["person_id"])
    frame = persons.assign(rkey=keys, value=1)
    leaves = frame.groupby(["area", "sex", extra], as_index=False).agg(value=("value", "sum"), rkey=("rkey", "sum"))
    hierarchies = {"area": Hierarchy.flat("area", sorted(persons["area"].unique())),
                   "sex": Hierarchy.flat("sex", ["m", "w"]),
                   extra: Hierarchy.flat(extra, {"status": ["x", "y", "z"], "eg": ["ja", "nein"]}[extra])}
    return build_table(name, name, leaves, hierarchies, official_dim="area")


def test_cell_key_noise_is_identical_for_identical_cells_and_spares_zeros_and_totals():
    rng = np.random.default_rng(1)
    n = 3000
    persons = pd.DataFrame({
        "person_id": [f"p{i}" for i in range(n)],
        "area": rng.choice(["a", "b", "c"], n),
        "sex": rng.choice(["m", "w"], n),
        "status": rng.choice(["x", "y", "z"], n, p=[0.6, 0.4, 0.0]),
        "eg": rng.choice(["ja", "nein"], n),
    })
    first, second = person_table(persons, "status", "status"), person_table(persons, "eg", "eg")
    protect([first, second], threshold=0, cell_key=True)
    shared_first = first.cells[first.cells["status"] == "total"].set_index(["area", "sex"])["published"]
    shared_second = second.cells[second.cells["eg"] == "total"].set_index(["area", "sex"])["published"]
    assert (shared_first.sort_index() == shared_second.sort_index()).all()
    zeros = first.cells[first.cells["value"] == 0]
    assert len(zeros) and (zeros["published"] == 0).all() and zeros["flag"].isna().all()
    official = first.cells[(first.cells["sex"] == "total") & (first.cells["status"] == "total")]
    assert (official["published"] == official["value"]).all()
    touched = first.cells[first.cells["flag"] == "u"]
    deviation = (touched["published"] - touched["value"]).abs()
    assert deviation.max() <= max(NOISE) and (deviation > 0).any()
    assert (touched["published"] >= 1).all()
    # Same persons, same noise: running again gives the same published table.
    again = person_table(persons, "status", "status")
    protect([again], threshold=0, cell_key=True)
    assert list(again.cells["published"]) == list(first.cells["published"])


def test_negative_threshold_is_rejected():
    with pytest.raises(ValueError):
        protect([two_way({("x", "m"): 1})], threshold=-1)

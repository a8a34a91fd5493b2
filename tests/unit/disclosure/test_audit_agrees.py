# SPDX-License-Identifier: EUPL-1.2
"""The product's auditor finds exactly the suppressed cells the independent attacker recovers.

Hypothesis draws hierarchical tables and arbitrary suppression patterns (not only the ones
``protect`` would choose); for every suppressed cell, ``audit.recoverable`` must agree with the
attacker's SVD in tests/unit/disclosure/test_attack.py, both on the exact dense path used for
small systems and on the sampled sparse path used for large ones.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stellwerk.disclosure import audit
from tests.unit.disclosure.test_attack import AREAS, LEAF_AREAS, SEX, STATUS, attack, table_from

CELLS = len(LEAF_AREAS) * 2 * 3


@pytest.mark.parametrize("path", ["dense", "sparse"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(values=st.lists(st.integers(min_value=1, max_value=30), min_size=CELLS, max_size=CELLS),
       seed=st.integers(min_value=0, max_value=2**32 - 1), share=st.sampled_from([0.05, 0.15, 0.3, 0.5]))
def test_auditor_agrees_with_the_attacker(monkeypatch, path, values, seed, share):
    monkeypatch.setattr(audit, "DENSE_LIMIT", 10_000 if path == "dense" else 0)
    table = table_from(np.array(values), {"area": AREAS, "sex": SEX, "status": STATUS},
                       [LEAF_AREAS, ["m", "w"], ["ohne", "aus", "deu"]], "t")
    mask = np.random.default_rng(seed).random(len(table.cells)) < share
    if not mask.any():
        mask[0] = True
    table.cells["flag"] = pd.Series(np.where(mask, "s", None), index=table.cells.index, dtype=object)
    found = audit.recoverable([table], [mask])[0]
    keys = table.identity().to_numpy()
    by_key = {key: bool(flag) for key, flag in zip(keys[mask], found[mask])}
    verdicts = {key: movable for key, _, low, _, movable in attack([table]) if low is None}
    assert set(verdicts) == set(by_key)
    disagree = {key for key in by_key if by_key[key] == verdicts[key]}  # recoverable must mean "not movable"
    assert not disagree, disagree

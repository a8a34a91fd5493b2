# SPDX-License-Identifier: EUPL-1.2
"""How status flags travel from inputs to a computed value.

Every flag gets a rank; a computed value carries the highest-ranked flag of its
inputs. Flags from ``...`` upwards mean "no number": a value computed from such
an input has no number either and keeps the flag, so a secret cell never turns
into a silently wrong total.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["RANK", "FLAG_OF_RANK", "MISSING_FROM", "ranks", "flags_from_ranks", "ZERO_DIVISION"]

# Order: no flag < revised < provisional < estimated < later < not meaningful < uncertain < secret.
_ORDER: tuple[str | None, ...] = (None, "r", "p", "e", "...", "x", "/", ".", "s")
RANK: dict[str | None, int] = {flag: i for i, flag in enumerate(_ORDER)}
RANK["-"] = 0  # "nothing there": an exact zero, carries no flag into results
FLAG_OF_RANK: dict[int, str | None] = {i: flag for i, flag in enumerate(_ORDER)}
MISSING_FROM = RANK["..."]
ESTIMATED = RANK["e"]
ZERO_DIVISION = RANK["x"]


def ranks(flags: pd.Series) -> np.ndarray:
    """Flag strings → int8 ranks (unknown flags count as secret)."""
    codes, uniques = pd.factorize(flags, use_na_sentinel=True)
    table = np.array([RANK.get(u, RANK["."]) for u in uniques] + [0], dtype="int8")
    return table[codes]  # code −1 (no flag) picks the trailing 0


def flags_from_ranks(values: np.ndarray) -> list[str | None]:
    return [FLAG_OF_RANK[int(v)] for v in values]

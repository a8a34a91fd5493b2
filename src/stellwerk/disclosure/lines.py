# SPDX-License-Identifier: EUPL-1.2
"""The additive lines of a table: every total with the cells one level below it.

A line is the set {total cell} ∪ {its children along one dimension, all other
dimensions fixed}. Published lines are the equations an attacker can subtract
with, so secondary suppression and the audit both work on these lines.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from stellwerk.disclosure.table import TOTAL, Table

__all__ = ["Lines", "lines"]


@dataclass
class Lines:
    """Membership of cells in lines: parallel arrays, one entry per (cell, line)."""

    cell: np.ndarray  # row position in table.cells
    line: np.ndarray  # line number 0…count-1
    is_total: np.ndarray  # the cell is the line's total
    count: int


def lines(table: Table) -> Lines:
    """Every line of the table (vectorised: two memberships per cell and dimension)."""
    dims = table.dimensions
    cells = table.cells
    n = len(cells)
    codes: list[np.ndarray] = []
    parents: list[np.ndarray] = []
    has_children: list[np.ndarray] = []
    sizes: list[int] = []
    for dim in dims:
        hierarchy = table.hierarchies[dim]
        nodes = hierarchy.nodes()
        index = {code: i for i, code in enumerate(nodes)}
        code = pd.Series(cells[dim]).map(index).to_numpy(dtype=np.int64)
        parent_of = np.array([index[hierarchy.parent.get(c, TOTAL)] if c != TOTAL else -1 for c in nodes])
        inner = np.zeros(len(nodes), dtype=bool)
        inner[[index[p] for p in set(hierarchy.parent.values())]] = True
        codes.append(code)
        parents.append(parent_of[code])
        has_children.append(inner[code])
        sizes.append(len(nodes))
    radix = np.cumprod([1] + sizes[:-1]).astype(np.int64)
    base = sum(c * r for c, r in zip(codes, radix)) if dims else np.zeros(n, dtype=np.int64)
    all_cells, all_keys, all_total = [], [], []
    positions = np.arange(n)
    span = int(np.prod(sizes)) if sizes else 1
    for d, _ in enumerate(dims):
        without = base - codes[d] * radix[d]
        child = parents[d] >= 0
        all_cells += [positions[child], positions[has_children[d]]]
        all_keys += [d * span + without[child] + parents[d][child] * radix[d],
                     d * span + without[has_children[d]] + codes[d][has_children[d]] * radix[d]]
        all_total += [np.zeros(child.sum(), dtype=bool), np.ones(has_children[d].sum(), dtype=bool)]
    if not all_cells:
        empty = np.zeros(0, dtype=np.int64)
        return Lines(empty, empty, np.zeros(0, dtype=bool), 0)
    keys = np.concatenate(all_keys)
    line, uniques = pd.factorize(keys)
    return Lines(
        cell=np.concatenate(all_cells).astype(np.int64),
        line=line.astype(np.int64),
        is_total=np.concatenate(all_total),
        count=len(uniques),
    )

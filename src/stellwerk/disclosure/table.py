# SPDX-License-Identifier: EUPL-1.2
"""Frequency tables with hierarchical dimensions and all their totals.

A :class:`Table` holds every cell of a cube: leaf cells and every total along
each dimension's hierarchy (``"total"`` is the root of every dimension). The
``cells`` frame has one column per dimension plus ``value`` (the true count),
``rkey`` (sum of the record keys of the persons in the cell, modulo 2**64, for
the cell-key method) and, once protected, ``published`` and ``flag``.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = ["TOTAL", "Hierarchy", "Table", "build_table"]

TOTAL = "total"


@dataclass
class Hierarchy:
    """A dimension's tree: ``parent[code]`` is the code one level up; the root is ``total``."""

    name: str
    parent: dict[str, str]
    labels: dict[str, str] = field(default_factory=dict)

    @classmethod
    def flat(cls, name: str, codes: Iterable[str], labels: Mapping[str, str] | None = None) -> Hierarchy:
        """A one-level dimension: every code directly under the total."""
        return cls(name, {c: TOTAL for c in codes}, dict(labels or {}))

    def nodes(self) -> list[str]:
        codes = list(self.parent) + [p for p in self.parent.values() if p not in self.parent]
        return list(dict.fromkeys([TOTAL] + codes))

    def ancestors(self, code: str) -> list[str]:
        """The code itself and every node above it up to the total."""
        chain = [code]
        seen = {code}
        while chain[-1] != TOTAL:
            up = self.parent.get(chain[-1], TOTAL)
            if up in seen:
                raise ValueError(f"Zyklus in der Hierarchie {self.name}: {code}")
            chain.append(up)
            seen.add(up)
        return chain

    def children(self) -> dict[str, list[str]]:
        result: dict[str, list[str]] = {}
        for child, up in self.parent.items():
            result.setdefault(up, []).append(child)
        return result


@dataclass
class Table:
    """One published table: name, dimensions with hierarchies, and its cells."""

    name: str
    title: str
    hierarchies: dict[str, Hierarchy]
    cells: pd.DataFrame
    # Dimension whose totals are official population figures (left unperturbed), e.g. "area".
    official_dim: str | None = None

    @property
    def dimensions(self) -> list[str]:
        return list(self.hierarchies)

    def identity(self) -> pd.Series:
        """A key per cell that is equal for logically identical cells of different tables."""
        parts = None
        for dim in sorted(self.dimensions):
            codes = self.cells[dim].astype(str)
            part = np.where(codes == TOTAL, "", dim + "=" + codes + "|")
            parts = part if parts is None else np.char.add(parts.astype(str), part.astype(str))
        return pd.Series(parts if parts is not None else [""] * len(self.cells), index=self.cells.index)

    def to_dict(self) -> dict:
        """The JSON shape of ``register tables --json`` (issue 5): name, dimensions and cells with the
        published value and flag only; totals are cells whose dimension value is ``total``."""
        cells = self.cells
        values = cells["published"] if "published" in cells else cells["value"]
        flags = cells["flag"] if "flag" in cells else pd.Series([None] * len(cells), index=cells.index)
        out = []
        columns = [cells[d].to_numpy() for d in self.dimensions]
        for i, (value, flag) in enumerate(zip(values.to_numpy(), flags.to_numpy())):
            cell = {d: str(col[i]) for d, col in zip(self.dimensions, columns)}
            cell["value"] = None if value is None or (isinstance(value, float) and np.isnan(value)) else int(value)
            cell["flag"] = flag if isinstance(flag, str) and flag else None
            out.append(cell)
        return {"name": self.name, "dimensions": self.dimensions, "cells": out}


def build_table(
    name: str,
    title: str,
    leaves: pd.DataFrame,
    hierarchies: Mapping[str, Hierarchy],
    official_dim: str | None = None,
) -> Table:
    """Add every total to leaf counts (columns: dimensions, ``value``, optional ``rkey``)."""
    dims = list(hierarchies)
    frame = leaves.copy()
    if "rkey" not in frame:
        frame["rkey"] = np.zeros(len(frame), dtype=np.uint64)
    frame["rkey"] = frame["rkey"].astype(np.uint64)
    for dim in dims:
        hierarchy = hierarchies[dim]
        codes = frame[dim].astype(str)
        mapping = {code: hierarchy.ancestors(code) for code in codes.unique()}
        frame = frame.assign(**{dim: codes.map(mapping)}).explode(dim)
        frame = frame.groupby(dims, sort=False, as_index=False).agg(value=("value", "sum"), rkey=("rkey", "sum"))
    # Cells that exist in the hierarchy but hold nobody are real zeros: add them.
    if len(dims) == 1:
        full = pd.Index(hierarchies[dims[0]].nodes(), name=dims[0])
    else:
        full = pd.MultiIndex.from_product([hierarchies[d].nodes() for d in dims], names=dims)
    frame = frame.set_index(dims).reindex(full, fill_value=0).reset_index()
    frame["value"] = frame["value"].astype(np.int64)
    frame["rkey"] = frame["rkey"].astype(np.uint64)
    for dim in dims:
        frame[dim] = frame[dim].astype(str)
    return Table(name=name, title=title, hierarchies=dict(hierarchies), cells=frame, official_dim=official_dim)

# SPDX-License-Identifier: EUPL-1.2
"""The area hierarchy as arrays: parents, depths, ancestors and expected children."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

__all__ = ["AreaTree"]


@dataclass
class AreaTree:
    """Areas indexed by id with ``code``, ``level``, ``name``, ``parent_id`` (and validity)."""

    areas: pd.DataFrame
    _children_cache: dict[int, object] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        frame = self.areas.copy()
        if "area_id" in frame.columns:
            frame = frame.set_index("area_id")
        for column in ("valid_from", "valid_to", "type"):
            if column not in frame.columns:
                frame[column] = None
        frame["parent_id"] = frame["parent_id"].astype("Int64")
        self.areas = frame

    @cached_property
    def parent(self) -> pd.Series:
        return self.areas["parent_id"]

    @cached_property
    def depth(self) -> pd.Series:
        """0 for roots, 1 for their children …"""
        depth = pd.Series(0, index=self.areas.index, dtype="int64")
        current = self.parent.copy()
        for _ in range(20):  # deeper hierarchies do not exist; guards against cycles
            has = current.notna()
            if not has.any():
                break
            depth[has] += 1
            current = current[has].map(self.parent).reindex(current.index)
        return depth

    @cached_property
    def dense(self) -> tuple[np.ndarray, np.ndarray]:
        """(depth, parent) as arrays indexed by area id; parent −1 for roots, depth −1 for unknown ids."""
        size = int(self.areas.index.max()) + 1 if len(self.areas) else 1
        depth = np.full(size, -1, dtype="int64")
        parent = np.full(size, -1, dtype="int64")
        ids = self.areas.index.to_numpy(dtype="int64")
        depth[ids] = self.depth.to_numpy(dtype="int64")
        parent[ids] = self.parent.fillna(-1).to_numpy(dtype="int64")
        return depth, parent

    def expected_dense(self, year: int) -> np.ndarray:
        """Expected children per parent id (array indexed by area id)."""
        key = -year - 1  # separate cache slot from expected_children
        if key not in self._children_cache:
            counts = self.expected_children(year)
            arr = np.zeros(len(self.dense[0]), dtype="int64")
            arr[counts.index.to_numpy(dtype="int64")] = counts.to_numpy(dtype="int64")
            self._children_cache[key] = arr
        return self._children_cache[key]

    @cached_property
    def code_index(self) -> dict[tuple[str, str], int]:
        return {(lvl, code): int(i) for i, lvl, code in zip(self.areas.index, self.areas["level"], self.areas["code"])}

    @cached_property
    def ancestors(self) -> pd.DataFrame:
        """Pairs (area_id, ancestor_id, distance) for every ancestor of every area."""
        parts = []
        current = self.parent.dropna().astype("int64")
        distance = 1
        while len(current):
            parts.append(pd.DataFrame({"area_id": current.index, "ancestor_id": current.to_numpy(), "distance": distance}))
            nxt = current.map(self.parent).dropna().astype("int64")
            current = nxt
            distance += 1
            if distance > 20:
                break
        if not parts:
            return pd.DataFrame({"area_id": [], "ancestor_id": [], "distance": []}, dtype="int64")
        return pd.concat(parts, ignore_index=True)

    def expected_children(self, year: int) -> pd.Series:
        """Number of children per parent valid on 31 December of ``year``."""
        if year not in self._children_cache:
            day = pd.Timestamp(dt.date(year, 12, 31))
            frame = self.areas
            start = pd.to_datetime(frame["valid_from"], errors="coerce")
            end = pd.to_datetime(frame["valid_to"], errors="coerce")
            ok = (start.isna() | (start <= day)) & (end.isna() | (end > day)) & frame["parent_id"].notna()
            valid = frame[ok]
            self._children_cache[year] = valid.groupby("parent_id").size()
        return self._children_cache[year]

    def id_of(self, level: str, code: str) -> int | None:
        return self.code_index.get((level, code))

    def descendants(self, area_id: int) -> np.ndarray:
        anc = self.ancestors
        return anc.loc[anc["ancestor_id"] == area_id, "area_id"].to_numpy()

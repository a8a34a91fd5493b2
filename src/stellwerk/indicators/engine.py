# SPDX-License-Identifier: EUPL-1.2
"""The indicator engine: pure functions from observation tables to indicator values.

Input is a tidy observation frame (``area_id, period, year, variable, breakdown,
value, flag``) and an :class:`AreaTree`. Every expression term becomes a frame
over all areas and years at once, indexed by ``key = area_id · 10 000 + year``,
with ``value``, ``rank`` (flag rank, see :mod:`stellwerk.indicators.flags`),
``note`` (code into the context's note list) and ``period`` (code into the sorted
period list). Integer columns keep every step vectorised. Counts are summed up
the hierarchy before any ratio is formed, so a Kreis value computed from its
Gemeinden equals the one computed from the Kreis row. Ratios are never averaged.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from stellwerk.indicators import flags as fl
from stellwerk.indicators.catalogue import Catalogue
from stellwerk.indicators.expressions import Expression, Term
from stellwerk.indicators.harmonise import CrosswalkProvider, harmonise
from stellwerk.indicators.schema import Indicator
from stellwerk.indicators.tree import AreaTree
from stellwerk.observations import breakdown as bd

__all__ = ["Context", "compute", "compute_many", "evaluate", "aggregate_up", "InputTables", "KEY", "Notes"]

log = logging.getLogger(__name__)

KEY = 10_000  # key = area_id * KEY + year
INDEX = ["area_id", "year"]


class Notes:
    """Reasons for missing values, stored once and referred to by number (0 = none)."""

    def __init__(self) -> None:
        self.texts: list[str] = [""]
        self._ids: dict[str, int] = {"": 0}

    def id(self, text: str) -> int:
        if text not in self._ids:
            self._ids[text] = len(self.texts)
            self.texts.append(text)
        return self._ids[text]

    def names(self, codes: np.ndarray) -> np.ndarray:
        return np.asarray(self.texts, dtype="object")[np.asarray(codes, dtype="int64")]


def coded(keys, value, rank, note, period) -> pd.DataFrame:
    """A term frame from arrays."""
    return pd.DataFrame(
        {
            "value": np.asarray(value, dtype="float64"),
            "rank": np.asarray(rank, dtype="int8"),
            "note": np.asarray(note, dtype="int32"),
            "period": np.asarray(period, dtype="int64"),
        },
        index=pd.Index(np.asarray(keys, dtype="int64"), name="key"),
    )


def _empty() -> pd.DataFrame:
    return coded([], [], [], [], [])


@dataclass
class InputTables:
    """Observations grouped by (variable, breakdown) as arrays, for fast selection.

    Periods are kept as integer codes into :attr:`periods` (sorted, so a larger
    code is a later period); results turn them back into strings.
    """

    observations: pd.DataFrame
    groups: dict[tuple[str, str], tuple[np.ndarray, ...]] = field(init=False, repr=False)
    periods: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        obs = self.observations
        self.groups = {}
        self.periods = np.array([], dtype=object)
        if not len(obs):
            return
        flag_codes, flag_names = pd.factorize(obs["flag"].to_numpy(dtype=object), use_na_sentinel=True)
        flag_names = [None if pd.isna(f) else f for f in flag_names]
        rank = np.array([fl.RANK.get(f, fl.RANK["."]) for f in flag_names] + [0], dtype="int8")[flag_codes]
        value = obs["value"].to_numpy(dtype="float64", copy=True)
        # "-" means exactly nothing: a zero, not a gap
        if "-" in flag_names:
            value[(flag_codes == flag_names.index("-")) & np.isnan(value)] = 0.0
        # a number flagged as missing is not used as a number
        value[rank >= fl.MISSING_FROM] = np.nan
        # object arrays factorize faster than pandas' string dtype
        var_codes, var_names = pd.factorize(obs["variable"].to_numpy(dtype=object))
        key_codes, key_names = pd.factorize(obs["breakdown"].to_numpy(dtype=object))
        period_codes, period_names = pd.factorize(obs["period"].to_numpy(dtype=object), sort=True)
        self.periods = np.asarray(period_names, dtype=object)
        area = obs["area_id"].to_numpy(dtype="int64")
        year = obs["year"].to_numpy(dtype="int64")
        dataset = obs["dataset_id"].to_numpy(dtype="int64") if "dataset_id" in obs.columns else np.zeros(len(obs), "int64")
        # several periods in a year (half-years, dates): the last one counts;
        # several datasets for one cell: the most recently imported one counts
        order = np.lexsort((dataset, period_codes, year, area, key_codes, var_codes))
        v, k, a, y = var_codes[order], key_codes[order], area[order], year[order]
        last = np.ones(len(order), dtype=bool)
        last[:-1] = (v[1:] != v[:-1]) | (k[1:] != k[:-1]) | (a[1:] != a[:-1]) | (y[1:] != y[:-1])
        keep = order[last]
        vk, kk = var_codes[keep], key_codes[keep]
        starts = np.flatnonzero(np.r_[True, (vk[1:] != vk[:-1]) | (kk[1:] != kk[:-1])])
        bounds = np.r_[starts, len(keep)]
        for begin, stop in zip(bounds[:-1], bounds[1:]):
            rows = keep[begin:stop]
            name = (str(var_names[vk[begin]]), str(key_names[kk[begin]]))
            self.groups[name] = (area[rows] * KEY + year[rows], value[rows], rank[rows], period_codes[rows].astype("int64"))

    def select(self, code: str, key: str) -> pd.DataFrame:
        found = self.groups.get((code, key))
        if found is None:
            return _empty()
        keys, value, rank, period = found
        return coded(keys, value, rank, np.zeros(len(keys), dtype="int32"), period)

    def period_names(self, codes: np.ndarray) -> np.ndarray:
        codes = np.asarray(codes, dtype="int64")
        if not len(self.periods):
            return np.full(len(codes), None, dtype="object")
        names = self.periods[codes.clip(0)].copy()
        names[codes < 0] = None
        return names


@dataclass
class Context:
    """Everything one computation needs; memoises terms and indicator results within it."""

    catalogue: Catalogue
    tables: InputTables
    tree: AreaTree
    breakdown: Mapping[str, str] = field(default_factory=dict)
    crosswalk: CrosswalkProvider | None = None
    notes: Notes = field(default_factory=Notes)
    memo: dict[str, pd.DataFrame] = field(default_factory=dict)
    term_memo: dict[tuple[str, str, bool], pd.DataFrame] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        catalogue: Catalogue,
        observations: pd.DataFrame,
        areas: pd.DataFrame | AreaTree,
        breakdown: Mapping[str, str] | None = None,
        crosswalk: CrosswalkProvider | None = None,
    ) -> Context:
        tree = areas if isinstance(areas, AreaTree) else AreaTree(areas)
        return cls(catalogue, InputTables(observations), tree, dict(breakdown or {}), crosswalk)


# --------------------------------------------------------------------------- aggregation


def _group_max(inv: np.ndarray, values: np.ndarray, size: int, start: int) -> np.ndarray:
    out = np.full(size, start, dtype=values.dtype)
    np.maximum.at(out, inv, values)
    return out


def aggregate_up(frame: pd.DataFrame, tree: AreaTree, notes: Notes) -> pd.DataFrame:
    """Add parent rows by summing children where a parent has no value of its own.

    A parent is only summed when every child valid in that year has a row and
    has a number; otherwise the parent gets no number, the worst flag of its
    children and a note. Own official values win over sums.
    """
    if frame.empty:
        return frame
    depth_of, parent_of = tree.dense
    keys = frame.index.to_numpy(dtype="int64")
    value = frame["value"].to_numpy(dtype="float64")
    rank = frame["rank"].to_numpy(dtype="int8")
    note = frame["note"].to_numpy(dtype="int32")
    period = frame["period"].to_numpy(dtype="int64")
    area = keys // KEY
    inside = area < len(depth_of)
    depth = np.where(inside, depth_of[np.where(inside, area, 0)], -1)
    gap_missing = notes.id("Summe enthält Teilgebiete ohne Zahlenwert")
    for level_depth in range(int(depth.max()), 0, -1):
        at = np.flatnonzero(depth == level_depth)
        if not len(at):
            continue
        parent = parent_of[area[at]]
        ok = parent >= 0
        at, parent = at[ok], parent[ok]
        if not len(at):
            continue
        pkeys = parent * KEY + keys[at] % KEY
        inv, unique = pd.factorize(pkeys)
        unique = np.asarray(unique, dtype="int64")
        size = len(unique)
        child_value = value[at]
        missing = np.isnan(child_value)
        total = np.bincount(inv, weights=np.where(missing, 0.0, child_value), minlength=size)
        present = np.bincount(inv, minlength=size)
        n_missing = np.bincount(inv, weights=missing.astype("float64"), minlength=size)
        worst = _group_max(inv, rank[at], size, 0)
        latest = _group_max(inv, period[at], size, -1)
        child_note = _group_max(inv, note[at], size, 0)
        new = ~pd.Index(unique).isin(keys)  # parents with an own row keep it
        if not new.any():
            continue
        unique, total, present, n_missing = unique[new], total[new], present[new], n_missing[new]
        worst, latest, child_note = worst[new], latest[new], child_note[new]
        years = unique % KEY
        parents = unique // KEY
        expected = np.empty(len(unique), dtype="int64")
        for year in pd.unique(years):
            mask = years == year
            expected[mask] = tree.expected_dense(int(year))[parents[mask]]
        expected = np.where(expected == 0, present, expected)
        incomplete = present < expected
        sums = np.where(incomplete | (n_missing > 0), np.nan, total)
        new_note = child_note.copy()
        if incomplete.any():
            for p, e in set(zip(present[incomplete].tolist(), expected[incomplete].tolist())):
                code = notes.id(f"Summe unvollständig: {p} von {e} Teilgebieten")
                new_note[incomplete & (present == p) & (expected == e) & (child_note == 0)] = code
        new_note[(n_missing > 0) & (new_note == 0)] = gap_missing
        keys = np.concatenate([keys, unique])
        value = np.concatenate([value, sums])
        rank = np.concatenate([rank, worst.astype("int8")])
        note = np.concatenate([note, new_note.astype("int32")])
        period = np.concatenate([period, latest])
        area = np.concatenate([area, parents])
        depth = np.concatenate([depth, np.full(len(unique), level_depth - 1)])
    return coded(keys, value, rank, note, period)


# --------------------------------------------------------------------------- terms


def _term_frame(term: Term, ctx: Context, aggregate: bool) -> pd.DataFrame:
    """The values of one term for every area and year (before the sign)."""
    if term.is_indicator:
        frame = _compute_coded(ctx.catalogue.get(term.name), ctx)[["value", "rank", "note", "period"]]
    else:
        code, filters = ctx.catalogue.resolve(term)
        for key, value in ctx.breakdown.items():
            if key in filters and filters[key] != value:
                # the term fixes this dimension itself (e.g. nationality of a share's numerator)
                continue
            filters[key] = value
        memo_key = (code, bd.encode(filters), aggregate)
        frame = ctx.term_memo.get(memo_key)
        if frame is None:
            frame = _select_all(ctx, code, filters) if "*" in filters.values() else ctx.tables.select(code, memo_key[1])
            if ctx.crosswalk is not None and not frame.empty:
                frame = harmonise(frame, ctx.tree, ctx.crosswalk, ctx.notes)
            if aggregate:
                frame = aggregate_up(frame, ctx.tree, ctx.notes)
            ctx.term_memo[memo_key] = frame
    if term.offset:
        frame = frame.set_axis(frame.index - term.offset)  # offset −1: the value of t−1 serves year t
    return frame


def _select_all(ctx: Context, code: str, filters: dict[str, str]) -> pd.DataFrame:
    """Sum over every value of the dimensions filtered with ``*`` (e.g. all legal bases).

    A category a table does not list for a key counts as zero; a secret one
    makes the sum secret.
    """
    fixed = {k: v for k, v in filters.items() if v != "*"}
    dims = set(filters)
    parts = []
    for variable, key in ctx.tables.groups:
        if variable != code:
            continue
        parts_of_key = bd.decode(key)
        if set(parts_of_key) == dims and all(parts_of_key[k] == v for k, v in fixed.items()):
            parts.append(ctx.tables.select(variable, key))
    if not parts:
        return _empty()
    keys = _sorted_union([p.index.to_numpy(dtype="int64") for p in parts])
    total = np.zeros(len(keys))
    rank = np.zeros(len(keys), dtype="int8")
    period = np.full(len(keys), -1, dtype="int64")
    for part in parts:
        value, part_rank, _note, part_period, absent = _align(part, keys)
        total = total + np.where(absent, 0.0, value)
        rank = np.maximum(rank, part_rank)
        period = np.maximum(period, part_period)
    return coded(keys, total, rank, np.zeros(len(keys), dtype="int32"), period)


def _align(frame: pd.DataFrame, keys: np.ndarray):
    """Columns of ``frame`` at ``keys`` (NaN/0/−1 where absent) and the absence mask."""
    pos = frame.index.get_indexer(keys)
    absent = pos < 0
    take = np.where(absent, 0, pos)
    if len(frame):
        value = np.where(absent, np.nan, frame["value"].to_numpy()[take])
        rank = np.where(absent, 0, frame["rank"].to_numpy()[take]).astype("int8")
        note = np.where(absent, 0, frame["note"].to_numpy()[take]).astype("int32")
        period = np.where(absent, -1, frame["period"].to_numpy()[take]).astype("int64")
    else:
        value = np.full(len(keys), np.nan)
        rank = np.zeros(len(keys), "int8")
        note = np.zeros(len(keys), "int32")
        period = np.full(len(keys), -1, "int64")
    return value, rank, note, period, absent


def _sorted_union(parts: list[np.ndarray]) -> np.ndarray:
    keys = np.concatenate(parts) if len(parts) > 1 else parts[0].copy()
    keys.sort(kind="stable")
    if len(keys) < 2:
        return keys
    return keys[np.r_[True, keys[1:] != keys[:-1]]]


def evaluate(expr: Expression, ctx: Context, aggregate: bool = True) -> pd.DataFrame:
    """Sum of the expression's terms per (area, year): a missing term gives no number."""
    refs = [t for t in expr.terms if t.constant is None]
    constant = sum(t.sign * t.constant for t in expr.terms if t.constant is not None)
    if not refs:
        return _empty()
    frames = [_term_frame(t, ctx, aggregate) for t in refs]
    # rows come from the unshifted terms: a lagged term alone does not open a new year
    anchors = [f for t, f in zip(refs, frames) if not t.offset] or frames
    keys = _sorted_union([f.index.to_numpy(dtype="int64") for f in anchors])
    total = np.full(len(keys), float(constant))
    rank = np.zeros(len(keys), dtype="int8")
    note = np.zeros(len(keys), dtype="int32")
    period = np.full(len(keys), -1, dtype="int64")
    for i in sorted(range(len(refs)), key=lambda j: refs[j].offset != 0):
        term, frame = refs[i], frames[i]
        value, term_rank, term_note, term_period, absent = _align(frame, keys)
        total = total + term.sign * value
        rank = np.maximum(rank, term_rank)
        note = np.where(note == 0, term_note, note)
        if absent.any():
            note = np.where((note == 0) & absent, ctx.notes.id(f"keine Daten für {term}"), note)
        period = np.where(period < 0, term_period, period)
    return coded(keys, total, rank, note, period)


# --------------------------------------------------------------------------- indicators


def _result(keys, value, numerator, denominator, rank, note, period) -> pd.DataFrame:
    frame = coded(keys, value, rank, note, period)
    frame["numerator"] = np.asarray(numerator, dtype="float64")
    frame["denominator"] = np.asarray(denominator, dtype="float64")
    return frame


def _pair(first: pd.DataFrame, second: pd.DataFrame, ctx: Context, missing_second: str):
    keys = first.index.to_numpy(dtype="int64")
    a = first["value"].to_numpy(dtype="float64")
    b, b_rank, b_note, _period, absent = _align(second, keys)
    rank = np.maximum(first["rank"].to_numpy(dtype="int8"), b_rank)
    note = first["note"].to_numpy(dtype="int32")
    note = np.where(note == 0, b_note, note)
    if absent.any():
        note = np.where((note == 0) & absent, ctx.notes.id(missing_second), note)
    return keys, a, b, rank, note, first["period"].to_numpy(dtype="int64")


def _ratio(ind: Indicator, ctx: Context) -> pd.DataFrame:
    num = evaluate(ind.expression("numerator"), ctx)
    den = evaluate(ind.expression("denominator"), ctx)
    keys, n, d, rank, note, period = _pair(num, den, ctx, "keine Daten für den Nenner")
    zero = d == 0
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(zero, np.nan, n / d * ind.factor)
    if zero.any():
        hit = zero & ~np.isnan(n)
        rank = np.where(hit, np.maximum(rank, fl.ZERO_DIVISION), rank)
        note = np.where(hit & (note == 0), ctx.notes.id("Nenner ist null"), note)
    return _result(keys, value, n, d, rank, note, period)


def _count(ind: Indicator, ctx: Context, aggregate: bool) -> pd.DataFrame:
    num = evaluate(ind.expression("numerator"), ctx, aggregate=aggregate)
    n = num["value"].to_numpy(dtype="float64")
    factor = ind.factor if ind.kind == "count" else 1.0
    return _result(num.index, n * factor, n, np.full(len(n), np.nan), num["rank"], num["note"], num["period"])


def _gap(ind: Indicator, ctx: Context) -> pd.DataFrame:
    grp = evaluate(ind.expression("group"), ctx)
    ref = evaluate(ind.expression("reference"), ctx)
    keys, g, r, rank, note, period = _pair(grp, ref, ctx, "keine Daten für die Vergleichsgruppe")
    if ind.mode == "difference":
        value = g - r
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            value = np.where(r == 0, np.nan, g / r)
        if (r == 0).any():
            note = np.where((r == 0) & (note == 0), ctx.notes.id("Vergleichswert ist null"), note)
    return _result(keys, value, g, r, rank, note, period)


def _compute_coded(ind: Indicator, ctx: Context) -> pd.DataFrame:
    if ind.id in ctx.memo:
        return ctx.memo[ind.id]
    if ind.kind == "ratio":
        result = _ratio(ind, ctx)
    elif ind.kind == "count":
        result = _count(ind, ctx, aggregate=True)
    elif ind.kind == "published":
        # a published rate cannot be re-aggregated: only where the table has it
        result = _count(ind, ctx, aggregate=False)
    elif ind.kind == "gap":
        result = _gap(ind, ctx)
    else:
        from stellwerk.indicators.segregation import segregation

        result = segregation(ind, ctx)
    # a note explains a gap; where a number exists and no flag withholds it, it is stale
    has_value = ~np.isnan(result["value"].to_numpy(dtype="float64"))
    result.loc[has_value & (result["rank"].to_numpy() < fl.MISSING_FROM), "note"] = 0
    ctx.memo[ind.id] = result
    return result


def compute(ind: Indicator, ctx: Context) -> pd.DataFrame:
    """Values of one indicator for every area and year the inputs allow.

    Index ``(area_id, year)``; columns ``value, numerator, denominator, rank,
    note, period`` (rank as in :mod:`stellwerk.indicators.flags`, note and period as text).
    """
    frame = _compute_coded(ind, ctx)
    keys = frame.index.to_numpy(dtype="int64")
    index = pd.MultiIndex.from_arrays([keys // KEY, keys % KEY], names=INDEX)
    return pd.DataFrame(
        {
            "value": frame["value"].to_numpy(),
            "numerator": frame["numerator"].to_numpy(),
            "denominator": frame["denominator"].to_numpy(),
            "rank": frame["rank"].to_numpy(),
            "note": ctx.notes.names(frame["note"].to_numpy()),
            "period": ctx.tables.period_names(frame["period"].to_numpy()),
        },
        index=index,
    )


def compute_many(indicators: list[Indicator], ctx: Context, progress: Callable[[int, int, str], None] | None = None) -> dict[str, pd.DataFrame]:
    """Compute several indicators sharing one context (and its memo)."""
    out: dict[str, pd.DataFrame] = {}
    for i, ind in enumerate(indicators, 1):
        out[ind.id] = compute(ind, ctx)
        if progress:
            progress(i, len(indicators), ind.id)
    return out

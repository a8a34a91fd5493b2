# SPDX-License-Identifier: EUPL-1.2
"""A SYNTHETIC register extract for demos, tests and benchmarks.

No person in it exists. Person and household ids start with ``SYN-``. The
persons are drawn so that, after derivation, every small area holds exactly
the published number of Ausländer, Eingebürgerte, Aussiedler, Deutsche mit
Migrationshintergrund and residents (and, for Köln, the published sex and age
group counts and the Ausländer by origin group). At another size the targets
are scaled per area by largest remainders, so they add up to the requested
number of persons. Everything else (countries, years, households) is invented
and only plausible.
"""
from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from stellwerk.register.derive import PARENT_GAP
from stellwerk.register.schema import COLUMNS
from stellwerk.register.targets import Targets

__all__ = ["synthesize", "scale_counts", "scaled_targets", "SYNTHETIC_PREFIX"]

log = logging.getLogger(__name__)

SYNTHETIC_PREFIX = "SYN-"
_REGION_COUNTRIES: dict[str, tuple[str, ...]] = {
    "Afrika": ("MAR", "NGA", "GHA", "TUN", "ERI", "EGY", "CMR"),
    "Amerika": ("USA", "BRA", "CAN", "COL", "MEX", "PER"),
    "Asien": ("CHN", "IND", "IRN", "IRQ", "AFG", "SYR", "VNM", "JPN", "PAK"),
    "Europäische Union": ("ITA", "POL", "GRC", "ESP", "ROU", "BGR", "PRT", "FRA", "NLD", "AUT"),
    "Türkei": ("TUR",),
    "Übriges Europa": ("RUS", "UKR", "SRB", "BIH", "MKD", "ALB", "HRV"),
    "Sonstige": ("XXA", "XXX", "AUS"),
}
_FOREIGN = ("TUR", "POL", "ITA", "SYR", "ROU", "BGR", "GRC", "RUS", "UKR", "HRV", "IRN", "AFG", "SRB", "VNM")
_AUSSIEDLER_ORIGIN = ("KAZ", "RUS", "POL", "ROU", "UKR", "KGZ")
_GENERIC_AGES = (("0-5", 0, 5, 0.055), ("6-14", 6, 14, 0.08), ("15-17", 15, 17, 0.025), ("18-24", 18, 24, 0.08),
                 ("25-44", 25, 44, 0.30), ("45-64", 45, 64, 0.27), ("65+", 65, 99, 0.19))


def scale_counts(matrix: np.ndarray, totals: np.ndarray) -> np.ndarray:
    """Scale each row of ``matrix`` to its ``total`` with integer cells (largest remainders)."""
    matrix = np.asarray(matrix, dtype=np.float64)
    sums = matrix.sum(axis=1, keepdims=True)
    share = np.divide(matrix * totals[:, None], sums, out=np.zeros_like(matrix), where=sums > 0)
    base = np.floor(share).astype(np.int64)
    missing = totals - base.sum(axis=1)
    order = np.argsort(-(share - base), axis=1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(matrix.shape[1])[None, :].repeat(len(matrix), 0), axis=1)
    return base + (ranks < missing[:, None])


def scaled_targets(targets: Targets, persons: int | None) -> dict[str, pd.DataFrame]:
    """The per-area counts the synthetic register will hold (the published ones when persons is None)."""
    areas = targets.areas
    groups = list(Targets.GROUPS)
    population = areas["einwohner"].to_numpy()
    if persons is None or persons == int(population.sum()):
        totals = population.astype(np.int64)
    else:
        totals = scale_counts(population[None, :], np.array([persons]))[0]
    result = {"groups": pd.DataFrame(scale_counts(areas[groups].to_numpy(), totals), index=areas.index, columns=groups)}
    if targets.sex is not None:
        result["sex"] = pd.DataFrame(scale_counts(targets.sex.to_numpy(), totals), index=areas.index,
                                     columns=targets.sex.columns)
    if targets.ages is not None:
        result["ages"] = pd.DataFrame(scale_counts(targets.ages.to_numpy(), totals), index=areas.index,
                                      columns=targets.ages.columns)
    if targets.regions is not None:
        foreigners = result["groups"]["auslaender"].to_numpy()
        result["regions"] = pd.DataFrame(scale_counts(targets.regions.to_numpy(), foreigners), index=areas.index,
                                         columns=targets.regions.columns)
    return result


def _within(area: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A random order that keeps persons grouped by area."""
    return np.lexsort((rng.random(len(area)), area))


def _labels(counts: np.ndarray, labels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Per area (rows), the labels repeated by count, shuffled within each area, concatenated by area."""
    area = np.repeat(np.arange(counts.shape[0]), counts.sum(axis=1))
    values = np.repeat(np.tile(np.arange(counts.shape[1]), counts.shape[0]), counts.ravel())
    return labels[values[_within(area, rng)]]


def _households(group_key: np.ndarray, start_probability: float, rng: np.random.Generator) -> np.ndarray:
    """Household numbers for persons sorted by ``group_key``: a new household starts at random."""
    start = rng.random(len(group_key)) < start_probability
    if len(group_key):
        start[0] = True
        start[1:] |= group_key[1:] != group_key[:-1]
    return np.cumsum(start) - 1


def synthesize(targets: Targets, persons: int | None = None, seed: int = 20121231) -> pd.DataFrame:
    """A synthetic extract (all columns text) whose derived counts equal the (scaled) targets."""
    rng = np.random.default_rng(seed)
    counts = scaled_targets(targets, persons)
    groups = counts["groups"]
    n_area = len(groups)
    sizes = groups.sum(axis=1).to_numpy()
    n = int(sizes.sum())
    area = np.repeat(np.arange(n_area), sizes)
    ref = targets.reference_year

    # Ages (exact per area where published), then one birth year per person.
    if "ages" in counts:
        bands = targets.age_bands
        band = _labels(counts["ages"].to_numpy(), np.arange(len(bands)), rng)
    else:
        bands = tuple((label, lo, hi) for label, lo, hi, _ in _GENERIC_AGES)
        shares = np.array([s for *_, s in _GENERIC_AGES])
        band = _labels(scale_counts(np.tile(shares, (n_area, 1)), sizes), np.arange(len(bands)), rng)
    low = np.array([lo for _, lo, _ in bands])[band]
    high = np.array([hi for _, _, hi in bands])[band]
    age = low + np.floor(rng.random(n) * (high - low + 1)).astype(np.int64)
    birth = ref - age

    sex_labels = np.array(["m", "w"], dtype=object)
    if "sex" in counts:
        sex = _labels(counts["sex"][["m", "w"]].to_numpy(), sex_labels, rng)
    else:
        sex = sex_labels[(rng.random(n) < 0.51).astype(int)]

    # Status: familial MH goes to the youngest persons of the area (jittered), the rest at random.
    group_names = np.array(Targets.GROUPS, dtype=object)
    score = age + rng.normal(0, 12, n)
    by_score = np.lexsort((score, area))
    area_start = np.r_[0, np.cumsum(sizes)[:-1]]
    rank = np.empty(n, dtype=np.int64)
    rank[by_score] = np.arange(n) - area_start[area[by_score]]
    familial = rank < groups["familiaer"].to_numpy()[area]
    status = np.empty(n, dtype=object)
    status[familial] = "familiaer"
    others = groups.drop(columns="familiaer").to_numpy()
    rest = np.flatnonzero(~familial)  # sorted, hence grouped by area
    status[rest] = _labels(others, group_names[[0, 1, 2, 4]], rng)

    frame = {c: np.full(n, "", dtype=object) for c in COLUMNS}
    ids = np.char.add(SYNTHETIC_PREFIX + "P", np.arange(1, n + 1).astype(str)).astype(object)
    frame["person_id"] = ids
    frame["birth_year"] = birth.astype(str).astype(object)
    frame["sex"] = sex
    frame["area"] = groups.index.to_numpy(dtype=object)[area]
    frame["citizenship_1"][:] = "DEU"
    frame["birth_country"][:] = "DEU"
    frame["german_by"][:] = "birth"

    foreign = status == "auslaender"
    if "regions" in counts:
        region_names = np.array(counts["regions"].columns, dtype=object)
        region = _labels(counts["regions"].to_numpy(), np.arange(len(region_names)), rng)
        nationality = np.empty(len(region), dtype=object)
        for i, name in enumerate(region_names):
            hit = region == i
            options = np.array(_REGION_COUNTRIES[name], dtype=object)
            nationality[hit] = options[rng.integers(0, len(options), hit.sum())]
        frame["citizenship_1"][foreign] = nationality  # foreigners are sorted by area like the labels
    else:
        frame["citizenship_1"][foreign] = np.array(_FOREIGN, dtype=object)[rng.integers(0, len(_FOREIGN), foreign.sum())]
    frame["german_by"][foreign] = ""
    naturalised = status == "eingebuergert"
    frame["german_by"][naturalised] = "naturalisation"
    former = np.array(_FOREIGN, dtype=object)[rng.integers(0, len(_FOREIGN), n)]
    dual = naturalised & (rng.random(n) < 0.3)
    frame["citizenship_2"][dual] = former[dual]
    aussiedler = status == "aussiedler"
    frame["german_by"][aussiedler] = "aussiedler"

    # Who was born abroad and when they came (never before their birth, never after the reference year).
    born_abroad = (foreign & (rng.random(n) < 0.65)) | (naturalised & (rng.random(n) < 0.7)) | aussiedler
    origin = np.where(foreign, frame["citizenship_1"], former)
    origin = np.where(aussiedler, np.array(_AUSSIEDLER_ORIGIN, dtype=object)[rng.integers(0, 6, n)], origin)
    origin = np.where(np.isin(origin, ("XXA", "XXX")), "SYR", origin)
    frame["birth_country"][born_abroad] = origin[born_abroad]
    earliest = np.maximum(birth, 1955)
    arrival = earliest + np.floor(rng.random(n) * (ref - earliest + 1)).astype(np.int64)
    frame["immigration_year"][born_abroad] = arrival[born_abroad].astype(str)
    frame["origin_of_move_in"][born_abroad] = origin[born_abroad]

    # Households: persons of the same area and kind (with own MH / without MH / option) live together.
    kind = np.select([np.isin(status, ("auslaender", "eingebuergert", "aussiedler")), status == "keiner"], [0, 1], 2)
    order = np.lexsort((rng.random(n), kind, area))
    household = np.empty(n, dtype=np.int64)
    household[order] = _households(area[order] * 3 + kind[order], 0.5, rng)

    # Familial MH: link to a parent with own MH in the same area, at least PARENT_GAP years older;
    # where none exists the person is German by the option rule (which implies a foreign parent).
    parents = np.flatnonzero(kind == 0)
    keys = area[parents].astype(np.int64) * 10_000 + birth[parents]
    parent_order = np.argsort(keys, kind="stable")
    parents, keys = parents[parent_order], keys[parent_order]
    children = np.flatnonzero(familial)
    upper = np.searchsorted(keys, area[children].astype(np.int64) * 10_000 + birth[children] - PARENT_GAP, side="right")
    lower = np.searchsorted(keys, area[children].astype(np.int64) * 10_000, side="left")
    linked = upper > lower
    pick = parents[lower + np.floor(rng.random(len(children)) * np.maximum(upper - lower, 1)).astype(np.int64)]
    linked_children, linked_parents = children[linked], pick[linked]
    is_mother = sex[linked_parents] == "w"
    frame["mother_id"][linked_children[is_mother]] = ids[linked_parents[is_mother]]
    frame["father_id"][linked_children[~is_mother]] = ids[linked_parents[~is_mother]]
    household[linked_children] = household[linked_parents]
    option = children[~linked]
    frame["german_by"][option] = "option"
    frame["citizenship_2"][option] = former[option]

    frame["household_id"] = np.char.add(SYNTHETIC_PREFIX + "H", household.astype(str)).astype(object)
    result = pd.DataFrame(frame)[list(COLUMNS)]
    log.info("synthetic register for %s: %d persons in %d areas (%d linked, %d option)",
             targets.city, n, n_area, len(linked_children), len(option))
    return result

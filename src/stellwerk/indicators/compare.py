# SPDX-License-Identifier: EUPL-1.2
"""Peer groups, trends and distance to a target: pure functions over computed values."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "size_class",
    "SIZE_CLASSES",
    "east_west",
    "peer_groups",
    "PeerStats",
    "peer_stats",
    "Trend",
    "trend",
    "distance_to_target",
]

# Gemeindegrößenklassen as the BBSR uses them (Einwohner).
SIZE_CLASSES: tuple[tuple[str, float], ...] = (
    ("Großstadt", 100_000),
    ("Mittelstadt", 20_000),
    ("Kleinstadt", 5_000),
    ("Landgemeinde", 0),
)
EAST_LAENDER = {"11", "12", "13", "14", "15", "16"}  # Berlin counted with the east, as the BBSR does


def size_class(population: float | None) -> str | None:
    """Gemeindegrößenklasse of a population count."""
    if population is None or np.isnan(population):
        return None
    for label, lower in SIZE_CLASSES:
        if population >= lower:
            return label
    return None


def east_west(code: str) -> str | None:
    """'Ost' or 'West' from an official code's Land digits; None for the Bund."""
    land = code[:2]
    if not land.isdigit() or land == "00" or code == "DG":
        return None
    return "Ost" if land in EAST_LAENDER else "West"


def peer_groups(areas: pd.DataFrame, kind: str, population: Mapping[int, float] | None = None,
                custom: Sequence[str] | None = None) -> pd.Series:
    """Group label per area id: ``land``, ``ost_west``, ``groesse`` or ``custom`` (a list of codes)."""
    codes = areas["code"].astype(str)
    if kind == "land":
        return codes.str[:2]
    if kind == "ost_west":
        return codes.map(east_west)
    if kind == "groesse":
        pop = pd.Series(population or {}, dtype="float64").reindex(areas.index)
        return pop.map(size_class)
    if kind == "custom":
        chosen = set(custom or [])
        return codes.map(lambda c: "Auswahl" if c in chosen else None)
    raise ValueError(f"unbekannte Vergleichsgruppe {kind!r}")


@dataclass(frozen=True)
class PeerStats:
    group: str | None
    n: int
    median: float | None
    q1: float | None
    q3: float | None
    rank: int | None  # 1 = best by the indicator's polarity (largest value if neutral)


def peer_stats(values: pd.Series, groups: pd.Series, area_id: int, polarity: str) -> PeerStats:
    """Median, quartiles and rank of ``area_id`` among the areas of its group."""
    group = groups.get(area_id)
    if group is None or (isinstance(group, float) and np.isnan(group)):
        return PeerStats(None, 0, None, None, None, None)
    members = groups[groups == group].index
    peers = values.reindex(members).dropna()
    if peers.empty:
        return PeerStats(str(group), 0, None, None, None, None)
    q1, median, q3 = (float(x) for x in np.percentile(peers.to_numpy(), [25, 50, 75]))
    rank = None
    if area_id in peers.index:
        ascending = polarity == "lower_better"
        ranks = peers.rank(ascending=ascending, method="min")
        rank = int(ranks[area_id])
    return PeerStats(str(group), int(len(peers)), median, q1, q3, rank)


@dataclass(frozen=True)
class Trend:
    periods: int
    first_year: int | None
    last_year: int | None
    change: float | None  # last − first
    slope: float | None  # least-squares change per year
    direction: str  # "steigend", "fallend", "gleichbleibend", "unbekannt"


def trend(series: pd.Series, n: int = 5) -> Trend:
    """Trend over the last ``n`` years with a value (index: year)."""
    data = series.dropna().sort_index().iloc[-n:]
    if len(data) < 2:
        return Trend(len(data), None, None, None, None, "unbekannt")
    years = data.index.to_numpy(dtype="float64")
    slope = float(np.polyfit(years, data.to_numpy(dtype="float64"), 1)[0])
    change = float(data.iloc[-1] - data.iloc[0])
    scale = max(abs(float(data.mean())), 1e-9)
    direction = "gleichbleibend" if abs(slope) / scale < 0.005 else ("steigend" if slope > 0 else "fallend")
    return Trend(len(data), int(data.index[0]), int(data.index[-1]), change, slope, direction)


def distance_to_target(value: float | None, target: float, polarity: str) -> dict[str, float | bool | None]:
    """Gap to a target value and whether the target is reached, given the polarity."""
    if value is None or np.isnan(value):
        return {"distance": None, "reached": None}
    distance = target - value
    if polarity == "higher_better":
        reached = value >= target
    elif polarity == "lower_better":
        reached = value <= target
    else:
        reached = abs(distance) < 1e-9
    return {"distance": float(distance), "reached": bool(reached)}

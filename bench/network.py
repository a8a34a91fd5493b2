#!/usr/bin/env python
# SPDX-License-Identifier: EUPL-1.2
"""Benchmark of the network analysis on a synthetic network of municipal size and larger.

Prints medians of: building the graph at a date (baseline), the full analysis,
the comparison of two dates and the graph feed with layout, and their ratio to
the baseline measured in the same run. No database: objects are built in memory.
"""
from __future__ import annotations

import datetime as dt
import random
import statistics
import time

from stellwerk.network.analysis import analyse, compare
from stellwerk.network.graph import NetworkData, build_graph
from stellwerk.network.models import Actor, Body, BodyMembership, Tie
from stellwerk.network.view import _CACHE, graph_feed

SECTORS = ["verwaltung", "politik", "zivilgesellschaft", "migrantenorganisation", "wirtschaft", "land_bund"]
LEVELS = ["steuerung", "fach", "arbeit"]


def synthetic(actors: int, bodies: int, members: int, ties: int, seed: int = 1) -> NetworkData:
    rng = random.Random(seed)
    people = [Actor(id=i, tenant_id=1, name=f"Akteur {i}", actor_type="verein", sector=rng.choice(SECTORS),
                    handlungsfelder=["sprache"], visibility="published") for i in range(1, actors + 1)]
    groups = []
    memberships = []
    for j in range(1, bodies + 1):
        founded = dt.date(rng.randint(2005, 2018), 1, 1)
        body = Body(id=j, tenant_id=1, name=f"Gremium {j}", body_format="arbeitskreis", level=rng.choice(LEVELS),
                    orientation="thematisch", permanent=rng.random() < 0.7, cross_cutting=rng.random() < 0.3,
                    founded=founded, dissolved=None, handlungsfelder=["sprache"], visibility="published")
        groups.append(body)
        for actor in rng.sample(people, members):
            memberships.append(BodyMembership(body=body, body_id=j, actor_id=actor.id, role="mitglied",
                                          valid_from=founded, valid_to=None))
    links = []
    for k in range(1, ties + 1):
        a, b = rng.sample(people, 2)
        links.append(Tie(id=k, tenant_id=1, source_id=a.id, target_id=b.id, kind="horizontal", intensity=2,
                         formal=False, valid_from=dt.date(2010, 1, 1), valid_to=None, visibility="published"))
    return NetworkData(1, people, groups, links, memberships)


def median_seconds(func, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    at, later = dt.date(2016, 6, 1), dt.date(2024, 1, 1)
    def uncached_feed(data: NetworkData) -> None:
        _CACHE.clear()  # measure the layout, not the cache
        graph_feed(data, at)

    for label, size, repeat in (("Kommune (25 Akteure, 8 Gremien)", (25, 8, 8, 10), 5),
                                ("Großstadt (300 Akteure, 40 Gremien)", (300, 40, 15, 400), 3),
                                ("Landesnetz (1500 Akteure, 150 Gremien)", (1500, 150, 12, 2000), 1)):
        data = synthetic(*size)
        base = median_seconds(lambda: build_graph(data, at), repeat)
        rows = {
            "Analyse": median_seconds(lambda: analyse(data, at), repeat),
            "Vergleich zweier Stichtage": median_seconds(lambda: compare(data, at, later), repeat),
            "Graph-Feed mit Layout (ohne Cache)": median_seconds(lambda: uncached_feed(data), repeat),
        }
        graph = build_graph(data, at)
        print(f"{label}: {graph.number_of_nodes()} Knoten, {graph.number_of_edges()} Kanten")
        print(f"  Graph zum Stichtag (Basis): {base * 1000:.1f} ms")
        for name, seconds in rows.items():
            print(f"  {name}: {seconds * 1000:.1f} ms (×{seconds / base:.1f})")


if __name__ == "__main__":
    main()

# SPDX-License-Identifier: EUPL-1.2
"""The data behind the network graph view: a filtered graph with fixed positions.

Positions come from a spring layout of the network over its whole lifetime
(every actor, every tie, every co-membership regardless of date) with a fixed
seed, so a node keeps its place when the date or a filter changes.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import networkx as nx

from stellwerk.network.graph import Include, NetworkData, build_graph, membership_valid_at
from stellwerk.network.vocabulary import LEVELS, SECTORS

__all__ = ["filter_network", "layout", "graph_feed"]

WIDTH, HEIGHT, MARGIN = 1000, 680, 40
LABEL_ROOM = 220  # labels are drawn right of their node


def filter_network(data: NetworkData, *, level: str | None = None, handlungsfeld: str | None = None) -> NetworkData:
    """The part of a network on one level (bodies of that level only, no ties) or in one Handlungsfeld
    (bodies working on it; actors working on it or sitting in such a body; ties among them)."""
    bodies, ties, actors = data.bodies, data.ties, data.actors
    if level:
        bodies = [b for b in bodies if b.level == level]
        ties = []
    if handlungsfeld:
        bodies = [b for b in bodies if handlungsfeld in (b.handlungsfelder or [])]
        body_ids = {b.id for b in bodies}
        members = {m.actor_id for m in data.memberships if m.body_id in body_ids}
        actors = [a for a in actors if handlungsfeld in (a.handlungsfelder or []) or a.id in members]
        kept = {a.id for a in actors}
        ties = [t for t in ties if t.source_id in kept and t.target_id in kept]
    body_ids = {b.id for b in bodies}
    memberships = [m for m in data.memberships if m.body_id in body_ids]
    return NetworkData(data.tenant_id, actors, bodies, ties, memberships)


# networkx switches spring_layout to a scipy implementation from 500 nodes on; scipy is
# not a dependency, and a graph of that size is read as tables rather than as a picture.
SPRING_LIMIT = 499
_CACHE: dict[tuple, dict[int, tuple[float, float]]] = {}
_CACHE_SIZE = 32


def _raw_positions(ever: nx.Graph, seed: int) -> dict:
    n = ever.number_of_nodes()
    if n > SPRING_LIMIT:
        # one ring per sector, so the picture still groups like with like
        shells: dict[str, list[int]] = {}
        for node, attrs in ever.nodes(data=True):
            shells.setdefault(attrs.get("sector", ""), []).append(node)
        return nx.shell_layout(ever, nlist=[sorted(v) for _, v in sorted(shells.items())])
    iterations = 120 if n <= 150 else 50
    return nx.spring_layout(ever, seed=seed, k=1.6 / max(1, n) ** 0.5, iterations=iterations)


def layout(data: NetworkData, seed: int = 7) -> dict[int, tuple[float, float]]:
    """Fixed positions (SVG coordinates) for every actor of the network (cached per network shape)."""
    ever = nx.Graph()
    ever.add_nodes_from((a.id, {"sector": a.sector}) for a in data.actors)
    ever.add_edges_from((t.source_id, t.target_id) for t in data.ties)
    by_body: dict[int, list[int]] = {}
    for m in data.memberships:
        by_body.setdefault(m.body_id, []).append(m.actor_id)
    for members in by_body.values():
        ever.add_edges_from((a, b) for i, a in enumerate(members) for b in members[i + 1:] if a != b)
    if ever.number_of_nodes() == 0:
        return {}
    key = (seed, tuple(sorted(ever.nodes)), tuple(sorted(tuple(sorted(e)) for e in ever.edges)))
    if key in _CACHE:
        return _CACHE[key]
    raw = _raw_positions(ever, seed)
    xs = [p[0] for p in raw.values()]
    ys = [p[1] for p in raw.values()]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    positions = {
        node: (
            round(float(MARGIN + (x - min(xs)) / span_x * (WIDTH - 2 * MARGIN - LABEL_ROOM)), 1),
            round(float(MARGIN + (y - min(ys)) / span_y * (HEIGHT - 2 * MARGIN)), 1),
        )
        for node, (x, y) in raw.items()
    }
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[key] = positions
    return positions


def graph_feed(
    data: NetworkData,
    at: dt.date,
    *,
    include: Include = "alle",
    sectors: list[str] | None = None,
    level: str | None = None,
    handlungsfeld: str | None = None,
) -> dict[str, Any]:
    """Nodes with positions and edges of the (filtered) network at a date, JSON-ready."""
    positions = layout(data)
    part = filter_network(data, level=level, handlungsfeld=handlungsfeld)
    graph = build_graph(part, at, include)
    if level:
        seated = {m.actor_id for m in part.memberships if membership_valid_at(m, at)}
        graph = graph.subgraph(seated).copy()
    if sectors:
        graph = graph.subgraph([v for v in graph if graph.nodes[v]["sector"] in sectors]).copy()
    bodies = {b.id: b.name for b in data.bodies}
    return {
        "date": at.isoformat(),
        "filters": {"include": include, "sectors": sectors or [], "level": level, "handlungsfeld": handlungsfeld},
        "width": WIDTH,
        "height": HEIGHT,
        "sectors": SECTORS,
        "levels": LEVELS,
        "nodes": [
            {"id": v, "name": a["name"], "sector": a["sector"], "actor_type": a["actor_type"],
             "handlungsfelder": a["handlungsfelder"], "degree": graph.degree(v),
             "x": positions[v][0], "y": positions[v][1]}
            for v, a in sorted(graph.nodes(data=True), key=lambda item: item[1]["name"])
        ],
        "edges": [
            {"source": u, "target": v, "kind": e["kind"], "weight": e["weight"], "formal": e["formal"],
             "bodies": [bodies[b] for b in e["body_ids"]], "ties": len(e["tie_ids"])}
            for u, v, e in graph.edges(data=True)
        ],
    }

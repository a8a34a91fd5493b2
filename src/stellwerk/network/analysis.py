# SPDX-License-Identifier: EUPL-1.2
"""Measures of a network at a date and their change between two dates.

All measures are computed on the graph of :func:`stellwerk.network.graph.build_graph`;
the definitions (which edges count, which bodies count) are in docs/network.md.
Results are JSON-ready dicts: numbers as numbers, undefined shares as None.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import networkx as nx

from stellwerk.network.content import handlungsfelder
from stellwerk.network.graph import Include, NetworkData, body_active_at, build_graph, membership_valid_at
from stellwerk.network.vocabulary import LEVELS, SECTORS

__all__ = ["analyse", "analyse_graph", "compare", "indicators", "coverage", "BROKER_COUNT"]

BROKER_COUNT = 5
STEERING_LEVELS = frozenset({"steuerung", "fach"})


def _share(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def _ref(graph: nx.Graph, node: int) -> dict[str, Any]:
    return {"id": node, "name": graph.nodes[node]["name"], "sector": graph.nodes[node]["sector"]}


def analyse_graph(graph: nx.Graph) -> dict[str, Any]:
    """Structure of a graph: size, density, components, centrality, brokers, articulation points."""
    n = graph.number_of_nodes()
    components = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c))) if n else []
    degree = dict(graph.degree())
    betweenness = nx.betweenness_centrality(graph, normalized=True) if n else {}
    articulation = sorted(nx.articulation_points(graph), key=lambda v: graph.nodes[v]["name"]) if n else []
    centrality = sorted(
        (
            {
                **_ref(graph, v),
                "degree": degree[v],
                "degree_centrality": round(degree[v] / (n - 1), 4) if n > 1 else 0.0,
                "betweenness": round(betweenness[v], 4),
                "articulation_point": v in articulation,
                "sector_neighbours": len({graph.nodes[u]["sector"] for u in graph[v]}),
            }
            for v in graph.nodes
        ),
        key=lambda row: (-row["betweenness"], -row["degree"], row["name"]),
    )
    brokers = [row for row in centrality if row["betweenness"] > 0][:BROKER_COUNT]
    kinds = {"horizontal": 0, "vertikal": 0, "intersektoral": 0}
    for _, _, edge in graph.edges(data=True):
        kinds[edge["kind"]] = kinds.get(edge["kind"], 0) + 1
    return {
        "nodes": n,
        "edges": graph.number_of_edges(),
        "density": round(nx.density(graph), 4) if n > 1 else None,
        "components": len(components),
        "component_sizes": [len(c) for c in components],
        "largest_component": [_ref(graph, v) for v in sorted(components[0], key=lambda v: graph.nodes[v]["name"])]
        if components else [],
        "isolates": [_ref(graph, v) for v in sorted(nx.isolates(graph), key=lambda v: graph.nodes[v]["name"])],
        "articulation_points": [_ref(graph, v) for v in articulation],
        "brokers": brokers,
        "centrality": centrality,
        "edges_by_kind": kinds,
        "nodes_by_sector": {s: sum(1 for v in graph.nodes if graph.nodes[v]["sector"] == s) for s in SECTORS},
    }


def coverage(data: NetworkData, at: dt.date) -> list[dict[str, Any]]:
    """For each Handlungsfeld: the bodies active at the date that work on it, by level."""
    active = [b for b in data.bodies if body_active_at(b, at)]
    rows = []
    for hf_id, hf in handlungsfelder().items():
        bodies = [b for b in active if hf_id in (b.handlungsfelder or [])]
        rows.append({
            "id": hf_id,
            "label": hf.label,
            "bodies": len(bodies),
            "body_names": sorted(b.name for b in bodies),
            "levels": {level: sum(1 for b in bodies if b.level == level) for level in LEVELS},
            "covered": bool(bodies),
        })
    return rows


def indicators(data: NetworkData, graph: nx.Graph, at: dt.date) -> dict[str, Any]:
    """The indicators the cooperation literature asks for, with their counts."""
    actors = {a.id: a for a in data.actors if graph.has_node(a.id)}
    valid = [m for m in data.memberships if m.actor_id in actors and membership_valid_at(m, at)]

    steering = {m.actor_id for m in valid if m.body.permanent and m.body.level in STEERING_LEVELS}
    steering_mo = {a for a in steering if actors[a].sector == "migrantenorganisation"}

    cross = {m.actor_id for m in valid if m.body.cross_cutting and actors[m.actor_id].sector == "verwaltung"}
    cross_bodies = {m.body_id for m in valid if m.body.cross_cutting}

    edges = graph.number_of_edges()
    intersectoral = sum(1 for _, _, e in graph.edges(data=True) if e["kind"] == "intersektoral")
    return {
        "mo_share_permanent_steering_bodies": {
            "value": _share(len(steering_mo), len(steering)),
            "numerator": len(steering_mo),
            "denominator": len(steering),
            "label": "Anteil der Migrantenorganisationen unter den Mitgliedern dauerhafter Gremien "
            "auf Steuerungs- oder Fachebene",
        },
        "admin_units_in_cross_cutting_bodies": {
            "value": len(cross),
            "bodies": len(cross_bodies),
            "label": "Verwaltungseinheiten in ressortübergreifenden Gremien",
        },
        "intersectoral_tie_share": {
            "value": _share(intersectoral, edges),
            "numerator": intersectoral,
            "denominator": edges,
            "label": "Anteil intersektoraler Kanten (Verwaltung/Politik/Land–Zivilgesellschaft/Wirtschaft)",
        },
    }


def analyse(data: NetworkData, at: dt.date, include: Include = "alle") -> dict[str, Any]:
    """All measures of the network at one date."""
    graph = build_graph(data, at, include)
    active_bodies = [b for b in data.bodies if body_active_at(b, at)]
    return {
        "date": at.isoformat(),
        "include": include,
        "bodies": len(active_bodies),
        **analyse_graph(graph),
        "indicators": indicators(data, graph, at),
        "coverage": coverage(data, at),
    }


def _edge_names(graph: nx.Graph, edges: set[frozenset[int]]) -> list[list[str]]:
    return sorted(sorted(graph.nodes[v]["name"] for v in edge) for edge in edges)


def compare(data: NetworkData, first: dt.date, second: dt.date, include: Include = "alle") -> dict[str, Any]:
    """Both analyses and what changed from the first date to the second."""
    a, b = analyse(data, first, include), analyse(data, second, include)
    g1, g2 = build_graph(data, first, include), build_graph(data, second, include)
    e1 = {frozenset(e) for e in g1.edges}
    e2 = {frozenset(e) for e in g2.edges}
    union = nx.compose(g1, g2)

    def delta(key: str) -> float | int | None:
        if a[key] is None or b[key] is None:
            return None
        return round(b[key] - a[key], 4)

    def indicator_delta(key: str) -> float | int | None:
        x, y = a["indicators"][key]["value"], b["indicators"][key]["value"]
        return None if x is None or y is None else round(y - x, 4)

    ap1 = {r["id"] for r in a["articulation_points"]}
    ap2 = {r["id"] for r in b["articulation_points"]}
    return {
        "first": a,
        "second": b,
        "change": {
            "nodes": delta("nodes"),
            "edges": delta("edges"),
            "density": delta("density"),
            "components": delta("components"),
            "bodies": delta("bodies"),
            "indicators": {key: indicator_delta(key) for key in a["indicators"]},
            "actors_joined": [_ref(g2, v) for v in sorted(set(g2) - set(g1))],
            "actors_left": [_ref(g1, v) for v in sorted(set(g1) - set(g2))],
            "edges_added": _edge_names(union, e2 - e1),
            "edges_removed": _edge_names(union, e1 - e2),
            "new_articulation_points": [_ref(g2, v) for v in sorted(ap2 - ap1)],
            "former_articulation_points": [_ref(g1, v) for v in sorted(ap1 - ap2)],
        },
    }

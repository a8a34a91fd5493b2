# SPDX-License-Identifier: EUPL-1.2
"""Exports of a network: GraphML (Gephi), CSV (nodes and edges) and JSON.

GraphML and CSV hold the graph at one date (projection as in docs/network.md);
JSON holds all records with their periods plus that graph, so other tools
(e.g. Kumu) can rebuild the network at any date. Personal contact data
(name, e-mail) is never exported; the contact function is.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import networkx as nx

from stellwerk.network.content import actor_types, handlungsfelder
from stellwerk.network.graph import Include, NetworkData, build_graph
from stellwerk.network.vocabulary import BODY_FORMATS, LEVELS, SECTORS

__all__ = ["FORMATS", "graph_for_export", "network_document", "write_export", "csv_safe"]

FORMATS = ("graphml", "csv", "json")


def csv_safe(value: Any) -> Any:
    """Neutralise text that a spreadsheet would run as a formula (leading = + - @)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def graph_for_export(data: NetworkData, at: dt.date, include: Include = "alle") -> nx.Graph:
    """The graph at a date with attributes GraphML can hold (strings, numbers, booleans)."""
    graph = build_graph(data, at, include)
    bodies = {b.id: b.name for b in data.bodies}
    types = actor_types()
    out = nx.Graph(date=at.isoformat(), include=include)
    for node, attrs in graph.nodes(data=True):
        out.add_node(
            f"a{node}",
            label=attrs["name"],
            actor_type=types[attrs["actor_type"]].label if attrs["actor_type"] in types else attrs["actor_type"],
            sector=SECTORS.get(attrs["sector"], attrs["sector"]),
            handlungsfelder=";".join(attrs["handlungsfelder"]),
            degree=graph.degree(node),
        )
    for u, v, attrs in graph.edges(data=True):
        out.add_edge(
            f"a{u}", f"a{v}",
            weight=float(attrs["weight"]),
            kind=attrs["kind"],
            formal=bool(attrs["formal"]),
            bodies=";".join(bodies[b] for b in attrs["body_ids"]),
            ties=len(attrs["tie_ids"]),
        )
    return out


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def network_document(data: NetworkData, at: dt.date, include: Include = "alle", *, tenant: dict | None = None) -> dict[str, Any]:
    """All records of a network plus its graph at a date, JSON-ready."""
    graph = build_graph(data, at, include)
    names = {a.id: a.name for a in data.actors}
    return {
        "tenant": tenant,
        "date": at.isoformat(),
        "include": include,
        "vocabularies": {
            "sectors": SECTORS,
            "levels": LEVELS,
            "body_formats": BODY_FORMATS,
            "actor_types": {k: t.label for k, t in actor_types().items()},
            "handlungsfelder": {k: h.label for k, h in handlungsfelder().items()},
        },
        "actors": [
            {"id": a.id, "name": a.name, "actor_type": a.actor_type, "sector": a.sector,
             "handlungsfelder": list(a.handlungsfelder or []), "contact_function": a.contact_function,
             "active_from": _iso(a.active_from), "active_to": _iso(a.active_to), "visibility": a.visibility}
            for a in data.actors
        ],
        "bodies": [
            {"id": b.id, "name": b.name, "body_format": b.body_format, "level": b.level,
             "orientation": b.orientation, "target_group": b.target_group, "permanent": b.permanent,
             "cross_cutting": b.cross_cutting, "founded": _iso(b.founded), "dissolved": _iso(b.dissolved),
             "handlungsfelder": list(b.handlungsfelder or []), "visibility": b.visibility}
            for b in data.bodies
        ],
        "memberships": [
            {"id": m.id, "body_id": m.body_id, "actor_id": m.actor_id, "role": m.role,
             "valid_from": _iso(m.valid_from), "valid_to": _iso(m.valid_to)}
            for m in data.memberships
        ],
        "ties": [
            {"id": t.id, "source_id": t.source_id, "target_id": t.target_id, "kind": t.kind,
             "intensity": t.intensity, "formal": t.formal, "valid_from": _iso(t.valid_from),
             "valid_to": _iso(t.valid_to)}
            for t in data.ties
        ],
        "graph": {
            "nodes": [
                {"id": n, "name": a["name"], "actor_type": a["actor_type"], "sector": a["sector"],
                 "handlungsfelder": a["handlungsfelder"], "degree": graph.degree(n)}
                for n, a in graph.nodes(data=True)
            ],
            "edges": [
                {"source": u, "target": v, "source_name": names[u], "target_name": names[v],
                 "weight": e["weight"], "kind": e["kind"], "formal": e["formal"],
                 "body_ids": e["body_ids"], "tie_ids": e["tie_ids"]}
                for u, v, e in graph.edges(data=True)
            ],
        },
    }


def _write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        writer.writerows([[csv_safe(v) for v in row] for row in rows])


def write_export(data: NetworkData, fmt: str, out: Path, at: dt.date, include: Include = "alle",
                 *, tenant: dict | None = None) -> list[Path]:
    """Write the export; returns the files written (CSV writes ``-knoten`` and ``-kanten`` files)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "graphml":
        nx.write_graphml(graph_for_export(data, at, include), out)
        return [out]
    if fmt == "json":
        out.write_text(json.dumps(network_document(data, at, include, tenant=tenant), ensure_ascii=False, indent=2),
                       encoding="utf-8")
        return [out]
    if fmt == "csv":
        graph = graph_for_export(data, at, include)
        stem = out.with_suffix("")
        nodes, edges = stem.with_name(stem.name + "-knoten.csv"), stem.with_name(stem.name + "-kanten.csv")
        _write_csv(nodes, ["Id", "Label", "Typ", "Sektor", "Handlungsfelder", "Grad"],
                   [[n, a["label"], a["actor_type"], a["sector"], a["handlungsfelder"], a["degree"]]
                    for n, a in graph.nodes(data=True)])
        _write_csv(edges, ["Source", "Target", "Type", "Weight", "Art", "Formell", "Gremien", "Beziehungen"],
                   [[u, v, "Undirected", e["weight"], e["kind"], "ja" if e["formal"] else "nein", e["bodies"], e["ties"]]
                    for u, v, e in graph.edges(data=True)])
        return [nodes, edges]
    raise ValueError(f"unknown export format {fmt!r}")

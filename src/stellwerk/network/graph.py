# SPDX-License-Identifier: EUPL-1.2
"""A tenant's network at a date, as an undirected networkx graph.

The projection rules are defined in docs/network.md, section "Vom Gremium
zur Kante": nodes are the actors active at the date; two actors are linked
when an entered tie between them is valid at the date, or when both hold a
valid membership (role other than Gast) in the same body that exists at the
date. Edge weight = sum of tie intensities + 1 per shared body.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

import networkx as nx
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from stellwerk.accounts.models import Visibility
from stellwerk.network.models import Actor, Body, BodyMembership, Tie
from stellwerk.network.vocabulary import derived_tie_kind

__all__ = ["NetworkData", "Include", "load_network", "valid_at", "membership_valid_at", "body_active_at", "build_graph"]

Include = Literal["alle", "gremien", "beziehungen"]
INCLUDE_CHOICES: tuple[str, ...] = ("alle", "gremien", "beziehungen")
NON_MEMBER_ROLES = frozenset({"gast"})


@dataclass
class NetworkData:
    """Everything of one tenant's network, loaded once and analysed at any date."""

    tenant_id: int
    actors: list[Actor] = field(default_factory=list)
    bodies: list[Body] = field(default_factory=list)
    ties: list[Tie] = field(default_factory=list)
    memberships: list[BodyMembership] = field(default_factory=list)

    def dates(self) -> list[dt.date]:
        """Every date on which something starts or ends, sorted (for date pickers)."""
        found: set[dt.date] = set()
        for a in self.actors:
            found.update(d for d in (a.active_from, a.active_to) if d)
        for b in self.bodies:
            found.update(d for d in (b.founded, b.dissolved) if d)
            for m in b.memberships:
                found.update(d for d in (m.valid_from, m.valid_to) if d)
        for t in self.ties:
            found.update(d for d in (t.valid_from, t.valid_to) if d)
        return sorted(found)


def load_network(session: Session, tenant_id: int, *, published_only: bool = False) -> NetworkData:
    """Load a tenant's actors, bodies with memberships and ties.

    With ``published_only`` only published actors, bodies and ties are kept,
    and memberships and ties only where both ends are published.
    """
    def owned(model):
        stmt = select(model).where(model.tenant_id == tenant_id).order_by(model.id)
        if published_only:
            stmt = stmt.where(model.visibility == Visibility.PUBLISHED)
        return stmt

    actors = list(session.scalars(owned(Actor)))
    bodies = list(session.scalars(owned(Body).options(selectinload(Body.memberships))))
    ties = list(session.scalars(owned(Tie)))
    visible = {a.id for a in actors}
    ties = [t for t in ties if t.source_id in visible and t.target_id in visible]
    memberships = [m for b in bodies for m in b.memberships if m.actor_id in visible]
    return NetworkData(tenant_id, actors, bodies, ties, memberships)


def valid_at(start: dt.date | None, end: dt.date | None, at: dt.date) -> bool:
    """Whether ``at`` lies in [start, end], both inclusive, None = open."""
    return (start is None or start <= at) and (end is None or at <= end)


def body_active_at(body: Body, at: dt.date) -> bool:
    """Whether the body exists at the date (founded ≤ at ≤ dissolved)."""
    return valid_at(body.founded, body.dissolved, at)


def membership_valid_at(m: BodyMembership, at: dt.date) -> bool:
    """Whether a membership counts at the date: its period, the body's lifetime, not a guest."""
    return m.role not in NON_MEMBER_ROLES and valid_at(m.valid_from, m.valid_to, at) and body_active_at(m.body, at)


def _node_attrs(actor: Actor) -> dict:
    return {
        "name": actor.name,
        "actor_type": actor.actor_type,
        "sector": actor.sector,
        "handlungsfelder": list(actor.handlungsfelder or []),
        "visibility": actor.visibility,
    }


def _link(graph: nx.Graph, a: Actor, b: Actor) -> dict:
    if not graph.has_edge(a.id, b.id):
        graph.add_edge(a.id, b.id, weight=0, kind=None, derived_kind=derived_tie_kind(a.sector, b.sector),
                       formal=False, tie_ids=[], body_ids=[])
    return graph.edges[a.id, b.id]


def build_graph(data: NetworkData, at: dt.date, include: Include = "alle") -> nx.Graph:
    """The network at a date (see module docstring for which edges count)."""
    graph = nx.Graph(date=at.isoformat(), include=include)
    actors = {a.id: a for a in data.actors if valid_at(a.active_from, a.active_to, at)}
    for actor in actors.values():
        graph.add_node(actor.id, **_node_attrs(actor))
    if include in ("alle", "beziehungen"):
        for tie in data.ties:
            if tie.source_id in actors and tie.target_id in actors and valid_at(tie.valid_from, tie.valid_to, at):
                edge = _link(graph, actors[tie.source_id], actors[tie.target_id])
                edge["weight"] += tie.intensity
                edge["tie_ids"].append(tie.id)
                edge["formal"] = edge["formal"] or tie.formal
                edge["kind"] = edge["kind"] or tie.kind  # the first (oldest) entered tie names the kind
    if include in ("alle", "gremien"):
        by_body: dict[int, list[int]] = {}
        for m in data.memberships:
            if m.actor_id in actors and membership_valid_at(m, at):
                members = by_body.setdefault(m.body_id, [])
                if m.actor_id not in members:
                    members.append(m.actor_id)
        for body_id, members in by_body.items():
            for i, a in enumerate(members):
                for b in members[i + 1:]:
                    edge = _link(graph, actors[a], actors[b])
                    edge["weight"] += 1
                    edge["body_ids"].append(body_id)
                    edge["formal"] = True  # a body is a formal structure
    for _, _, edge in graph.edges(data=True):
        edge["kind"] = edge["kind"] or edge["derived_kind"]
    return graph

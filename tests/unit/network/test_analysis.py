# SPDX-License-Identifier: EUPL-1.2
"""Analysis results on small graphs computed by hand (see comments)."""
from __future__ import annotations

import datetime as dt

import pytest

from stellwerk.network.analysis import analyse, compare
from stellwerk.network.graph import build_graph, load_network

D = dt.date
AT = D(2016, 6, 1)


def by_name(rows):
    return {row["name"]: row for row in rows}


def test_bowtie_density_betweenness_articulation_and_shares(session, tenant, bowtie):
    result = analyse(load_network(session, tenant.id), AT)
    # 6 nodes, 5 edges: density = 5 / (6·5/2) = 1/3
    assert (result["nodes"], result["edges"]) == (6, 5)
    assert result["density"] == pytest.approx(0.3333)
    # {A,B,C,D,E} and the isolate F
    assert result["components"] == 2
    assert result["component_sizes"] == [5, 1]
    assert [r["name"] for r in result["isolates"]] == ["Akteur F"]
    # C lies on the only paths A–D, A–E, B–D, B–E (4 pairs), D on A–E, B–E, C–E (3 pairs);
    # normalised by (n-1)(n-2)/2 = 10 pairs
    central = by_name(result["centrality"])
    assert central["Akteur C"]["betweenness"] == pytest.approx(0.4)
    assert central["Akteur D"]["betweenness"] == pytest.approx(0.3)
    assert central["Akteur A"]["betweenness"] == 0
    assert central["Akteur C"]["degree"] == 3
    assert central["Akteur C"]["degree_centrality"] == pytest.approx(0.6)
    assert [r["name"] for r in result["brokers"]] == ["Akteur C", "Akteur D"]
    # removing C or D splits the network
    assert [r["name"] for r in result["articulation_points"]] == ["Akteur C", "Akteur D"]
    # derived kinds: A–B horizontal (Verwaltung–Verwaltung), A–C and B–C intersektoral,
    # C–D horizontal (Zivilgesellschaft–MO), D–E intersektoral (MO–Land) → 3 of 5
    assert result["edges_by_kind"] == {"horizontal": 2, "vertikal": 0, "intersektoral": 3}
    share = result["indicators"]["intersectoral_tie_share"]
    assert (share["numerator"], share["denominator"], share["value"]) == (3, 5, 0.6)


def test_entered_kind_overrides_the_derived_one(session, tenant, actors):
    from stellwerk.network.edit import add_tie

    add_tie(session, actors["A"], actors["C"], kind="horizontal")
    add_tie(session, actors["A"], actors["E"])  # Verwaltung–Land: vertikal
    graph = build_graph(load_network(session, tenant.id), AT)
    assert graph.edges[actors["A"].id, actors["C"].id]["kind"] == "horizontal"
    assert graph.edges[actors["A"].id, actors["E"].id]["kind"] == "vertikal"


def test_co_membership_projection_and_body_indicators(session, tenant, with_bodies):
    data = load_network(session, tenant.id)
    result = analyse(data, AT)
    graph = build_graph(data, AT)
    pairs = {frozenset((graph.nodes[u]["name"][-1], graph.nodes[v]["name"][-1])) for u, v in graph.edges}
    # X gives A–C, A–D, C–D (the guest E gets no edge); Y gives A–B
    assert pairs == {frozenset("AC"), frozenset("AD"), frozenset("CD"), frozenset("AB")}
    assert graph.edges[with_bodies["A"].id, with_bodies["C"].id]["body_ids"] == [with_bodies["X"].id]
    assert result["bodies"] == 2
    mo = result["indicators"]["mo_share_permanent_steering_bodies"]
    # only X is permanent at Fach-/Steuerungsebene: members A, C, D → 1 MO of 3
    assert (mo["numerator"], mo["denominator"], mo["value"]) == (1, 3, 0.3333)
    admin = result["indicators"]["admin_units_in_cross_cutting_bodies"]
    assert (admin["value"], admin["bodies"]) == (2, 1)
    coverage = {row["id"]: row for row in result["coverage"]}
    assert coverage["sprache"]["bodies"] == 1 and coverage["sprache"]["levels"]["fach"] == 1
    assert coverage["flucht_asyl"]["body_names"] == ["Lenkungsgruppe Flucht"]
    assert coverage["gesundheit"]["covered"] is False


def test_memberships_end_with_their_body_and_change_is_reported(session, tenant, with_bodies):
    data = load_network(session, tenant.id)
    after = analyse(data, D(2018, 1, 1))
    assert after["bodies"] == 1
    assert after["indicators"]["admin_units_in_cross_cutting_bodies"]["value"] == 0
    change = compare(data, AT, D(2018, 1, 1))["change"]
    assert change["edges"] == -1
    assert change["edges_removed"] == [["Akteur A", "Akteur B"]]
    assert change["edges_added"] == []
    assert change["bodies"] == -1
    # before X's members joined (2016) only Y existed: A–B
    before = analyse(data, D(2015, 12, 31))
    assert before["edges"] == 1


def test_empty_network_gives_null_shares(session, tenant):
    result = analyse(load_network(session, tenant.id), AT)
    assert result["nodes"] == 0 and result["density"] is None
    assert result["indicators"]["intersectoral_tie_share"]["value"] is None
    assert result["indicators"]["mo_share_permanent_steering_bodies"]["value"] is None


def test_include_switch_selects_edge_sources(session, tenant, with_bodies):
    from stellwerk.network.edit import add_tie

    add_tie(session, with_bodies["B"], with_bodies["F"])
    data = load_network(session, tenant.id)
    assert build_graph(data, AT, "beziehungen").number_of_edges() == 1
    assert build_graph(data, AT, "gremien").number_of_edges() == 4
    assert build_graph(data, AT, "alle").number_of_edges() == 5


def test_published_only_hides_internal_actors_and_their_edges(session, tenant, actors):
    from stellwerk.network.edit import add_tie

    for key in "AB":
        actors[key].visibility = "published"
    add_tie(session, actors["A"], actors["B"], published=True)
    add_tie(session, actors["A"], actors["C"], published=True)  # C is internal
    session.flush()
    data = load_network(session, tenant.id, published_only=True)
    graph = build_graph(data, AT)
    assert sorted(graph.nodes[v]["name"] for v in graph) == ["Akteur A", "Akteur B"]
    assert graph.number_of_edges() == 1


def test_layout_is_stable_and_works_beyond_the_spring_limit(session, tenant, bowtie):

    from stellwerk.network.graph import NetworkData
    from stellwerk.network.models import Actor
    from stellwerk.network.view import HEIGHT, SPRING_LIMIT, WIDTH, layout

    data = load_network(session, tenant.id)
    first = layout(data)
    assert first == layout(data) and set(first) == {a.id for a in data.actors}
    many = [Actor(id=10_000 + i, tenant_id=tenant.id, name=f"X{i}", actor_type="verein",
                  sector=("verwaltung", "zivilgesellschaft")[i % 2], handlungsfelder=[]) for i in range(SPRING_LIMIT + 2)]
    big = layout(NetworkData(tenant.id, many, [], [], []))
    assert len(big) == SPRING_LIMIT + 2
    assert all(0 <= x <= WIDTH and 0 <= y <= HEIGHT for x, y in big.values())
    assert isinstance(next(iter(big.values()))[0], float)

# SPDX-License-Identifier: EUPL-1.2
"""Exports (GraphML, CSV, JSON) and the duplicate report and merge."""
from __future__ import annotations

import csv
import datetime as dt
import json

import networkx as nx
import pytest
from sqlalchemy import select

from stellwerk.accounts.models import AuditEntry
from stellwerk.errors import InputError
from stellwerk.network.duplicates import find_duplicates, merge_actors
from stellwerk.network.edit import add_actor, add_membership, add_tie
from stellwerk.network.graph import build_graph, load_network
from stellwerk.network.models import Actor, BodyMembership, Tie
from stellwerk.network.export import write_export

AT = dt.date(2016, 6, 1)


def test_graphml_opens_in_networkx_with_the_same_counts(session, tenant, with_bodies, tmp_path):
    add_tie(session, with_bodies["B"], with_bodies["F"], intensity=3)
    data = load_network(session, tenant.id)
    graph = build_graph(data, AT)
    [path] = write_export(data, "graphml", tmp_path / "netz.graphml", AT)
    read = nx.read_graphml(path)
    assert (read.number_of_nodes(), read.number_of_edges()) == (graph.number_of_nodes(), graph.number_of_edges()) == (6, 5)
    a, b = f"a{with_bodies['A'].id}", f"a{with_bodies['B'].id}"
    assert read.nodes[a]["label"] == "Akteur A" and read.nodes[a]["sector"] == "Verwaltung"
    assert read.edges[a, b]["bodies"] == "Lenkungsgruppe Flucht"
    assert read.edges[f"a{with_bodies['B'].id}", f"a{with_bodies['F'].id}"]["weight"] == 3.0


def test_csv_writes_nodes_and_edges_and_defuses_formulas(session, tenant, actors, tmp_path):
    add_actor(session, tenant.id, name="-1+2 Verein", actor_type="verein")
    add_tie(session, actors["A"], actors["B"])
    paths = write_export(load_network(session, tenant.id), "csv", tmp_path / "netz.csv", AT)
    assert [p.name for p in paths] == ["netz-knoten.csv", "netz-kanten.csv"]
    nodes = list(csv.DictReader(paths[0].read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert len(nodes) == 7
    assert "'-1+2 Verein" in {n["Label"] for n in nodes}
    edges = list(csv.DictReader(paths[1].read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert len(edges) == 1 and edges[0]["Art"] == "horizontal"


def test_json_holds_records_and_graph_without_personal_contacts(session, tenant, with_bodies, tmp_path):
    add_actor(session, tenant.id, name="Verein G", actor_type="verein", contact_name="Erika Beispiel",
              contact_consent=True, contact_function="Vorstand")
    [path] = write_export(load_network(session, tenant.id), "json", tmp_path / "netz.json", AT)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert len(doc["actors"]) == 7 and len(doc["bodies"]) == 2 and len(doc["memberships"]) == 6
    assert len(doc["graph"]["edges"]) == 4
    assert "Erika Beispiel" not in path.read_text(encoding="utf-8")
    assert doc["vocabularies"]["handlungsfelder"]["sprache"] == "Sprache"


def test_duplicates_are_reported_and_merged_only_on_request(session, tenant, with_bodies):
    twin = add_actor(session, tenant.id, name="akteur  a e.V.", actor_type="integrationsstelle",
                     handlungsfelder=["gesundheit"], contact_function="Leitung")
    add_membership(session, with_bodies["X"], twin, valid_from=dt.date(2016, 1, 1))  # same as A's → dropped
    add_membership(session, with_bodies["X"], twin, valid_from=dt.date(2019, 1, 1))  # moved
    add_tie(session, twin, with_bodies["A"])  # becomes a self tie → dropped
    add_tie(session, twin, with_bodies["E"])  # moved
    groups = find_duplicates(session, tenant.id)
    assert len(groups) == 1 and groups[0]["same_type"] is True
    assert [a["name"] for a in groups[0]["actors"]] == ["Akteur A", "akteur  a e.V."]
    # nothing merged yet
    assert session.get(Actor, twin.id) is not None
    summary = merge_actors(session, tenant.id, with_bodies["A"].id, twin.id, by="test")
    assert summary | {"kept": None, "merged": None} == {
        "kept": None, "merged": None, "memberships_moved": 1, "memberships_dropped": 1,
        "ties_moved": 1, "ties_dropped": 1}
    keep = session.get(Actor, with_bodies["A"].id)
    assert session.get(Actor, twin.id) is None
    assert keep.handlungsfelder == ["gesundheit"] and keep.contact_function == "Leitung"
    assert session.scalar(select(Tie).where(Tie.tenant_id == tenant.id, Tie.target_id == with_bodies["E"].id)).source_id == keep.id
    assert len(list(session.scalars(select(BodyMembership).where(BodyMembership.actor_id == keep.id)))) == 3
    deleted = session.scalars(select(AuditEntry).where(AuditEntry.tenant_id == tenant.id, AuditEntry.object_type == "network_actor",
                                                      AuditEntry.action == "delete")).one()
    assert deleted.after == {"merged_into": keep.id} and deleted.actor == "test"
    assert find_duplicates(session, tenant.id) == []


def test_merge_refuses_the_same_actor(session, tenant, actors):
    with pytest.raises(InputError):
        merge_actors(session, tenant.id, actors["A"].id, actors["A"].id)

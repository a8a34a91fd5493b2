# SPDX-License-Identifier: EUPL-1.2
"""The network pages and their JSON feed, rendered through the FastAPI app."""
from __future__ import annotations

import datetime as dt
import re
import uuid
import warnings

import networkx as nx
import pytest
from sqlalchemy.orm import Session

from stellwerk.accounts.models import Tenant
from stellwerk.accounts.sessions import create_api_token
from stellwerk.accounts.users import create_user, grant_role
from stellwerk.config import load_settings
from stellwerk.network.analysis import analyse
from stellwerk.network.edit import add_actor
from stellwerk.network.example import load_example
from stellwerk.network.graph import load_network
from stellwerk.web.app import create_app
from stellwerk.workspace import Workspace


def _test_client(app):
    with warnings.catch_warnings():
        # starlette's TestClient warns about its httpx backend on import (a UserWarning subclass)
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    return TestClient(app)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def site(request, migrated_engines, tmp_path_factory):
    """The example network committed under a fresh slug, plus an unpublished tenant (once per backend)."""
    if request.param not in migrated_engines:
        pytest.skip("PostgreSQL disabled by STELLWERK_TEST_POSTGRES=0")
    engine = migrated_engines[request.param]
    tmp_path = tmp_path_factory.mktemp("netweb")
    slug = f"muster-{uuid.uuid4().hex[:8]}"
    hidden = f"intern-{uuid.uuid4().hex[:8]}"
    with Session(engine) as session:
        tenant, _ = load_example(session, slug=slug)
        add_actor(session, tenant.id, name="<script>alert('x')</script>", actor_type="verein", published=True)
        other = Tenant(slug=hidden, name="Intern")
        session.add(other)
        session.flush()
        add_actor(session, other.id, name="Geheimes Amt", actor_type="fachamt")
        user = create_user(session, f"leser-{hidden}", None, "Leserin")
        grant_role(session, user, other, "viewer")
        token = create_api_token(session, user, "Test", "read")[1]
        session.commit()
        tenant_id = tenant.id
    workspace = Workspace(load_settings({"STELLWERK_WORKSPACE": str(tmp_path)}), _engine=engine)
    with Session(engine) as session:
        expected = analyse(load_network(session, tenant_id, published_only=True), dt.date(2016, 6, 1))
    client = _test_client(create_app(workspace))
    client.member_token = token
    return client, slug, hidden, expected


def test_graph_page_renders_svg_filters_and_tables(site):
    client, slug, hidden, expected = site
    response = client.get(f"/t/{slug}/netzwerk", params={"datum": "01.06.2016"})
    assert response.status_code == 200
    html = response.text
    assert html.count('class="node sector-') == expected["nodes"]
    assert len(re.findall(r'<line class="edge kind-', html)) == expected["edges"]
    assert "Lenkungsgruppe Flüchtlingsaufnahme" in html and 'src="/static/network-graph.js"' in html
    assert 'name="sektor" value="migrantenorganisation"' in html
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert client.get("/static/network-graph.js").status_code == 200
    assert slug in client.get("/netzwerk").text and hidden not in client.get("/netzwerk").text


def test_json_feed_matches_the_analysis_and_applies_filters(site):
    client, slug, _, expected = site
    feed = client.get(f"/api/t/{slug}/netzwerk/graph", params={"datum": "2016-06-01"}).json()
    assert (len(feed["nodes"]), len(feed["edges"])) == (expected["nodes"], expected["edges"])
    assert all(0 <= n["x"] <= feed["width"] and 0 <= n["y"] <= feed["height"] for n in feed["nodes"])
    admin = client.get(f"/api/t/{slug}/netzwerk/graph",
                       params={"datum": "2016-06-01", "sektor": "verwaltung"}).json()
    assert admin["nodes"] and {n["sector"] for n in admin["nodes"]} == {"verwaltung"}
    steering = client.get(f"/api/t/{slug}/netzwerk/graph", params={"datum": "2016-06-01", "ebene": "steuerung"}).json()
    # Lenkungsgruppe (8) and Integrationsrat (4 at that date) share the Integrationsbüro: 11 actors
    assert len(steering["nodes"]) == 11
    later = client.get(f"/api/t/{slug}/netzwerk/graph", params={"datum": "2024-01-01", "ebene": "steuerung"}).json()
    assert len(later["nodes"]) == 5  # the Lenkungsgruppe was dissolved at the end of 2017
    assert client.get(f"/api/t/{slug}/netzwerk/graph", params={"datum": "31.02.2020"}).status_code == 400
    assert client.get(f"/api/t/{slug}/netzwerk/graph", params={"ebene": "oben"}).status_code == 400


def test_analysis_page_and_feed(site):
    client, slug, _, expected = site
    page = client.get(f"/t/{slug}/netzwerk/analyse", params={"datum": "2016-06-01", "vergleich": "2024-01-01"})
    assert page.status_code == 200
    assert "Schnittstellen-Akteure" in page.text and "Abdeckung der Handlungsfelder" in page.text
    data = client.get(f"/api/t/{slug}/netzwerk/analyse", params={"datum": "2016-06-01"}).json()
    assert data["density"] == expected["density"]
    assert [a["name"] for a in data["articulation_points"]] == [a["name"] for a in expected["articulation_points"]]


def test_exports_download(site, tmp_path):
    client, slug, _, expected = site
    response = client.get(f"/t/{slug}/netzwerk/export/netz.graphml", params={"datum": "2016-06-01"})
    assert response.status_code == 200
    path = tmp_path / "n.graphml"
    path.write_bytes(response.content)
    graph = nx.read_graphml(path)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (expected["nodes"], expected["edges"])
    edges = client.get(f"/t/{slug}/netzwerk/export/kanten.csv", params={"datum": "2016-06-01"})
    assert edges.text.lstrip("\ufeff").startswith("Source;Target")
    assert len(edges.text.strip().splitlines()) == expected["edges"] + 1


def test_internal_actors_only_for_members(site):
    client, _, hidden, _ = site
    anonymous = client.get(f"/t/{hidden}/netzwerk")
    assert anonymous.status_code == 200 and "Geheimes Amt" not in anonymous.text
    assert client.get(f"/api/t/{hidden}/netzwerk/graph").json()["nodes"] == []
    member = {"Authorization": f"Bearer {client.member_token}"}
    page = client.get(f"/t/{hidden}/netzwerk", headers=member)
    assert "Geheimes Amt" in page.text and "interne Einträge" in page.text
    feed = client.get(f"/api/t/{hidden}/netzwerk/graph", headers=member).json()
    assert [n["name"] for n in feed["nodes"]] == ["Geheimes Amt"]
    assert client.get("/t/gibt-es-nicht/netzwerk").status_code == 404

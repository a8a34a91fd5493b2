# SPDX-License-Identifier: EUPL-1.2
"""The knowledge base and the network graph, used in Chromium as a visitor would."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import axe_violations, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def knowledge_loaded(site):
    from stellwerk.knowledge.loading import load_shipped_content

    with site.workspace.session() as session:
        return load_shipped_content(session)


@pytest.fixture(scope="module")
def example_network(site):
    from stellwerk.network.example import load_example

    with site.workspace.session() as session:
        tenant, _ = load_example(session, slug="netz-muster")
        return tenant.slug


def test_all_practices_and_concept_documents_are_searchable(page, knowledge_loaded):
    assert knowledge_loaded == {"practices": 99, "concepts": 127}
    page.goto("/praxis")
    assert page.get_by_text("99 Praxisbeispiele.").is_visible()
    page.get_by_label("Suchbegriff").fill("Sprachkurs")
    page.get_by_role("button", name="Suchen").click()
    page.wait_for_load_state()
    summary = page.get_by_text(re.compile(r"\d+ Treffer für „Sprachkurs“")).inner_text()
    hits = int(summary.split()[0])
    assert 0 < hits < 99
    assert page.locator("main h2 a[href^='/praxis/']").count() > 0
    # Gender-inclusive forms find the same entries as the plain form.
    page.goto("/praxis?q=Migrant*innen")
    starred = int(page.get_by_text(re.compile(r"\d+ Treffer")).inner_text().split()[0])
    page.goto("/praxis?q=Migrantinnen und Migranten")
    spelled_out = int(page.get_by_text(re.compile(r"\d+ Treffer")).inner_text().split()[0])
    assert starred == spelled_out > 0
    page.goto("/konzepte")
    assert page.get_by_text("127 Dokumente in 79 Städten.").is_visible()
    screenshot(page, "konzepte-register")
    assert axe_violations(page) == []
    # The register is searchable too: refugee concepts, by umlaut or transcription alike.
    page.get_by_label("Suche im Register").fill("Flüchtlinge")
    page.get_by_role("button", name="Suchen").click()
    page.wait_for_load_state()
    found = page.get_by_text(re.compile(r"^\d+ Dokumente in \d+ Städten\.$")).inner_text()
    documents = int(found.split()[0])
    assert 0 < documents < 127
    page.goto("/konzepte?q=Fluechtlinge")
    expect(page.get_by_text(re.compile(r"^\d+ Dokumente in"))).to_have_text(found)
    page.get_by_role("link", name="Wiesbaden").first.click()
    assert page.locator("h1").inner_text() == "Wiesbaden"
    assert page.locator("ol.timeline > li").count() >= 2


def test_network_graph_filters_redraw_the_graph(page, example_network):
    page.goto(f"/t/{example_network}/netzwerk?datum=2016-06-01")
    status = page.locator("#netz-status")
    expect(status).to_have_text("21 Akteure, 78 Kanten am 01.06.2016.")
    nodes = page.locator("#netz-graph g.nodes > *")
    assert nodes.count() == 21
    screenshot(page, "netzwerk-graph")
    assert axe_violations(page) == []
    # Unticking a sector re-draws the graph from the JSON feed without a page load.
    box = page.locator("input[name=sektor][value=migrantenorganisation]")
    if box.is_checked():
        box.uncheck()
    else:
        box.check()
    # The status reads "Lade …" while the feed is on its way; wait for the redrawn count.
    expect(status).to_have_text(re.compile(r"^(?!21 )\d+ Akteure"))
    remaining = int(status.inner_text().split()[0])
    assert 0 < remaining < 21
    expect(nodes).to_have_count(remaining)


def test_graphml_download_from_the_graph_page_has_the_shown_counts(page, example_network, tmp_path):
    import networkx as nx

    page.goto(f"/t/{example_network}/netzwerk?datum=2016-06-01")
    expect(page.locator("#netz-status")).to_have_text("21 Akteure, 78 Kanten am 01.06.2016.")
    with page.expect_download() as download:
        page.get_by_role("link", name="GraphML (Gephi)").click()
    path = tmp_path / "netz.graphml"
    download.value.save_as(path)
    graph = nx.read_graphml(path)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (21, 78)

# SPDX-License-Identifier: EUPL-1.2
"""The Gebiete pages and the /api/areas endpoints."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from stellwerk.config import get_settings
from stellwerk.web.app import create_app
from stellwerk.workspace import Workspace

# One xdist worker builds the areas database (gv_engines) and runs every test that uses it.
pytestmark = [pytest.mark.data, pytest.mark.xdist_group("areas")]


@pytest.fixture
def client(gv_engine):
    app = create_app(Workspace(get_settings(), _engine=gv_engine))
    with TestClient(app) as test_client:
        yield test_client


def test_laender_page(client):
    page = client.get("/gebiete")
    assert page.status_code == 200
    assert "<caption>Länder" in page.text and 'scope="col"' in page.text
    assert "Bayern" in page.text and "13.435.062" in page.text  # Kreise table 31.12.2023
    assert "GeoBasis-DE / BKG" in page.text  # attribution in the footer


def test_land_lists_kreise_and_kreis_lists_gemeinden(client):
    bayern = client.get("/gebiete/09").text
    assert "Kempten (Allgäu)" in bayern and "kreisfreie Stadt" in bayern and "Mittelstadt" in bayern
    oberallgaeu = client.get("/gebiete/09780").text
    assert "Sonthofen" in oberallgaeu and "Landkreis" in oberallgaeu


def test_kempten_detail(client):
    page = client.get("/gebiete/09763").text
    assert "Kempten (Allgäu)" in page and "Mittelstadt" in page and "70.713" in page
    assert 'href="/gebiete/097630000000"' in page  # the same city as Gemeinde


def test_search_escapes_hostile_input(client):
    page = client.get("/gebiete", params={"q": "<script>alert(1)</script>"})
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.text
    assert "Kein Gebiet gefunden" in page.text


def test_api(client):
    hits = client.get("/api/areas", params={"q": "Köln"}).json()
    assert hits[0]["code"] == "05315"
    koeln = client.get("/api/areas/05315").json()
    assert (koeln["type"], koeln["size_class"], koeln["land"]["name"]) == ("kreisfreie Stadt", "Großstadt",
                                                                           "Nordrhein-Westfalen")
    assert client.get("/api/areas/99999").status_code == 404
    assert client.get("/api/areas/abc").status_code == 404

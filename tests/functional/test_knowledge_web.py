# SPDX-License-Identifier: EUPL-1.2
"""The knowledge pages and API, driven through FastAPI's TestClient."""
import csv
import io
import warnings

import pytest

from stellwerk.knowledge.practices import import_practices
from stellwerk.knowledge.content import content_tenant
from stellwerk.web.app import create_app
from stellwerk.workspace import open_workspace

with warnings.catch_warnings():
    # Starlette warns about its httpx-based client on import; the client itself is what we want.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    workspace = open_workspace(f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.db'}")
    workspace.init()
    with TestClient(create_app(workspace)) as client:
        client.workspace = workspace
        yield client


def test_practice_search_page_finds_plural_from_singular(client):
    page = client.get("/praxis", params={"q": "Sprachkurs"})
    assert page.status_code == 200
    assert "Kommunale Sprachkurse" in page.text
    assert "1 Treffer" in page.text


def test_practice_list_has_facets_and_filters(client):
    page = client.get("/praxis", params={"land": "SN"})
    assert page.status_code == 200
    assert "✕ Sachsen" in page.text
    assert "Ankommenszentr" in page.text or "One-Stop-Shop" in page.text
    assert "Gemeindetyp" in page.text


def test_practice_detail_links_concepts_and_similar(client):
    page = client.get("/praxis/kp-one-stop-shop")
    assert page.status_code == 200
    assert "Leipzig" in page.text and "ähnliche Kommunen" in page.text
    assert "Integrationskonzepte dieser Kommunen" in page.text
    assert client.get("/praxis/gibt-es-nicht").status_code == 404


def test_concept_register_and_timeline(client):
    page = client.get("/konzepte")
    assert page.status_code == 200
    assert "69 von 79" in page.text and "87,3 %" in page.text
    city = client.get("/konzepte/Potsdam")
    assert city.status_code == 200
    assert "Fortschreibung von" in city.text and "Einordnung unsicher" not in city.text
    assert "Einordnung unsicher" in client.get("/konzepte/Dortmund").text
    assert client.get("/konzepte/Atlantis").status_code == 404


def test_similar_page(client):
    page = client.get("/aehnliche-kommunen", params={"gebiet": "Halle (Saale)"})
    assert page.status_code == 200
    assert "Gewichte" in page.text and "Leipzig" in page.text
    ambiguous = client.get("/aehnliche-kommunen", params={"gebiet": "Osnabrück"})
    assert ambiguous.status_code == 200 and "Landkreis Osnabrück" in ambiguous.text


def test_api_practices_json(client):
    answer = client.get("/api/practices", params={"q": "Migrant*innen", "limit": 3}).json()
    assert answer["terms"] == ["migrant"]
    assert answer["total"] >= 3 and len(answer["results"]) == 3
    assert {f["value"] for f in answer["facets"]["field"]} <= {"Allgemeines", "Verwaltung", "Vernetzung",
                                                                "Engagement", "Governance"}
    detail = client.get("/api/practices/kp-lok-in").json()
    assert detail["municipalities"][0]["ags"] == "03459"


def test_api_concepts_and_stats(client):
    stats = client.get("/api/concepts/stats").json()
    assert (stats["with_concept"], stats["grossstaedte"], stats["updated"]) == (69, 79, 20)
    bremen = client.get("/api/concepts", params={"city": "Bremen"}).json()
    assert bremen["total"] == 6
    export = client.get("/api/concepts.csv")
    assert export.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(export.text)))
    assert len(rows) == 127


def test_api_similar(client):
    answer = client.get("/api/similar", params={"area": "06414000", "limit": 5}).json()
    assert answer["area"]["name"] == "Wiesbaden" and len(answer["similar"]) == 5
    assert set(answer["weights"]) == {"size", "foreign_share", "schutzsuchende_share", "gemeindetyp", "east", "land"}
    assert client.get("/api/similar", params={"area": "Zwickau"}).status_code == 409
    assert client.get("/api/similar", params={"area": "Atlantis"}).status_code == 404


@pytest.mark.parametrize(
    "query",
    ['"', "*", "NEAR(", "AND", "-", "'; DROP TABLE practice; --", "((((", "Sprach* OR", "\x00", "ä" * 3_000, "Sprachkurs " * 1_000,
     "<script>alert(1)</script>"],
)
def test_hostile_queries_never_fail(client, query):
    for url in ("/praxis", "/api/practices", "/api/practices.csv", "/konzepte", "/api/concepts"):
        response = client.get(url, params={"q": query})
        assert response.status_code == 200, (url, query)
    assert "<script>alert" not in client.get("/praxis", params={"q": query}).text


def test_csv_export_defuses_formulas(client, tmp_path):
    path = tmp_path / "formel.yaml"
    path.write_text(
        "practices:\n"
        "  - id: formel-test\n"
        "    title: \"=HYPERLINK('http://example.org')\"\n"
        "    field: Engagement\n"
        "    sub_topic: Test\n"
        "    summary: \"=cmd|' /C calc'!A0 steht hier am Anfang\"\n"
        "    source: Eigene Angaben\n"
        "    source_type: eigene_praxis\n"
        "    evidence: kommune\n",
        encoding="utf-8",
    )
    with client.workspace.session() as session:
        import_practices(session, path, tenant=content_tenant(session), status="published")
    export = client.get("/api/practices.csv", params={"q": "HYPERLINK"})
    rows = list(csv.DictReader(io.StringIO(export.text)))
    assert rows and rows[0]["titel"].startswith("'=") and rows[0]["zusammenfassung"].startswith("'=")


def test_pages_in_english(client):
    client.cookies.set("stellwerk_lang", "en")
    try:
        page = client.get("/praxis", params={"q": "Sprachkurs"})
        assert "Good practice" in page.text and "Municipality type" in page.text
        assert "Similarity" in client.get("/aehnliche-kommunen", params={"gebiet": "Weimar"}).text
    finally:
        client.cookies.delete("stellwerk_lang")


def test_every_template_string_has_an_english_translation():
    import re
    from pathlib import Path

    import yaml

    import stellwerk.web as web

    root = Path(web.__file__).parent
    catalogue = yaml.safe_load((root / "i18n" / "en" / "knowledge.yaml").read_text(encoding="utf-8"))
    missing = set()
    for template in (root / "templates" / "knowledge").glob("*.html"):
        for _quote, text in re.findall(r"_\(([\"'])(.*?)\1", template.read_text(encoding="utf-8")):
            if text not in catalogue:
                missing.add(text)
    assert missing == set()


from hypothesis import HealthCheck, given, settings  # noqa: E402 - kept next to the tests that use it
from hypothesis import strategies as st  # noqa: E402

# Anything a browser can put into a URL (lone surrogates cannot be encoded at all).
_url_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=600)
_syntax = st.lists(st.sampled_from(['"', "*", "NEAR(", "AND", "OR", "NOT", "-", "(", ")", "'", ";", "%", "_",
                                    "DROP TABLE practice", "Sprachkurs", "Migrant:innen", "ß", "\x00", "^",
                                    ":", "{", "}", "\\", "<script>", "x" * 300]), max_size=20).map(" ".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.one_of(_url_text, _syntax), filter_value=st.one_of(st.just(""), _url_text))
def test_generated_queries_never_fail_on_the_web(client, query, filter_value):
    params = {"q": query, "field": filter_value, "land": filter_value, "sub_topic": filter_value}
    for url in ("/praxis", "/api/practices", "/api/practices.csv", "/konzepte", "/api/concepts"):
        response = client.get(url, params=params)
        assert response.status_code == 200, (url, query, filter_value)
    assert client.get("/api/similar", params={"area": query or "x"}).status_code in (200, 404, 409)
    page = client.get("/praxis", params={"q": query}).text
    # The page itself has no bare <script> tag; one in the query must arrive escaped.
    assert "<script>" not in page

# SPDX-License-Identifier: EUPL-1.2
"""The indicator commands and pages end to end on a small SQLite workspace."""
from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from stellwerk.cli import main
from stellwerk.geo.models import Area
from stellwerk.observations.models import Dataset, Observation, Variable
from stellwerk.storage import create_db_engine, upgrade

HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def db_url(tmp_path_factory) -> str:
    """Bund → Land → Kreis 05999 with three Stadtteile (one with a hostile name), 2010–2012."""
    url = f"sqlite:///{tmp_path_factory.mktemp('ws') / 'stellwerk.db'}"
    engine = create_db_engine(url)
    upgrade(engine)
    with Session(engine) as session:
        session.add(Variable(code="bevoelkerung", label="Bevölkerung", unit="Personen"))
        bund = Area(level="bund", code="DG", name="Deutschland", name_key="deutschland")
        session.add(bund)
        session.flush()
        land = Area(level="land", code="05", name="Nordrhein-Westfalen", name_key="nrw", parent_id=bund.id)
        session.add(land)
        session.flush()
        kreis = Area(level="kreis", code="05999", name="Teststadt", name_key="teststadt", parent_id=land.id)
        other = Area(level="kreis", code="05998", name="Nachbarkreis", name_key="nachbarkreis", parent_id=land.id)
        session.add_all([kreis, other])
        session.flush()
        parts = [Area(level="stadtteil", code=f"05999-{i}", name=name, name_key=f"t{i}", parent_id=kreis.id)
                 for i, name in enumerate(["Altstadt", "Neustadt", HOSTILE], start=1)]
        session.add_all(parts)
        session.flush()
        ds = Dataset(source="Test", table_code="12411-03-03-4", title="Bevölkerung nach Nationalität",
                     licence="dl-de/by-2-0", attribution="Statistische Ämter des Bundes und der Länder",
                     file_name="t.csv", file_sha256="c" * 64, importer="test", importer_version="1")
        session.add(ds)
        session.flush()
        counts = {parts[0].id: (4000, 400), parts[1].id: (3000, 900), parts[2].id: (3000, 300), other.id: (5000, 500)}
        for year in (2010, 2011, 2012):
            for area_id, (pop, aus) in counts.items():
                grow = year - 2010
                for key, value in (("", pop + 10 * grow), ("nationality=auslaender", aus + 5 * grow)):
                    session.add(Observation(dataset_id=ds.id, area_id=area_id, period=f"{year}-12-31", year=year,
                                            variable_code="bevoelkerung", breakdown=key, value=value))
        session.commit()
    engine.dispose()
    return url


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_value_json(db_url):
    result = _run("value", "auslaenderanteil", "05999", "2011", "--json", "--database", db_url)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["numerator"] == 405 + 905 + 305
    assert doc["denominator"] == 4010 + 3010 + 3010
    assert doc["value"] == pytest.approx(1615 / 10030 * 100)
    assert doc["unit"] == "%" and doc["flag"] is None
    assert doc["datasets"][0]["table"] == "12411-03-03-4"


def test_value_text_and_errors(db_url):
    result = _run("value", "auslaenderanteil", "Teststadt", "2012", "--database", db_url)
    assert result.exit_code == 0 and "Zähler" in result.output
    missing = _run("value", "gibt_es_nicht", "05999", "2011", "--json", "--database", db_url)
    assert missing.exit_code == 3 and "nicht im Katalog" in missing.stderr
    bad = _run("value", "auslaenderanteil", "05999", "zweitausend", "--database", db_url)
    assert bad.exit_code == 2 and "Zeitraum" in bad.stderr
    crosswalk = _run("value", "auslaenderanteil", "05999", "2011", "--gebietsstand", "2020-12-31", "--database", db_url)
    assert crosswalk.exit_code == 2 and "Umsteigeschlüssel" in crosswalk.stderr


def test_value_with_custom_peers(db_url):
    result = _run("value", "auslaenderanteil", "05999", "2011", "--peers", "05998,05999-2", "--json", "--database", db_url)
    assert result.exit_code == 0, result.output
    peers = json.loads(result.stdout)["peers"]
    # Teststadt 1615/10030, Nachbarkreis 505/5010, Neustadt 905/3010
    values = sorted([1615 / 10030 * 100, 505 / 5010 * 100, 905 / 3010 * 100])
    assert peers["group"] == "eigene Liste" and peers["n"] == 3
    assert peers["median"] == pytest.approx(values[1])
    assert peers["q1"] == pytest.approx((values[0] + values[1]) / 2)
    assert peers["rank"] == 2
    assert [m["name"] for m in peers["members"]] == ["Neustadt", "Teststadt", "Nachbarkreis"]
    text = _run("value", "auslaenderanteil", "05999", "2011", "--peers", "05998,05999-2", "--database", db_url)
    assert "Vergleich (eigene Liste von Gebieten)" in text.output and "Rang 2 von 3" in text.output
    assert "Median 16,1 %" in text.output
    land = json.loads(_run("value", "auslaenderanteil", "05999", "2011", "--peers", "land", "--json",
                           "--database", db_url).stdout)["peers"]
    assert land["group"] == "05" and land["n"] == 2 and land["rank"] == 1
    unknown = _run("value", "auslaenderanteil", "05999", "2011", "--peers", "05998,77777", "--database", db_url)
    assert unknown.exit_code == 2 and "Vergleichsgebiet '77777' nicht gefunden" in unknown.stderr
    assert "--peers" in unknown.stderr


def test_compute_then_unchanged(db_url):
    first = _run("compute", "--indicator", "auslaenderanteil", "--indicator", "segregation_auslaender", "--json", "--database", db_url)
    assert first.exit_code == 0, first.output
    assert [d["status"] for d in json.loads(first.stdout)] == ["berechnet", "berechnet"]
    second = _run("compute", "--indicator", "auslaenderanteil", "--json", "--database", db_url)
    assert json.loads(second.stdout)[0]["status"] == "unverändert"


def test_catalogue_commands():
    listed = _run("indicators", "list", "--set", "laender_monitoring", "--json")
    assert listed.exit_code == 0
    ids = {d["id"] for d in json.loads(listed.stdout)}
    assert {"einbuergerungsquote_i", "einbuergerungsquote_ii", "alq_auslaender"} <= ids
    shown = _run("indicators", "show", "einbuergerungsquote_ii", "--json")
    doc = json.loads(shown.stdout)
    assert doc["denominator"] == "auslaender_azr@t-1" and doc["store_variables"] == ["auslaender", "einbuergerungen"]
    assert _run("indicators", "list", "--set", "unbekannt").exit_code == 3


@pytest.fixture(scope="module")
def client(db_url):
    from stellwerk.web.app import create_app
    from stellwerk.workspace import open_workspace

    return TestClient(create_app(open_workspace(db_url)))


def test_catalogue_pages(client):
    page = client.get("/indikatoren?set=kommunal_kern")
    assert page.status_code == 200 and "Ausländeranteil" in page.text
    page = client.get("/indikatoren/einbuergerungsquote_i")
    assert page.status_code == 200 and "Vorjahres" in page.text
    assert client.get("/indikatoren/gibt_es_nicht").status_code == 404
    found = client.get("/indikatoren/auslaenderanteil/suche?gebiet=Teststadt", follow_redirects=False)
    assert found.status_code == 303 and found.headers["location"].endswith("/gebiet/Teststadt")


def test_area_page(client):
    page = client.get("/indikatoren/auslaenderanteil/gebiet/05999?jahr=2011")
    assert page.status_code == 200
    text = page.text
    assert "16,1 %" in text  # 1615 / 10030
    assert "<svg" in text and "Als Tabelle" in text
    assert "Neustadt" in text and "30,1" in text  # 905 / 3010
    assert HOSTILE not in text and "&lt;script&gt;" in text
    assert "keine Grenzen hinterlegt" in text  # no geometries: the table stands alone
    assert "dl-de/by-2-0" in text
    assert client.get("/indikatoren/auslaenderanteil/gebiet/99999").status_code == 404


def test_area_page_with_custom_peer_list(client):
    page = client.get("/indikatoren/auslaenderanteil/gebiet/05999?jahr=2011&vergleich=05998,05999-2")
    assert page.status_code == 200
    text = page.text
    assert "3 Gebiete in der Gruppe „eigene Liste“" in text
    assert "Median 16,1 %" in text and "Rang 2" in text
    assert 'name="liste"' in text and "Eigene Vergleichsliste" in text and 'value="05998, 05999-2"' in text
    assert "vergleich=05998%2C05999-2" in text  # the downloads ask for the same list
    # the form's text field wins over the select
    form = client.get("/indikatoren/auslaenderanteil/gebiet/05999?jahr=2011&vergleich=land&liste=05999-1")
    assert "2 Gebiete in der Gruppe „eigene Liste“" in form.text and "Altstadt" in form.text
    unknown = client.get("/indikatoren/auslaenderanteil/gebiet/05999?jahr=2011&liste=05998,77777")
    assert unknown.status_code == 400 and "Vergleichsgebiet" in unknown.text and "77777" in unknown.text
    empty = client.get("/indikatoren/auslaenderanteil/gebiet/05999?jahr=2011&vergleich=liste")
    assert empty.status_code == 400 and "keine Gebiete angegeben" in empty.text
    csv_text = client.get("/indikatoren/auslaenderanteil/gebiet/05999/daten.csv?jahr=2011&vergleich=05998,05999-2"
                          ).content.decode("utf-8-sig")
    assert sum(1 for line in csv_text.splitlines() if line.startswith("Vergleich (eigene Liste);")) == 3


def test_downloads_hold_what_the_page_shows(client):
    csv_text = client.get("/indikatoren/auslaenderanteil/gebiet/05999/daten.csv?jahr=2011").content.decode("utf-8-sig")
    lines = csv_text.splitlines()
    assert lines[0].startswith("tabelle;indikator;gebiet")
    assert sum(1 for line in lines if line.startswith("Zeitreihe;")) == 3
    assert sum(1 for line in lines if line.startswith("Teilgebiete;")) == 3
    assert any("dl-de/by-2-0" in line for line in lines)
    assert HOSTILE in csv_text  # plain text in CSV, but never a formula
    assert ";nan;" not in csv_text and ";None;" not in csv_text
    book = load_workbook(io.BytesIO(client.get("/indikatoren/auslaenderanteil/gebiet/05999/daten.xlsx?jahr=2011").content))
    sheet = book["Werte"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "tabelle" and len(rows) - 1 == sum(1 for line in lines[1:] if not line.startswith("#"))


def test_api(client):
    doc = client.get("/api/indikatoren/auslaenderanteil/werte/05999/2011").json()
    assert doc["numerator"] == 1615
    assert client.get("/api/indikatoren?set=nix").status_code == 404

# SPDX-License-Identifier: EUPL-1.2
"""The start page panels »Kennzahlen«, »Datenlage« and »Selbstcheck«, and the dataset page /daten.

Tenant A is assigned Kreis 05999 (Land 05, neighbour 05998) with population counts
2010–2012; tenant B has no area and shows the empty states.
"""
from __future__ import annotations

import datetime as dt
import time

import pytest
from markupsafe import escape
from sqlalchemy import select

from stellwerk.accounts.models import Tenant, Visibility
from stellwerk.accounts.sessions import start_session
from stellwerk.accounts.users import get_user
from stellwerk.assessment.answers import RespondentInput
from stellwerk.assessment.catalogue import default_catalogue
from stellwerk.assessment.models import AssessmentRun, Mode
from stellwerk.assessment.runs import add_respondent, create_run
from stellwerk.geo.models import Area
from stellwerk.observations.models import Dataset, Observation, Variable
from stellwerk.web import changes, data_cache
from stellwerk.web.csrf import CSRF_COOKIE
from stellwerk.web.deps import SESSION_COOKIE
from stellwerk.web.start_panels import key_indicators

from .conftest import XSS, Browser, build_world

# Kreis 05999: 10 000 inhabitants (+100 a year), 1 000 foreigners (+100 a year); 05998: 5 000 and 250.
COUNTS = {"05999": (10_000, 1_000, 100), "05998": (5_000, 250, 0)}


def _dataset(session, table_code: str, reference_date: dt.date, sha: str, title: str = "Bevölkerung") -> Dataset:
    ds = Dataset(source="Regionaldatenbank", table_code=table_code, title=title, licence="dl-de/by-2-0",
                 attribution="Statistische Ämter des Bundes und der Länder, eigene Testdaten",
                 file_name=f"{table_code}.csv", file_sha256=sha * 64, importer="test", importer_version="1",
                 reference_date=reference_date)
    session.add(ds)
    session.flush()
    return ds


def _population(session, ds: Dataset, areas: dict[str, Area], years) -> None:
    for year in years:
        for code, (pop, aus, step) in COUNTS.items():
            grow = (year - 2010) * step
            for key, value in (("", pop + grow), ("nationality=auslaender", aus + grow)):
                session.add(Observation(dataset_id=ds.id, area_id=areas[code].id, period=f"{year}-12-31", year=year,
                                        variable_code="bevoelkerung", breakdown=key, value=value))
    session.flush()


@pytest.fixture(scope="module")
def panel_world(tmp_path_factory):
    world = build_world(tmp_path_factory.mktemp("panels"))
    with world.workspace.session() as session:
        session.add(Variable(code="bevoelkerung", label="Bevölkerung", unit="Personen"))
        bund = Area(level="bund", code="DG", name="Deutschland", name_key="deutschland")
        session.add(bund)
        session.flush()
        land = Area(level="land", code="05", name="Nordrhein-Westfalen", name_key="nrw", parent_id=bund.id)
        session.add(land)
        session.flush()
        areas = {code: Area(level="kreis", code=code, name=name, name_key=name.lower(), parent_id=land.id)
                 for code, name in (("05999", "Teststadt"), ("05998", "Nachbarkreis"))}
        session.add_all(areas.values())
        session.flush()
        recent = _dataset(session, "12411-03-03-4", dt.date.today() - dt.timedelta(days=100), "a")
        _population(session, recent, areas, (2010, 2011, 2012))
        # An old table of the area (red: reference date older than five years) with a hostile title.
        old = _dataset(session, "99999-01", dt.date(2001, 12, 31), "b", title=XSS)
        session.add(Observation(dataset_id=old.id, area_id=areas["05999"].id, period="2001-12-31", year=2001,
                                variable_code="bevoelkerung", breakdown="nationality=deutsch", value=1.0))
        session.scalar(select(Tenant).where(Tenant.slug == "stadt-a")).area_id = areas["05999"].id
        world.area_ids = {code: a.id for code, a in areas.items()}
    data_cache.clear()
    return world


@pytest.fixture
def client(panel_world):
    """Like ``client_as`` of the conftest, on this module's app."""
    made = []

    def make(username=None):
        c = Browser(panel_world.app, base_url="https://testserver", raise_server_exceptions=False)
        c.app_state_key = panel_world.app.state.secret_key
        c.cookies.set(CSRF_COOKIE, "seed", domain="testserver.local")
        if username:
            with panel_world.workspace.session() as session:
                c.cookies.set(SESSION_COOKIE, start_session(session, get_user(session, username)),
                              domain="testserver.local")
        made.append(c)
        return c

    yield make
    for c in made:
        c.close()


def test_key_indicators_have_latest_value_trend_and_rank_in_the_land(panel_world):
    with panel_world.workspace.session() as session:
        rows = {r["id"]: r for r in key_indicators(session, panel_world.area_ids["05999"])}
    share = rows["auslaenderanteil"]
    assert share["year"] == 2012
    assert share["value"] == pytest.approx(100 * 1200 / 10200)
    assert share["trend"] == "steigend" and share["first_year"] == 2010
    assert share["change"] == pytest.approx(100 * 1200 / 10200 - 10.0)
    # Two Kreise in Land 05; the neutral share ranks the larger value first.
    assert share["peer_group"] == "05" and share["peer_n"] == 2 and share["peer_rank"] == 1
    assert share["peer_median"] == pytest.approx((100 * 1200 / 10200 + 5.0) / 2)
    assert rows["auslaender_anzahl"]["value"] == 1200
    assert len(rows) <= 6


def test_start_page_shows_indicators_and_data_health_to_everyone(client):
    page = client(None).get("/t/stadt-a/")
    assert page.status_code == 200
    text = page.text
    assert "Teststadt" in text and "Ausländeranteil" in text
    assert "11,8" in text  # 1 200 of 10 200 in 2012, German decimal comma
    assert "steigend" in text and "Rang 1 von 2" in text
    assert 'href="/indikatoren/auslaenderanteil/gebiet/05999"' in text
    # Data health: the current table is green, the old one red with its reason.
    assert "12411-03-03-4" in text and "aktuell und vollständig" in text
    assert "Stichtag älter als 5 Jahre" in text
    assert XSS not in text


def test_tenant_without_area_shows_the_empty_states(client):
    text = client("b-viewer").get("/t/stadt-b/").text
    assert "Noch keine Kennzahlen" in text
    assert "Noch keine Daten zum Gebiet" in text
    assert "Noch kein Selbstcheck" in text


def test_new_import_invalidates_the_cached_panel(panel_world, client):
    visitor = client(None)
    assert "(2013)" not in visitor.get("/t/stadt-a/").text
    assert visitor.get("/api/indikatoren/auslaenderanteil/werte/05999/2013").json()["value"] is None
    with panel_world.workspace.session() as session:
        areas = {code: session.get(Area, i) for code, i in panel_world.area_ids.items()}
        ds = _dataset(session, "12411-03-03-4", dt.date.today() - dt.timedelta(days=10), "c")
        _population(session, ds, areas, (2013,))
    try:
        text = visitor.get("/t/stadt-a/").text
        assert "(2013)" in text
        assert "11,8" not in text.split("Ausländeranteil")[1].split("</tr>")[0]
        assert "12,6" in text  # 1 300 of 10 300
        api = visitor.get("/api/indikatoren/auslaenderanteil/werte/05999/2013")
        assert api.status_code == 200 and api.json()["value"] == pytest.approx(100 * 1300 / 10300)
    finally:
        with panel_world.workspace.session() as session:
            session.delete(session.get(Dataset, ds.id))
    assert "(2013)" not in visitor.get("/t/stadt-a/").text
    assert visitor.get("/api/indikatoren/auslaenderanteil/werte/05999/2013").json()["value"] is None


def test_dataset_page_lists_every_dataset_with_light_reason_and_licence(client):
    response = client(None).get("/daten")
    assert response.status_code == 200
    text = response.text
    assert "12411-03-03-4" in text and "99999-01" in text
    assert "dl-de/by-2-0" in text and "Statistische Ämter des Bundes und der Länder, eigene Testdaten" in text
    assert "Stichtag älter als 5 Jahre" in text
    assert XSS not in text
    assert str(escape(XSS)) in text
    assert 'href="/daten"' in text  # in the navigation


def test_dataset_api(client):
    rows = {r["table_code"]: r for r in client(None).get("/api/datasets").json()}
    assert rows["12411-03-03-4"]["light"] == "gruen"
    assert rows["12411-03-03-4"]["observations"] == 12
    assert rows["99999-01"]["light"] == "rot"
    assert rows["99999-01"]["light_reasons"] == ["Stichtag älter als 5 Jahre"]
    assert rows["99999-01"]["title"] == XSS


def test_empty_dataset_page(client_as):
    text = client_as(None).get("/daten").text
    assert "Noch keine Daten importiert" in text


def _answer_everything(catalogue, instrument_id: str) -> dict[str, str]:
    instrument = catalogue.instrument(instrument_id)
    best = {s.id: max(s.options, key=lambda o: o.score if o.score is not None else -1).value for s in instrument.scales}
    return {item.id: best[item.scale] for section in instrument.sections for item in section.items
            if item.scale in best}


def test_self_check_panel_shows_the_latest_visible_run_with_scores(panel_world, client):
    catalogue = default_catalogue()
    # Without answers: the newest run and that no answers are in yet; the public sees only the
    # published run, members also the link to its page.
    viewer = client("a-viewer")
    text = viewer.get("/t/stadt-a/").text
    assert "<p>Öffentlicher Selbstcheck A" in text and "Noch keine Antworten" in text
    assert f'href="/t/stadt-a/selbstchecks/{panel_world.published_run_id}"' in text
    public = client(None).get("/t/stadt-a/").text
    assert "<p>Öffentlicher Selbstcheck A" in public and "/t/stadt-a/selbstchecks/" not in public
    with panel_world.workspace.session() as session:
        session.get(AssessmentRun, panel_world.published_run_id).visibility = Visibility.INTERNAL
    try:
        assert "Noch kein Selbstcheck" in client(None).get("/t/stadt-a/").text  # the internal run stays hidden
        assert "<p>Öffentlicher Selbstcheck A" in viewer.get("/t/stadt-a/").text  # members see internal runs
    finally:
        with panel_world.workspace.session() as session:
            session.get(AssessmentRun, panel_world.published_run_id).visibility = Visibility.PUBLISHED
    with panel_world.workspace.session() as session:
        tenant = session.scalar(select(Tenant).where(Tenant.slug == "stadt-a"))
        run, _ = create_run(session, catalogue, tenant_id=tenant.id, instrument_id="resilienz",
                            title="Workshop Herbst", mode=Mode.SINGLE, actor="a-editor")
        add_respondent(session, catalogue, run, RespondentInput("Team", _answer_everything(catalogue, "resilienz")),
                       actor="a-editor")
        run.visibility = Visibility.PUBLISHED
        run_id = run.id
    text = viewer.get("/t/stadt-a/").text
    assert "Workshop Herbst" in text and "Gesamtwert: 100 von 100" in text
    assert "1 Antwort)" in text
    assert f'href="/t/stadt-a/selbstchecks/{run_id}"' in text
    # Published: the public sees the result, without the link to the members' page.
    public = client(None).get("/t/stadt-a/").text
    assert "Workshop Herbst" in public and "Gesamtwert: 100 von 100" in public
    assert f"/t/stadt-a/selbstchecks/{run_id}" not in public
    with panel_world.workspace.session() as session:
        session.delete(session.get(AssessmentRun, run_id))


def test_panels_and_dataset_page_in_english(client):
    visitor = client(None)
    english = visitor.get("/t/stadt-a/", headers={"Accept-Language": "en"}).text
    assert "rising" in english and "rank 1 of 2" in english and "Key indicators" in english
    assert "datasets about the area" in english
    assert "Licence and attribution" in visitor.get("/daten", headers={"Accept-Language": "en"}).text


def test_an_import_by_another_process_is_seen_within_a_second(panel_world, client, monkeypatch):
    visitor = client(None)
    path = "/api/indikatoren/auslaenderanteil/werte/05999/2013"
    assert visitor.get(path).json()["value"] is None  # stored, with the fingerprint of this second
    monkeypatch.setattr(data_cache.FINGERPRINTS, "seconds", 0.2)
    unchanged = changes.local_changes()
    with panel_world.workspace.session() as session:
        areas = {code: session.get(Area, i) for code, i in panel_world.area_ids.items()}
        ds = _dataset(session, "12411-03-03-4", dt.date.today() - dt.timedelta(days=10), "d")
        _population(session, ds, areas, (2013,))
    monkeypatch.setattr(changes, "_local_changes", unchanged)  # as if the command line had imported
    try:
        time.sleep(0.3)
        assert visitor.get(path).json()["value"] == pytest.approx(100 * 1300 / 10300)
    finally:
        monkeypatch.undo()
        with panel_world.workspace.session() as session:
            session.delete(session.get(Dataset, ds.id))
    assert visitor.get(path).json()["value"] is None

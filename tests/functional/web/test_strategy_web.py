# SPDX-License-Identifier: EUPL-1.2
"""The Integrationskonzept in the browser: sign in, create, link, lights move with new data,
progress, evaluation, Fortschreibung and diff – through real forms with CSRF tokens."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from stellwerk.accounts.tenants import create_tenant
from stellwerk.accounts.users import create_user, grant_role
from stellwerk.config import load_settings
from stellwerk.geo.models import Area
from stellwerk.observations.models import Dataset, Observation, Variable
from stellwerk.strategy.models import Concept, GoalIndicator
from stellwerk.web.app import create_app
from stellwerk.web.csrf import CSRF_COOKIE
from stellwerk.workspace import Workspace

from .conftest import PASSWORD, XSS, Browser


def _year(session, area_id: int, dataset_id: int, year: int, population: int, foreigners: int) -> None:
    for breakdown, value in (("", population), ("nationality=auslaender", foreigners)):
        session.add(Observation(dataset_id=dataset_id, area_id=area_id, period=f"{year}-12-31", year=year,
                                variable_code="bevoelkerung", breakdown=breakdown, value=value))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("strategy-web")
    workspace = Workspace(load_settings({"STELLWERK_WORKSPACE": str(folder)}))
    workspace.init()
    with workspace.session() as session:
        tenant = create_tenant(session, "musterstadt", "Musterstadt")
        for role in ("editor", "viewer"):
            grant_role(session, create_user(session, f"m-{role}", PASSWORD, role.title()), tenant, role)
        session.add(Variable(code="bevoelkerung", label="Bevölkerung", unit="Personen"))
        area = Area(level="kreis", code="05999", name="Musterstadt", name_key="musterstadt")
        dataset = Dataset(source="test", table_code="12411-03-03-4", title="Bevölkerung", licence="dl-de/by-2-0",
                          attribution="Statistische Ämter", file_name="t.csv", file_sha256="c" * 64,
                          importer="test", importer_version="1")
        session.add_all([area, dataset])
        session.flush()
        for year in range(2015, 2021):  # share 10 % in 2015, one point more every year
            _year(session, area.id, dataset.id, year, 100_000, 10_000 + 1_000 * (year - 2015))
        ids = area.id, dataset.id
    return workspace, create_app(workspace), ids


def _browser(app) -> Browser:
    client = Browser(app, base_url="https://testserver", raise_server_exceptions=True)
    client.app_state_key = app.state.secret_key
    return client


def _sign_in(app, username: str) -> Browser:
    client = _browser(app)
    assert client.get("/anmelden").status_code == 200
    assert CSRF_COOKIE in client.cookies
    response = client.form("/anmelden", {"benutzername": username, "passwort": PASSWORD, "weiter": "/"})
    assert response.status_code == 303
    return client


def _goal_light(html: str, key: str) -> str:
    match = re.search(rf'data-goal="{key}">([^<]+)<', html)
    assert match, f"no light for {key}"
    return match.group(1)


def test_concept_flow_in_the_browser(site):
    workspace, app, (area_id, dataset_id) = site
    editor = _sign_in(app, "m-editor")

    response = editor.form("/t/musterstadt/konzept/neu", {"titel": "Integrationskonzept Musterstadt", "gebiet": "05999",
                                                          "zeitraum_von": "2016", "zeitraum_bis": "2025",
                                                          "leitbild": XSS})
    assert response.status_code == 303
    base = response.headers["location"]
    assert editor.form(f"{base}/ziele", {"text": "Einbürgerung erleichtern", "handlungsfeld": "einbuergerung"}
                       ).status_code == 303

    # a target year before the baseline year is refused with a German message and nothing is saved
    bad = editor.form(f"{base}/ziele/Z1/indikatoren", {"indikator": "auslaenderanteil", "basisjahr": "2015",
                                                        "zielwert": "25", "zieljahr": "2014", "richtung": "steigen"})
    assert bad.status_code == 422 and "Zieljahr" in bad.text and "Basisjahr" in bad.text
    with workspace.session() as session:
        assert session.scalar(select(func.count()).select_from(GoalIndicator)) == 0

    assert editor.form(f"{base}/ziele/Z1/indikatoren", {"indikator": "auslaenderanteil", "basisjahr": "2015",
                                                         "zielwert": "25", "zieljahr": "2025", "richtung": "steigen",
                                                         "gebiet": ""}).status_code == 303
    page = editor.get(base).text
    # 2020: p = (15 − 10) / 15 = 0.33 behind t = 0.5 − 0.1
    assert _goal_light(page, "Z1") == "gefährdet"
    assert XSS not in page and "&lt;script&gt;" in page

    with workspace.session() as session:  # new official data arrives
        _year(session, area_id, dataset_id, 2021, 100_000, 18_000)
    page = editor.get(base).text
    # 2021: p = 8/15 = 0.53 ≥ t − 0.1 = 0.5
    assert _goal_light(page, "Z1") == "auf Kurs"
    assert "auf Kurs" in editor.get("/t/musterstadt/").text  # start page panel

    assert editor.form(f"{base}/massnahmen", {"titel": "Einbürgerungslotsen", "ziele": "Z1",
                                               "handlungsfelder": "einbuergerung", "verantwortlich": "Amt 32",
                                               "beginn": "2024-01-01", "ende": "2026-12-31", "status": "laufend"}
                       ).status_code == 303
    bad = editor.form(f"{base}/massnahmen", {"titel": "Falsch herum", "beginn": "2024-05-01", "ende": "2024-01-01"})
    assert bad.status_code == 422 and "Ende" in bad.text and "Falsch herum" not in bad.text.split("form-error")[0]
    assert editor.form(f"{base}/massnahmen/M1/berichte", {"zeitraum": "2024-H1", "status": "laufend",
                                                           "text": "35 Beratungen"}).status_code == 303
    assert editor.form(f"{base}/evaluationen", {"titel": "Zwischenbilanz", "art": "extern", "methode": "Interviews",
                                                 "ergebnisse": "wirkt", "empfehlungen": "ausbauen",
                                                 "massnahmen": "M1"}).status_code == 303
    page = editor.get(base).text
    assert "35 Beratungen" in page and "Zwischenbilanz" in page

    assert editor.form(f"{base}/beschliessen", {"beschlossen_am": "2024-03-01", "ratsbeschluss": "DS 17/2024"}
                       ).status_code == 303
    response = editor.form(f"{base}/fortschreiben")
    assert response.status_code == 303
    draft = response.headers["location"]
    assert draft != base
    assert editor.form(f"{draft}/ziele", {"text": "Sprachförderung ausbauen", "handlungsfeld": "fruehkindliche_bildung"}
                       ).status_code == 303
    diff = editor.get(f"{draft}/vergleich")
    assert diff.status_code == 200
    assert "Sprachförderung ausbauen" in diff.text and "diff-added" in diff.text
    assert editor.form(f"{draft}/massnahmen/M1/loeschen").status_code == 303
    diff = editor.get(f"{draft}/vergleich").text
    assert "diff-removed" in diff and "Einbürgerungslotsen" in diff

    with workspace.session() as session:
        statuses = dict(session.execute(select(Concept.version, Concept.status)).all())
    assert statuses == {1: "beschlossen", 2: "Entwurf"}

    api = editor.get(f"/api{base}/steuerung").json()
    assert api["ziele"][0]["ampel"] == "auf Kurs" and api["ziele"][0]["indikatoren"][0]["aktuelles_jahr"] == 2021
    xlsx = editor.get(f"{base}/export.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert "Einbürgerungslotsen" in editor.get(f"{base}/druck").text


def test_viewers_read_but_cannot_edit_and_the_public_sees_nothing_internal(site):
    workspace, app, _ = site
    editor = _sign_in(app, "m-editor")
    base = editor.form("/t/musterstadt/konzept/neu", {"titel": "Intern"}).headers["location"]
    viewer = _sign_in(app, "m-viewer")
    assert viewer.get(base).status_code == 200
    assert viewer.form(f"{base}/ziele", {"text": "x", "handlungsfeld": "teilhabe"}).status_code == 403
    anonymous = _browser(app)
    assert anonymous.get(base).status_code == 404
    assert "Intern" not in anonymous.get("/t/musterstadt/konzept").text
    # without a CSRF token nothing happens
    refused = editor.post(f"{base}/ziele", data={"text": "ohne Token", "handlungsfeld": "teilhabe"},
                          follow_redirects=False)
    assert refused.status_code == 403
    assert "ohne Token" not in editor.get(base).text


def test_partner_actors_link_measure_and_network_both_ways(site):
    from stellwerk.accounts.tenants import get_tenant
    from stellwerk.network.edit import add_actor
    from stellwerk.strategy.concepts import set_visibility
    from stellwerk.strategy.models import Measure

    workspace, app, _ = site
    with workspace.session() as session:
        tenant = get_tenant(session, "musterstadt")
        other = create_tenant(session, "anderswo", "Anderswo")
        ids = {"jobcenter": add_actor(session, tenant.id, name="Jobcenter Musterstadt", actor_type="jobcenter",
                                      published=True).id,
               "verein": add_actor(session, tenant.id, name="Elternverein intern", actor_type="migrantenorganisation").id,
               "fremd": add_actor(session, other.id, name="Jobcenter Anderswo", actor_type="jobcenter",
                                  published=True).id}
    editor = _sign_in(app, "m-editor")
    base = editor.form("/t/musterstadt/konzept/neu", {"titel": "Partnerkonzept"}).headers["location"]
    form_page = editor.get(base).text
    assert f'<option value="{ids["jobcenter"]}">Jobcenter Musterstadt</option>' in form_page
    assert "Jobcenter Anderswo" not in form_page  # only the tenant's own actors are offered

    # a forged form naming another tenant's actor is refused, naming the field; nothing saved
    bad = editor.form(f"{base}/massnahmen", {"titel": "Gefälscht", "akteur": str(ids["fremd"])})
    assert bad.status_code == 422
    assert "Partner aus dem Netzwerk" in bad.text and f"Akteur-Nr. {ids['fremd']}" in bad.text
    with workspace.session() as session:
        assert session.scalar(select(func.count()).select_from(Measure).where(Measure.title == "Gefälscht")) == 0

    assert editor.form(f"{base}/massnahmen", {"titel": "Lotsenprojekt", "akteur": [str(ids["jobcenter"])],
                                               "partner": "Volkshochschule"}).status_code == 303
    page = editor.get(base).text
    link = f'<a href="/t/musterstadt/netzwerk#akteur-{ids["jobcenter"]}" data-actor="{ids["jobcenter"]}">'
    assert link + "Jobcenter Musterstadt</a>, Volkshochschule" in page

    # the partner form of an existing measure: add the internal actor, keep the free text
    assert editor.form(f"{base}/massnahmen/M1/partner", {"akteur": [str(ids["jobcenter"]), str(ids["verein"])],
                                                         "partner": "Volkshochschule\n"}).status_code == 303
    bad = editor.form(f"{base}/massnahmen/M1/partner", {"partner": f"Anderswo #{ids['fremd']}"})
    assert bad.status_code == 422 and f"Akteur-Nr. {ids['fremd']}" in bad.text
    with workspace.session() as session:
        measure = session.scalar(select(Measure).where(Measure.title == "Lotsenprojekt"))
        assert [p["akteur_id"] for p in measure.partners] == [ids["jobcenter"], ids["verein"], None]
    assert "<td>Jobcenter Musterstadt, Elternverein intern, Volkshochschule</td>" in editor.get(f"{base}/druck").text

    # the network page has the anchors and lists the measure for members ...
    network = editor.get("/t/musterstadt/netzwerk").text
    assert f'<tr id="akteur-{ids["jobcenter"]}">' in network and f'<tr id="akteur-{ids["verein"]}">' in network
    concept_id = base.rsplit("/", 1)[-1]
    measure_link = f'<a href="/t/musterstadt/konzept/{concept_id}#massnahme-M1">M1: Lotsenprojekt</a>'
    assert network.count(measure_link) == 2
    # ... the public sees neither the internal concept nor the internal actor
    anonymous = _browser(app)
    public = anonymous.get("/t/musterstadt/netzwerk").text
    assert f'id="akteur-{ids["jobcenter"]}"' in public and "Lotsenprojekt" not in public
    assert "Elternverein intern" not in public
    with workspace.session() as session:
        from stellwerk.strategy.models import Concept

        set_visibility(session, session.get(Concept, int(concept_id)), "m-editor", "published")
    public = anonymous.get("/t/musterstadt/netzwerk").text
    assert public.count(measure_link) == 1
    page = anonymous.get(base).text
    assert link + "Jobcenter Musterstadt</a>" in page
    # the internal actor is shown by its stored name, without a link into the network
    assert "Elternverein intern" in page and f"#akteur-{ids['verein']}" not in page


# SPDX-License-Identifier: EUPL-1.2
"""The self-check pages end to end: start a workshop, five people answer, results and survey."""
from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from stellwerk.accounts.models import Tenant
from stellwerk.accounts.sessions import start_session
from stellwerk.accounts.tenants import create_tenant
from stellwerk.accounts.users import create_user, get_user, grant_role
from stellwerk.assessment.catalogue import default_catalogue
from stellwerk.assessment.models import Answer, AssessmentRun, Mode
from stellwerk.assessment.answers import RespondentInput
from stellwerk.assessment.runs import add_respondent, create_run
from stellwerk.assessment.survey import Invitee, invite
from stellwerk.config import Settings
from stellwerk.web.app import create_app
from stellwerk.web.deps import SESSION_COOKIE
from stellwerk.workspace import Workspace

# Five workshop participants: sector and their answers to the Erfolgsfaktoren-Check.
PEOPLE = [
    ("Frau A.", "Integrationsbeauftragte", "verwaltung", "4", "ja"),
    ("Herr B.", "Amtsleiter Soziales", "verwaltung", "3", "ja"),
    ("Frau C.", "Ratsmitglied", "politik", "1", "nein"),
    ("Herr D.", "Flüchtlingshilfe e. V.", "zivilgesellschaft", "1", "nein"),
    ("Frau E.", "Migrantenverein", "migrantenorganisation", "0", "nein"),
]


PASSWORD = "test-passwort-123"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Workspace:
    folder = tmp_path_factory.mktemp("web-assessment")
    workspace = Workspace(Settings(workspace=folder, database_url=f"sqlite:///{folder / 'stellwerk.db'}", data_dir=None))
    workspace.init()
    with workspace.session() as session:
        muster = create_tenant(session, "musterstadt", "Musterstadt (fiktiv)")
        other = create_tenant(session, "anderstadt", "Anderstadt (fiktiv)")
        for name, tenant, role in (("m-editor", muster, "editor"), ("m-viewer", muster, "viewer"),
                                   ("a-editor", other, "editor")):
            grant_role(session, create_user(session, name, PASSWORD, name), tenant, role)
    return workspace


@pytest.fixture(scope="module")
def app(workspace):
    return create_app(workspace)


@pytest.fixture
def browser(app, workspace):
    """``browser("m-editor")`` – a signed-in browser; ``browser(None)`` – anonymous."""
    clients = []

    def make(username: str | None) -> TestClient:
        # https: cookies may carry the Secure flag
        client = TestClient(app, base_url="https://testserver")
        if username:
            with workspace.session() as session:
                token = start_session(session, get_user(session, username))
            client.cookies.set(SESSION_COOKIE, token, domain="testserver.local")
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def client(browser) -> TestClient:
    return browser(None)


def _csrf(html: str) -> dict[str, str]:
    """The CSRF field of a page's form, where the web app asks for one."""
    found = re.search(r'<input type="hidden" name="([^"]+)" value="([^"]+)">', html)
    return {found.group(1): found.group(2)} if found else {}


def _answers(level: str, yes: str) -> dict[str, str]:
    form = {}
    for section in default_catalogue().instrument("erfolgsfaktoren").sections:
        for item in section.items:
            if item.type == "likert":
                form[f"q_{item.id}"] = level
            elif item.type == "yes_no":
                form[f"q_{item.id}"] = yes
            elif item.type == "number":
                form[f"q_{item.id}"] = "4"
    return form


def test_workshop_with_five_respondents_end_to_end(client, browser, workspace):
    assert "Erfolgsfaktoren-Check" in client.get("/selbstchecks").text
    editor = browser("m-editor")
    info = editor.get("/selbstchecks/erfolgsfaktoren")
    assert 'href="/t/musterstadt/selbstchecks?instrument=erfolgsfaktoren"' in info.text
    page = editor.get("/t/musterstadt/selbstchecks?instrument=erfolgsfaktoren")
    assert page.status_code == 200 and "Durchlauf anlegen" in page.text
    started = editor.post("/t/musterstadt/selbstchecks/start", data={
        **_csrf(page.text), "instrument": "erfolgsfaktoren", "titel": "Workshop Frühjahr (fiktiv)",
        "modus": "workshop", "gemeindetyp": "mittelstadt", "land": "NW"})
    assert started.status_code == 200, started.text
    answer_url = re.search(r'id="answer-link" href="([^"]+)"', started.text).group(1)
    results_url = re.search(r'id="results-link" href="([^"]+)"', started.text).group(1)
    answer_path = re.sub(r"^https?://[^/]+", "", answer_url)
    results_path = re.sub(r"^https?://[^/]+", "", results_url)

    form = client.get(answer_path)
    assert form.status_code == 200 and 'name="q_ef1_koordination"' in form.text
    for label, role, sector, level, yes in PEOPLE:
        data = {**_csrf(form.text), "teilnehmer": label, "rolle": role, "sektor": sector, **_answers(level, yes)}
        data["q_ef_gelungen"] = f"<script>alert('{label}')</script>"
        response = client.post(answer_path, data=data, follow_redirects=False)
        assert response.status_code == 303, response.text
    with workspace.session() as session:
        run = session.scalar(select(AssessmentRun).where(AssessmentRun.title == "Workshop Frühjahr (fiktiv)"))
        assert len(run.respondents) == 5

    results = client.get(results_path)
    assert results.status_code == 200
    text = results.text
    # Likert items: 100, 75, 25, 25, 0 → mean 45; yes/no: 100, 100, 0, 0, 0 → 40
    # Querschnitt: (yes·2 + likert·2 + 4 offices → band 3+ = 50) / 5, per person: V: (200+200+50)/5 = 90,
    # (200+150+50)/5 = 80; others (0+50+50)/5 = 20, (0+50+50)/5 = 20, (0+0+50)/5 = 10 → mean 44
    assert re.search(r"Integration als Querschnittsaufgabe verankern.*?<td class=\"num\">44</td>", text, re.S)
    assert "gehen auseinander" in text  # Verwaltung ≈ 85 vs. Migrantenorganisation 10
    assert "&lt;script&gt;" in text and "<script>alert" not in text
    assert "44,4 %" in text and "77,6 %" in text  # DESI 2011 Mittelstädte and NRW, overall strategy
    assert "n = 228" in text
    assert 'href="/praxis?feld=Verwaltung&amp;thema=Stellen-+und+Verwaltungsstrukturen"' in text
    svg = client.get(results_path + "/radar.svg")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert "<title" in svg.text and "Migrantenorganisation" in svg.text
    assert client.get(results_path + "/abschnitt-querschnitt.svg").status_code == 200
    # members of the workspace see the same results without the code; the viewer may not close the run
    member_path = re.search(r'id="member-link" href="https?://testserver([^"]+)"', started.text).group(1)
    member = browser("m-viewer").get(member_path)
    assert member.status_code == 200 and "n = 228" in member.text and "abschliessen" not in member.text
    assert browser("m-viewer").get(member_path + "/radar.svg").status_code == 200
    api = client.get(results_path.replace("/selbstchecks/", "/api/selbstchecks/")).json()
    assert api["run"]["respondents"] == 5
    assert api["sections"][0]["mean"] == 44.0

    pdf = client.get(results_path + "/ergebnis.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and len(pdf.content) > 5000

    closed = client.post(results_path + "/abschliessen", data=_csrf(text), follow_redirects=False)
    assert closed.status_code == 303
    late = client.get(answer_path)
    assert late.status_code == 410 and "abgeschlossen" in late.text


def test_bad_answers_are_shown_and_nothing_is_saved(client, browser, workspace):
    editor = browser("m-editor")
    editor_csrf = _csrf(editor.get("/t/musterstadt/selbstchecks").text)
    started = editor.post("/t/musterstadt/selbstchecks/start", data={**editor_csrf, "instrument": "resilienz",
                                                                     "titel": "Test", "modus": "workshop"})
    answer_path = re.search(r'id="answer-link" href="https?://testserver([^"]+)"', started.text).group(1)
    with workspace.session() as session:
        before = session.scalar(select(func.count()).select_from(Answer))
    token = _csrf(client.get(answer_path).text)
    response = client.post(answer_path, data={**token, "teilnehmer": "X", "sektor": "politik", "q_rv_agil": "9"})
    assert response.status_code == 422
    assert "Frage &#39;rv_agil&#39;: Antwort &#39;9&#39; liegt nicht auf der Skala" in response.text
    assert 'value="X"' in response.text  # what was typed stays in the form
    missing_sector = client.post(answer_path, data={**token, "teilnehmer": "Y", "q_rv_agil": "2"})
    assert missing_sector.status_code == 422 and "Sektor fehlt" in missing_sector.text
    with workspace.session() as session:
        assert session.scalar(select(func.count()).select_from(Answer)) == before
    assert client.get("/selbstchecks/teilnahme/gibtsnicht").status_code == 410
    unknown = editor.post("/t/musterstadt/selbstchecks/start", data={**editor_csrf, "instrument": "gibtsnicht",
                                                                      "titel": "T"})
    assert unknown.status_code == 422 and "Instrument &#39;gibtsnicht&#39; gibt es nicht" in unknown.text


def test_survey_invitation_answers_once(client, workspace):
    catalogue = default_catalogue()
    with workspace.session() as session:
        tenant = session.scalar(select(Tenant).where(Tenant.slug == "musterstadt"))
        run, tokens = create_run(session, catalogue, tenant_id=tenant.id, instrument_id="resilienz",
                                 title="Befragung (fiktiv)", mode=Mode.SURVEY, actor="test", with_tokens=True)
        [(_, token)] = invite(session, run, [Invitee("01001000", "Flensburg", "mittelstadt", "SH", "MS")], days=3,
                              actor="test")
        results_token = tokens.facilitator
    form = client.get(f"/selbstchecks/teilnahme/{token}")
    assert form.status_code == 200 and "für Flensburg" in form.text and 'name="sektor"' not in form.text
    csrf = _csrf(form.text)
    assert client.post(f"/selbstchecks/teilnahme/{token}", data={**csrf, "q_rv_agil": "3", "q_rv_wissen": "ja"},
                       follow_redirects=False).status_code == 303
    again = client.post(f"/selbstchecks/teilnahme/{token}", data={**csrf, "q_rv_agil": "1"})
    assert again.status_code == 410 and "bereits verwendet" in again.text
    page = client.get(f"/selbstchecks/auswertung/{results_token}?by=land")
    assert page.status_code == 200 and "1 von 1 eingeladenen Kommunen" in page.text
    raw = client.get(f"/selbstchecks/auswertung/{results_token}/rohdaten.csv")
    assert raw.headers["content-type"].startswith("text/csv") and "Flensburg" in raw.text
    tables = client.get(f"/selbstchecks/auswertung/{results_token}/tabellen.csv?by=land")
    assert "rv_wissen;land;SH;1;ja;1;100,0;" in tables.text


def test_two_runs_compared_over_time(client, workspace):
    catalogue = default_catalogue()
    codes = []
    with workspace.session() as session:
        tenant = session.scalar(select(Tenant).where(Tenant.slug == "musterstadt"))
        for title, level in (("Check 2025", "1"), ("Check 2026", "3")):
            run, tokens = create_run(session, catalogue, tenant_id=tenant.id, instrument_id="stellschrauben",
                                     title=title, mode=Mode.SINGLE, actor="test", with_tokens=True)
            add_respondent(session, catalogue, run, RespondentInput(label="Ich", answers={
                "sd_verantwortung": level, "sd_positiv": level}), actor="test")
            codes.append(tokens.facilitator)
    page = client.get("/selbstchecks/vergleich", params={"code": codes})
    assert page.status_code == 200
    # Diskurse: 25 → 75 points, a change of +50
    assert re.search(r"Diskurse und Deutungen</th>\s*<td class=\"num\">25</td><td class=\"num\">75</td>\s*<td class=\"num\">\+50</td>", page.text)
    assert client.get("/selbstchecks/vergleich", params={"code": codes[:1]}).status_code == 422
    assert client.get("/selbstchecks/vergleich", params={"code": [codes[0], "falsch"]}).status_code == 410


def test_workspace_pages_need_the_right_role(browser, workspace):
    catalogue = default_catalogue()
    with workspace.session() as session:
        muster = session.scalar(select(Tenant).where(Tenant.slug == "musterstadt"))
        other = session.scalar(select(Tenant).where(Tenant.slug == "anderstadt"))
        own, _ = create_run(session, catalogue, tenant_id=muster.id, instrument_id="resilienz", title="Intern",
                            mode=Mode.SINGLE, actor="test")
        foreign, _ = create_run(session, catalogue, tenant_id=other.id, instrument_id="resilienz", title="Fremd",
                                mode=Mode.SINGLE, actor="test")
        ids = own.id, foreign.id
    anonymous, viewer, stranger = browser(None), browser("m-viewer"), browser("a-editor")
    listing = anonymous.get("/t/musterstadt/selbstchecks", follow_redirects=False)
    assert listing.status_code in (302, 303, 401)
    assert anonymous.get(f"/t/musterstadt/selbstchecks/{ids[0]}", follow_redirects=False).status_code in (302, 303, 401)
    assert stranger.get("/t/musterstadt/selbstchecks").status_code == 403
    assert stranger.get(f"/t/musterstadt/selbstchecks/{ids[0]}/radar.svg").status_code == 403
    page = viewer.get("/t/musterstadt/selbstchecks")
    assert page.status_code == 200 and "Intern" in page.text and "Fremd" not in page.text
    assert "Durchlauf anlegen" not in page.text
    denied = viewer.post("/t/musterstadt/selbstchecks/start", data={**_csrf(page.text), "instrument": "resilienz",
                                                                    "titel": "Nein"})
    assert denied.status_code == 403
    closing = viewer.post(f"/t/musterstadt/selbstchecks/{ids[0]}/abschliessen", data=_csrf(page.text))
    assert closing.status_code == 403
    # a run of another workspace does not exist under this one
    assert viewer.get(f"/t/musterstadt/selbstchecks/{ids[1]}").status_code == 404
    assert "Selbstcheck-Durchläufe" in page.text  # navigation entry for members


def test_survey_tables_weighted_to_the_area_register(client, workspace):
    import datetime as dt

    from stellwerk.assessment.survey import respond
    from stellwerk.geo.models import Area, AreaSnapshot, Gebietsstand, Level

    catalogue = default_catalogue()
    with workspace.session() as session:
        tenant = session.scalar(select(Tenant).where(Tenant.slug == "musterstadt"))
        run, tokens = create_run(session, catalogue, tenant_id=tenant.id, instrument_id="resilienz",
                                 title="Gewichtete Befragung (fiktiv)", mode=Mode.SURVEY, actor="test", with_tokens=True)
        invited = invite(session, run, [Invitee("G1", "Großstadt (fiktiv)", "grossstadt", "SH", "grossstadt"),
                                        Invitee("M1", "Mittelstadt (fiktiv)", "mittelstadt", "SH", "mittelstadt")],
                         days=3, actor="test")
        for (invitation, token), answer in zip(invited, ("ja", "nein")):
            respond(session, catalogue, token, {"rv_wissen": answer})
        results = f"/selbstchecks/auswertung/{tokens.facilitator}"
    # no register yet: the page says why it cannot weight, the CSV refuses
    page = client.get(results, params={"by": "land", "gewichtung": "register"})
    assert page.status_code == 200 and "Gewichtung nicht möglich: Kein Gebietsstand" in page.text
    assert client.get(results + "/tabellen.csv", params={"gewichtung": "register"}).status_code == 422
    with workspace.session() as session:
        stand = Gebietsstand(reference_date=dt.date(2029, 12, 31), source="test", title="Testverzeichnis",
                             file_name="t.xlsx", file_sha256="1" * 64, importer_version="1")
        session.add(stand)
        session.flush()
        # Schleswig-Holstein with two Großstädte and three Mittelstädte
        for number, population in enumerate((250_000, 210_000, 90_000, 40_000, 21_000)):
            code = f"0100{number}0000000"[:12]
            area = Area(level=Level.GEMEINDE, code=code, name=code, name_key=code, type="Stadt")
            session.add(area)
            session.flush()
            session.add(AreaSnapshot(area_id=area.id, gebietsstand_id=stand.id, name=code, type="Stadt",
                                     population=population))
    page = client.get(results, params={"by": "land", "gewichtung": "register"})
    assert "Gebietsstand 31.12.2029" in page.text and "n gewichtet" in page.text
    # weights: the Großstadt stands for 2, the Mittelstadt for 3 → ja = 2 / 5 = 40 % (unweighted 50 %)
    tables = client.get(results + "/tabellen.csv", params={"by": "land", "gewichtung": "register"}).text
    assert "rv_wissen;land;alle;2;ja;1;50,0;40,0;5,0\n" in tables
    assert "rv_wissen;land;SH;2;nein;1;50,0;60,0;5,0\n" in tables

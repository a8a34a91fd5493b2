# SPDX-License-Identifier: EUPL-1.2
"""Every state-changing route of concept, network, self-check and knowledge writes an audit entry.

The routes come from ``app.routes`` (every POST/PUT/PATCH/DELETE whose router module is
``strategy*``, ``network*``, ``assessment*`` or ``knowledge*``), so a route added later
fails this test until it has a case in CASES: one successful call, after which the
audit trail must hold a new entry of tenant A naming who (the acting user), when,
what (object type, id, action) and the values before and/or after.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from stellwerk.accounts.models import AuditEntry, Visibility
from stellwerk.accounts.sessions import start_session
from stellwerk.accounts.tenants import get_tenant
from stellwerk.accounts.users import get_user
from stellwerk.assessment.catalogue import default_catalogue
from stellwerk.assessment.models import Mode
from stellwerk.assessment.runs import create_run
from stellwerk.geo.models import Area
from stellwerk.observations.models import Dataset, Observation, Variable
from stellwerk.strategy.schema import parse_document
from stellwerk.strategy.store import save_document
from stellwerk.strategy.versions import adopt
from stellwerk.web.csrf import CSRF_COOKIE
from stellwerk.web.deps import SESSION_COOKIE

from .conftest import Browser
from .test_authorisation_matrix import _routes

AUDITED_MODULES = ("strategy", "network", "assessment", "knowledge")
CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
DOCUMENT = {"konzept": {"titel": "Konzept zum Protokolltest"},
            "ziele": [{"id": "Z1", "text": "Ziel", "handlungsfeld": "teilhabe"}],
            "massnahmen": [{"id": "M1", "titel": "Maßnahme", "ziele": ["Z1"]}]}
YAML = b"konzept:\n  titel: Aus einer Datei\nziele:\n  - id: Z1\n    text: Ziel aus der Datei\n    handlungsfeld: teilhabe\n"


@dataclass
class Case:
    call: Callable  # (world, client factory) -> (response, expected actor)
    user: str = "a-editor"


CASES: dict[tuple[str, str], Case] = {}


def case(method: str, path: str, user: str = "a-editor"):
    def register(function):
        CASES[(method, path)] = Case(function, user)
        return function

    return register


def _concept(world, adopted: bool = False, published: bool = False) -> int:
    """A new draft (or adopted, or published) concept of tenant A with goal Z1 and measure M1."""
    from stellwerk.strategy.concepts import set_visibility

    with world.workspace.session() as session:
        concept = save_document(session, get_tenant(session, "stadt-a"), parse_document(DOCUMENT), "einrichtung")
        if adopted:
            adopt(session, concept, "einrichtung", dt.date(2024, 1, 1), "DS 1")
        if published:
            set_visibility(session, concept, "einrichtung", Visibility.PUBLISHED)
        return concept.id


def _run(world, with_tokens: bool = False):
    with world.workspace.session() as session:
        run, tokens = create_run(session, default_catalogue(), tenant_id=get_tenant(session, "stadt-a").id,
                                 instrument_id="resilienz", title="Protokolltest", mode=Mode.WORKSHOP,
                                 actor="einrichtung", with_tokens=with_tokens)
        return run.id, tokens


K = "/t/stadt-a/konzept"


@case("POST", "/t/{tenant_slug}/konzept/neu")
def _(world, client):
    return client.form(f"{K}/neu", {"titel": "Neues Konzept"})


@case("POST", "/t/{tenant_slug}/konzept/import")
def _(world, client):
    return client.post(f"{K}/import", data={"csrf_token": client.csrf()},
                       files={"datei": ("konzept.yaml", YAML, "application/yaml")}, follow_redirects=False)


@case("POST", "/t/{tenant_slug}/konzept/{concept_id}/import")
def _(world, client):
    return client.post(f"{K}/{_concept(world)}/import", data={"csrf_token": client.csrf()},
                       files={"datei": ("konzept.yaml", YAML, "application/yaml")}, follow_redirects=False)


@case("POST", "/t/{tenant_slug}/konzept/{concept_id}/bearbeiten")
def _(world, client):
    return client.form(f"{K}/{_concept(world)}/bearbeiten", {"titel": "Umbenannt", "leitbild": "Neu"})


@case("POST", "/t/{tenant_slug}/konzept/{concept_id}/ziele")
def _(world, client):
    return client.form(f"{K}/{_concept(world)}/ziele", {"text": "Noch ein Ziel", "handlungsfeld": "teilhabe"})


@case("POST", "/t/{tenant_slug}/konzept/{concept_id}/ziele/{key}/indikatoren")
def _(world, client):
    return client.form(f"{K}/{_concept(world)}/ziele/Z1/indikatoren",
                       {"indikator": "auslaenderanteil", "basisjahr": "2015", "basiswert": "10", "zielwert": "12",
                        "zieljahr": "2025", "richtung": "steigen", "gebiet": "05999"})


@case("POST", "/t/{tenant_slug}/konzept/{concept_id}/massnahmen")
def _(world, client):
    return client.form(f"{K}/{_concept(world)}/massnahmen", {"titel": "Lotsen", "ziele": "Z1", "status": "geplant"})


@case("POST", "/t/{tenant_slug}/konzept/{concept_id}/massnahmen/{key}/berichte")
def _(world, client):
    return client.form(f"{K}/{_concept(world)}/massnahmen/M1/berichte",
                       {"zeitraum": "2024-H1", "status": "laufend", "text": "läuft"})


@case("POST", "/t/{tenant_slug}/konzept/{concept_id}/ziele/{key}/loeschen")
def _(world, client):
    return client.form(f"{K}/{_concept(world)}/ziele/Z1/loeschen")


@case("POST", "/t/{tenant_slug}/konzept/{concept_id}/massnahmen/{key}/loeschen")
def _(world, client):
    return client.form(f"{K}/{_concept(world)}/massnahmen/M1/loeschen")


@case("POST", "/t/{tenant_slug}/konzept/{concept_id}/evaluationen")
def _(world, client):
    return client.form(f"{K}/{_concept(world)}/evaluationen", {"titel": "Bilanz", "art": "intern", "massnahmen": "M1"})


@case("POST", "/t/{tenant_slug}/konzept/{concept_id}/beschliessen")
def _(world, client):
    return client.form(f"{K}/{_concept(world)}/beschliessen", {"beschlossen_am": "2024-03-01", "ratsbeschluss": "DS 2"})


@case("POST", "/t/{tenant_slug}/konzept/{concept_id}/fortschreiben")
def _(world, client):
    return client.form(f"{K}/{_concept(world, adopted=True)}/fortschreiben")


@case("POST", "/t/{tenant_slug}/konzept/{concept_id}/sichtbarkeit", user="a-admin")
def _(world, client):
    return client.form(f"{K}/{_concept(world)}/sichtbarkeit", {"sichtbarkeit": Visibility.PUBLISHED})


def _api(client, method: str, url: str, body):
    return client.request(method, url, json=body, headers={"X-CSRF-Token": client.csrf()}, follow_redirects=False)


@case("POST", "/api/t/{tenant_slug}/konzept")
def _(world, client):
    return _api(client, "POST", f"/api{K}", DOCUMENT)


@case("PUT", "/api/t/{tenant_slug}/konzept/{concept_id}")
def _(world, client):
    return _api(client, "PUT", f"/api{K}/{_concept(world)}", {**DOCUMENT, "konzept": {"titel": "Ersetzt"}})


@case("POST", "/api/t/{tenant_slug}/konzept/{concept_id}/fortschreibung")
def _(world, client):
    return _api(client, "POST", f"/api{K}/{_concept(world, adopted=True)}/fortschreibung", None)


@case("POST", "/api/t/{tenant_slug}/konzept/{concept_id}/beschluss")
def _(world, client):
    return _api(client, "POST", f"/api{K}/{_concept(world)}/beschluss",
                {"beschlossen_am": "2024-05-01", "ratsbeschluss": "DS 3"})


@case("POST", "/t/{tenant_slug}/selbstchecks/start")
def _(world, client):
    return client.form("/t/stadt-a/selbstchecks/start", {"instrument": "resilienz", "titel": "Workshop", "modus": "workshop"})


@case("POST", "/t/{tenant_slug}/selbstchecks/{run_id}/abschliessen")
def _(world, client):
    return client.form(f"/t/stadt-a/selbstchecks/{_run(world)[0]}/abschliessen")


@case("POST", "/selbstchecks/teilnahme/{token}", user=None)
def _(world, client):
    run_id, tokens = _run(world, with_tokens=True)
    response = client.form(f"/selbstchecks/teilnahme/{tokens.participant}",
                           {"teilnehmer": "Person", "sektor": "verwaltung", "q_rv_agil": "3"})
    return response, f"teilnahme:run{run_id}"


@case("POST", "/selbstchecks/auswertung/{token}/abschliessen", user=None)
def _(world, client):
    run_id, tokens = _run(world, with_tokens=True)
    return client.form(f"/selbstchecks/auswertung/{tokens.facilitator}/abschliessen"), f"auswertung:run{run_id}"


@case("POST", "/t/{tenant_slug}/konzept/{concept_id}/massnahmen/{key}/partner")
def _(world, client):
    return client.form(f"{K}/{_concept(world)}/massnahmen/M1/partner",
                       {"akteur": [str(_actors(world)[0])], "partner": "Volkshochschule"})


# --- network --------------------------------------------------------------------------------------

_counter = iter(range(1, 10_000))


def _actors(world) -> tuple[int, int]:
    from stellwerk.network.edit import add_actor

    number = next(_counter)
    with world.workspace.session() as session:
        tenant_id = get_tenant(session, "stadt-a").id
        return (add_actor(session, tenant_id, name=f"Integrationsbüro {number}", actor_type="integrationsstelle",
                          by="einrichtung").id,
                add_actor(session, tenant_id, name=f"Sozialamt {number}", actor_type="fachamt", by="einrichtung").id)


def _body(world) -> int:
    from stellwerk.network.edit import add_body

    with world.workspace.session() as session:
        return add_body(session, get_tenant(session, "stadt-a").id, name=f"Lenkungsgruppe {next(_counter)}",
                        body_format="lenkungsgruppe", level="steuerung", by="einrichtung").id


@case("POST", "/t/{tenant_slug}/netzwerk/akteure")
def _(world, client):
    return client.form("/t/stadt-a/netzwerk/akteure", {"name": f"Elterncafé {next(_counter)}", "typ": "initiative"})


@case("POST", "/t/{tenant_slug}/netzwerk/mitgliedschaften")
def _(world, client):
    body, actor = _body(world), _actors(world)[0]
    return client.form("/t/stadt-a/netzwerk/mitgliedschaften", {"gremium": body, "akteur": actor, "rolle": "mitglied"})


@case("POST", "/t/{tenant_slug}/netzwerk/beziehungen")
def _(world, client):
    a, b = _actors(world)
    return client.form("/t/stadt-a/netzwerk/beziehungen", {"akteur_a": a, "akteur_b": b, "intensitaet": "3"})


# --- knowledge: the workspace's own practices and register documents ---------------------------------

PRACTICE = {"title": "Lotsenprojekt", "field": "Engagement", "sub_topic": "Begleitung",
            "summary": "Ehrenamtliche Lotsinnen begleiten Neuzugewanderte zu Ämtern und Beratungsstellen.",
            "name": "Stadt A", "land": "NW", "gemeindetyp": "Mittelstadt", "source": "Eigene Angaben der Stadt A"}


def _practice(world, *steps: str) -> str:
    """A draft practice of tenant A, moved through the review steps named."""
    from stellwerk.knowledge import review

    with world.workspace.session() as session:
        tenant = get_tenant(session, "stadt-a")
        practice = review.create_draft(session, tenant, "einrichtung", {
            "title": f"Protokollpraxis {next(_counter)}", "field": "Engagement", "sub_topic": "Test",
            "source": "Eigene Angaben", "summary": "Ein Entwurf, an dem der Protokolltest jede Route ausprobiert.",
            "source_type": "eigene_praxis", "evidence": "kommune"})
        for step in steps:
            getattr(review, step)(session, practice, "einrichtung")
        return practice.slug


@case("POST", "/t/{tenant_slug}/praxis/neu")
def _(world, client):
    return client.form("/t/stadt-a/praxis/neu", {**PRACTICE, "title": f"Lotsenprojekt {next(_counter)}"})


@case("POST", "/t/{tenant_slug}/praxis/{practice_id}/bearbeiten")
def _(world, client):
    return client.form(f"/t/stadt-a/praxis/{_practice(world)}/bearbeiten",
                       {**PRACTICE, "title": f"Geändert {next(_counter)}"})


@case("POST", "/t/{tenant_slug}/praxis/{practice_id}/einreichen")
def _(world, client):
    return client.form(f"/t/stadt-a/praxis/{_practice(world)}/einreichen")


@case("POST", "/t/{tenant_slug}/praxis/{practice_id}/pruefen", user="a-admin")
def _(world, client):
    return client.form(f"/t/stadt-a/praxis/{_practice(world, 'submit')}/pruefen")


@case("POST", "/t/{tenant_slug}/praxis/{practice_id}/veroeffentlichen", user="a-admin")
def _(world, client):
    return client.form(f"/t/stadt-a/praxis/{_practice(world, 'submit', 'mark_reviewed')}/veroeffentlichen")


@case("POST", "/t/{tenant_slug}/praxis/{practice_id}/zurueckgeben", user="a-admin")
def _(world, client):
    return client.form(f"/t/stadt-a/praxis/{_practice(world, 'submit')}/zurueckgeben",
                       {"begruendung": "Bitte die Quelle ergänzen."})


@case("POST", "/t/{tenant_slug}/praxis/{practice_id}/zurueckziehen", user="a-admin")
def _(world, client):
    return client.form(f"/t/stadt-a/praxis/{_practice(world, 'submit', 'mark_reviewed', 'publish')}/zurueckziehen")


@case("POST", "/t/{tenant_slug}/konzepte/aus-strategie")
def _(world, client):
    return client.form("/t/stadt-a/konzepte/aus-strategie", {"fassung": str(_concept(world, adopted=True))})


@case("POST", "/t/{tenant_slug}/konzepte/{document_key}/veroeffentlichen", user="a-admin")
def _(world, client):
    from stellwerk.knowledge.strategy_link import register_strategy_version

    concept_id = _concept(world, adopted=True, published=True)
    with world.workspace.session() as session:
        key = register_strategy_version(session, get_tenant(session, "stadt-a"), concept_id, actor="einrichtung").key
    return client.form(f"/t/stadt-a/konzepte/{key}/veroeffentlichen")


def _audited(route) -> bool:
    module = route.endpoint.__module__.rsplit(".", 1)[-1]
    return module.split("_")[0] in AUDITED_MODULES


def test_every_changing_route_of_the_audited_modules_has_a_case(world):
    found = {(method, path) for method, path, route in _routes(world.app) if method in CHANGING and _audited(route)}
    missing = sorted(found - set(CASES))
    assert missing == [], f"Zustandsändernde Routen ohne Protokollfall (in CASES ergänzen): {missing}"
    assert sorted(set(CASES) - found) == [], "Fälle für Routen, die es nicht mehr gibt"
    assert len(found) >= 20


def _entries(world) -> int:
    with world.workspace.session() as session:
        return session.scalar(select(func.max(AuditEntry.id))) or 0


class _Marking:
    """The test client, noting the newest audit entry right before the route is called (after the
    case has prepared its objects, whose entries do not count)."""

    def __init__(self, client: Browser, position: Callable[[], int]):
        self._client, self._position = client, position
        self.mark: int | None = None

    def __getattr__(self, name):
        attribute = getattr(self._client, name)
        if name not in ("form", "post", "request"):
            return attribute

        def call(*args, **kwargs):
            self.mark = self._position()
            return attribute(*args, **kwargs)

        return call


def _client(world, username: str | None) -> Browser:
    client = Browser(world.app, base_url="https://testserver", raise_server_exceptions=False)
    client.app_state_key = world.app.state.secret_key
    client.cookies.set(CSRF_COOKIE, "seed", domain="testserver.local")
    if username:
        with world.workspace.session() as session:
            client.cookies.set(SESSION_COOKIE, start_session(session, get_user(session, username)),
                               domain="testserver.local")
    return client


@pytest.fixture(scope="module")
def audit_world(own_world):
    """The module's world with an area and a population count for goals to link indicators to."""
    with own_world.workspace.session() as session:
        area = Area(level="kreis", code="05999", name="Teststadt", name_key="teststadt")
        session.add(Variable(code="bevoelkerung", label="Bevölkerung", unit="Personen"))
        dataset = Dataset(source="Test", table_code="12411-03-03-4", title="Bevölkerung", licence="dl-de/by-2-0",
                          attribution="Statistische Ämter", file_name="t.csv", file_sha256="d" * 64,
                          importer="test", importer_version="1")
        session.add_all([area, dataset])
        session.flush()
        for breakdown, value in (("", 10_000), ("nationality=auslaender", 1_000)):
            session.add(Observation(dataset_id=dataset.id, area_id=area.id, period="2015-12-31", year=2015,
                                    variable_code="bevoelkerung", breakdown=breakdown, value=value))
    return own_world


@pytest.mark.parametrize("key", sorted(CASES), ids=lambda k: f"{k[0]} {k[1]}")
def test_change_is_recorded_with_who_when_what_and_values(audit_world, key):
    spec = CASES[key]
    world = audit_world
    with _client(world, spec.user) as client:
        marking = _Marking(client, lambda: _entries(world))
        result = spec.call(world, marking)
    response, actor = result if isinstance(result, tuple) else (result, spec.user)
    assert response.status_code < 400, f"{key}: {response.status_code} {response.text[response.text.find('form-error'):][:300]}"
    assert marking.mark is not None
    with world.workspace.session() as session:
        tenant_id = get_tenant(session, "stadt-a").id
        entries = list(session.scalars(select(AuditEntry).where(AuditEntry.id > marking.mark).order_by(AuditEntry.id)))
    assert entries, f"{key}: kein Protokolleintrag"
    for entry in entries:
        assert entry.actor == actor
        assert entry.tenant_id == tenant_id
        assert entry.at is not None
        assert entry.object_type and entry.object_id and entry.action
        assert entry.before is not None or entry.after is not None, f"{key}: Eintrag ohne Werte"
        if entry.action in ("update", "publish", "unpublish"):
            assert entry.before is not None and entry.after is not None, f"{key}: {entry.action} ohne vorher/nachher"
        if entry.action == "delete":
            assert entry.before is not None

# SPDX-License-Identifier: EUPL-1.2
"""A web app on its own SQLite workspace with two tenants, users in every role and notices.

Built once per test session; tests that change data create their own objects.
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from stellwerk.accounts.models import Visibility
from stellwerk.accounts.notices import create_notice, set_visibility
from stellwerk.accounts.sessions import create_api_token, start_session
from stellwerk.accounts.tenants import create_tenant
from stellwerk.accounts.users import create_user, grant_role
from stellwerk.assessment.catalogue import default_catalogue
from stellwerk.assessment.models import Mode
from stellwerk.assessment.runs import create_run
from stellwerk.config import load_settings
from stellwerk.web.app import create_app
from stellwerk.web.csrf import CSRF_COOKIE, _sign
from stellwerk.web.deps import SESSION_COOKIE
from stellwerk.workspace import Workspace


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Cheap argon2 parameters: the real ones cost about a second per hash on a busy CI machine."""
    from argon2 import PasswordHasher

    from stellwerk.accounts import credentials

    saved = credentials._hasher, credentials._DUMMY_HASH
    credentials._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    credentials._DUMMY_HASH = credentials._hasher.hash("dummy")
    yield
    credentials._hasher, credentials._DUMMY_HASH = saved


PASSWORD = "test-passwort-123"
ROLES = ("viewer", "editor", "admin")
XSS = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>'"


@dataclass
class World:
    workspace: Workspace
    app: object
    internal_id: int  # an internal notice of tenant A
    published_id: int  # a published notice of tenant A
    tokens: dict[str, str]  # user → plain API token (write scope)
    run_id: int  # an internal self-check run of tenant A
    # A published, superseded Integrationskonzept of tenant A (every edit is refused with 422)
    # and its predecessor, for the routes under /t/{tenant}/konzept/{concept_id}.
    concept_ids: tuple[int, int] = (0, 0)
    # An internal superseded concept and a published self-check run of tenant A, so routes with
    # these ids are checked for internal and published objects alike.
    internal_concept_id: int = 0
    published_run_id: int = 0


@pytest.fixture(scope="session")
def world(tmp_path_factory) -> World:
    """The shared world; tests must not delete or change its fixed objects."""
    return build_world(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def own_world(tmp_path_factory) -> World:
    """A world of the test module alone, for tests that change anything at random."""
    return build_world(tmp_path_factory.mktemp("web-own"))


def build_world(folder) -> World:
    """A migrated SQLite workspace with tenants A and B, users in every role and notices."""
    workspace = Workspace(load_settings({"STELLWERK_WORKSPACE": str(folder)}))
    workspace.init()
    tokens = {}
    with workspace.session() as session:
        a = create_tenant(session, "stadt-a", "Stadt A")
        b = create_tenant(session, "stadt-b", "Stadt B")
        for tenant, prefix in ((a, "a"), (b, "b")):
            for role in ROLES:
                user = create_user(session, f"{prefix}-{role}", PASSWORD, f"{role.title()} {prefix.upper()}")
                grant_role(session, user, tenant, role)
                tokens[user.username] = create_api_token(session, user, "Test", "write")[1]
        create_user(session, "forschung", PASSWORD, "Forschung", global_role="research")
        # Removed and reset by the authorisation matrix test.
        grant_role(session, create_user(session, "a-extra", PASSWORD), a, "viewer")
        internal = create_notice(session, a, "a-editor", "Interner Hinweis", "nur für Mitglieder")
        published = create_notice(session, a, "a-editor", "Öffentlicher Hinweis", "für alle")
        set_visibility(session, published, "a-admin", Visibility.PUBLISHED)
        create_notice(session, a, "a-editor", XSS, XSS)
        run, _ = create_run(session, default_catalogue(), tenant_id=a.id, instrument_id="resilienz",
                            title="Selbstcheck A", mode=Mode.SINGLE, actor="a-editor")
        public_run, _ = create_run(session, default_catalogue(), tenant_id=a.id, instrument_id="resilienz",
                                   title="Öffentlicher Selbstcheck A", mode=Mode.SINGLE, actor="a-editor")
        public_run.visibility = Visibility.PUBLISHED
        session.flush()
        ids = internal.id, published.id, run.id
        concept_ids = _strategy_concepts(session, a)
        internal_concept = _internal_superseded_concept(session, a, concept_ids[1])
        public_run_id = public_run.id
    return World(workspace, create_app(workspace), ids[0], ids[1], tokens, ids[2], concept_ids, internal_concept,
                 public_run_id)


def _internal_superseded_concept(session, tenant, predecessor_id: int) -> int:
    """A concept that was never published and is superseded (so edits answer 422, like version 2),
    with a predecessor to compare with."""
    from stellwerk.strategy.models import ConceptStatus
    from stellwerk.strategy.schema import parse_document
    from stellwerk.strategy.store import save_document

    doc = parse_document({"konzept": {"titel": "Interner Entwurf A"},
                          "ziele": [{"id": "Z1", "text": "Ziel", "handlungsfeld": "teilhabe"}],
                          "massnahmen": [{"id": "Z1", "titel": "Maßnahme"}]})
    concept = save_document(session, tenant, doc, "a-editor")
    concept.status, concept.predecessor_id = ConceptStatus.SUPERSEDED, predecessor_id
    session.flush()
    return concept.id


def _strategy_concepts(session, tenant) -> tuple[int, int]:
    """Versions 1–3 of a concept; version 2 is superseded and has goal and measure »Z1«."""
    import datetime as dt

    from stellwerk.strategy.concepts import set_visibility
    from stellwerk.strategy.schema import parse_document
    from stellwerk.strategy.store import save_document
    from stellwerk.strategy.versions import adopt, start_revision

    doc = parse_document({"konzept": {"titel": "Konzept A"}, "ziele": [{"id": "Z1", "text": "Ziel", "handlungsfeld": "teilhabe"}],
                          "massnahmen": [{"id": "Z1", "titel": "Maßnahme"}]})
    first = save_document(session, tenant, doc, "a-editor")
    adopt(session, first, "a-editor", dt.date(2020, 1, 1), "DS 1")
    second = start_revision(session, first, "a-editor")
    adopt(session, second, "a-editor", dt.date(2022, 1, 1), "DS 2")
    adopt(session, start_revision(session, second, "a-editor"), "a-editor", dt.date(2024, 1, 1), "DS 3")
    for concept in (first, second):
        set_visibility(session, concept, "a-admin", Visibility.PUBLISHED)
    return second.id, first.id


def fresh_notices(world: World) -> dict[str, int]:
    """A new internal and a new published notice of tenant A, for tests that change or delete them."""
    with world.workspace.session() as session:
        from stellwerk.accounts.tenants import get_tenant

        a = get_tenant(session, "stadt-a")
        internal = create_notice(session, a, "a-editor", "Wegwerf intern")
        published = create_notice(session, a, "a-editor", "Wegwerf öffentlich")
        set_visibility(session, published, "a-admin", Visibility.PUBLISHED)
        return {"internal": internal.id, "published": published.id}


class Browser(TestClient):
    """A test client that signs forms with the CSRF token of its cookie."""

    def csrf(self) -> str:
        return _sign(self.app_state_key, self.cookies[CSRF_COOKIE])

    def form(self, url: str, data: dict | None = None, **kw):
        return self.post(url, data={**(data or {}), "csrf_token": self.csrf()}, follow_redirects=False, **kw)


@pytest.fixture
def client_as(world):
    """``client_as("a-editor")`` – a signed-in browser; ``client_as(None)`` – anonymous."""
    clients = []

    def make(username: str | None) -> Browser:
        client = Browser(world.app, base_url="https://testserver", raise_server_exceptions=False)
        client.app_state_key = world.app.state.secret_key
        client.cookies.set(CSRF_COOKIE, "seed-" + (username or "anonym"), domain="testserver.local")
        if username:
            from stellwerk.accounts.users import get_user

            with world.workspace.session() as session:
                token = start_session(session, get_user(session, username))
            client.cookies.set(SESSION_COOKIE, token, domain="testserver.local")
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()

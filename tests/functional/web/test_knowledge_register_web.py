# SPDX-License-Identifier: EUPL-1.2
"""Register documents from the Integrationskonzept, through the workspace page's forms."""
from __future__ import annotations

import datetime as dt

import pytest

from stellwerk.accounts.models import Visibility
from stellwerk.accounts.tenants import create_tenant
from stellwerk.accounts.users import create_user, grant_role
from stellwerk.strategy.concepts import set_visibility
from stellwerk.strategy.schema import parse_document
from stellwerk.strategy.store import save_document
from stellwerk.strategy.versions import adopt

from .conftest import PASSWORD


@pytest.fixture(scope="module")
def register_city(own_world):
    """A tenant with an adopted, published and an adopted, internal concept version."""
    with own_world.workspace.session() as session:
        tenant = create_tenant(session, "registerstadt", "Registerstadt")
        for role in ("editor", "admin", "viewer"):
            grant_role(session, create_user(session, f"r-{role}", PASSWORD), tenant, role)
        ids = []
        for year, visibility in ((2019, Visibility.PUBLISHED), (2023, Visibility.INTERNAL)):
            document = parse_document({"konzept": {"titel": f"Konzept {year}"}})
            concept = save_document(session, tenant, document, "r-editor")
            adopt(session, concept, "r-editor", dt.date(year, 2, 1), f"DS {year}")
            set_visibility(session, concept, "r-admin", visibility)
            ids.append(concept.id)
    return ids


@pytest.fixture
def as_user(own_world):
    from fastapi.testclient import TestClient  # noqa: F401 - the Browser below is a TestClient

    from stellwerk.accounts.sessions import start_session
    from stellwerk.accounts.users import get_user
    from stellwerk.web.csrf import CSRF_COOKIE
    from stellwerk.web.deps import SESSION_COOKIE

    from .conftest import Browser

    def make(username):
        client = Browser(own_world.app, base_url="https://testserver", raise_server_exceptions=False)
        client.app_state_key = own_world.app.state.secret_key
        client.cookies.set(CSRF_COOKIE, "seed-" + (username or "anonym"), domain="testserver.local")
        if username:
            with own_world.workspace.session() as session:
                client.cookies.set(SESSION_COOKIE, start_session(session, get_user(session, username)),
                                   domain="testserver.local")
        return client

    return make


def test_register_and_publish_a_version(own_world, register_city, as_user):
    published, internal = register_city
    editor, admin, viewer = as_user("r-editor"), as_user("r-admin"), as_user("r-viewer")
    assert "Ins Register übernehmen" in editor.get("/t/registerstadt/konzepte").text
    assert "Ins Register übernehmen" not in viewer.get("/t/registerstadt/konzepte").text
    assert viewer.form("/t/registerstadt/konzepte/aus-strategie", {"fassung": str(published)}).status_code == 403
    assert editor.form("/t/registerstadt/konzepte/aus-strategie", {"fassung": str(published)}).status_code == 303
    assert editor.form("/t/registerstadt/konzepte/aus-strategie", {"fassung": str(internal)}).status_code == 303
    refused = editor.form("/t/registerstadt/konzepte/aus-strategie", {"fassung": "abc"})
    assert refused.status_code == 422 and "Feld „Fassung“" in refused.text
    # Drafts are not public yet.
    assert as_user(None).get("/konzepte/Registerstadt").status_code == 404
    key = f"registerstadt-strategie-{published}"
    assert editor.form(f"/t/registerstadt/konzepte/{key}/veroeffentlichen").status_code == 403
    assert admin.form(f"/t/registerstadt/konzepte/{key}/veroeffentlichen").status_code == 303
    hidden = admin.form(f"/t/registerstadt/konzepte/registerstadt-strategie-{internal}/veroeffentlichen")
    assert hidden.status_code == 422 and "intern" in hidden.text
    timeline = as_user(None).get("/konzepte/Registerstadt")
    assert timeline.status_code == 200 and "Konzept 2019" in timeline.text and "Konzept 2023" not in timeline.text
    assert f'href="/t/registerstadt/konzept/{published}"' in timeline.text
    assert admin.form("/t/registerstadt/konzepte/nicht-da/veroeffentlichen").status_code == 404

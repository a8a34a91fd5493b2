# SPDX-License-Identifier: EUPL-1.2
"""A goal text and a practice title with ``<script>`` and attribute-breaking quotes are shown as
text on every page where they appear (and unchanged in JSON)."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from markupsafe import escape

from stellwerk.accounts.models import Visibility
from stellwerk.accounts.sessions import start_session
from stellwerk.accounts.tenants import get_tenant
from stellwerk.accounts.users import get_user
from stellwerk.knowledge.content import content_tenant, read_practice_file, shipped_practice_files
from stellwerk.knowledge.models import Origin, Status
from stellwerk.knowledge.practices import save_practice
from stellwerk.strategy.concepts import get_measure, remove_measure, set_visibility
from stellwerk.strategy.schema import parse_document
from stellwerk.strategy.store import save_document
from stellwerk.strategy.versions import adopt, start_revision
from stellwerk.web.deps import SESSION_COOKIE

from .conftest import XSS, Browser

SLUG = "xss-probe"


@pytest.fixture(scope="module")
def hostile(own_world):
    with own_world.workspace.session() as session:
        tenant = get_tenant(session, "stadt-a")
        doc = parse_document({"konzept": {"titel": "Konzept " + XSS, "leitbild": XSS},
                              "ziele": [{"id": "Z1", "text": XSS, "handlungsfeld": "teilhabe"}],
                              "massnahmen": [{"id": "M1", "titel": XSS, "ziele": ["Z1"]}]})
        concept = save_document(session, tenant, doc, "a-editor")
        adopt(session, concept, "a-editor", dt.date(2024, 1, 1), "DS 1")
        set_visibility(session, concept, "a-admin", Visibility.PUBLISHED)
        draft = start_revision(session, concept, "a-editor")
        remove_measure(session, draft, get_measure(draft, "M1"), "a-editor")  # the diff shows its title
        entry = read_practice_file(shipped_practice_files()[0])[0]
        save_practice(session, entry.model_copy(update={"id": SLUG, "title": XSS}), tenant=content_tenant(session),
                      origin=Origin.CONTENT, status=Status.PUBLISHED, audit=False)
        return own_world, concept.id, draft.id


def _client(world, username: str | None = None) -> Browser:
    client = Browser(world.app, base_url="https://testserver", raise_server_exceptions=False)
    client.app_state_key = world.app.state.secret_key
    if username:
        with world.workspace.session() as session:
            client.cookies.set(SESSION_COOKIE, start_session(session, get_user(session, username)),
                               domain="testserver.local")
    return client


def _assert_text_only(page: str, where: str) -> None:
    assert XSS not in page, where
    assert "<script>alert" not in page and "<img src=x" not in page, where
    assert str(escape(XSS)) in page, f"{where}: Text fehlt"


def test_goal_text_is_text_on_every_page(hostile):
    world, concept_id, draft_id = hostile
    editor = _client(world, "a-editor")
    pages = ["/t/stadt-a/", "/t/stadt-a/konzept", f"/t/stadt-a/konzept/{concept_id}",
             f"/t/stadt-a/konzept/{concept_id}/druck", f"/t/stadt-a/konzept/{draft_id}",
             f"/t/stadt-a/konzept/{draft_id}/vergleich"]
    for url in pages:
        response = editor.get(url)
        assert response.status_code == 200, url
        _assert_text_only(response.text, url)
    _assert_text_only(_client(world, "a-admin").get("/t/stadt-a/protokoll").text, "/t/stadt-a/protokoll")
    api = editor.get(f"/api/t/stadt-a/konzept/{concept_id}").json()
    assert api["dokument"]["ziele"][0]["text"] == XSS  # JSON carries the text unchanged


def test_goal_text_is_text_for_the_public_and_the_admin(hostile):
    world, concept_id, _ = hostile
    public = _client(world)
    for url in ["/t/stadt-a/", f"/t/stadt-a/konzept/{concept_id}", f"/t/stadt-a/konzept/{concept_id}/druck"]:
        response = public.get(url)
        assert response.status_code == 200, url
        _assert_text_only(response.text, url)


def test_practice_title_is_text_on_every_page(hostile):
    world, _, _ = hostile
    client = _client(world)
    # The list pages 25 entries; a search brings the probe onto the first page.
    for url in [f"/praxis/{SLUG}", "/praxis?q=alert", "/praxis?q=onerror", "/api/practices.csv"]:
        response = client.get(url)
        assert response.status_code == 200, url
        if url.endswith(".csv"):  # a download, not a page: the text as it is
            assert "text/csv" in response.headers["content-type"]
            rows = {row["id"]: row for row in csv.DictReader(io.StringIO(response.text))}
            assert rows[SLUG]["titel"] == XSS
        else:
            _assert_text_only(response.text, url)
    found = client.get(f"/api/practices/{SLUG}").json()
    assert found["title"] == XSS

# SPDX-License-Identifier: EUPL-1.2
"""Own practice entries in the browser: editors write and hand in, admins review and publish.

Through real forms with CSRF tokens, on the shared world (tenants A and B, users in every role).
"""
from __future__ import annotations

import re
import uuid

from sqlalchemy import select

from stellwerk.accounts.models import AuditEntry
from stellwerk.knowledge.models import Practice

from .conftest import XSS


def _form(title: str, **change: str) -> dict[str, str]:
    return {
        "title": title,
        "field": "Engagement",
        "sub_topic": "Begleitung",
        "summary": "Ehrenamtliche Lotsinnen begleiten Neuzugewanderte zu Ämtern und Beratungsstellen.",
        "name": "Stadt A",
        "land": "NW",
        "gemeindetyp": "Mittelstadt",
        "partners": "Freiwilligenagentur\nJobcenter",
        "source": "Eigene Angaben der Stadt A",
        **change,
    }


def _title() -> str:
    # A word of its own, so the search finds this test's entry only.
    return f"Amtslotsen {uuid.uuid4().hex[:8]}"


def _slug(world, title: str) -> str:
    with world.workspace.session() as session:
        return session.scalar(select(Practice.slug).where(Practice.title == title))


def _public(client, title: str) -> int:
    return client.get("/api/practices", params={"q": title.split()[1]}).json()["total"]


def test_draft_to_published_through_the_forms(world, client_as):
    editor, admin, anonymous = client_as("a-editor"), client_as("a-admin"), client_as(None)
    title = _title()
    created = editor.form("/t/stadt-a/praxis/neu", _form(title))
    assert created.status_code == 303
    slug = _slug(world, title)
    assert created.headers["location"] == f"/t/stadt-a/praxis/{slug}"
    page = editor.get(f"/t/stadt-a/praxis/{slug}")
    assert page.status_code == 200 and "Entwurf" in page.text and "Zur Prüfung einreichen" in page.text
    # Drafts stay out of the public catalogue and are invisible outside the workspace.
    assert _public(anonymous, title) == 0
    assert anonymous.get(f"/praxis/{slug}").status_code == 404
    assert client_as("b-admin").get(f"/t/stadt-a/praxis/{slug}").status_code == 403
    assert title in client_as("a-viewer").get("/t/stadt-a/praxis").text
    # Editors hand in; only admins review and publish.
    assert editor.form(f"/t/stadt-a/praxis/{slug}/einreichen").status_code == 303
    assert editor.form(f"/t/stadt-a/praxis/{slug}/pruefen").status_code == 403
    assert admin.form(f"/t/stadt-a/praxis/{slug}/veroeffentlichen").status_code == 422  # not reviewed yet
    assert admin.form(f"/t/stadt-a/praxis/{slug}/pruefen").status_code == 303
    assert "geprüft" in admin.get(f"/t/stadt-a/praxis/{slug}").text
    assert _public(anonymous, title) == 0
    assert editor.form(f"/t/stadt-a/praxis/{slug}/veroeffentlichen").status_code == 403
    assert admin.form(f"/t/stadt-a/praxis/{slug}/veroeffentlichen").status_code == 303
    assert _public(anonymous, title) == 1
    assert anonymous.get(f"/praxis/{slug}").status_code == 200
    with world.workspace.session() as session:
        trail = session.execute(select(AuditEntry.action, AuditEntry.actor).where(
            AuditEntry.object_type == "practice", AuditEntry.object_id == slug).order_by(AuditEntry.id)).all()
    assert [tuple(row) for row in trail] == [("create", "a-editor"), ("submit", "a-editor"), ("review", "a-admin"),
                                            ("publish", "a-admin")]
    # Withdrawn, it leaves the catalogue again.
    assert admin.form(f"/t/stadt-a/praxis/{slug}/zurueckziehen").status_code == 303
    assert _public(anonymous, title) == 0


def test_send_back_with_reason_then_edit(world, client_as):
    editor, admin = client_as("a-editor"), client_as("a-admin")
    title = _title()
    editor.form("/t/stadt-a/praxis/neu", _form(title))
    slug = _slug(world, title)
    editor.form(f"/t/stadt-a/praxis/{slug}/einreichen")
    refused = admin.form(f"/t/stadt-a/praxis/{slug}/zurueckgeben", {"begruendung": ""})
    assert refused.status_code == 422 and "Feld „Begründung“" in refused.text
    reason = {"begruendung": "Bitte Ergebnisse nennen."}
    assert admin.form(f"/t/stadt-a/praxis/{slug}/zurueckgeben", reason).status_code == 303
    page = editor.get(f"/t/stadt-a/praxis/{slug}")
    assert "Bitte Ergebnisse nennen." in page.text and "Zur Prüfung einreichen" in page.text
    changed = editor.form(f"/t/stadt-a/praxis/{slug}/bearbeiten",
                          _form(title, results="Über 200 Begleitungen im Jahr."))
    assert changed.status_code == 303
    assert "Über 200 Begleitungen" in editor.get(f"/t/stadt-a/praxis/{slug}").text


def test_invalid_form_names_the_field_and_saves_nothing(world, client_as):
    editor = client_as("a-editor")
    title = _title()
    answer = editor.form("/t/stadt-a/praxis/neu", _form(title, summary="zu kurz", ags="12ab"))
    assert answer.status_code == 422
    assert "Feld „Zusammenfassung“: zu kurz, mindestens 20 Zeichen" in answer.text
    assert "Feld „Kommunen 1: AGS“: 5 oder 8 Ziffern" in answer.text
    # The form keeps what was typed.
    assert f'value="{title}"' in answer.text
    assert _slug(world, title) is None


def test_user_text_is_escaped(world, client_as):
    editor = client_as("a-editor")
    title = "Lotsen " + XSS
    assert editor.form("/t/stadt-a/praxis/neu", _form(title, summary=XSS + " und mehr Text")).status_code == 303
    page = editor.get(f"/t/stadt-a/praxis/{_slug(world, title)}").text
    assert "<script>alert" not in page and "onerror=alert(1)>" not in page
    assert "&lt;script&gt;" in page


def test_forms_need_the_csrf_token(world, client_as):
    editor = client_as("a-editor")
    title = _title()
    answer = editor.post("/t/stadt-a/praxis/neu", data=_form(title), follow_redirects=False)
    assert answer.status_code == 403 and _slug(world, title) is None


def test_roles_on_the_workspace_pages(world, client_as):
    assert client_as(None).get("/t/stadt-a/praxis", follow_redirects=False).status_code in (303, 401)
    assert client_as("b-editor").form("/t/stadt-a/praxis/neu", _form(_title())).status_code == 403
    viewer_page = client_as("a-viewer").get("/t/stadt-a/praxis").text
    assert "Neues Praxisbeispiel" not in viewer_page
    assert "Neues Praxisbeispiel" in client_as("a-editor").get("/t/stadt-a/praxis").text
    assert re.search(r'href="/t/stadt-a/praxis"', client_as("a-viewer").get("/t/stadt-a/").text)


def test_api_lists_the_workspace_entries_for_members_only(world, client_as):
    editor = client_as("a-editor")
    title = _title()
    editor.form("/t/stadt-a/praxis/neu", _form(title))
    slug = _slug(world, title)
    editor.form(f"/t/stadt-a/praxis/{slug}/einreichen")
    answer = client_as("a-viewer").get("/api/t/stadt-a/praxis").json()
    entry = next(p for p in answer["practices"] if p["id"] == slug)
    assert (entry["state"], entry["state_label"], entry["status"]) == (
        "submitted", "Entwurf, zur Prüfung eingereicht", "draft")
    assert client_as("b-admin").get("/api/t/stadt-a/praxis").status_code == 403
    assert client_as(None).get("/api/t/stadt-a/praxis").status_code == 401
    headers = {"Authorization": f"Bearer {world.tokens['a-viewer']}"}
    assert client_as(None).get("/api/t/stadt-a/praxis", headers=headers).status_code == 200

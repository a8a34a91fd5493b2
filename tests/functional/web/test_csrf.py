# SPDX-License-Identifier: EUPL-1.2
"""CSRF: state-changing requests without a valid token are refused, centrally."""
from stellwerk.accounts.models import Notice


def _count(world, title):
    with world.workspace.session() as session:
        return session.query(Notice).filter_by(title=title).count()


def test_form_without_token_is_refused_and_changes_nothing(world, client_as):
    editor = client_as("a-editor")
    response = editor.post("/t/stadt-a/hinweise/neu", data={"titel": "ohne Token"}, follow_redirects=False)
    assert response.status_code == 403
    assert "CSRF" in response.text
    assert _count(world, "ohne Token") == 0


def test_form_with_a_token_of_another_cookie_is_refused(world, client_as):
    editor = client_as("a-editor")
    other = client_as("b-editor")
    response = editor.post("/t/stadt-a/hinweise/neu", data={"titel": "fremd", "csrf_token": other.csrf()},
                           follow_redirects=False)
    assert response.status_code == 403
    assert _count(world, "fremd") == 0


def test_form_with_token_goes_through(world, client_as):
    editor = client_as("a-editor")
    response = editor.form("/t/stadt-a/hinweise/neu", {"titel": "mit Token", "text": ""})
    assert response.status_code == 303
    assert _count(world, "mit Token") == 1


def test_json_api_with_session_cookie_needs_the_header(world, client_as):
    editor = client_as("a-editor")
    refused = editor.post("/api/t/stadt-a/hinweise", json={"title": "API ohne Token"})
    assert refused.status_code == 403
    accepted = editor.post("/api/t/stadt-a/hinweise", json={"title": "API mit Token"},
                           headers={"X-CSRF-Token": editor.csrf()})
    assert accepted.status_code == 201


def test_bearer_token_requests_need_no_csrf_token(world, client_as):
    script = client_as(None)
    response = script.post("/api/t/stadt-a/hinweise", json={"title": "per Skript"},
                           headers={"Authorization": f"Bearer {world.tokens['a-editor']}"})
    assert response.status_code == 201
    assert response.json()["visibility"] == "internal"


def test_login_form_is_protected_too(world, client_as):
    visitor = client_as(None)
    response = visitor.post("/anmelden", data={"benutzername": "a-admin", "passwort": "test-passwort-123"},
                            follow_redirects=False)
    assert response.status_code == 403


def test_non_ascii_token_is_refused_not_a_server_error(world, client_as):
    editor = client_as("a-editor")
    response = editor.post("/t/stadt-a/hinweise/neu", data={"titel": "x", "csrf_token": "gefälscht"},
                           follow_redirects=False)
    assert response.status_code == 403
    header = editor.post("/api/t/stadt-a/hinweise", json={"title": "x"}, headers={"X-CSRF-Token": "ä".encode()})
    assert header.status_code == 403

# SPDX-License-Identifier: EUPL-1.2
"""Pages: escaping, security headers, error pages, language, audit trail, sign-in."""
import html
import re

from fastapi import APIRouter

from stellwerk.web.app import create_app

from .conftest import PASSWORD, XSS


def _new_notice(world, title, body="", published=False):
    """A new notice of tenant A (the start page lists the newest five)."""
    from stellwerk.accounts.notices import create_notice, set_visibility
    from stellwerk.accounts.tenants import get_tenant

    with world.workspace.session() as session:
        notice = create_notice(session, get_tenant(session, "stadt-a"), "a-editor", title, body)
        if published:
            set_visibility(session, notice, "a-admin", "published")
        return notice.id


def test_hostile_text_is_shown_as_text_everywhere(world, client_as):
    admin = client_as("a-admin")
    xss_id = _new_notice(world, XSS, XSS)
    pages = ["/t/stadt-a/", "/t/stadt-a/hinweise", f"/t/stadt-a/hinweise/{xss_id}",
             f"/t/stadt-a/hinweise/{xss_id}/bearbeiten", "/t/stadt-a/protokoll"]
    for page in pages:
        text = admin.get(page).text
        assert "<script>alert" not in text, page
        assert "<img src=x" not in text, page
        assert html.escape(XSS, quote=True).replace("&#x27;", "&#39;") in text or "&lt;script&gt;" in text, page
    api = admin.get(f"/api/t/stadt-a/hinweise/{xss_id}").json()
    assert api["title"] == XSS  # the API returns the text unchanged, as JSON


def test_hostile_text_in_form_values_stays_inside_the_attribute(world, client_as):
    editor = client_as("a-editor")
    response = editor.form("/t/stadt-a/hinweise/neu", {"titel": XSS + "x" * 300, "text": ""})
    assert response.status_code == 422
    value = re.search(r'<input id="titel" name="titel"[^>]*value="([^"]*)"', response.text).group(1)
    assert html.unescape(value) == XSS + "x" * 300


def test_security_headers_on_pages_api_and_errors(world, client_as):
    client = client_as(None)
    for url in ["/", "/api/health", "/gibt-es-nicht", "/static/stellwerk.css"]:
        headers = client.get(url).headers
        csp = headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"


def test_no_inline_script_or_style_in_pages(world, client_as):
    admin = client_as("a-admin")
    for url in ["/", "/t/stadt-a/", "/t/stadt-a/hinweise", "/t/stadt-a/mitglieder", "/konto", "/anmelden"]:
        text = admin.get(url).text
        assert re.search(r"<script(?![^>]*\bsrc=)", text) is None, url
        assert " style=" not in text and "<style" not in text, url
        assert re.search(r"<[^>]+\son\w+\s*=", text) is None, url  # no inline event handlers


def test_error_pages_are_german_and_without_stack_trace(world, client_as):
    response = client_as(None).get("/gibt-es-nicht")
    assert response.status_code == 404 and "Seite nicht gefunden" in response.text

    app = create_app(world.workspace)
    router = APIRouter()

    @router.get("/kaputt")
    def broken():
        raise RuntimeError("geheimes Detail im Stacktrace")

    app.include_router(router)
    from fastapi.testclient import TestClient

    with TestClient(app, base_url="https://testserver", raise_server_exceptions=False) as client:
        page = client.get("/kaputt")
        api = client.get("/api/kaputt")
    assert page.status_code == 500 and "Interner Fehler" in page.text
    assert "geheimes Detail" not in page.text and "Traceback" not in page.text
    assert "content-security-policy" in page.headers
    assert api.status_code == 404


def test_forbidden_page_for_signed_in_user_and_redirect_for_anonymous(world, client_as):
    viewer = client_as("a-viewer")
    response = viewer.get("/t/stadt-a/protokoll")
    assert response.status_code == 403 and "Keine Berechtigung" in response.text
    anonymous = client_as(None).get("/t/stadt-a/protokoll", follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"] == "/anmelden?weiter=/t/stadt-a/protokoll"


def test_english_by_cookie_and_accept_language_german_by_default(world, client_as):
    client = client_as(None)
    assert "Alle Arbeitsbereiche" in client.get("/").text
    assert 'lang="de"' in client.get("/").text
    english = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.8"}).text
    assert "All workspaces" in english and 'lang="en"' in english
    response = client.form("/sprache", {"lang": "en", "weiter": "/t/stadt-a/"})
    assert response.status_code == 303 and response.headers["location"] == "/t/stadt-a/"
    assert "Key indicators" in client.get("/t/stadt-a/").text


def test_language_switch_does_not_redirect_elsewhere(world, client_as):
    client = client_as(None)
    assert client.form("/sprache", {"lang": "en", "weiter": "//evil.example/"}).headers["location"] == "/"


def test_start_page_shows_panels_with_empty_states_and_only_published_notices(world, client_as):
    _new_notice(world, "Öffentlicher Hinweis", published=True)
    _new_notice(world, "Interner Hinweis")
    text = client_as(None).get("/t/stadt-a/").text
    for title in ["Kennzahlen", "Ziele", "Datenlage", "Selbstcheck"]:
        assert f">{title}</h2>" in text
    assert "Noch keine Ziele" in text
    assert "Öffentlicher Hinweis" in text and "Interner Hinweis" not in text
    assert "Interner Hinweis" in client_as("a-viewer").get("/t/stadt-a/").text


def test_sign_in_sets_hardened_cookies_and_sign_out_ends_the_session(world, client_as):
    client = client_as(None)
    client.get("/anmelden")
    response = client.form("/anmelden", {"benutzername": "b-viewer", "passwort": PASSWORD, "weiter": "/t/stadt-b/"})
    assert response.status_code == 303 and response.headers["location"] == "/t/stadt-b/"
    cookies = "\n".join(response.headers.get_list("set-cookie"))
    session_cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("stellwerk_session="))
    assert "HttpOnly" in session_cookie and "Secure" in session_cookie and "samesite=lax" in session_cookie.lower()
    assert "stellwerk_csrf=" in cookies  # rotated at sign-in
    assert client.get("/api/me").json()["username"] == "b-viewer"
    client.form("/abmelden")
    assert client.get("/api/me").status_code == 401


def test_wrong_password_gives_a_german_message(world, client_as):
    client = client_as(None)
    response = client.form("/anmelden", {"benutzername": "b-editor", "passwort": "falsch-falsch"})
    assert response.status_code == 401 and "Benutzername oder Passwort ist falsch." in response.text


def test_publishing_is_recorded_in_the_audit_trail(world, client_as):
    from .conftest import fresh_notices

    ids = fresh_notices(world)
    admin = client_as("a-admin")
    response = admin.form(f"/t/stadt-a/hinweise/{ids['internal']}/sichtbarkeit", {"sichtbarkeit": "published"})
    assert response.status_code == 303
    entries = admin.get("/api/t/stadt-a/protokoll").json()
    publish = next(e for e in entries if e["action"] == "publish" and e["object_id"] == str(ids["internal"]))
    assert publish["actor"] == "a-admin" and publish["object_type"] == "notice"
    assert publish["before"]["visibility"] == "internal" and publish["after"]["visibility"] == "published"
    assert "veröffentlicht" in admin.get("/t/stadt-a/protokoll").text


def test_oversized_request_is_refused(world, client_as):
    editor = client_as("a-editor")
    response = editor.post("/t/stadt-a/hinweise/neu", content=b"x" * (21 * 1024 * 1024),
                           headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 413


def test_bearer_read_token_cannot_write(world, client_as):
    from stellwerk.accounts.sessions import create_api_token
    from stellwerk.accounts.users import get_user

    with world.workspace.session() as session:
        _, plain = create_api_token(session, get_user(session, "a-admin"), "nur lesen", "read")
    client = client_as(None)
    headers = {"Authorization": f"Bearer {plain}"}
    assert client.get("/api/t/stadt-a/protokoll", headers=headers).status_code == 403
    assert client.get("/api/t/stadt-a/hinweise", headers=headers).status_code == 200
    assert client.post("/api/t/stadt-a/hinweise", json={"title": "x"}, headers=headers).status_code == 403
    assert client.get("/api/me", headers={"Authorization": "Bearer falsch"}).status_code == 401

# SPDX-License-Identifier: EUPL-1.2
"""Account flows through the web: members, reset links, throttling, tokens, read grants."""
import re

from stellwerk.accounts.tenants import create_tenant, get_tenant, grant_read
from stellwerk.accounts.users import create_user, grant_role

from .conftest import PASSWORD


def test_admin_adds_member_issues_reset_link_and_user_sets_password(world, client_as):
    with world.workspace.session() as session:
        create_user(session, "neu-person", None, "Neue Person")
    admin = client_as("a-admin")
    assert admin.form("/t/stadt-a/mitglieder", {"benutzername": "neu-person", "rolle": "editor"}).status_code == 303
    page = admin.get("/t/stadt-a/mitglieder").text
    assert "neu-person" in page and "Bearbeitung" in page
    issued = admin.form("/t/stadt-a/mitglieder/neu-person/ruecksetzlink")
    link = re.search(r'<code class="token">https://testserver(/passwort/[^<]+)</code>', issued.text).group(1)

    visitor = client_as(None)
    assert visitor.get(link).status_code == 200
    mismatch = visitor.form(link, {"passwort": "ein-neues-passwort", "wiederholung": "ein-anderes-passwort"})
    assert mismatch.status_code == 422 and "stimmen nicht überein" in mismatch.text
    done = visitor.form(link, {"passwort": "ein-neues-passwort", "wiederholung": "ein-neues-passwort"})
    assert done.status_code == 303
    assert "Ihr Passwort ist gesetzt" in visitor.get(done.headers["location"]).text
    assert visitor.get(link).status_code == 404  # used up
    signed_in = visitor.form("/anmelden", {"benutzername": "neu-person", "passwort": "ein-neues-passwort"})
    assert signed_in.status_code == 303
    assert visitor.get("/api/me").json()["tenants"] == [{"slug": "stadt-a", "name": "Stadt A", "role": "editor"}]
    entries = admin.get("/api/t/stadt-a/protokoll").json()
    assert {"membership", "password_reset"} <= {e["object_type"] for e in entries}


def test_admin_of_other_tenant_cannot_issue_reset_links_here(world, client_as):
    assert client_as("b-admin").form("/t/stadt-a/mitglieder/a-viewer/ruecksetzlink").status_code == 403


def test_sign_in_is_throttled_per_account(world, client_as):
    with world.workspace.session() as session:
        create_user(session, "gedrosselt", PASSWORD)
    client = client_as(None)
    for _ in range(5):
        assert client.form("/anmelden", {"benutzername": "gedrosselt", "passwort": "falsch-falsch"}).status_code == 401
    blocked = client.form("/anmelden", {"benutzername": "gedrosselt", "passwort": PASSWORD})
    assert blocked.status_code == 429 and "Zu viele fehlgeschlagene Anmeldungen" in blocked.text


def test_token_created_on_account_page_works_once_shown_and_can_be_revoked(world, client_as):
    viewer = client_as("a-viewer")
    created = viewer.form("/konto/tokens", {"name": "Export-Skript", "scope": "read"})
    plain = re.search(r'<code class="token">(sw_[^<]+)</code>', created.text).group(1)
    script = client_as(None)
    assert script.get("/api/me", headers={"Authorization": f"Bearer {plain}"}).json()["token_scope"] == "read"
    assert plain not in viewer.get("/konto").text  # shown only once
    token_id = re.search(r'/konto/tokens/(\d+)/widerrufen', viewer.get("/konto").text).group(1)
    assert viewer.form(f"/konto/tokens/{token_id}/widerrufen").status_code == 303
    assert script.get("/api/me", headers={"Authorization": f"Bearer {plain}"}).status_code == 401


def test_landkreis_reads_its_gemeinde_but_does_not_edit(world, client_as):
    with world.workspace.session() as session:
        kreis = create_tenant(session, "kreis-k", "Landkreis K", "landkreis")
        gemeinde = get_tenant(session, "stadt-a")
        grant_role(session, create_user(session, "kreis-leser", PASSWORD), kreis, "editor")
        grant_read(session, kreis, gemeinde)
    reader = client_as("kreis-leser")
    assert reader.get(f"/t/stadt-a/hinweise/{world.internal_id}").status_code == 200
    assert reader.form("/t/stadt-a/hinweise/neu", {"titel": "vom Kreis"}).status_code == 403
    assert "Interner Hinweis" in reader.get("/t/stadt-a/hinweise").text
    # Only the Gemeinde was granted: another tenant's internal notices stay hidden.
    with world.workspace.session() as session:
        from stellwerk.accounts.notices import create_notice

        hidden = create_notice(session, get_tenant(session, "stadt-b"), "b-editor", "Nur Stadt B").id
    assert reader.get(f"/t/stadt-b/hinweise/{hidden}").status_code == 404


def test_changing_password_signs_out_everywhere(world, client_as):
    with world.workspace.session() as session:
        create_user(session, "wechsler", PASSWORD)
    first, second = client_as("wechsler"), client_as("wechsler")
    wrong = first.form("/konto/passwort", {"aktuell": "falsch", "neu": "x" * 12, "wiederholung": "x" * 12})
    assert wrong.status_code == 422 and "aktuelle Passwort ist falsch" in wrong.text
    changed = first.form("/konto/passwort", {"aktuell": PASSWORD, "neu": "y" * 12, "wiederholung": "y" * 12})
    assert changed.status_code == 303
    assert second.get("/api/me").status_code == 401

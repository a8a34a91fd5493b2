# SPDX-License-Identifier: EUPL-1.2
"""Sign-in, navigation, editing, publishing, CSRF refusal, keyboard use and WCAG checks in Chromium."""
from __future__ import annotations

import re

import pytest

from .conftest import axe_violations, screenshot, sign_in

pytestmark = pytest.mark.browser

# (name, path, user) – every main page; modules add theirs.
MAIN_PAGES = [
    ("start", "/", None),
    ("anmelden", "/anmelden", None),
    ("arbeitsbereich-oeffentlich", "/t/musterstadt/", None),
    ("arbeitsbereich", "/t/musterstadt/", "admin"),
    ("hinweise", "/t/musterstadt/hinweise", "admin"),
    ("hinweis", "/t/musterstadt/hinweise/{published}", "admin"),
    ("hinweis-neu", "/t/musterstadt/hinweise/neu", "editor"),
    ("mitglieder", "/t/musterstadt/mitglieder", "admin"),
    ("protokoll", "/t/musterstadt/protokoll", "admin"),
    ("konto", "/konto", "viewer"),
    ("fehler-404", "/gibt-es-nicht", None),
    ("praxis", "/praxis", None),
    ("konzepte", "/konzepte", None),
    ("aehnliche-kommunen", "/aehnliche-kommunen", None),
    ("gebiete", "/gebiete", None),
    ("indikatoren", "/indikatoren", None),
    ("arbeitsbereich-kennzahlen", "/t/datenstadt/", None),
    ("daten", "/daten", None),
]


@pytest.mark.parametrize("name,path,user", MAIN_PAGES, ids=[p[0] for p in MAIN_PAGES])
def test_main_pages_meet_wcag_21_aa(page, site, name, path, user):
    if user:
        sign_in(page, user)
    page.goto(path.format(published=site.published_id))
    screenshot(page, name)
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []


def test_sign_in_and_navigate_to_every_entry(page, site):
    page.goto("/")
    page.get_by_role("link", name="Anmelden").click()
    page.get_by_label("Benutzername").fill("admin")
    page.get_by_label("Passwort").fill("falsch-falsch")
    page.get_by_role("button", name="Anmelden").click()
    assert page.get_by_role("alert").inner_text() == "Benutzername oder Passwort ist falsch."
    sign_in(page, "admin")
    page.get_by_role("link", name="Stadt Musterstadt").first.click()
    assert page.locator("h1").inner_text() == "Stadt Musterstadt"
    nav = page.get_by_role("navigation", name="Hauptnavigation")
    labels = nav.get_by_role("link").all_inner_texts()
    assert labels[:5] == ["Start", "Gebiete", "Indikatoren", "Daten", "Übersicht"] and "Protokoll" in labels
    for label, heading in [("Hinweise", "Hinweise"), ("Mitglieder", "Mitglieder"), ("Protokoll", "Protokoll"),
                           ("Übersicht", "Stadt Musterstadt")]:
        nav.get_by_role("link", name=label).click()
        assert page.locator("h1").inner_text() == heading
        assert nav.get_by_role("link", name=label).get_attribute("aria-current") == "page"


def test_viewer_sees_no_admin_entries(page, site):
    sign_in(page, "viewer")
    page.goto("/t/musterstadt/")
    labels = page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link").all_inner_texts()
    assert "Mitglieder" not in labels and "Protokoll" not in labels
    assert page.goto("/t/musterstadt/protokoll").status == 403


def test_edit_then_publish_then_public_can_read(page, browser, site):
    sign_in(page, "editor")
    page.goto("/t/musterstadt/hinweise")
    page.get_by_role("link", name="Neuer Hinweis").click()
    page.get_by_label("Titel").fill("Neues Beratungsangebot <b>fett</b>")
    page.get_by_label("Text").fill("Ab März im Stadtteilzentrum.")
    page.get_by_role("button", name="Speichern").click()
    assert page.locator("h1").inner_text() == "Neues Beratungsangebot <b>fett</b>"
    assert page.get_by_role("button", name="Veröffentlichen").count() == 0  # editors cannot publish
    page.get_by_role("link", name="Bearbeiten").click()
    page.get_by_label("Titel").fill("Neues Beratungsangebot")
    page.get_by_role("button", name="Speichern").click()
    notice_url = page.url

    admin = browser.new_context(base_url=site.url, locale="de-DE").new_page()
    sign_in(admin, "admin")
    admin.goto(notice_url)
    admin.get_by_role("button", name="Veröffentlichen").click()
    assert "veröffentlicht" in admin.locator(".meta").inner_text()
    admin.goto("/t/musterstadt/protokoll")
    assert admin.get_by_role("cell", name="veröffentlicht", exact=True).count() >= 1
    screenshot(admin, "protokoll-nach-veroeffentlichung")
    admin.context.close()

    anonymous = browser.new_context(base_url=site.url, locale="de-DE").new_page()
    anonymous.goto("/t/musterstadt/")
    assert anonymous.get_by_role("link", name="Neues Beratungsangebot").count() == 1
    assert anonymous.get_by_text("Entwurf Integrationsbericht").count() == 0
    anonymous.context.close()


def test_form_with_tampered_csrf_token_is_refused(page, site):
    sign_in(page, "editor")
    page.goto("/t/musterstadt/hinweise/neu")
    page.get_by_label("Titel").fill("Sollte nicht entstehen")
    page.locator("main input[name=csrf_token]").evaluate("input => input.value = 'gefälscht'")
    page.get_by_role("button", name="Speichern").click()
    assert page.locator("h1").inner_text() == "Keine Berechtigung"
    assert "CSRF" in page.locator("main").inner_text()
    page.goto("/t/musterstadt/hinweise")
    assert page.get_by_text("Sollte nicht entstehen").count() == 0


def test_keyboard_skip_link_and_focus_order(page, site):
    page.goto("/t/musterstadt/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Zum Inhalt springen"
    assert page.evaluate("() => getComputedStyle(document.activeElement).left") != "-999px"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "inhalt"
    page.keyboard.press("Tab")
    inside_main = page.evaluate("() => document.getElementById('inhalt').contains(document.activeElement)")
    assert inside_main


def test_switch_to_english_and_back(page, site):
    page.goto("/t/musterstadt/")
    page.get_by_label("Sprache").select_option("en")
    page.get_by_role("button", name="Wechseln").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Key indicators").count() == 1
    page.get_by_label("Language").select_option("de")
    page.get_by_role("button", name="Switch").click()
    assert page.get_by_role("heading", name="Kennzahlen").count() == 1
    assert re.search(r"/t/musterstadt/$", page.url)

# SPDX-License-Identifier: EUPL-1.2
"""An own practice entry in Chromium: the editor writes and hands it in, the admin reviews and
publishes it, and only then do visitors find it in the public catalogue."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import axe_violations, screenshot, sign_in

pytestmark = pytest.mark.browser
WORD = "Behördenlotsen"


@pytest.fixture
def other_page(browser, site):
    """A second browser context (another person at another desk)."""
    context = browser.new_context(base_url=site.url, locale="de-DE")
    yield context.new_page()
    context.close()


def _public_hits(page) -> int:
    page.goto(f"/praxis?q={WORD}")
    return int(page.get_by_text(re.compile(r"\d+ Treffer für")).inner_text().split()[0])


def test_draft_review_publish(page, other_page):
    sign_in(page, "editor")
    page.goto("/t/musterstadt/praxis")
    # A faulty form comes back with the field named, and keeps what was typed.
    page.locator("#title").fill(f"{WORD} für Neuzugewanderte")
    page.locator("#field").select_option("Engagement")
    page.locator("#sub_topic").fill("Begleitung")
    page.locator("#summary").evaluate("el => el.removeAttribute('minlength')")
    page.locator("#summary").fill("zu kurz")
    page.locator("#source").fill("Eigene Angaben der Stadt Musterstadt")
    page.get_by_role("button", name="Als Entwurf speichern").click()
    expect(page.get_by_role("alert")).to_contain_text("Feld „Zusammenfassung“: zu kurz, mindestens 20 Zeichen")
    expect(page.locator("#title")).to_have_value(f"{WORD} für Neuzugewanderte")
    page.locator("#summary").fill("Freiwillige begleiten Neuzugewanderte zu Ämtern und helfen bei Anträgen.")
    page.locator("#partners").fill("Freiwilligenagentur\nAusländerbehörde")
    page.get_by_role("button", name="Als Entwurf speichern").click()
    expect(page.locator("h1")).to_have_text(f"{WORD} für Neuzugewanderte")
    expect(page.locator("#practice-state")).to_have_text("Entwurf")
    screenshot(page, "praxis-entwurf")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Zur Prüfung einreichen").click()
    expect(page.locator("#practice-state")).to_have_text("Entwurf, zur Prüfung eingereicht")
    entry_url = page.url
    # Editors cannot review; visitors do not see the draft.
    assert page.get_by_role("button", name="Als geprüft markieren").count() == 0
    assert _public_hits(other_page) == 0

    sign_in(other_page, "admin")
    other_page.goto(entry_url)
    other_page.get_by_role("button", name="Als geprüft markieren").click()
    expect(other_page.locator("#practice-state")).to_have_text("geprüft")
    other_page.get_by_role("button", name="Veröffentlichen").click()
    expect(other_page.locator("#practice-state")).to_have_text("veröffentlicht")
    assert axe_violations(other_page) == []
    other_page.get_by_role("link", name="im öffentlichen Katalog").click()
    expect(other_page.locator("h1")).to_have_text(f"{WORD} für Neuzugewanderte")

    page.context.clear_cookies()
    assert _public_hits(page) == 1
    page.goto("/t/musterstadt/praxis")
    expect(page).to_have_url(re.compile(r"/anmelden"))
    # Withdrawn, it leaves the catalogue again (and the shipped 99 stay alone for other tests).
    other_page.goto(entry_url)
    other_page.get_by_role("button", name="Aus dem Katalog zurückziehen").click()
    expect(other_page.locator("#practice-state")).to_have_text("Entwurf")
    assert _public_hits(page) == 0

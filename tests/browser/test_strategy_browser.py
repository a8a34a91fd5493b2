# SPDX-License-Identifier: EUPL-1.2
"""The Integrationskonzept in Chromium: create, goal, measure, progress, adopt, Fortschreibung, diff; WCAG."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import axe_violations, screenshot, sign_in

pytestmark = pytest.mark.browser


def test_concept_flow_and_accessibility(page, site):
    sign_in(page, "editor")
    page.goto("/t/musterstadt/konzept")
    page.get_by_label("Titel").fill("Integrationskonzept Browser")
    page.get_by_label("Leitbild").fill("Vielfalt gestalten")
    page.get_by_role("button", name="Konzept anlegen").click()
    assert page.locator("h1").inner_text() == "Integrationskonzept Browser"

    page.get_by_text("Ziel hinzufügen", exact=True).first.click()
    page.locator("#ziel-text").fill("Teilhabe stärken")
    page.locator("#ziel-feld").select_option("teilhabe")
    page.get_by_role("button", name="Ziel hinzufügen").click()
    assert page.locator('[data-goal="Z1"]').inner_text() == "keine Daten"

    page.get_by_text("Maßnahme hinzufügen", exact=True).first.click()
    page.locator("#m-titel").fill("Beirat begleiten")
    page.locator("#m-ziele").fill("Z1")
    page.locator("#m-verantwortlich").fill("Integrationsbüro")
    page.get_by_role("button", name="Maßnahme hinzufügen").click()
    page.get_by_text("Fortschritt erfassen").click()
    page.locator("#zeitraum-M1").fill("2025")
    page.locator("#bericht-M1").fill("Drei Sitzungen begleitet")
    page.get_by_role("button", name="Bericht speichern").click()
    assert "Drei Sitzungen begleitet" in page.content()
    screenshot(page, "konzept")
    assert axe_violations(page) == []

    page.locator("#beschlossen_am").fill("2025-03-01")
    page.locator("#ratsbeschluss").fill("DS 12/2025")
    page.get_by_role("button", name="Als beschlossen markieren").click()
    expect(page.locator("#status")).to_have_text("beschlossen")
    adopted_url = page.url
    page.get_by_role("button", name="Fortschreibung beginnen").click()
    page.wait_for_url(lambda url: url != adopted_url)
    expect(page.locator("#status")).to_have_text("Entwurf")
    page.get_by_text("Ziel hinzufügen", exact=True).first.click()
    page.locator("#ziel-text").fill("Sprachförderung ausbauen")
    page.get_by_role("button", name="Ziel hinzufügen").click()
    page.locator("#compare").click()
    assert page.locator("h1").inner_text() == "Vergleich der Fassungen"
    assert "Sprachförderung ausbauen" in page.locator(".diff-added").first.inner_text()
    assert axe_violations(page) == []

# SPDX-License-Identifier: EUPL-1.2
"""The Integrationskonzept in Chromium: create, goal linked to an indicator whose light moves with new
data, measure with a partner actor, progress, evaluation, adopt, Fortschreibung, diff; WCAG."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import axe_violations, screenshot, sign_in

pytestmark = pytest.mark.browser


def _add_year(session, area_id: int, dataset_id: int, year: int, foreigners: int) -> None:
    """Population 100 000 and ``foreigners`` of Kreis 05998 in ``year`` (what a new official table brings)."""
    from stellwerk.observations.models import Observation

    for breakdown, value in (("", 100_000), ("nationality=auslaender", foreigners)):
        session.add(Observation(dataset_id=dataset_id, area_id=area_id, period=f"{year}-12-31", year=year,
                                variable_code="bevoelkerung", breakdown=breakdown, value=value))
    session.flush()


@pytest.fixture(scope="module")
def city_data(site):
    """Kreis 05998 with foreigners' shares 10 % (2015) … 15 % (2020), and a partner actor of Musterstadt."""
    from stellwerk.accounts.tenants import get_tenant
    from stellwerk.geo.models import Area
    from stellwerk.network.edit import add_actor
    from stellwerk.observations.models import Dataset, Variable

    with site.workspace.session() as session:
        if session.get(Variable, "bevoelkerung") is None:
            session.add(Variable(code="bevoelkerung", label="Bevölkerung", unit="Personen"))
        area = Area(level="kreis", code="05998", name="Browserstadt", name_key="browserstadt")
        dataset = Dataset(source="test", table_code="12411-03-03-4", title="Bevölkerung", licence="dl-de/by-2-0",
                          attribution="Statistische Ämter", file_name="browser.csv", file_sha256="d" * 64,
                          importer="test", importer_version="1")
        session.add_all([area, dataset])
        session.flush()
        for year in range(2015, 2021):
            _add_year(session, area.id, dataset.id, year, 10_000 + 1_000 * (year - 2015))
        actor = add_actor(session, get_tenant(session, "musterstadt").id, name="Jobcenter Browserstadt",
                          actor_type="jobcenter", published=True)
        return area.id, dataset.id, actor.id


def test_concept_flow_and_accessibility(page, site, city_data):
    area_id, dataset_id, actor_id = city_data
    sign_in(page, "editor")
    page.goto("/t/musterstadt/konzept")
    page.get_by_label("Titel").fill("Integrationskonzept Browser")
    page.locator("#gebiet").fill("05998")
    page.get_by_label("Leitbild").fill("Vielfalt gestalten")
    page.get_by_role("button", name="Konzept anlegen").click()
    assert page.locator("h1").inner_text() == "Integrationskonzept Browser"

    page.get_by_text("Ziel hinzufügen", exact=True).first.click()
    page.locator("#ziel-text").fill("Teilhabe stärken")
    page.locator("#ziel-feld").select_option("teilhabe")
    page.get_by_role("button", name="Ziel hinzufügen").click()
    assert page.locator('[data-goal="Z1"]').inner_text() == "keine Daten"

    # Link the goal to an indicator: baseline 2015 (10 %) from the data, target 25 % in 2025.
    page.get_by_text("Indikator verknüpfen").first.click()
    page.locator("#indikator-Z1").select_option("auslaenderanteil")
    page.locator("#basisjahr-Z1").fill("2015")
    page.locator("#zielwert-Z1").fill("25")
    page.locator("#zieljahr-Z1").fill("2025")
    page.get_by_role("button", name="Verknüpfen").click()
    # 2020: progress (15 − 10) / 15 = 0.33 behind time share 0.5 → gefährdet
    expect(page.locator('[data-goal="Z1"]')).to_have_text("gefährdet")
    with site.workspace.session() as session:  # new official data for 2021 arrives
        _add_year(session, area_id, dataset_id, 2021, 18_000)
    page.reload()
    # 2021: progress 8/15 = 0.53 ≥ time share 0.6 − 0.1 → auf Kurs
    expect(page.locator('[data-goal="Z1"]')).to_have_text("auf Kurs")

    page.get_by_text("Maßnahme hinzufügen", exact=True).first.click()
    page.locator("#m-titel").fill("Beirat begleiten")
    page.locator("#m-ziele").fill("Z1")
    page.locator("#m-verantwortlich").fill("Integrationsbüro")
    page.locator("#m-akteure").select_option(str(actor_id))
    page.locator("#m-partner").fill("Volkshochschule")
    page.get_by_role("button", name="Maßnahme hinzufügen").click()
    partner = page.locator(f'#massnahme-M1 a[data-actor="{actor_id}"]')
    expect(partner).to_have_text("Jobcenter Browserstadt")
    expect(page.locator("#massnahme-M1 .partners")).to_contain_text("Volkshochschule")
    page.get_by_text("Fortschritt erfassen").click()
    page.locator("#zeitraum-M1").fill("2025")
    page.locator("#bericht-M1").fill("Drei Sitzungen begleitet")
    page.get_by_role("button", name="Bericht speichern").click()
    assert "Drei Sitzungen begleitet" in page.content()
    page.get_by_text("Evaluation erfassen").click()
    page.locator("#e-titel").fill("Zwischenbilanz Beirat")
    page.locator("#e-art").select_option("extern")
    page.locator("#e-ergebnisse").fill("Der Beirat wirkt")
    page.locator("#e-massnahmen").fill("M1")
    page.get_by_role("button", name="Evaluation speichern").click()
    expect(page.locator("section[aria-labelledby=evaluationen]")).to_contain_text("Zwischenbilanz Beirat")
    screenshot(page, "konzept")
    assert axe_violations(page) == []

    # The partner link leads to the actor's row in the network, which lists the measure.
    concept_url = page.url.split("#")[0]
    partner.click()
    page.wait_for_url(f"**/t/musterstadt/netzwerk#akteur-{actor_id}")
    row = page.locator(f"#akteur-{actor_id}")
    expect(row).to_contain_text("M1: Beirat begleiten")
    # The editor's forms on the network page are accessible too.
    for summary in ("Akteur hinzufügen", "Mitgliedschaft hinzufügen", "Beziehung hinzufügen"):
        page.locator("summary", has_text=summary).click()
    expect(page.locator("#ms-gremium")).to_be_visible()
    assert axe_violations(page) == []
    page.goto(concept_url)

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

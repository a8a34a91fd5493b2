# SPDX-License-Identifier: EUPL-1.2
"""A workshop in a real browser (Debian's Chromium through Playwright): an editor starts the
Erfolgsfaktoren-Check, five people answer through the participant link, the results page shows
the radar chart, the table and the disagreement between sectors."""
from __future__ import annotations

import re
import socket
import threading
import time
from pathlib import Path

import pytest

from stellwerk.accounts.sessions import start_session
from stellwerk.accounts.tenants import create_tenant
from stellwerk.accounts.users import create_user, grant_role
from stellwerk.assessment.catalogue import default_catalogue
from stellwerk.config import Settings
from stellwerk.web.app import create_app
from stellwerk.web.deps import SESSION_COOKIE
from stellwerk.workspace import Workspace

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
PEOPLE = [
    ("Frau A.", "verwaltung", "4", "ja"),
    ("Herr B.", "verwaltung", "3", "ja"),
    ("Frau C.", "politik", "1", "nein"),
    ("Herr D.", "zivilgesellschaft", "1", "nein"),
    ("Frau E.", "migrantenorganisation", "0", "nein"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The web app on a free loopback port, with a workspace, a tenant and a signed-in editor."""
    if not CHROMIUM.exists():
        pytest.skip("Debian-Chromium fehlt (scripts/test-services.d/chromium.sh)")
    uvicorn = pytest.importorskip("uvicorn")
    folder = tmp_path_factory.mktemp("browser-assessment")
    workspace = Workspace(Settings(workspace=folder, database_url=f"sqlite:///{folder / 'stellwerk.db'}", data_dir=None))
    workspace.init()
    with workspace.session() as session:
        tenant = create_tenant(session, "musterstadt", "Musterstadt (fiktiv)")
        user = create_user(session, "m-editor", "test-passwort-123", "Editorin")
        grant_role(session, user, tenant, "editor")
        cookie = start_session(session, user)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(workspace), host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    for _ in range(100):
        if instance.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", cookie
    instance.should_exit = True
    thread.join(timeout=10)


def test_workshop_in_the_browser(server):
    sync_api = pytest.importorskip("playwright.sync_api")
    base, cookie = server
    instrument = default_catalogue().instrument("erfolgsfaktoren")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            editor = browser.new_context()
            editor.add_cookies([{"name": SESSION_COOKIE, "value": cookie, "url": base}])
            editor.set_default_timeout(10_000)
            page = editor.new_page()
            page.goto(f"{base}/t/musterstadt/selbstchecks?instrument=erfolgsfaktoren")
            page.fill("#titel", "Workshop im Browser (fiktiv)")
            page.select_option("#modus", "workshop")
            page.select_option("#gemeindetyp", "mittelstadt")
            page.select_option("#land", "NW")
            page.click("form[action$=\"/selbstchecks/start\"] button[type=submit]")
            answer_url = page.get_attribute("#answer-link", "href")
            results_url = page.get_attribute("#results-link", "href")
            assert answer_url and results_url

            for label, sector, level, yes in PEOPLE:
                person = browser.new_context().new_page()  # participants need no account
                person.goto(answer_url)
                person.fill("#teilnehmer", label)
                person.select_option("#sektor", sector)
                for _, item in instrument.items():
                    if item.type == "likert":
                        person.check(f'input[name="q_{item.id}"][value="{level}"]')
                    elif item.type == "yes_no":
                        person.check(f'input[name="q_{item.id}"][value="{yes}"]')
                    elif item.type == "number":
                        person.fill(f"#q_{item.id}", "4")
                person.click("form.questionnaire button[type=submit]")
                person.wait_for_selector("text=Vielen Dank")
                person.context.close()

            page.goto(results_url)
            assert "5 Antwortende" in page.inner_text("main")
            # Querschnitt = (ja/nein ×2 + Likert ×2 + 4 Ämter → Band ab 3 = 50 ×1) / 5, by hand:
            # A (100·2 + 100·2 + 50) / 5 = 90, B (200 + 150 + 50) / 5 = 80, C and D (0 + 50 + 50) / 5 = 20,
            # E (0 + 0 + 50) / 5 = 10 → mean 44; Verwaltung (90 + 80) / 2 = 85 against Migrantenorganisation 10
            row = page.locator("tr", has_text="Integration als Querschnittsaufgabe verankern").first
            cells = [c.strip() for c in row.locator("td").all_inner_texts()]
            sectors = [h.strip() for h in page.locator("table").first.locator("thead th").all_inner_texts()][5:-1]
            assert cells[0] == "44"
            assert dict(zip([s.replace("\u00ad", "") for s in sectors], cells[4:-1])) == {
                "Migrantenorganisation": "10", "Politik": "20", "Verwaltung": "85", "Zivilgesellschaft": "20"}
            assert "gehen auseinander" in row.inner_text()
            radar = page.locator('img[src$="/radar.svg"]')
            assert radar.evaluate("img => img.complete && img.naturalWidth > 0")
            assert page.locator("text=44,4 %").count() >= 1  # DESI 2011, Mittelstädte, overall strategy
            # the print version is offered (its content is checked in tests/functional/test_assessment_web.py)
            assert page.get_attribute("text=Ergebnis als PDF", "href").endswith("/ergebnis.pdf")
        finally:
            browser.close()

# SPDX-License-Identifier: EUPL-1.2
"""Browser tests: the app served by uvicorn in a thread, driven by Debian's Chromium via Playwright.

Playwright's own browser download is never used (no ``playwright install``);
``scripts/test-services.d/chromium.sh`` installs /usr/bin/chromium.
"""
from __future__ import annotations

import os
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from stellwerk.accounts.models import Visibility
from stellwerk.accounts.notices import create_notice, set_visibility
from stellwerk.accounts.tenants import create_tenant
from stellwerk.accounts.users import create_user, grant_role
from stellwerk.config import load_settings
from stellwerk.web.app import create_app
from stellwerk.workspace import Workspace

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PASSWORD = "browser-passwort-1"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
AXE = Path(__file__).with_name("vendor") / "axe.min.js"


@dataclass
class Site:
    url: str
    workspace: Workspace
    published_id: int
    internal_id: int


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _data_tenant(session) -> None:
    """Tenant "datenstadt" on a Kreis with population counts, so the start page panels show figures."""
    import datetime as dt

    from stellwerk.geo.models import Area
    from stellwerk.observations.models import Dataset, Observation, Variable

    session.add(Variable(code="bevoelkerung", label="Bevölkerung", unit="Personen"))
    land = Area(level="land", code="05", name="Nordrhein-Westfalen", name_key="nordrhein-westfalen")
    session.add(land)
    session.flush()
    kreise = [Area(level="kreis", code=code, name=name, name_key=name.lower(), parent_id=land.id)
              for code, name in (("05990", "Datenstadt"), ("05991", "Nachbarkreis Datenstadt"))]
    dataset = Dataset(source="Test", table_code="12411-03-03-4", title="Bevölkerung nach Nationalität",
                      licence="dl-de/by-2-0", attribution="Statistische Ämter des Bundes und der Länder",
                      file_name="t.csv", file_sha256="e" * 64, importer="test", importer_version="1",
                      reference_date=dt.date.today() - dt.timedelta(days=30))
    session.add_all([*kreise, dataset])
    session.flush()
    for year in (2020, 2021, 2022):
        for kreis, foreigners in zip(kreise, (1_000 + 50 * (year - 2020), 400)):
            for breakdown, value in (("", 10_000), ("nationality=auslaender", foreigners)):
                session.add(Observation(dataset_id=dataset.id, area_id=kreis.id, period=f"{year}-12-31", year=year,
                                        variable_code="bevoelkerung", breakdown=breakdown, value=value))
    create_tenant(session, "datenstadt", "Stadt Datenstadt", area_id=kreise[0].id)


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The app with tenant "musterstadt", users admin/editor/viewer and two notices, on a free port."""
    import uvicorn

    workspace = Workspace(load_settings({"STELLWERK_WORKSPACE": str(tmp_path_factory.mktemp("browser"))}))
    workspace.init()
    with workspace.session() as session:
        tenant = create_tenant(session, "musterstadt", "Stadt Musterstadt")
        create_tenant(session, "nachbarort", "Gemeinde Nachbarort", "gemeinde")
        for role in ("admin", "editor", "viewer"):
            grant_role(session, create_user(session, role, PASSWORD, f"{role.title()} Muster"), tenant, role)
        published = create_notice(session, tenant, "editor", "Sprechstunde im Rathaus", "Jeden Dienstag.")
        set_visibility(session, published, "admin", Visibility.PUBLISHED)
        internal = create_notice(session, tenant, "editor", "Entwurf Integrationsbericht", "intern")
        ids = published.id, internal.id
        _data_tenant(session)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(workspace), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    yield Site(f"http://127.0.0.1:{port}", workspace, *ids)
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("Chromium fehlt: scripts/test-services.d/chromium.sh ausführen")
        pytest.skip("Debian's Chromium is not installed (scripts/test-services.d/chromium.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, site):
    """A fresh browser context; fails the test on any CSP violation or script error."""
    context = browser.new_context(base_url=site.url, locale="de-DE")
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.problems = problems
    yield page
    context.close()
    csp = [p for p in problems if "Content Security Policy" in p or "Refused to" in p]
    assert csp == [], "CSP-Verstöße im Browser"


def sign_in(page, username: str) -> None:
    response = page.goto("/anmelden")
    assert response.status == 200, page.content()[:2000]
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def axe_violations(page) -> list[dict]:
    """WCAG 2.1 A/AA violations axe-core finds on the current page."""
    # Evaluated through the DevTools protocol, which the page's CSP does not restrict.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    return [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]]

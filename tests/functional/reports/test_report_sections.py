# SPDX-License-Identifier: EUPL-1.2
"""The steering sections of the report (goals and measures, network, self-check) on the demo content."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from stellwerk.accounts.models import Tenant
from stellwerk.geo.models import Area
from stellwerk.reports.sections import section_scope, steering_sections
from stellwerk.storage import create_db_engine
from tests.functional.reports.conftest import KREIS, _cli

pytestmark = [pytest.mark.data, pytest.mark.slow, pytest.mark.xdist_group("areas")]


def _section(html: str, key: str) -> str:
    match = re.search(rf'<div class="steering" id="abschnitt-{key}".*?</div>', html, re.S)
    assert match, f"section {key} missing"
    return match.group(0)


def test_goals_and_measures_with_their_lights(rendered):
    part = _section(rendered[("koeln", "html")].read_text(encoding="utf-8"), "strategy")
    assert 'data-available="ja"' in part
    assert "Integrationskonzept Musterstadt (fiktives Beispiel), Fassung 1 (beschlossen am 20.06.2013)" in part
    assert "Z1: Die Arbeitslosenquote der Ausländerinnen und Ausländer sinkt deutlich." in part
    assert "M1: Anerkennungsberatung für ausländische Berufsabschlüsse" in part
    assert "Amt für Integration und Vielfalt (fiktiv)" in part
    # every goal indicator row carries a light, computed from Köln's figures (baseline year 2012)
    lights = re.findall(r'<td class="light light-(\w+)"><span class="dot" aria-hidden="true"></span>([^<]+)</td>', part)
    assert lights and all(word in ("auf Kurs", "gefährdet", "verfehlt", "keine Daten") for _, word in lights)
    assert "(2012)" in part and "(05315)" in part
    assert rendered[("koeln", "json")]["sections"]["strategy"]["source"] == "Musterstadt (fiktives Beispiel)"


def test_network_summary_with_indicators(rendered):
    part = _section(rendered[("koeln", "html")].read_text(encoding="utf-8"), "network")
    assert 'data-available="ja"' in part
    figures = dict(re.findall(r"<tr><td>([^<]+)</td><td>([^<]+)</td></tr>", part))
    assert int(figures["Akteure im Netz"]) > 5
    assert int(figures["Kanten (Beziehungen und gemeinsame Gremien)"]) > 0
    assert any(k.startswith("Anteil intersektoraler Kanten") and "%" in v for k, v in figures.items())
    assert "Integrationsbüro Musterstadt" in part or "Vermittler" in part


def test_latest_self_check_with_scores(rendered):
    part = _section(rendered[("koeln", "html")].read_text(encoding="utf-8"), "assessment")
    assert 'data-available="ja"' in part
    assert "Erfolgsfaktoren-Check" in part and "5 Teilnehmende" in part
    assert re.search(r"Gesamtwert \d+ von 100 Punkten", part)
    scores = re.findall(r"<tr><td>([^<]+)</td><td>(\d+)</td>", part)
    assert len(scores) >= 4 and all(0 <= int(points) <= 100 for _, points in scores)
    assert "Integration als Querschnittsaufgabe verankern" in {title for title, _ in scores}


def test_without_tenant_the_sections_say_there_is_no_data(rendered):
    html = rendered[("kreis", "html")].read_text(encoding="utf-8")
    for key in ("strategy", "network", "assessment"):
        part = _section(html, key)
        assert 'data-available="nein"' in part and "Keine Daten" in part


def test_tenant_of_the_area_shows_only_published_content(report_db):
    """Linked by its area (no --tenant), a tenant's published concept and network appear; its
    internal self-check run does not."""
    engine = create_db_engine(report_db)
    with Session(engine) as session:
        kreis = session.scalars(select(Area).where(Area.code == KREIS, Area.level == "kreis")).first()
        for slug in ("musterstadt", "beispielstadt"):
            session.scalars(select(Tenant).where(Tenant.slug == slug)).one().area_id = kreis.id
        session.flush()
        sections = steering_sections(session, section_scope(session, kreis.id))
        session.rollback()
    engine.dispose()
    assert sections["strategy"]["available"] and sections["network"]["available"]
    assert not sections["assessment"]["available"]
    assert "Keine Daten" in sections["assessment"]["message"]


def test_unknown_tenant_is_named_and_the_report_still_renders(report_db, tmp_path):
    out = tmp_path / "x.html"
    result = _cli("report", KREIS, "--tenant", "gibtsnicht", "--set", "kleinraeumig", "--format", "html",
                  "--out", str(out), "--database", report_db)
    assert result.exit_code == 0, result.stderr
    assert "Hinweis: Mandant „gibtsnicht“ gibt es nicht" in result.output
    part = _section(out.read_text(encoding="utf-8"), "strategy")
    assert "Mandant „gibtsnicht“ gibt es nicht (vorhanden: beispielstadt, musterstadt)" in part


def test_a_failing_neighbour_module_ends_only_its_section(report_db, monkeypatch):
    import stellwerk.network.analysis

    def broken(*args, **kwargs):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(stellwerk.network.analysis, "analyse", broken)
    engine = create_db_engine(report_db)
    with Session(engine) as session:
        koeln = session.scalars(select(Area).where(Area.code == "05315", Area.level == "kreis")).one()
        sections = steering_sections(session, section_scope(session, koeln.id, ["musterstadt", "beispielstadt"]))
    engine.dispose()
    assert not sections["network"]["available"]
    assert "konnte nicht erstellt werden" in sections["network"]["message"]
    assert sections["strategy"]["available"] and sections["assessment"]["available"]

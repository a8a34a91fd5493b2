# SPDX-License-Identifier: EUPL-1.2
"""Disclosure control in the report and the exports: small counts of Stadtteile on real data."""
from __future__ import annotations

import re

import pandas as pd
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from stellwerk.geo.models import Area
from stellwerk.indicators.page import area_indicator_view, view_rows
from stellwerk.observations.models import Observation
from stellwerk.reports.content import build_report
from stellwerk.reports.exports import selection_csv
from stellwerk.reports.render import render_html
from stellwerk.reports.selection import select_data
from stellwerk.storage import create_db_engine
from tests.functional.reports.conftest import KOELN

pytestmark = [pytest.mark.data, pytest.mark.slow, pytest.mark.xdist_group("areas")]


@pytest.fixture(scope="module")
def small_count(report_db):
    """One Stadtteil of Köln with only 2 foreign residents in 2012 (changed in a transaction that is
    rolled back): the report of Köln, the report of the Stadtteil and an export of it."""
    engine = create_db_engine(report_db)
    with Session(engine) as session:
        koeln = session.scalars(select(Area).where(Area.code == KOELN, Area.level == "kreis")).one()
        target = session.scalars(select(Area).where(Area.parent_id == koeln.id, Area.level == "stadtteil")
                                 .order_by(Area.code)).first()
        obs = session.scalars(select(Observation).where(
            Observation.area_id == target.id, Observation.year == 2012, Observation.variable_code == "bevoelkerung",
            Observation.breakdown == "nationality=auslaender")).one()
        obs.value = 2
        session.flush()
        city = build_report(session, KOELN, 2012, indicator_set="kleinraeumig")
        result = {"target": {"code": target.code, "name": target.name}, "city": city, "html": render_html(city),
                  "export": select_data(session, ["auslaenderanteil"], [target.code], [2011, 2012]),
                  "own": build_report(session, target.code, 2012, indicator_set="kleinraeumig"),
                  "page": area_indicator_view(session, "auslaenderanteil", KOELN, 2012)}
        session.rollback()
    engine.dispose()
    return result


def _entry(report, indicator_id):
    return next(e for e in report.entries if e.view.indicator.id == indicator_id)


def test_city_table_suppresses_primary_and_secondary_with_footnote(small_count):
    entry = _entry(small_count["city"], "auslaenderanteil")
    rows = {r["code"]: r for r in entry.subareas}
    target = rows[small_count["target"]["code"]]
    assert target["flag"] == "s" and target["numerator"] is None and target["value"] is None
    secondary = [r for code, r in rows.items() if r["flag"] == "s" and code != small_count["target"]["code"]]
    assert secondary, "one suppressed Stadtteil alone could be computed from the city's total"
    assert all(r["numerator"] is not None for r in rows.values() if r["flag"] != "s")
    footnote = next(f for f in small_count["city"].footnotes if f["flag"] == "s")
    assert target["footnote"] == footnote["n"] and "geheim" in footnote["meaning"]
    assert "primär" in entry.disclosure_note and "sekundär" in entry.disclosure_note
    html = small_count["html"]
    row = re.search(rf"<tr><td>{re.escape(small_count['target']['name'])}</td>(.*?)</tr>", html).group(1)
    assert f'href="#fn{footnote["n"]}"' in row and "2,0" not in row
    assert f'<li id="fn{footnote["n"]}"' in html


def test_export_and_own_report_hide_the_same_count(small_count):
    rows = small_count["export"].rows.set_index("jahr")
    assert rows.at[2012, "kennzeichen"] == "s" and pd.isna(rows.at[2012, "wert"]) and pd.isna(rows.at[2012, "zaehler"])
    assert rows.at[2011, "kennzeichen"] == "" and rows.at[2011, "zaehler"] > 2
    assert "primär" in small_count["export"].disclosure_note
    text = selection_csv(small_count["export"]).decode("utf-8")
    assert any(line.startswith('"# Geheimhaltung') or line.startswith("# Geheimhaltung") for line in text.splitlines())
    assert ",2012," in text and ",s," in text
    own = _entry(small_count["own"], "auslaenderanteil")
    assert own.current["flag"] == "s" and own.current["value"] is None
    assert "Geheimhaltung" in own.series_note
    hidden = {r["code"] for r in _entry(small_count["city"], "auslaenderanteil").subareas if r["flag"] == "s"}
    assert not hidden & {r["code"] for r in own.view.peer_rows}, "a peer's share would give its count back"


def test_indicator_page_and_its_download_hide_the_same_cells_as_the_report(small_count):
    """The web page of the indicator (and its CSV/XLSX, built from the same view) is a way out too."""
    report_hidden = {r["code"] for r in _entry(small_count["city"], "auslaenderanteil").subareas if r["flag"] == "s"}
    page = small_count["page"]
    page_hidden = {r["code"] for r in page.subareas if r["flag"] == "s"}
    assert small_count["target"]["code"] in page_hidden
    assert page_hidden == report_hidden
    assert all(r["numerator"] is None and r["value"] is None for r in page.subareas if r["flag"] == "s")
    assert "Geheimhaltung" in page.subarea_note
    downloaded = [r for r in view_rows(page) if r["tabelle"] == "Teilgebiete" and r["schluessel"] in page_hidden]
    assert downloaded and all(r["zaehler"] is None and r["wert"] is None for r in downloaded)

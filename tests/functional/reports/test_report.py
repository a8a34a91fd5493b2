# SPDX-License-Identifier: EUPL-1.2
"""The Integrationsbericht of a Kreis and of Köln on real data: values, footnotes, attribution, PDF pages."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from stellwerk.observations import flags as obs_flags
from tests.functional.reports.conftest import _cli

pytestmark = [pytest.mark.data, pytest.mark.slow, pytest.mark.xdist_group("areas")]


@pytest.mark.parametrize("name", ["kreis", "koeln"])
def test_every_indicator_with_data_appears_with_its_value(rendered, name):
    summary = rendered[(name, "json")]
    html = rendered[(name, "html")].read_text(encoding="utf-8")
    assert summary["indicators"], "the report has no indicator"
    for indicator in summary["indicators"]:
        assert f'data-indicator="{indicator}"' in html
    assert "auslaenderanteil" in summary["indicators"] or name == "kreis"
    assert 'class="chart' in html and "<polyline" in html


def test_koeln_shows_its_stadtteile_and_the_city_attribution(rendered):
    html = rendered[("koeln", "html")].read_text(encoding="utf-8")
    assert "Teilgebiete (stadtteil), 2012" in html
    assert "Altstadt/Süd" in html and "Chorweiler" in html
    assert "Stadt Köln, Amt für Stadtentwicklung und Statistik" in html and "CC BY" in html
    # disclosure: either applied or the missing module is named, never silently skipped
    assert "Geheimhaltung" in html


@pytest.mark.parametrize("name", ["kreis", "koeln"])
def test_every_flagged_value_has_its_footnote(rendered, name):
    html = rendered[(name, "html")].read_text(encoding="utf-8")
    marks = set(re.findall(r'href="#fn(\d+)"', html))
    notes = set(re.findall(r'<li id="fn(\d+)"', html))
    assert marks <= notes
    assert len(notes) == rendered[(name, "json")]["footnotes"]
    for symbol_meaning in re.findall(r'Zeichen „([^“]+)“: ([^.(]+)', html):
        assert obs_flags.label(symbol_meaning[0]).startswith(symbol_meaning[1].strip())


def test_attribution_of_every_dataset(rendered):
    html = rendered[("kreis", "html")].read_text(encoding="utf-8")
    assert rendered[("kreis", "json")]["datasets"]
    for table in rendered[("kreis", "json")]["datasets"]:
        assert f"Tabelle {table}" in html
    assert "Lizenz: dl-de/by-2-0" in html or "Lizenz: Datenlizenz" in html or "Lizenz:" in html


def test_report_workbook_reads_back(rendered):
    book = load_workbook(rendered[("kreis", "xlsx")], read_only=True)
    assert {"Zusammenfassung", "Fußnoten", "Quellen"} <= set(book.sheetnames)
    assert len(book.sheetnames) == 3 + len(rendered[("kreis", "json")]["indicators"])
    sources = list(book["Quellen"].iter_rows(values_only=True))
    assert len(sources) > 1


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils fehlt (scripts/test-services.d/weasyprint.sh)")
@pytest.mark.parametrize("name", ["kreis", "koeln"])
def test_pdf_pages_render_without_empty_charts(rendered, name, tmp_path):
    pdf = rendered[(name, "pdf")]
    assert pdf.read_bytes().startswith(b"%PDF")
    subprocess.run(["pdftoppm", "-r", "30", "-gray", "-f", "1", "-l", "6", str(pdf), str(tmp_path / "p")], check=True)
    pages = sorted(tmp_path.glob("p-*.pgm"))
    assert len(pages) >= 3
    shares = []
    for page in pages:
        data = page.read_bytes()
        pixels = data.split(b"\n", 3)[3]  # P5 header: magic, size, maxval
        shares.append(sum(1 for b in pixels if b < 200) / len(pixels))
    # the pages after the title page carry tables and charts: clearly more than a few dark pixels
    assert all(s > 0.005 for s in shares[1:]), shares


def test_unknown_area_is_a_clear_error(report_db, tmp_path):
    result = _cli("report", "99999", "--format", "html", "--out", str(tmp_path / "x.html"), "--database", report_db)
    assert result.exit_code != 0
    assert "99999" in result.stderr


def test_year_without_data_still_renders(report_db, tmp_path):
    out = tmp_path / "leer.html"
    result = _cli("report", "05158", "--year", "1990", "--set", "kleinraeumig", "--format", "html", "--out", str(out),
                  "--database", report_db)
    assert result.exit_code == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert "Für das Jahr 1990 liegen" in html and "Keine Daten" in html

# SPDX-License-Identifier: EUPL-1.2
"""The Integrationsbericht of a Kreis and of Köln on real data: values, footnotes, attribution, PDF pages."""
from __future__ import annotations

import json
import re
import shutil
import subprocess

import numpy as np
import pytest
from openpyxl import load_workbook

from stellwerk.charts.numbers import number_de
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
    report = rendered[(name, "report")]
    with_value = [e for e in report.entries if e.current is not None and e.current["value"] is not None]
    assert len(with_value) >= 3
    for e in with_value:
        ind = e.view.indicator
        block = re.search(rf'<div class="indicator" id="ind-{ind.id}".*?</div>', html, re.S).group(0)
        shown = f"Wert {report.year}: <strong>{number_de(e.current['value'], ind.decimals)}"
        assert shown in block, (ind.id, e.current)
        # and the whole series, year by year
        for r in e.view.series:
            if r["value"] is not None:
                assert f"<tr><td>{r['year']}</td><td class=\"num\">{number_de(r['value'], ind.decimals)}" in block


@pytest.mark.parametrize("name", ["kreis", "koeln"])
def test_summary_shows_each_key_value_with_its_year(rendered, name):
    """A key indicator without a value in the report year shows its last value and that year, the
    year its median and rank are computed for (never a dash beside a rank of another year)."""
    report = rendered[(name, "report")]
    html = rendered[(name, "html")].read_text(encoding="utf-8")
    summary = html[html.index("Schlüsselindikatoren"):html.index("</table>", html.index("Schlüsselindikatoren"))]
    assert report.summary
    for e in report.summary:
        v = e.view
        assert v.current is not None and v.current["year"] == v.year
        shown = number_de(v.current["value"], v.indicator.decimals) if v.current["value"] is not None else (v.current["flag"] or "–")
        assert f'<tr><td>{v.indicator.title}</td><td class="num">{v.year}</td><td class="num">{shown}' in summary, v.indicator.id
    for e in report.entries:  # in the chapters: no value in the report year → the last one, with its year
        v = e.view
        if (e.current is None or e.current["value"] is None and not e.current["flag"]) and v.current and \
                v.current["value"] is not None and v.year != report.year:
            block = re.search(rf'<div class="indicator" id="ind-{v.indicator.id}".*?</div>', html, re.S).group(0)
            assert f"Letzter Wert ({v.year}): <strong>{number_de(v.current['value'], v.indicator.decimals)}" in block
    book = load_workbook(rendered[(name, "xlsx")])
    rows = list(book["Zusammenfassung"].iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r[0] == "Indikator")
    assert rows[header][:3] == ("Indikator", "Jahr", "Wert")
    assert [r[1] for r in rows[header + 1:header + 1 + len(report.summary)]] == [e.view.year for e in report.summary]


def test_koeln_shows_its_stadtteile_and_the_city_attribution(rendered):
    html = rendered[("koeln", "html")].read_text(encoding="utf-8")
    assert "Teilgebiete auf Ebene Stadtteil, 2012" in html
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


@pytest.mark.parametrize("name", ["kreis", "koeln"])
def test_report_workbook_reads_back(rendered, name):
    book = load_workbook(rendered[(name, "xlsx")], read_only=True)
    assert {"Zusammenfassung", "Steuerung", "Fußnoten", "Quellen"} <= set(book.sheetnames)
    assert len(book.sheetnames) == 4 + len(rendered[(name, "json")]["indicators"])
    sources = list(book["Quellen"].iter_rows(values_only=True))
    assert len(sources) == 1 + len(rendered[(name, "report")].datasets)
    report = rendered[(name, "report")]
    for entry in report.entries:
        ind = entry.view.indicator
        sheet = book[ind.id[:31]]
        rows = [r for r in sheet.iter_rows(min_row=4, values_only=True) if r and r[0] == "Zeitreihe"]
        expected = [(s["year"], s["value"] if s["value"] is not None else s["flag"]) for s in entry.view.series]
        assert [r[3] for r in rows] == [year for year, _ in expected]
        for r, (_, value) in zip(rows, expected):
            assert r[4] == (pytest.approx(value, rel=1e-12) if isinstance(value, float) else value)
    steering = [r[0] for r in book["Steuerung"].iter_rows(values_only=True) if r and r[0]]
    if name == "koeln":
        assert any(str(x).startswith("Z1: ") for x in steering) and "Akteure im Netz" in steering
    else:
        assert sum(1 for x in steering if str(x).startswith("Keine Daten")) == 3


def _ppm(path):
    """Pixels of a binary PPM (P6) as an H×W×3 array."""
    data = path.read_bytes()
    magic, width, height, _ = data.split(maxsplit=3)
    assert magic == b"P6"
    width, height = int(width), int(height)
    return np.frombuffer(data[-width * height * 3:], dtype=np.uint8).reshape(height, width, 3)


SERIES_CAPTION = re.compile(r"hohle\s+Punkte")


@pytest.mark.skipif(shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
                    reason="poppler-utils fehlt (scripts/test-services.d/weasyprint.sh)")
@pytest.mark.parametrize("name", ["kreis", "koeln"])
def test_pdf_pages_render_without_empty_charts(rendered, name, tmp_path):
    """Every page renders; every page with a time-series chart shows chart ink in the chart colour
    (text is black, series, bars and map are drawn in blues), so no chart is blank."""
    pdf = rendered[(name, "pdf")]
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    page_texts = text.split("\f")
    subprocess.run(["pdftoppm", "-r", "50", str(pdf), str(tmp_path / "p")], check=True)
    pages = sorted(tmp_path.glob("p-*.ppm"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    assert len(pages) >= 3
    charts = 0
    for page, page_text in zip(pages, page_texts):
        pixels = _ppm(page).astype(np.int16)
        assert (pixels.max(axis=2) < 200).mean() > 0.003, f"{page.name} is (almost) blank"
        on_page = len(SERIES_CAPTION.findall(page_text))
        if not on_page:
            continue
        r, g, b = pixels[..., 0], pixels[..., 1], pixels[..., 2]
        blue = int(((b - r > 50) & (b - g > 20)).sum())
        # a chart with a single point still has a dot of about 15 pixels; an empty frame has none
        assert blue >= 8 * on_page, f"{page.name}: {on_page} charts but only {blue} pixels in chart colours"
        charts += on_page
    # one time-series chart per indicator with a value, each found on its page with its ink
    entries = rendered[(name, "report")].entries
    with_values = [e for e in entries if any(r["value"] is not None for r in e.view.series)]
    assert charts == len(with_values) > 0
    html = rendered[(name, "html")].read_text(encoding="utf-8")
    assert html.count("Kein Diagramm: ") == len(entries) - len(with_values)
    assert "Keine Werte vorhanden." not in html  # the empty frame of a chart without data


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


def test_area_without_small_area_values_says_so(rendered):
    html = rendered[("kreis", "html")].read_text(encoding="utf-8")
    assert "keine Werte von Teilgebieten vor; Karten und Tabellen der Teilgebiete entfallen" in html
    assert html.count("Keine Daten der Teilgebiete für 2016.") == len(rendered[("kreis", "report")].entries)
    koeln = rendered[("koeln", "html")].read_text(encoding="utf-8")
    assert "keine Werte von Teilgebieten vor" not in koeln


def test_unknown_indicator_set_is_named_and_the_report_still_renders(report_db, tmp_path):
    out = tmp_path / "set.html"
    result = _cli("report", "05158", "--year", "2016", "--set", "gibtsnicht", "--format", "html", "--out", str(out),
                  "--json", "--database", report_db)
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert any("Indikatorenset „gibtsnicht“ gibt es nicht" in m for m in summary["messages"])
    html = out.read_text(encoding="utf-8")
    assert "Indikatorenset „gibtsnicht“ gibt es nicht" in html and "kommunal_kern" in html
    assert summary["indicators"], "all indicators instead of none"


def test_unusable_template_renders_nothing_and_fails(report_db, tmp_path):
    broken = tmp_path / "vorlage"
    broken.mkdir()
    (broken / "report.css").write_text("body {}", encoding="utf-8")
    out = tmp_path / "x.pdf"
    result = _cli("report", "05158", "--format", "pdf", "--template", str(broken), "--out", str(out),
                  "--database", report_db)
    assert result.exit_code != 0
    assert "report.html.j2 fehlt" in result.stderr and not out.exists()

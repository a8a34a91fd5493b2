# SPDX-License-Identifier: EUPL-1.2
"""The report pages and downloads on the small Teststadt workspace (with a hostile Stadtteil name)."""
from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.functional.test_indicators_cli_web import HOSTILE, client, db_url  # noqa: F401  (fixtures)


def test_report_page_links_its_stylesheet_and_escapes_names(client):
    page = client.get("/gebiete/05999/bericht?jahr=2012")
    assert page.status_code == 200
    assert 'href="/berichte/vorlage.css"' in page.text and "<style>" not in page.text  # CSP: no inline style
    assert HOSTILE not in page.text and "&lt;script&gt;" in page.text
    assert 'data-indicator="auslaenderanteil"' in page.text
    assert client.get("/berichte/vorlage.css").text.count("svg .") >= 3


def test_downloads(client):
    pdf = client.get("/gebiete/05999/bericht.pdf?jahr=2012")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = client.get("/gebiete/05999/bericht.xlsx")
    book = load_workbook(io.BytesIO(xlsx.content), read_only=True)
    assert "auslaenderanteil" in book.sheetnames and "Quellen" in book.sheetnames


def test_unknown_area_is_404(client):
    assert client.get("/gebiete/99999/bericht").status_code == 404


def test_cli_template_folder_changes_title(db_url, tmp_path):  # noqa: F811
    import shutil

    from click.testing import CliRunner

    from stellwerk.cli import main
    from stellwerk.reports.template import default_template_dir

    own = tmp_path / "vorlage"
    shutil.copytree(default_template_dir(), own)
    (own / "template.yaml").write_text("title: Integrationsmonitoring Teststadt\nprimary_colour: '#aa0000'\n", encoding="utf-8")
    out = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["report", "05999", "--format", "html", "--out", str(out), "--template", str(own),
                                       "--database", db_url])
    assert result.exit_code == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert "Integrationsmonitoring Teststadt" in html and "#aa0000" in html
    (own / "template.yaml").write_text("primary_colour: rot\n", encoding="utf-8")
    bad = CliRunner().invoke(main, ["report", "05999", "--format", "html", "--out", str(out), "--template", str(own),
                                    "--database", db_url])
    assert bad.exit_code != 0 and "template.yaml" in bad.stderr

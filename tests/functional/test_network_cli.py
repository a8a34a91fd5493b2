# SPDX-License-Identifier: EUPL-1.2
"""The network commands end to end on a fresh SQLite workspace."""
from __future__ import annotations

import json

import networkx as nx
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from stellwerk.cli import main


@pytest.fixture(scope="module")
def workspace_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("cli") / "stellwerk.db"
    url = f"sqlite:///{db}"
    result = CliRunner().invoke(main, ["network", "example", "--database", url, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["created"]["Akteure"] == 22
    return url


def test_analyse_prints_one_json_document(workspace_db):
    result = CliRunner().invoke(main, ["network", "analyse", "musterstadt", "--date", "01.06.2016",
                                       "--compare", "2024-01-01", "--json", "--database", workspace_db])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["first"]["date"] == "2016-06-01" and doc["second"]["date"] == "2024-01-01"
    assert doc["first"]["nodes"] == 21 and doc["change"]["actors_joined"][0]["name"] == "Verband syrischer Familien Musterstadt"
    text = CliRunner().invoke(main, ["network", "analyse", "musterstadt", "--date", "2016-06-01", "--database", workspace_db])
    assert "Schnittstellen" in text.output and "Dichte 0,371" in text.output


def test_export_graphml_and_bad_date(workspace_db, tmp_path):
    out = tmp_path / "m.graphml"
    result = CliRunner().invoke(main, ["network", "export", "musterstadt", "--format", "graphml", "--out", str(out),
                                       "--date", "2016-06-01", "--database", workspace_db])
    assert result.exit_code == 0, result.output
    graph = nx.read_graphml(out)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (21, 78)
    bad = CliRunner().invoke(main, ["network", "analyse", "musterstadt", "--date", "32.13.2016", "--database", workspace_db])
    assert bad.exit_code == 2 and "Kein gültiges Datum" in bad.output


def test_import_errors_go_to_stderr_and_change_nothing(workspace_db, tmp_path):
    path = tmp_path / "vorlage.xlsx"
    assert CliRunner().invoke(main, ["network", "template", "--out", str(path)]).exit_code == 0
    wb = load_workbook(path)
    wb["Beziehungen"]["B2"] = "Integrationsbüro Musterstadt"  # tie to itself
    wb.save(path)
    result = CliRunner().invoke(main, ["import", "network", str(path), "--tenant", "musterstadt", "--database", workspace_db])
    assert result.exit_code == 2
    assert "Blatt 'Beziehungen', Zeile 2, Spalte Akteur B" in result.output and "zu sich selbst" in result.output
    after = CliRunner().invoke(main, ["network", "analyse", "musterstadt", "--json", "--database", workspace_db])
    assert json.loads(after.output)["nodes"] == 22


def test_dry_run_and_duplicates(workspace_db, tmp_path):
    from openpyxl import Workbook

    from stellwerk.network.workbook import SHEETS

    wb = Workbook()
    ws = wb.active
    ws.title = "Akteure"
    ws.append([c.header for c in SHEETS["Akteure"]])
    ws.append(["Jobcenter  Musterstadt gGmbH", "jobcenter"])
    wb.save(tmp_path / "neu.xlsx")
    dry = CliRunner().invoke(main, ["import", "network", str(tmp_path / "neu.xlsx"), "--tenant", "musterstadt",
                                    "--dry-run", "--json", "--database", workspace_db])
    assert dry.exit_code == 0, dry.output
    assert json.loads(dry.output)["created"]["Akteure"] == 1
    report = CliRunner().invoke(main, ["network", "duplicates", "musterstadt", "--json", "--database", workspace_db])
    assert json.loads(report.output)["groups"] == []  # the dry run saved nothing
    CliRunner().invoke(main, ["import", "network", str(tmp_path / "neu.xlsx"), "--tenant", "musterstadt",
                              "--database", workspace_db])
    groups = json.loads(CliRunner().invoke(main, ["network", "duplicates", "musterstadt", "--json",
                                                  "--database", workspace_db]).output)["groups"]
    assert len(groups) == 1 and groups[0]["same_type"]
    keep, drop = (a["id"] for a in groups[0]["actors"])
    merged = CliRunner().invoke(main, ["network", "merge", "musterstadt", str(keep), str(drop), "--json",
                                       "--database", workspace_db])
    assert merged.exit_code == 0 and json.loads(merged.output)["kept"]["id"] == keep
    assert json.loads(merged.output)["measures_moved"] == 0  # no concept names these actors


def test_demo_step_loads_the_example_twice_without_duplicates(tmp_path):
    from stellwerk.cli.demo import _steps
    from stellwerk.config import load_settings
    from stellwerk.workspace import Workspace

    workspace = Workspace(load_settings({"STELLWERK_WORKSPACE": str(tmp_path)}))
    workspace.init()
    [(title, step)] = [s for s in _steps() if "Musterstadt" in s[0]]
    lines: list[str] = []
    step(workspace, tmp_path, lines.append)
    step(workspace, tmp_path, lines.append)
    assert "83 Einträge neu" in lines[0] and "0 Einträge neu, 83 schon vorhanden" in lines[2]
    assert "fiktiv" in title


def test_import_can_create_the_tenant(tmp_path):
    from openpyxl import Workbook

    from stellwerk.network.workbook import SHEETS

    url = f"sqlite:///{tmp_path / 'neu.db'}"
    wb = Workbook()
    ws = wb.active
    ws.title = "Akteure"
    ws.append([c.header for c in SHEETS["Akteure"]])
    ws.append(["Integrationsbüro", "integrationsstelle"])
    wb.save(tmp_path / "liste.xlsx")
    missing = CliRunner().invoke(main, ["import", "network", str(tmp_path / "liste.xlsx"), "--tenant", "neustadt",
                                        "--database", url])
    assert missing.exit_code == 3 and "neustadt" in missing.output
    created = CliRunner().invoke(main, ["import", "network", str(tmp_path / "liste.xlsx"), "--tenant", "neustadt",
                                        "--create-tenant", "Neustadt", "--json", "--database", url])
    assert created.exit_code == 0, created.output
    assert json.loads(created.output)["created"]["Akteure"] == 1

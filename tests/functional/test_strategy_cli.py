# SPDX-License-Identifier: EUPL-1.2
"""``stellwerk strategy``: import, list, show, export, check, revise, diff, adopt – with --json."""
from __future__ import annotations

import json

import pytest
import yaml
from click.testing import CliRunner

from stellwerk.accounts.tenants import create_tenant
from stellwerk.cli import main
from stellwerk.geo.models import Area
from stellwerk.observations.models import Dataset, Observation, Variable
from stellwerk.workspace import open_workspace


@pytest.fixture
def cli_env(tmp_path, monkeypatch):
    """A workspace database with a tenant, a small area series and a concept file."""
    url = f"sqlite:///{tmp_path / 'ws.db'}"
    monkeypatch.setattr(_run, "database", url, raising=False)
    workspace = open_workspace(url)
    workspace.init()
    with workspace.session() as session:
        create_tenant(session, "musterstadt", "Musterstadt")
        session.add(Variable(code="bevoelkerung", label="Bevölkerung", unit="Personen"))
        area = Area(level="kreis", code="05999", name="Musterstadt", name_key="musterstadt")
        ds = Dataset(source="t", table_code="t", title="t", licence="l", attribution="a", file_name="t",
                     file_sha256="d" * 64, importer="t", importer_version="1")
        session.add_all([area, ds])
        session.flush()
        for year in (2015, 2020):
            for breakdown, value in (("", 1000), ("nationality=auslaender", 100 if year == 2015 else 150)):
                session.add(Observation(dataset_id=ds.id, area_id=area.id, period=f"{year}-12-31", year=year,
                                        variable_code="bevoelkerung", breakdown=breakdown, value=value))
    document = {"konzept": {"titel": "Konzept", "gebiet": "05999", "leitbild": "Vielfalt"},
                "ziele": [{"id": "Z1", "text": "Ziel", "handlungsfeld": "teilhabe",
                           "indikatoren": [{"indikator": "auslaenderanteil", "basisjahr": 2015, "zielwert": 20,
                                            "zieljahr": 2025}]}]}
    path = tmp_path / "konzept.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return tmp_path, path


def _run(*args):
    return CliRunner().invoke(main, [*args, "--database", _run.database], catch_exceptions=False)


def test_commands_with_json(cli_env):
    tmp_path, path = cli_env
    dry = _run("strategy", "import", "musterstadt", str(path), "--dry-run", "--json")
    assert dry.exit_code == 0 and json.loads(dry.output)["gespeichert"] is False
    assert json.loads(_run("strategy", "list", "musterstadt", "--json").output) == []
    made = json.loads(_run("strategy", "import", "musterstadt", str(path), "--json").output)
    cid = str(made["id"])
    shown = json.loads(_run("strategy", "show", "musterstadt", cid, "--json").output)
    # p = (15 − 10) / (20 − 10) = 0.5 after five of ten years → on track
    assert shown["ziele"][0]["ampel"] == "auf Kurs"
    assert shown["ziele"][0]["indikatoren"][0]["basiswert"] == pytest.approx(10.0)
    check = json.loads(_run("strategy", "check", "musterstadt", cid, "--json").output)
    assert {i["id"]: i["erfuellt"] for i in check}["leitbild"] is True
    out = tmp_path / "k.xlsx"
    assert _run("strategy", "export", "musterstadt", cid, "--format", "xlsx", "--out", str(out)).exit_code == 0
    html = tmp_path / "k.html"
    assert _run("strategy", "export", "musterstadt", cid, "--format", "html", "--out", str(html)).exit_code == 0
    assert "<style>" in html.read_text(encoding="utf-8")
    assert _run("strategy", "import", "musterstadt", str(out), "--into", cid).exit_code == 0
    refused = _run("strategy", "revise", "musterstadt", cid)
    assert refused.exit_code != 0 and "beschlossen" in refused.output
    assert _run("strategy", "adopt", "musterstadt", cid, "--date", "2024-01-10", "--ref", "DS 1").exit_code == 0
    new = json.loads(_run("strategy", "revise", "musterstadt", cid, "--json").output)
    diff = json.loads(_run("strategy", "diff", "musterstadt", cid, str(new["id"]), "--json").output)
    assert diff["ziele"] == {"hinzugefuegt": [], "entfernt": [], "geaendert": []}
    assert diff["konzept"]  # status, version and council decision differ


def test_bad_file_is_refused_with_the_field_named(cli_env):
    tmp_path, _ = cli_env
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump({"konzept": {"titel": "x"}, "massnahmen": [
        {"id": "M1", "titel": "x", "beginn": "2024-05-01", "ende": "2024-01-01"}]}), encoding="utf-8")
    result = _run("strategy", "import", "musterstadt", str(bad))
    assert result.exit_code != 0
    assert "bad.yaml" in result.output and "Ende" in result.output and "Beginn" in result.output
    assert json.loads(_run("strategy", "list", "musterstadt", "--json").output) == []


def test_partner_actor_of_another_tenant_is_refused(cli_env):
    from stellwerk.network.edit import add_actor

    tmp_path, _ = cli_env
    with open_workspace(_run.database).session() as session:
        other = create_tenant(session, "nachbarort", "Nachbarort")
        foreign = add_actor(session, other.id, name="Jobcenter Nachbarort", actor_type="jobcenter").id
    bad = tmp_path / "partner.yaml"
    bad.write_text(yaml.safe_dump({"konzept": {"titel": "x"}, "massnahmen": [
        {"id": "M1", "titel": "x", "partner": [{"name": "JC", "akteur_id": foreign}]}]}), encoding="utf-8")
    result = _run("strategy", "import", "musterstadt", str(bad))
    assert result.exit_code == 2
    assert "partner.yaml" in result.output and f"Maßnahme M1 › Partner 1: Akteur-Nr. {foreign}" in result.output
    assert json.loads(_run("strategy", "list", "musterstadt", "--json").output) == []

# SPDX-License-Identifier: EUPL-1.2
"""``stellwerk users``, ``tenants``, ``backup`` and ``restore`` on a real workspace."""
import json

import pytest
from click.testing import CliRunner

from stellwerk.cli import main


@pytest.fixture
def run(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(main, [*args, "--database", url], input=input, catch_exceptions=False)

    assert invoke("init").exit_code == 0
    return invoke


def test_tenants_and_users_round_trip(run, tmp_path):
    assert run("tenants", "add", "musterstadt", "Musterstadt").exit_code == 0
    added = run("users", "add", "anna", "--name", "Anna Müller", "--password-stdin", "--json",
                input="ein-langes-passwort\n")
    assert added.exit_code == 0 and json.loads(added.output)["username"] == "anna"
    assert run("users", "grant", "anna", "musterstadt", "admin").exit_code == 0
    listed = json.loads(run("users", "list", "--json").output)
    assert listed == [{"username": "anna", "display_name": "Anna Müller", "active": True,
                       "global_role": None, "roles": {"musterstadt": "admin"}}]
    assert run("users", "disable", "anna").exit_code == 0
    assert json.loads(run("users", "list", "--json").output)[0]["active"] is False
    tenants = json.loads(run("tenants", "list", "--json").output)
    assert tenants == [{"slug": "musterstadt", "name": "Musterstadt", "kind": "kommune", "readers": []}]

    path = tmp_path / "sicherung.json"
    assert run("backup", str(path), "--tenant", "musterstadt").exit_code == 0
    refused = CliRunner().invoke(main, ["restore", str(path), "--database", f"sqlite:///{tmp_path / 'cli.db'}"])
    assert refused.exit_code == 2 and "gibt es schon" in refused.output
    assert run("restore", str(path), "--replace").exit_code == 0


def test_errors_are_german_with_non_zero_exit(tmp_path):
    url = f"sqlite:///{tmp_path / 'e.db'}"
    runner = CliRunner()
    assert runner.invoke(main, ["init", "--database", url]).exit_code == 0
    short = runner.invoke(main, ["users", "add", "x1", "--password-stdin", "--database", url], input="kurz\n")
    assert short.exit_code == 2 and "zu kurz" in short.output
    missing = runner.invoke(main, ["users", "grant", "niemand", "nirgendwo", "viewer", "--database", url])
    assert missing.exit_code == 3 and "nicht gefunden" in missing.output

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


def test_tenant_is_assigned_an_area_by_code_or_name(run, tmp_path):
    from sqlalchemy import create_engine, select
    from sqlalchemy.orm import Session

    from stellwerk.accounts.models import Tenant
    from stellwerk.geo.models import Area
    from stellwerk.geo.names import name_key

    engine = create_engine(f"sqlite:///{tmp_path / 'cli.db'}")
    with Session(engine) as session:
        session.add(Area(level="kreis", code="05315", name="Köln", name_key=name_key("Köln")))
        session.commit()
    added = run("tenants", "add", "koeln", "Stadt Köln", "--area", "05315", "--json")
    assert added.exit_code == 0 and json.loads(added.output)["area"] == "05315"
    assert run("tenants", "add", "ohne", "Ohne Gebiet").exit_code == 0
    moved = run("tenants", "set-area", "ohne", "Köln")
    assert moved.exit_code == 0 and "Köln (05315)" in moved.output
    unknown = CliRunner().invoke(main, ["tenants", "set-area", "ohne", "Atlantis",
                                        "--database", f"sqlite:///{tmp_path / 'cli.db'}"])
    assert unknown.exit_code != 0 and "Kein Gebiet gefunden" in unknown.output
    with Session(engine) as session:
        areas = dict(session.execute(select(Tenant.slug, Tenant.area_id)).all())
        köln = session.scalar(select(Area.id).where(Area.code == "05315"))
    assert areas == {"koeln": köln, "ohne": köln}
    engine.dispose()

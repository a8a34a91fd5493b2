# SPDX-License-Identifier: EUPL-1.2
"""Docs that come from code must not drift from it."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from stellwerk.cli import main
from stellwerk.config import SETTINGS

ROOT = Path(__file__).resolve().parents[2]


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [s.env for s in SETTINGS if f"`{s.env}`" not in readme] == []


def test_readme_names_exactly_the_two_setup_commands_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
    assert "make test" in ci


def test_the_readme_links_every_document_under_docs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [p.name for p in sorted((ROOT / "docs").glob("*.md")) if f"(docs/{p.name})" not in readme]
    assert missing == []


def test_every_command_has_a_german_help_text():
    runner = CliRunner()

    def walk(group, path):
        for name, command in group.commands.items():
            assert command.help, f"{' '.join(path + [name])} hat keinen Hilfetext"
            if hasattr(command, "commands"):
                walk(command, path + [name])

    walk(main, ["stellwerk"])
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "Integrationspolitik" in result.output

# SPDX-License-Identifier: EUPL-1.2
"""The ``stellwerk`` command line: thin commands over the modules.

Each topic lives in its own module and is registered in ``COMMAND_MODULES``;
a module exposes ``register(group)``.
"""
from __future__ import annotations

from importlib import import_module

import click

from stellwerk import __version__

COMMAND_MODULES: tuple[str, ...] = (
    "stellwerk.cli.workspace_cmds",
    "stellwerk.cli.import_cmds",
    "stellwerk.cli.sources_cmds",
    "stellwerk.cli.areas_cmds",
    "stellwerk.cli.assessment_cmds",
    "stellwerk.cli.survey_cmds",
    "stellwerk.cli.users_cmds",
    "stellwerk.cli.backup_cmds",
    "stellwerk.cli.knowledge_cmds",
    "stellwerk.cli.indicators_cmds",
    "stellwerk.cli.network_cmds",
    "stellwerk.cli.register_cmds",
    "stellwerk.cli.strategy_cmds",
    "stellwerk.cli.reports_cmds",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="stellwerk")
def main() -> None:
    """Stellwerk – Steuerung kommunaler Integrationspolitik.

    Amtliche Daten importieren, Indikatoren berechnen, Integrationskonzepte
    steuern und Berichte erzeugen. Konfiguration über Umgebungsvariablen
    (STELLWERK_DATABASE_URL, STELLWERK_DATA_DIR, STELLWERK_WORKSPACE).
    """


for _name in COMMAND_MODULES:
    import_module(_name).register(main)

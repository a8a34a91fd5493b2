# SPDX-License-Identifier: EUPL-1.2
"""``stellwerk import KIND PATH...``: one subcommand per input format."""
from __future__ import annotations

from importlib import import_module

import click

# Modules whose ``register(import_group)`` adds their import subcommands.
IMPORT_MODULES: tuple[str, ...] = ("stellwerk.cli.geo_import_cmds",)


@click.group(name="import")
def import_group() -> None:
    """Amtliche Tabellen und eigene Daten importieren (KIND wählt das Format)."""


def register(group: click.Group) -> None:
    for name in IMPORT_MODULES:
        import_module(name).register(import_group)
    group.add_command(import_group)

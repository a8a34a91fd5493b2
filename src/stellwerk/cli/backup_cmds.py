# SPDX-License-Identifier: EUPL-1.2
"""``stellwerk backup`` and ``stellwerk restore``: one tenant's data as a JSON file."""
from __future__ import annotations

import json
from pathlib import Path

import click

from stellwerk.cli.output import database_option, handle_errors


def register(group: click.Group) -> None:
    group.add_command(backup)
    group.add_command(restore)


@click.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--tenant", "slug", required=True, help="Kürzel des Arbeitsbereichs.")
@database_option
@handle_errors
def backup(path: Path, slug: str, database_url: str | None) -> None:
    """Alle Daten eines Arbeitsbereichs nach PATH sichern (JSON)."""
    from stellwerk.accounts.backup import backup_tenant
    from stellwerk.workspace import open_workspace

    with open_workspace(database_url).session() as session:
        document = backup_tenant(session, slug)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    rows = sum(len(rows) for rows in document["tables"].values())
    click.echo(f"Arbeitsbereich {slug} gesichert: {rows} Zeilen in {path}")


@click.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Einen vorhandenen Arbeitsbereich gleichen Kürzels ersetzen.")
@database_option
@handle_errors
def restore(path: Path, replace: bool, database_url: str | None) -> None:
    """Einen Arbeitsbereich aus der Sicherung PATH wiederherstellen."""
    from stellwerk.accounts.backup import restore_tenant
    from stellwerk.errors import InputError
    from stellwerk.workspace import open_workspace

    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"Die Datei ist kein gültiges JSON: {error}", file=str(path)) from error
    workspace = open_workspace(database_url)
    workspace.init()
    with workspace.session() as session:
        tenant = restore_tenant(session, document, replace=replace)
        slug = tenant.slug
    click.echo(f"Arbeitsbereich {slug} wiederhergestellt.")

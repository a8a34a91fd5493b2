# SPDX-License-Identifier: EUPL-1.2
"""Workspace commands: init, serve, demo."""
from __future__ import annotations

import click

from stellwerk.cli.output import database_option, handle_errors


def register(group: click.Group) -> None:
    group.add_command(init)
    group.add_command(serve)
    group.add_command(demo)


@click.command()
@database_option
@handle_errors
def init(database_url: str | None) -> None:
    """Arbeitsbereich anlegen und die Datenbank auf das neueste Schema bringen."""
    from stellwerk.workspace import open_workspace

    workspace = open_workspace(database_url)
    workspace.init()
    click.echo(f"Arbeitsbereich bereit: {workspace.settings.workspace}")
    click.echo(f"Datenbank: {workspace.engine.url.render_as_string(hide_password=True)}")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Adresse, an der der Server lauscht.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port des Servers.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Anzahl der Server-Prozesse (für den Betrieb: so viele wie Prozessorkerne).")
@database_option
@handle_errors
def serve(host: str, port: int, workers: int, database_url: str | None) -> None:
    """Die Web-Anwendung starten."""
    from stellwerk.web.server import serve as run_server
    from stellwerk.workspace import open_workspace

    workspace = open_workspace(database_url)
    workspace.init()
    click.echo(f"Stellwerk läuft auf http://{host}:{port}/ mit {workers} Prozess{'en' if workers > 1 else ''} "
               "(Beenden mit Strg+C)")
    run_server(workspace, host, port, workers)


@click.command()
@click.option("--serve/--no-serve", "do_serve", default=True, help="Danach die Web-Anwendung starten.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@database_option
@handle_errors
def demo(do_serve: bool, host: str, port: int, database_url: str | None) -> None:
    """Arbeitsbereich anlegen, alle gefundenen amtlichen Daten importieren, Web-Anwendung starten."""
    from stellwerk.cli.demo import run_demo
    from stellwerk.workspace import open_workspace

    workspace = open_workspace(database_url)
    run_demo(workspace)
    if do_serve:
        from stellwerk.web.server import serve as run_server

        click.echo(f"\nStellwerk läuft auf http://{host}:{port}/ (Beenden mit Strg+C)")
        run_server(workspace, host, port)

# SPDX-License-Identifier: EUPL-1.2
"""``stellwerk areas``: look up Gebiete."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click
from sqlalchemy.orm import Session

from stellwerk.cli.output import database_option, emit_json, handle_errors, json_option
from stellwerk.geo.models import Level


@click.group(name="areas")
def areas_group() -> None:
    """Gebiete (Länder, Kreise, Gemeinden, Stadtteile) nachschlagen."""


@contextmanager
def workspace_session(database_url: str | None) -> Iterator[Session]:
    """A session on the (migrated) workspace database; the engine is closed afterwards."""
    from stellwerk.workspace import open_workspace

    workspace = open_workspace(database_url)
    try:
        workspace.init()
        with workspace.session() as session:
            yield session
    finally:
        workspace.engine.dispose()


def _number(value: Any) -> str:
    return "–" if value is None else f"{value:,}".replace(",", ".")


@areas_group.command(name="show")
@click.argument("query")
@json_option
@database_option
@handle_errors
def show(query: str, as_json: bool, database_url: str | None) -> None:
    """Ein Gebiet per Schlüssel (ARS, AGS, Kreis- oder Landschlüssel) oder Name zeigen."""
    from stellwerk.geo.search import describe_area, resolve_area

    with workspace_session(database_url) as session:
        resolution = resolve_area(session, query)
        document = describe_area(session, resolution.area, resolution.also)
    if as_json:
        emit_json(document)
        return
    click.echo(f"{document['name']} ({document['type'] or document['level_label']}, {document['level_label']} {document['code']})")
    click.echo(f"  ARS {document['ars']}" + (f", AGS {document['ags']}" if document["ags"] else ""))
    if document["land"]:
        click.echo(f"  Land: {document['land']['name']} ({document['ost_west']})")
    if document["parents"]:
        click.echo("  Übergeordnet: " + " › ".join(p["name"] for p in document["parents"]))
    if document["gebietsstand"]:
        flag = f" [{document['population_flag']}]" if document["population_flag"] else ""
        click.echo(
            f"  Bevölkerung am {document['gebietsstand']:%d.%m.%Y}: {_number(document['population'])}{flag}"
            + (f", Fläche {document['area_km2']:.2f} km²".replace(".", ",") if document["area_km2"] else "")
        )
    if document["size_class"]:
        click.echo(f"  Gemeindegrößenklasse: {document['size_class']}")
    stands = ", ".join(f"{d:%d.%m.%Y}" for d in document["gebietsstaende"])
    click.echo(f"  Gebietsstände: {stands}")
    if document["valid_to"]:
        click.echo(f"  Nicht mehr im Gebietsstand vom {document['valid_to']:%d.%m.%Y}")
    for other in document["same_unit"]:
        click.echo(f"  Dieselbe Stadt auch als {Level.LABELS.get(other['level'], other['level'])} {other['code']}")


@areas_group.command(name="list")
@click.option(
    "--level",
    type=click.Choice([lvl for lvl in Level.ORDER if lvl not in (Level.STADTBEZIRK, Level.STADTTEIL)]),
    default=Level.LAND,
    show_default=True,
    help="Ebene der Gebiete.",
)
@click.option("--land", metavar="SCHLÜSSEL", help="Nur Gebiete dieses Landes (z. B. 09 für Bayern).")
@click.option("--in", "within", metavar="SCHLÜSSEL", help="Nur Gebiete unter diesem Schlüssel (z. B. Kreis 09763).")
@click.option("--all", "include_ended", is_flag=True, help="Auch Gebiete, die es nicht mehr gibt.")
@json_option
@database_option
@handle_errors
def list_cmd(
    level: str, land: str | None, within: str | None, include_ended: bool, as_json: bool, database_url: str | None
) -> None:
    """Gebiete einer Ebene auflisten, mit Bevölkerung des neuesten Gebietsstands."""
    from stellwerk.geo.search import list_areas

    with workspace_session(database_url) as session:
        rows = list_areas(session, level, land=land, within=within, include_ended=include_ended)
    if as_json:
        emit_json(rows)
        return
    for row in rows:
        size = f"  {row['size_class']}" if row["size_class"] else ""
        click.echo(f"{row['code']:<12} {row['name']:<45} {row['type'] or '':<26} {_number(row['population']):>12}{size}")
    click.echo(f"{len(rows)} Gebiete", err=True)


def register(group: click.Group) -> None:
    group.add_command(areas_group)

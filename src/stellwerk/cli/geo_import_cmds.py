# SPDX-License-Identifier: EUPL-1.2
"""``stellwerk import gv|kreise|crosswalk|geometries``: the geo importers on the command line."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from stellwerk.cli.areas_cmds import workspace_session
from stellwerk.cli.output import database_option, emit_json, handle_errors, json_option, stderr_progress
from stellwerk.geo.models import Level

__all__ = ["register"]


def _run(
    paths: tuple[Path, ...],
    dry_run: bool,
    as_json: bool,
    database_url: str | None,
    importer: Callable[..., Any],
) -> None:
    """Import each path in one transaction; with --dry-run roll everything back."""
    with workspace_session(database_url) as session:
        results = [importer(session, path, stderr_progress) for path in paths]
        if dry_run:
            session.rollback()
    documents = []
    for result in results:
        result.dry_run = dry_run
        documents.append(result.to_dict())
    if as_json:
        emit_json(documents[0] if len(documents) == 1 else documents)
        return
    for result in results:
        click.echo(_describe(result))


def _de(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _describe(result: Any) -> str:
    prefix = "Probelauf – " if result.dry_run else ""
    if result.status == "unchanged":
        return f"{prefix}{result.file}: schon importiert (gleiche Prüfsumme), nichts geändert."
    parts = ", ".join(f"{_de(count)} {Level.LABELS.get(name, name)}" for name, count in result.counts.items())
    label = {"crosswalk": "Ziel-Gebietsstand", "geometry": "Stand"}.get(result.kind, "Gebietsstand")
    stand = f" {label} {result.reference_date:%d.%m.%Y}:" if result.reference_date else ":"
    text = f"{prefix}{result.file}:{stand} {parts}"
    if result.kind in ("gv", "kreise"):
        text += (
            f" ({_de(result.new_areas)} neu, {_de(result.updated_areas)} aktualisiert,"
            f" {_de(result.ended_areas)} beendet)"
        )
    for warning in result.warnings:
        text += f"\n  Hinweis: {warning}"
    return text


path_argument = click.argument(
    "paths", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=True)
)
dry_run_option = click.option("--dry-run", is_flag=True, help="Nur prüfen, nichts speichern.")


@click.command(name="gv")
@path_argument
@dry_run_option
@json_option
@database_option
@handle_errors
def import_gv_cmd(paths: tuple[Path, ...], dry_run: bool, as_json: bool, database_url: str | None) -> None:
    """Gemeindeverzeichnis GV-ISys „Auszug“ (.xls/.xlsx) als Gebietsstand importieren."""
    from stellwerk.geo.importing import import_gv

    _run(paths, dry_run, as_json, database_url, import_gv)


@click.command(name="kreise")
@path_argument
@dry_run_option
@json_option
@database_option
@handle_errors
def import_kreise_cmd(paths: tuple[Path, ...], dry_run: bool, as_json: bool, database_url: str | None) -> None:
    """GV-ISys-Tabelle „Kreisfreie Städte und Landkreise“ (04-Kreise) als Gebietsstand importieren."""
    from stellwerk.geo.importing import import_kreise

    _run(paths, dry_run, as_json, database_url, import_kreise)


@click.command(name="crosswalk")
@path_argument
@dry_run_option
@json_option
@database_option
@handle_errors
def import_crosswalk_cmd(paths: tuple[Path, ...], dry_run: bool, as_json: bool, database_url: str | None) -> None:
    """BBSR-Umsteigeschlüssel (CSV, auch .csv.gz) für Kreise oder Gemeinden importieren."""
    from stellwerk.geo.crosswalk import import_crosswalk

    _run(paths, dry_run, as_json, database_url, import_crosswalk)


@click.command(name="geometries")
@path_argument
@dry_run_option
@json_option
@database_option
@handle_errors
def import_geometries_cmd(paths: tuple[Path, ...], dry_run: bool, as_json: bool, database_url: str | None) -> None:
    """Verwaltungsgrenzen der BKG (VG5000-Shapefiles: Verzeichnis oder .shp) importieren."""
    from stellwerk.geo.geometry import import_geometries

    _run(paths, dry_run, as_json, database_url, import_geometries)


def register(group: click.Group) -> None:
    """Add the geo import commands to the ``import`` group."""
    for command in (import_gv_cmd, import_kreise_cmd, import_crosswalk_cmd, import_geometries_cmd):
        group.add_command(command)


def demo_steps() -> list[tuple[str, Callable[..., None]]]:
    """Steps of ``stellwerk demo``: every register, crosswalk and boundary file in the data folder."""
    return [
        ("Gebietsstände (Gemeindeverzeichnis, Kreise)", _demo_registers),
        ("Umsteigeschlüssel (BBSR)", _demo_crosswalks),
        ("Verwaltungsgrenzen (BKG VG5000)", _demo_geometries),
    ]


def _demo_each(workspace: Any, paths: list[Path], importer: Callable[..., Any], echo: Callable[[str], None],
               missing: str) -> None:
    if not paths:
        echo(f"  übersprungen: {missing}")
        return
    for path in paths:
        with workspace.session() as session:
            echo("  " + _describe(importer(session, path, stderr_progress)).split("\n", 1)[0])


def _demo_registers(workspace: Any, data_dir: Path, echo: Callable[[str], None]) -> None:
    from stellwerk.geo.importing import GV_DIR, KREISE_DIR, find_gv_files, find_kreise_files, import_gv, import_kreise

    _demo_each(workspace, find_gv_files(data_dir), import_gv, echo, f"keine Dateien in {GV_DIR}")
    _demo_each(workspace, find_kreise_files(data_dir), import_kreise, echo, f"keine 04-Kreise-Dateien in {KREISE_DIR}")


def _demo_crosswalks(workspace: Any, data_dir: Path, echo: Callable[[str], None]) -> None:
    from stellwerk.geo.crosswalk import CROSSWALK_DIR, find_crosswalk_files, import_crosswalk

    _demo_each(workspace, find_crosswalk_files(data_dir), import_crosswalk, echo, f"keine Dateien in {CROSSWALK_DIR}")


def _demo_geometries(workspace: Any, data_dir: Path, echo: Callable[[str], None]) -> None:
    from stellwerk.geo.geometry import GEOMETRY_DIR, find_geometry_dir, import_geometries

    folder = find_geometry_dir(data_dir)
    _demo_each(workspace, [folder] if folder else [], import_geometries, echo, f"kein Verzeichnis {GEOMETRY_DIR}")

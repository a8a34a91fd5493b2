# SPDX-License-Identifier: EUPL-1.2
"""``stellwerk report`` (Integrationsbericht) and ``stellwerk export`` (a selection of indicator values)."""
from __future__ import annotations

from pathlib import Path

import click

from stellwerk.cli.output import database_option, emit_json, handle_errors, json_option, stderr_progress


def register(group: click.Group) -> None:
    group.add_command(report)
    group.add_command(export)


@click.command()
@click.argument("area")
@click.option("--year", type=int, help="Berichtsjahr (Standard: das letzte Jahr mit Daten).")
@click.option("--format", "fmt", type=click.Choice(["html", "pdf", "xlsx"]), default="html", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="Zieldatei.")
@click.option("--template", "template_dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Ordner einer eigenen Berichtsvorlage (Standard: content/report_templates/default).")
@click.option("--set", "indicator_set", metavar="SET", help="Nur Indikatoren dieses Sets.")
@click.option("--tenant", "tenants", multiple=True, metavar="SLUG",
              help="Ziele, Netzwerk und Selbstcheck dieses Mandanten zeigen, auch interne (mehrfach möglich; "
                   "Standard: die veröffentlichten der Mandanten des Gebiets).")
@json_option
@database_option
@handle_errors
def report(area: str, year: int | None, fmt: str, out: Path, template_dir: Path | None, indicator_set: str | None,
           tenants: tuple[str, ...], as_json: bool, database_url: str | None) -> None:
    """Integrationsbericht für ein Gebiet erzeugen (HTML, PDF oder Excel)."""
    from stellwerk.reports.service import write_report
    from stellwerk.workspace import open_workspace

    with open_workspace(database_url).session() as session:
        result = write_report(session, area, year, fmt, out, template_dir, indicator_set,
                              progress=None if as_json else stderr_progress, tenants=tenants)
    if as_json:
        emit_json(result)
        return
    click.echo(f"Bericht {result['area']['name']} {result['year'] or '(keine Daten)'}: {len(result['indicators'])} Indikatoren, "
               f"{result['footnotes']} Fußnoten → {out}")
    for message in result["messages"]:
        click.echo(f"Hinweis: {message}")


@click.command()
@click.option("--indicator", "indicators", multiple=True, required=True, metavar="ID", help="Indikator (mehrfach möglich).")
@click.option("--area", "areas", multiple=True, required=True, metavar="CODE", help="Gebiet (mehrfach möglich).")
@click.option("--years", metavar="JAHRE", help="z. B. 2010-2017 oder 2012,2015 (Standard: alle).")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv", "opensdg", "frictionless"]), required=True)
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="Zieldatei (xlsx, csv) oder Zielordner (opensdg, frictionless).")
@json_option
@database_option
@handle_errors
def export(indicators: tuple[str, ...], areas: tuple[str, ...], years: str | None, fmt: str, out: Path,
           as_json: bool, database_url: str | None) -> None:
    """Genau die gewählten Indikatorwerte exportieren (Indikatoren × Gebiete × Jahre)."""
    from stellwerk.reports.service import export_selection
    from stellwerk.workspace import open_workspace

    with open_workspace(database_url).session() as session:
        result = export_selection(session, list(indicators), list(areas), years, fmt, out)
    if as_json:
        emit_json(result)
        return
    click.echo(f"{result['rows']} Werte exportiert ({fmt}) → {out}")

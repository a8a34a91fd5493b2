# SPDX-License-Identifier: EUPL-1.2
"""``stellwerk network …`` and ``stellwerk import network``: actors, bodies, ties."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from stellwerk.cli.output import database_option, emit_json, handle_errors, json_option, stderr_progress

INCLUDE_HELP = "Welche Kanten zählen: alle, nur gemeinsame Gremien, nur eingetragene Beziehungen."


def _date(value: str | None) -> dt.date:
    from stellwerk.network.workbook import parse_date

    if not value:
        return dt.date.today()
    parsed = parse_date(value)
    assert parsed is not None
    return parsed


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f} %".replace(".", ",")


date_option = click.option("--date", "date_text", metavar="DATUM", help="Stichtag (TT.MM.JJJJ oder JJJJ-MM-TT; Standard: heute).")
include_option = click.option("--include", type=click.Choice(["alle", "gremien", "beziehungen"]), default="alle",
                              show_default=True, help=INCLUDE_HELP)


@click.group(name="network")
def network_group() -> None:
    """Akteursnetzwerk: Akteure, Gremien, Mitgliedschaften, Beziehungen und ihre Analyse."""


@network_group.command(name="analyse")
@click.argument("tenant_key", metavar="GEBIET_ODER_MANDANT")
@date_option
@click.option("--compare", "compare_text", metavar="DATUM2", help="Zweiter Stichtag: Veränderung zwischen beiden zeigen.")
@include_option
@json_option
@database_option
@handle_errors
def analyse_cmd(tenant_key: str, date_text: str | None, compare_text: str | None, include: str,
                as_json: bool, database_url: str | None) -> None:
    """Dichte, Komponenten, Zentralität, Broker, Schnittstellen-Akteure und Indikatoren zum Stichtag."""
    from stellwerk.network.analysis import analyse, compare
    from stellwerk.network.graph import load_network
    from stellwerk.network.lookup import resolve_tenant
    from stellwerk.workspace import open_workspace

    with open_workspace(database_url).session() as session:
        tenant = resolve_tenant(session, tenant_key)
        data = load_network(session, tenant.id)
        at = _date(date_text)
        if compare_text:
            result = compare(data, at, _date(compare_text), include)  # type: ignore[arg-type]
        else:
            result = analyse(data, at, include)  # type: ignore[arg-type]
        result = {"tenant": {"slug": tenant.slug, "name": tenant.name}, **result}
    if as_json:
        emit_json(result)
        return
    click.echo(f"Netzwerk {tenant.name}")
    for block in ([result["first"], result["second"]] if compare_text else [result]):
        _echo_analysis(block)
    if compare_text:
        change = result["change"]
        click.echo(f"\nVeränderung {result['first']['date']} → {result['second']['date']}:")
        click.echo(f"  Akteure {change['nodes']:+d}, Kanten {change['edges']:+d}, Gremien {change['bodies']:+d}")
        for label, key in (("neu dabei", "actors_joined"), ("ausgeschieden", "actors_left")):
            if change[key]:
                click.echo(f"  {label}: " + ", ".join(a["name"] for a in change[key]))
        click.echo(f"  Kanten neu: {len(change['edges_added'])}, weggefallen: {len(change['edges_removed'])}")


def _echo_analysis(result: dict) -> None:
    click.echo(f"\nStichtag {result['date']} (Kanten: {result['include']})")
    density = "–" if result["density"] is None else f"{result['density']:.3f}".replace(".", ",")
    click.echo(f"  Akteure {result['nodes']}, Kanten {result['edges']}, Dichte {density}, "
               f"Komponenten {result['components']}, aktive Gremien {result['bodies']}")
    if result["articulation_points"]:
        click.echo("  Schnittstellen (ihr Ausscheiden teilt das Netz): "
                   + ", ".join(a["name"] for a in result["articulation_points"]))
    if result["brokers"]:
        click.echo("  Broker (Betweenness): " + ", ".join(
            f"{b['name']} ({b['betweenness']:.3f})".replace(".", ",") for b in result["brokers"]))
    ind = result["indicators"]
    mo = ind["mo_share_permanent_steering_bodies"]
    click.echo(f"  Migrantenorganisationen in dauerhaften Gremien (Steuerungs-/Fachebene): "
               f"{mo['numerator']} von {mo['denominator']} ({_percent(mo['value'])})")
    click.echo(f"  Verwaltungseinheiten in ressortübergreifenden Gremien: {ind['admin_units_in_cross_cutting_bodies']['value']}")
    share = ind["intersectoral_tie_share"]
    click.echo(f"  Intersektorale Kanten: {share['numerator']} von {share['denominator']} ({_percent(share['value'])})")
    missing = [row["label"] for row in result["coverage"] if not row["covered"]]
    if missing:
        click.echo("  Handlungsfelder ohne Gremium: " + ", ".join(missing))


@network_group.command(name="export")
@click.argument("tenant_key", metavar="GEBIET_ODER_MANDANT")
@click.option("--format", "fmt", type=click.Choice(["graphml", "csv", "json"]), required=True, help="Ausgabeformat.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="Zieldatei.")
@date_option
@include_option
@click.option("--published-only", is_flag=True, help="Nur veröffentlichte Akteure, Gremien und Beziehungen.")
@json_option
@database_option
@handle_errors
def export_cmd(tenant_key: str, fmt: str, out: Path, date_text: str | None, include: str,
               published_only: bool, as_json: bool, database_url: str | None) -> None:
    """Netzwerk als GraphML (Gephi), CSV (Knoten und Kanten) oder JSON schreiben."""
    from stellwerk.network.export import write_export
    from stellwerk.network.graph import load_network
    from stellwerk.network.lookup import resolve_tenant
    from stellwerk.workspace import open_workspace

    with open_workspace(database_url).session() as session:
        tenant = resolve_tenant(session, tenant_key)
        data = load_network(session, tenant.id, published_only=published_only)
        paths = write_export(data, fmt, out, _date(date_text), include,  # type: ignore[arg-type]
                             tenant={"slug": tenant.slug, "name": tenant.name})
    if as_json:
        emit_json({"format": fmt, "files": [str(p) for p in paths]})
    else:
        for path in paths:
            click.echo(f"geschrieben: {path}")


@network_group.command(name="template")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="Zieldatei (.xlsx).")
@handle_errors
def template_cmd(out: Path) -> None:
    """Leere Excel-Vorlage für den Netzwerk-Import mit Beispielzeilen und Auswahllisten schreiben."""
    from stellwerk.network.workbook import write_template

    click.echo(f"Vorlage geschrieben: {write_template(out)}")


@network_group.command(name="duplicates")
@click.argument("tenant_key", metavar="GEBIET_ODER_MANDANT")
@json_option
@database_option
@handle_errors
def duplicates_cmd(tenant_key: str, as_json: bool, database_url: str | None) -> None:
    """Mögliche Dubletten unter den Akteuren anzeigen (ähnlicher Name); nichts wird zusammengeführt."""
    from stellwerk.network.duplicates import find_duplicates
    from stellwerk.network.lookup import resolve_tenant
    from stellwerk.workspace import open_workspace

    with open_workspace(database_url).session() as session:
        tenant = resolve_tenant(session, tenant_key)
        groups = find_duplicates(session, tenant.id)
    if as_json:
        emit_json({"tenant": tenant.slug, "groups": groups})
        return
    if not groups:
        click.echo("Keine möglichen Dubletten gefunden.")
    for group in groups:
        click.echo(f"\nMögliche Dublette ({'gleicher Typ' if group['same_type'] else 'verschiedene Typen'}):")
        for actor in group["actors"]:
            click.echo(f"  [{actor['id']}] {actor['name']} ({actor['actor_type']}), "
                       f"{actor['memberships']} Mitgliedschaften, {actor['ties']} Beziehungen")
        click.echo(f"  zusammenführen: {group['suggestion'].replace('TENANT', tenant.slug)}")


@network_group.command(name="merge")
@click.argument("tenant_key", metavar="GEBIET_ODER_MANDANT")
@click.argument("keep_id", type=int, metavar="BEHALTEN")
@click.argument("drop_id", type=int, metavar="AUFLÖSEN")
@click.option("--by", default="cli", show_default=True, help="Wer die Änderung vornimmt (für das Änderungsprotokoll).")
@json_option
@database_option
@handle_errors
def merge_cmd(tenant_key: str, keep_id: int, drop_id: int, by: str, as_json: bool, database_url: str | None) -> None:
    """Akteur AUFLÖSEN in Akteur BEHALTEN zusammenführen (Mitgliedschaften und Beziehungen wandern mit)."""
    from stellwerk.network.duplicates import merge_actors
    from stellwerk.network.lookup import resolve_tenant
    from stellwerk.strategy.partners import move_partner
    from stellwerk.workspace import open_workspace

    with open_workspace(database_url).session() as session:
        tenant = resolve_tenant(session, tenant_key)
        summary = merge_actors(session, tenant.id, keep_id, drop_id, by=by)
        # Measures of the Integrationskonzept naming the merged actor as partner follow it.
        summary["measures_moved"] = move_partner(session, tenant.id, drop_id, keep_id, by)
    if as_json:
        emit_json(summary)
        return
    click.echo(f"{summary['merged']['name']!r} in {summary['kept']['name']!r} zusammengeführt: "
               f"{summary['memberships_moved']} Mitgliedschaften und {summary['ties_moved']} Beziehungen übernommen, "
               f"{summary['memberships_dropped'] + summary['ties_dropped']} doppelte entfernt, "
               f"{summary['measures_moved']} Maßnahmen nennen jetzt {summary['kept']['name']!r} als Partner.")


@network_group.command(name="example")
@click.option("--tenant", "slug", default=None, help="Kurzname des Mandanten (Standard: musterstadt).")
@json_option
@database_option
@handle_errors
def example_cmd(slug: str | None, as_json: bool, database_url: str | None) -> None:
    """Das fiktive Beispielnetz „Musterstadt“ laden."""
    from stellwerk.network.example import load_example
    from stellwerk.workspace import open_workspace

    workspace = open_workspace(database_url)
    workspace.init()
    with workspace.session() as session:
        tenant, result = load_example(session, slug=slug)
        doc = {"tenant": tenant.slug, **result.to_dict()}
    if as_json:
        emit_json(doc)
    else:
        click.echo(f"Beispielnetz (fiktiv) geladen in {doc['tenant']}: "
                   + ", ".join(f"{k} {v}" for k, v in result.created.items()))


@click.command(name="network")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--tenant", "tenant_key", required=True, help="Kurzname (oder Name) des Mandanten.")
@click.option("--create-tenant", "create_name", metavar="NAME", help="Mandanten mit diesem Namen anlegen, falls er fehlt.")
@click.option("--dry-run", is_flag=True, help="Nur prüfen, nichts speichern.")
@click.option("--by", default="import", show_default=True, help="Wer importiert (für das Änderungsprotokoll).")
@json_option
@database_option
@handle_errors
def import_network_cmd(path: Path, tenant_key: str, create_name: str | None, dry_run: bool, by: str,
                       as_json: bool, database_url: str | None) -> None:
    """Akteure, Gremien, Mitgliedschaften und Beziehungen aus einer Excel-Liste importieren."""
    from stellwerk.accounts.tenants import create_tenant
    from stellwerk.errors import NotFoundError
    from stellwerk.network.importer import import_network
    from stellwerk.network.lookup import resolve_tenant
    from stellwerk.workspace import open_workspace

    workspace = open_workspace(database_url)
    workspace.init()
    with workspace.session() as session:
        try:
            tenant = resolve_tenant(session, tenant_key)
        except NotFoundError:
            if not create_name:
                raise
            tenant = create_tenant(session, tenant_key, create_name)
        result = import_network(session, path, tenant.id, by=by, progress=None if as_json else stderr_progress)
        if dry_run:
            session.rollback()
    doc = {"tenant": tenant_key, "file": path.name, "dry_run": dry_run, **result.to_dict()}
    if as_json:
        emit_json(doc)
        return
    verb = "geprüft (nichts gespeichert)" if dry_run else "importiert"
    click.echo(f"{path.name} {verb}:")
    for sheet in result.created:
        click.echo(f"  {sheet}: {result.created[sheet]} neu, {result.updated[sheet]} geändert, "
                   f"{result.unchanged[sheet]} unverändert")
    for warning in result.warnings:
        click.echo(f"Hinweis: {warning}", err=True)


def register(group: click.Group) -> None:
    group.add_command(network_group)
    import_group = group.commands.get("import")
    if isinstance(import_group, click.Group):
        import_group.add_command(import_network_cmd)

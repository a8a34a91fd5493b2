# SPDX-License-Identifier: EUPL-1.2
"""``stellwerk strategy``: Integrationskonzepte auflisten, zeigen, austauschen, vergleichen, beschließen."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from stellwerk.cli.output import database_option, emit_json, handle_errors, json_option

FORMATS = ("yaml", "json", "xlsx", "html")


def register(group: click.Group) -> None:
    group.add_command(strategy_group)


def _workspace(database_url: str | None):
    from stellwerk.workspace import open_workspace

    workspace = open_workspace(database_url)
    workspace.init()
    return workspace


def _concept(session, tenant_slug: str, concept_id: int):
    from stellwerk.accounts.tenants import get_tenant
    from stellwerk.strategy.concepts import get_concept

    tenant = get_tenant(session, tenant_slug)
    return tenant, get_concept(session, tenant, concept_id)


def _summary(concept) -> dict:
    return {"id": concept.id, "titel": concept.title, "version": concept.version, "status": concept.status,
            "zeitraum_von": concept.period_start, "zeitraum_bis": concept.period_end,
            "beschlossen_am": concept.adopted_on, "ratsbeschluss": concept.council_ref or None,
            "vorgaenger": concept.predecessor_id, "sichtbarkeit": concept.visibility,
            "ziele": len(concept.goals), "massnahmen": len(concept.measures)}


@click.group(name="strategy")
def strategy_group() -> None:
    """Integrationskonzept: Ziele, Maßnahmen, Ampeln, Fortschreibung."""


@strategy_group.command(name="list")
@click.argument("tenant")
@json_option
@database_option
@handle_errors
def strategy_list(tenant: str, as_json: bool, database_url: str | None) -> None:
    """Alle Fassungen der Konzepte eines Arbeitsbereichs."""
    from stellwerk.accounts.tenants import get_tenant
    from stellwerk.strategy.concepts import list_concepts

    with _workspace(database_url).session() as session:
        rows = [_summary(c) for c in list_concepts(session, get_tenant(session, tenant), include_internal=True)]
    if as_json:
        emit_json(rows)
        return
    for row in rows:
        click.echo(f"{row['id']:>4}  v{row['version']}  {row['status']:<11} {row['titel']} "
                   f"({row['ziele']} Ziele, {row['massnahmen']} Maßnahmen)")


@strategy_group.command(name="show")
@click.argument("tenant")
@click.argument("concept_id", type=int)
@click.option("--stichtag", type=click.DateTime(["%Y-%m-%d"]), help="Datum für Warnungen (Standard: heute).")
@json_option
@database_option
@handle_errors
def strategy_show(tenant: str, concept_id: int, stichtag, as_json: bool, database_url: str | None) -> None:
    """Ein Konzept mit der Ampel je Ziel, Handlungsfeldern und Warnungen."""
    from stellwerk.strategy.steering import steering

    with _workspace(database_url).session() as session:
        _, concept = _concept(session, tenant, concept_id)
        doc = steering(session, concept, stichtag.date() if stichtag else None)
        doc["konzept"] = _summary(concept)
    if as_json:
        emit_json(doc)
        return
    head = doc["konzept"]
    click.echo(f"{head['titel']} – Fassung {head['version']} ({head['status']})")
    for goal in doc["ziele"]:
        click.echo(f"  [{goal['ampel']:<11}] {goal['id']}: {goal['text']}")
        for item in goal["indikatoren"]:
            click.echo(f"      {item['titel']}: Basis {item['basiswert']:g} ({item['basisjahr']}), "
                       f"aktuell {item['aktueller_wert'] if item['aktueller_wert'] is not None else '–'} "
                       f"({item['aktuelles_jahr'] or '–'}), Ziel {item['zielwert']:g} ({item['zieljahr']})")
    for warning in doc["warnungen"]:
        click.echo(f"  ! {warning['text']}")


@strategy_group.command(name="export")
@click.argument("tenant")
@click.argument("concept_id", type=int)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="yaml", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@database_option
@handle_errors
def strategy_export(tenant: str, concept_id: int, fmt: str, out: Path, database_url: str | None) -> None:
    """Ein Konzept als YAML, JSON, Excel-Arbeitsmappe oder druckbares HTML schreiben."""
    from stellwerk.strategy.exchange import dump_json, dump_yaml
    from stellwerk.strategy.workbook import write_workbook

    with _workspace(database_url).session() as session:
        tenant_obj, concept = _concept(session, tenant, concept_id)
        if fmt == "yaml":
            out.write_text(dump_yaml(concept), encoding="utf-8")
        elif fmt == "json":
            out.write_text(dump_json(concept), encoding="utf-8")
        elif fmt == "xlsx":
            out.write_bytes(write_workbook(concept))
        else:
            from stellwerk.web.strategy_print import render_print

            out.write_text(render_print(session, tenant_obj, concept, standalone=True), encoding="utf-8")
    click.echo(f"Konzept {concept_id} nach {out} geschrieben.")


@strategy_group.command(name="import")
@click.argument("tenant")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--into", "into", type=int, help="Inhalt dieses Konzepts ersetzen (sonst neues Konzept).")
@click.option("--dry-run", is_flag=True, help="Nur prüfen, nichts speichern.")
@json_option
@database_option
@handle_errors
def strategy_import(tenant: str, path: Path, into: int | None, dry_run: bool, as_json: bool,
                    database_url: str | None) -> None:
    """Ein Konzept aus YAML, JSON oder Excel einlesen (geprüft; bei Fehlern wird nichts gespeichert)."""
    from stellwerk.accounts.tenants import get_tenant
    from stellwerk.strategy.exchange import import_file

    workspace = _workspace(database_url)
    with workspace.session() as session:
        tenant_obj = get_tenant(session, tenant)
        target = _concept(session, tenant, into)[1] if into else None
        concept = import_file(session, tenant_obj, path, "cli", target)
        summary = _summary(concept)
        if dry_run:
            session.rollback()
    result = {**summary, "gespeichert": not dry_run}
    if as_json:
        emit_json(result)
        return
    verb = "geprüft (nicht gespeichert)" if dry_run else "gespeichert"
    click.echo(f"Konzept »{result['titel']}« {verb}: {result['ziele']} Ziele, {result['massnahmen']} Maßnahmen.")


@strategy_group.command(name="diff")
@click.argument("tenant")
@click.argument("old_id", type=int)
@click.argument("new_id", type=int)
@json_option
@database_option
@handle_errors
def strategy_diff(tenant: str, old_id: int, new_id: int, as_json: bool, database_url: str | None) -> None:
    """Zwei Fassungen vergleichen: hinzugefügte, entfernte und geänderte Ziele und Maßnahmen."""
    from stellwerk.strategy.versions import diff_concepts

    with _workspace(database_url).session() as session:
        diff = diff_concepts(_concept(session, tenant, old_id)[1], _concept(session, tenant, new_id)[1])
    if as_json:
        emit_json(diff)
        return
    for kind, label in (("ziele", "Ziele"), ("massnahmen", "Maßnahmen")):
        part = diff[kind]
        click.echo(f"{label}: {len(part['hinzugefuegt'])} neu, {len(part['entfernt'])} entfernt, "
                   f"{len(part['geaendert'])} geändert")
        for item in part["hinzugefuegt"]:
            click.echo(f"  + {item['id']} {item.get('titel') or item.get('text')}")
        for item in part["entfernt"]:
            click.echo(f"  - {item['id']} {item.get('titel') or item.get('text')}")
        for item in part["geaendert"]:
            click.echo(f"  ~ {item['id']} {', '.join(c['feld'] for c in item['aenderungen'])}")


@strategy_group.command(name="revise")
@click.argument("tenant")
@click.argument("concept_id", type=int)
@json_option
@database_option
@handle_errors
def strategy_revise(tenant: str, concept_id: int, as_json: bool, database_url: str | None) -> None:
    """Eine Fortschreibung beginnen: neue Entwurfsfassung als Kopie des beschlossenen Konzepts."""
    from stellwerk.strategy.versions import start_revision

    with _workspace(database_url).session() as session:
        draft = start_revision(session, _concept(session, tenant, concept_id)[1], "cli")
        summary = _summary(draft)
    if as_json:
        emit_json(summary)
        return
    click.echo(f"Fortschreibung angelegt: Konzept {summary['id']}, Fassung {summary['version']} (Entwurf).")


@strategy_group.command(name="adopt")
@click.argument("tenant")
@click.argument("concept_id", type=int)
@click.option("--date", "date_", type=click.DateTime(["%Y-%m-%d"]), required=True, help="Datum des Ratsbeschlusses.")
@click.option("--ref", "ref", required=True, help="Drucksache bzw. Beschlussnummer.")
@json_option
@database_option
@handle_errors
def strategy_adopt(tenant: str, concept_id: int, date_: dt.datetime, ref: str, as_json: bool,
                   database_url: str | None) -> None:
    """Einen Entwurf als beschlossen markieren; die bisherige Fassung wird abgelöst."""
    from stellwerk.strategy.versions import adopt

    with _workspace(database_url).session() as session:
        concept = adopt(session, _concept(session, tenant, concept_id)[1], "cli", date_.date(), ref)
        summary = _summary(concept)
    if as_json:
        emit_json(summary)
        return
    click.echo(f"Konzept {concept_id} ist beschlossen ({ref}, {date_:%d.%m.%Y}).")


@strategy_group.command(name="check")
@click.argument("tenant")
@click.argument("concept_id", type=int)
@json_option
@database_option
@handle_errors
def strategy_check(tenant: str, concept_id: int, as_json: bool, database_url: str | None) -> None:
    """Vollständigkeit prüfen: Leitbild, Bestandsaufnahme, Ziele, Maßnahmen, Monitoring, Beteiligung, Beschluss."""
    from stellwerk.strategy.completeness import check_completeness

    with _workspace(database_url).session() as session:
        items = check_completeness(_concept(session, tenant, concept_id)[1])
    if as_json:
        emit_json(items)
        return
    for item in items:
        mark = "✓" if item["erfuellt"] else "✗"
        click.echo(f"  {mark} {item['titel']}" + ("" if item["erfuellt"] else f" – {item['fehlt']}"))

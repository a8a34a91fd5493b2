# SPDX-License-Identifier: EUPL-1.2
"""``stellwerk instruments`` and ``stellwerk assess``: self-check instruments and runs."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from stellwerk.cli.output import database_option, emit_json, handle_errors, json_option


def register(group: click.Group) -> None:
    group.add_command(instruments_group)
    group.add_command(assess_group)


def migrated_workspace(database_url: str | None):  # noqa: ANN201 - a Workspace, imported lazily
    """The configured workspace, migrated to the newest schema."""
    from stellwerk.workspace import open_workspace

    workspace = open_workspace(database_url)
    workspace.init()
    return workspace


def _points(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def _share(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f} %".replace(".", ",")


# ---------------------------------------------------------------- instruments


@click.group(name="instruments")
def instruments_group() -> None:
    """Mitgelieferte Selbstcheck-Instrumente ansehen."""


@instruments_group.command(name="list")
@json_option
@handle_errors
def instruments_list(as_json: bool) -> None:
    """Alle Instrumente mit Version und Umfang."""
    from stellwerk.assessment.catalogue import default_catalogue

    rows = [{"id": i.id, "version": i.version, "title": i.title, "sections": len(i.sections),
             "items": len(i.items()), "summary": i.summary} for i in default_catalogue().instruments.values()]
    if as_json:
        emit_json(rows)
        return
    for row in rows:
        click.echo(f"{row['id']:<16} v{row['version']}  {row['title']} ({row['sections']} Abschnitte, {row['items']} Fragen)")


@instruments_group.command(name="show")
@click.argument("instrument_id")
@json_option
@handle_errors
def instruments_show(instrument_id: str, as_json: bool) -> None:
    """Ein Instrument mit Abschnitten, Fragen, Skalen und Gewichten."""
    from stellwerk.assessment.catalogue import default_catalogue

    instrument = default_catalogue().instrument(instrument_id)
    if as_json:
        emit_json(instrument.model_dump())
        return
    click.echo(f"{instrument.title} (Version {instrument.version})")
    click.echo(instrument.summary)
    click.echo(f"Grundlage: {instrument.basis}")
    for section in instrument.sections:
        weight = instrument.scoring.weights.get(section.id)
        lever = f", {section.lever}" if section.lever else ""
        click.echo(f"\n[{section.id}] {section.title}" + (f" (Gewicht {weight:g}{lever})" if weight else ""))
        for item in section.items:
            detail = item.scale or item.type
            weight_text = f" ×{section.weights[item.id]:g}" if item.id in section.weights else ""
            reverse = " umgekehrt" if item.reverse else ""
            click.echo(f"  {item.id:<20} {detail}{weight_text}{reverse}  {item.text}")


# ---------------------------------------------------------------- assess


@click.group(name="assess")
def assess_group() -> None:
    """Selbstchecks durchführen und auswerten (allein oder als Workshop)."""


def tenant_by_slug(session, slug: str, name: str | None):  # noqa: ANN001 - a Session
    """The tenant with this slug; created with ``name`` when it is missing and a name is given."""
    from stellwerk.accounts.tenants import create_tenant
    from stellwerk.assessment.runs import find_tenant
    from stellwerk.errors import NotFoundError

    try:
        return find_tenant(session, slug)
    except NotFoundError:
        if not name:
            raise NotFoundError(f"Mandant {slug!r} gibt es nicht; mit --tenant-name NAME wird er angelegt") from None
        return create_tenant(session, slug, name)


def _print_results(result: dict[str, Any]) -> None:
    run = result["run"]
    click.echo(f"{result['instrument']['title']}: {run['title']} (Durchlauf {run['id']}, {run['mode_label']}, "
               f"{run['respondents']} Antwortende, {run['status']})")
    click.echo(f"Gesamt: {_points(result['overall']['mean'])} von 100")
    sectors = result["sectors"]
    header = f"  {'Abschnitt':<34} {'Mittel':>6} {'SD':>5}" + "".join(f" {s['label'][:10]:>10}" for s in sectors)
    click.echo(header)
    for section in result["sections"]:
        if not section["weight"]:
            continue
        flag = "  ← Perspektiven gehen auseinander" if section["disagreement"] else ""
        cells = "".join(f" {_points(section['by_sector'].get(s['id'])):>10}" for s in sectors)
        click.echo(f"  {section['title'][:34]:<34} {_points(section['mean']):>6} {_points(section['sd']):>5}{cells}{flag}")
    for lever in result["levers"]:
        click.echo(f"{lever['label']} ({', '.join(lever['sections'])}): {_points(lever['mean'])} von 100")
    for dimension in result["dimensions"]:
        click.echo(f"Dimension {dimension['label']}: {_points(dimension['mean'])} von 100")
    for b in result["benchmarks"]:
        answer = b["answer_label"] or ("uneinig" if b["respondents_positive"] is not None else "keine Antwort")
        click.echo(f"Vergleich: {b['item_id']}: Antwort {answer}; {b['peer_label'] or 'Vergleichsgruppe'}: "
                   f"{_share(b['peer_share'])}, alle: {_share(b['total_share'])} "
                   f"({b['survey']}, {b['year']}, n = {b['n'] if b['n'] is not None else 'k. A.'})")
    for r in result["recommendations"]:
        click.echo(f"Empfehlung: {r['title']} – {r['reason']}")


@assess_group.command(name="run")
@click.argument("instrument_id")
@click.argument("answers", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--tenant", "tenant_slug", required=True, help="Kurzname des Mandanten (Kommune).")
@click.option("--tenant-name", help="Legt den Mandanten mit diesem Namen an, falls er fehlt.")
@click.option("--title", help="Titel des Durchlaufs (Standard: Dateiname).")
@click.option("--mode", type=click.Choice(["auto", "einzeln", "workshop"]), default="auto", show_default=True,
              help="auto: Workshop bei mehreren Antwortenden.")
@click.option("--gemeindetyp", help="grossstadt, mittelstadt, kleinstadt_gemeinde oder landkreis (für Vergleichszahlen).")
@click.option("--land", help="Länderkürzel, z. B. NW (für Vergleichszahlen).")
@click.option("--keep-open", is_flag=True, help="Durchlauf offen lassen (weitere Antworten möglich).")
@json_option
@database_option
@handle_errors
def assess_run(instrument_id: str, answers: Path, tenant_slug: str, tenant_name: str | None, title: str | None,
               mode: str, gemeindetyp: str | None, land: str | None, keep_open: bool, as_json: bool,
               database_url: str | None) -> None:
    """Antworten aus einer YAML- oder CSV-Datei als Durchlauf speichern und auswerten.

    YAML: ``answers: {frage: antwort}`` für eine Person oder ``respondents:`` mit
    label, role, sector, answers je Person. CSV: Spalten teilnehmer;rolle;sektor und
    je Frage eine Spalte mit der Frage-Kennung.
    """
    from stellwerk.assessment.answers import read_answer_file
    from stellwerk.assessment.catalogue import default_catalogue
    from stellwerk.assessment.results import run_results
    from stellwerk.assessment.runs import add_respondent, close_run, create_run

    catalogue = default_catalogue()
    people = read_answer_file(answers)
    if mode == "auto":
        mode = "workshop" if len(people) > 1 else "einzeln"
    with migrated_workspace(database_url).session() as session:
        tenant = tenant_by_slug(session, tenant_slug, tenant_name)
        run, _ = create_run(session, catalogue, tenant_id=tenant.id, instrument_id=instrument_id,
                            title=title or answers.stem, mode=mode, actor="cli", gemeindetyp=gemeindetyp,
                            land=land.upper() if land else None)
        for person in people:
            add_respondent(session, catalogue, run, person, actor="cli", file=answers.name)
        if not keep_open:
            close_run(session, run, actor="cli")
        session.flush()
        result = run_results(catalogue, run)
    if as_json:
        emit_json(result)
    else:
        _print_results(result)


@assess_group.command(name="results")
@click.argument("run_id", type=int)
@json_option
@database_option
@handle_errors
def assess_results(run_id: int, as_json: bool, database_url: str | None) -> None:
    """Ergebnis eines Durchlaufs: Punkte, Streuung, Vergleichszahlen, Empfehlungen."""
    from stellwerk.assessment.catalogue import default_catalogue
    from stellwerk.assessment.results import run_results
    from stellwerk.assessment.runs import get_run

    # TODO(roles): restrict to runs of the user's tenant once the CLI knows a user.
    with migrated_workspace(database_url).session() as session:
        result = run_results(default_catalogue(), get_run(session, run_id))
    if as_json:
        emit_json(result)
    else:
        _print_results(result)


@assess_group.command(name="compare")
@click.argument("run_ids", type=int, nargs=-1, required=True)
@json_option
@database_option
@handle_errors
def assess_compare(run_ids: tuple[int, ...], as_json: bool, database_url: str | None) -> None:
    """Wiederholte Durchläufe eines Instruments über die Zeit vergleichen."""
    from stellwerk.assessment.catalogue import default_catalogue
    from stellwerk.assessment.results import compare_runs
    from stellwerk.assessment.runs import get_run

    with migrated_workspace(database_url).session() as session:
        comparison = compare_runs(default_catalogue(), [get_run(session, run_id) for run_id in run_ids])
    if as_json:
        emit_json(comparison)
        return
    click.echo(comparison["instrument"]["title"])
    click.echo("  " + " | ".join(f"{r['id']}: {r['title']} ({r['created_at']:%d.%m.%Y})" for r in comparison["runs"]))
    for section in comparison["sections"]:
        change = "–" if section["change"] is None else f"{section['change']:+.0f}"
        click.echo(f"  {section['title'][:40]:<40} " + " ".join(f"{_points(v):>5}" for v in section["means"]) + f"  Δ {change}")


@assess_group.command(name="list")
@click.option("--tenant", "tenant_slug", required=True, help="Kurzname des Mandanten.")
@json_option
@database_option
@handle_errors
def assess_list(tenant_slug: str, as_json: bool, database_url: str | None) -> None:
    """Alle Durchläufe eines Mandanten."""
    from stellwerk.assessment.runs import find_tenant, runs_of

    with migrated_workspace(database_url).session() as session:
        rows = [{"id": r.id, "instrument_id": r.instrument_id, "title": r.title, "mode": r.mode, "status": r.status,
                 "respondents": len(r.respondents), "created_at": r.created_at}
                for r in runs_of(session, find_tenant(session, tenant_slug).id)]
    if as_json:
        emit_json(rows)
        return
    for row in rows:
        click.echo(f"{row['id']:>5}  {row['instrument_id']:<16} {row['mode']:<10} {row['status']:<13} "
                   f"{row['respondents']:>3}  {row['title']}")


# ---------------------------------------------------------------- demo

DEMO_TITLE = "Workshop Erfolgsfaktoren (fiktives Beispiel)"


def demo_step(workspace, data_dir: Path, echo) -> None:  # noqa: ANN001 - the demo step signature
    """A clearly fictional workshop run of the Erfolgsfaktoren-Check in the invented "Beispielstadt"."""
    from sqlalchemy import select

    from stellwerk.assessment.answers import read_answer_file
    from stellwerk.assessment.catalogue import content_dir, default_catalogue
    from stellwerk.assessment.models import AssessmentRun, Mode
    from stellwerk.assessment.results import run_results
    from stellwerk.assessment.runs import add_respondent, close_run, create_run, delete_run

    catalogue = default_catalogue()
    example = content_dir() / "examples" / "workshop-erfolgsfaktoren-beispiel.yaml"
    with workspace.session() as session:
        tenant = tenant_by_slug(session, "beispielstadt", "Beispielstadt (fiktiv)")
        # Re-running the demo replaces the example run, so its results link is shown afresh.
        for old in session.scalars(select(AssessmentRun).where(AssessmentRun.tenant_id == tenant.id,
                                                               AssessmentRun.title == DEMO_TITLE)).all():
            delete_run(session, old, actor="demo")
        run, tokens = create_run(session, catalogue, tenant_id=tenant.id, instrument_id="erfolgsfaktoren",
                                 title=DEMO_TITLE, mode=Mode.WORKSHOP, actor="demo", gemeindetyp="mittelstadt",
                                 land="NW", with_tokens=True)
        for person in read_answer_file(example):
            add_respondent(session, catalogue, run, person, actor="demo", file=example.name)
        close_run(session, run, actor="demo")
        session.flush()
        result = run_results(catalogue, run)
    echo(f"  Beispielstadt (fiktiv), 5 Teilnehmende aus 4 Sektoren: Gesamt {_points(result['overall']['mean'])} von 100, "
         f"{len(result['disagreements'])} Abschnitte mit auseinandergehenden Perspektiven, "
         f"{len(result['recommendations'])} Empfehlungen")
    echo(f"  Ergebnis im Browser: /selbstchecks/auswertung/{tokens.facilitator}")

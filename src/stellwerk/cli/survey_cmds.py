# SPDX-License-Identifier: EUPL-1.2
"""``stellwerk survey``: a Kommunalbefragung – create, invite, respond, track, analyse."""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import click

from stellwerk.cli.assessment_cmds import migrated_workspace, tenant_by_slug
from stellwerk.cli.output import database_option, emit_json, handle_errors, json_option


def register(group: click.Group) -> None:
    group.add_command(survey_group)


def _date(text: str | None) -> dt.date | None:
    from stellwerk.errors import InputError

    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"Datum {text!r} nicht erkannt", column="--gebietsstand", expected="JJJJ-MM-TT") from None


gebietsstand_option = click.option(
    "--gebietsstand", metavar="DATUM", help="Gebietsstand des Gebietsregisters (JJJJ-MM-TT; Standard: der neueste).")


@click.group(name="survey")
def survey_group() -> None:
    """Kommunalbefragung: einladen, Rücklauf verfolgen, auswerten."""


@survey_group.command(name="create")
@click.argument("instrument_id")
@click.option("--tenant", "tenant_slug", required=True, help="Kurzname des befragenden Mandanten (z. B. Institut).")
@click.option("--tenant-name", help="Legt den Mandanten mit diesem Namen an, falls er fehlt.")
@click.option("--title", required=True, help="Titel der Befragung.")
@json_option
@database_option
@handle_errors
def survey_create(instrument_id: str, tenant_slug: str, tenant_name: str | None, title: str, as_json: bool,
                  database_url: str | None) -> None:
    """Eine Befragung anlegen; der Auswertungs-Code wird nur jetzt angezeigt."""
    from stellwerk.assessment.catalogue import default_catalogue
    from stellwerk.assessment.models import Mode
    from stellwerk.assessment.runs import create_run

    with migrated_workspace(database_url).session() as session:
        tenant = tenant_by_slug(session, tenant_slug, tenant_name)
        run, tokens = create_run(session, default_catalogue(), tenant_id=tenant.id, instrument_id=instrument_id,
                                 title=title, mode=Mode.SURVEY, actor="cli", with_tokens=True, token_days=365)
        document = {"run_id": run.id, "title": run.title, "results_path": f"/selbstchecks/auswertung/{tokens.facilitator}",
                    "expires_at": tokens.expires_at}
    if as_json:
        emit_json(document)
    else:
        click.echo(f"Befragung {document['run_id']} angelegt: {title}")
        click.echo(f"Auswertung im Browser (nur jetzt angezeigt): {document['results_path']}")


@survey_group.command(name="invite")
@click.argument("run_id", type=int)
@click.argument("municipalities", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--days", default=42, show_default=True, type=int, help="Gültigkeit der Zugangscodes in Tagen.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="CSV-Datei für die Zugangscodes (wird nicht überschrieben).")
@click.option("--from-register", is_flag=True,
              help="Fehlende Angaben (Gemeindetyp, Land, Größenklasse) aus dem Gebietsregister ergänzen; code ist ARS, AGS oder Kreisschlüssel.")
@gebietsstand_option
@json_option
@database_option
@handle_errors
def survey_invite(run_id: int, municipalities: Path, days: int, out: Path, from_register: bool,
                  gebietsstand: str | None, as_json: bool, database_url: str | None) -> None:
    """Kommunen aus einer CSV (code;name;gemeindetyp;land;groessenklasse) einladen.

    Je Kommune entsteht ein einmal nutzbarer Zugangscode; gespeichert wird nur sein
    Prüfwert. Die Codes stehen danach nur in der Datei --out.
    """
    from stellwerk.assessment.runs import get_run
    from stellwerk.assessment.survey import complete_from_register, invite, read_invitees
    from stellwerk.assessment.weighting import frame_from_register
    from stellwerk.errors import InputError

    if out.exists():
        raise InputError("Ausgabedatei gibt es schon; sie wird nicht überschrieben", file=str(out))
    invitees = read_invitees(municipalities)
    notes: list[str] = []
    with migrated_workspace(database_url).session() as session:
        if from_register:
            invitees, notes = complete_from_register(invitees, frame_from_register(session, _date(gebietsstand)))
        created = invite(session, get_run(session, run_id), invitees, days=days, actor="cli")
        with out.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(["code", "name", "zugangscode", "link", "gueltig_bis"])
            for invitation, token in created:
                writer.writerow([invitation.code, invitation.name, token, f"/selbstchecks/teilnahme/{token}",
                                 invitation.expires_at.isoformat()])
    document = {"run_id": run_id, "invited": len(created), "tokens_file": str(out), "notes": notes}
    if as_json:
        emit_json(document)
    else:
        click.echo(f"{len(created)} Kommunen eingeladen; Zugangscodes in {out}")
        for note in notes:
            click.echo(f"Hinweis: {note}", err=True)


@survey_group.command(name="respond")
@click.argument("token")
@click.argument("answers", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@database_option
@handle_errors
def survey_respond(token: str, answers: Path, database_url: str | None) -> None:
    """Antworten einer eingeladenen Kommune aus einer YAML-Datei (answers:) eintragen."""
    from stellwerk.assessment.answers import read_answer_file
    from stellwerk.assessment.catalogue import default_catalogue
    from stellwerk.assessment.survey import respond
    from stellwerk.errors import InputError

    people = read_answer_file(answers)
    if len(people) != 1:
        raise InputError("Eine Kommune antwortet mit genau einem Antwortsatz", file=answers.name)
    with migrated_workspace(database_url).session() as session:
        person = respond(session, default_catalogue(), token, people[0].answers, file=answers.name)
        click.echo(f"Antworten von {person.label} gespeichert.")


@survey_group.command(name="status")
@click.argument("run_id", type=int)
@json_option
@database_option
@handle_errors
def survey_status_cmd(run_id: int, as_json: bool, database_url: str | None) -> None:
    """Rücklauf: eingeladen, beantwortet, offen, abgelaufen."""
    from stellwerk.assessment.runs import get_run
    from stellwerk.assessment.survey import survey_status

    with migrated_workspace(database_url).session() as session:
        status = survey_status(session, get_run(session, run_id))
    if as_json:
        emit_json(status)
        return
    rate = "–" if status["response_rate"] is None else f"{status['response_rate']:.1f} %".replace(".", ",")
    click.echo(f"{status['run']['title']}: {status['answered']} von {status['invited']} beantwortet ({rate}), "
               f"{status['open']} offen, {status['expired']} abgelaufen")
    for typ, counts in sorted(status["by_gemeindetyp"].items()):
        click.echo(f"  {typ:<22} {counts['beantwortet']:>4} / {counts['eingeladen']}")


@survey_group.command(name="analyse")
@click.argument("run_id", type=int)
@click.option("--by", type=click.Choice(["gemeindetyp", "land", "size_class"]), default="gemeindetyp", show_default=True)
@click.option("--frame", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Grundgesamtheit als CSV groessenklasse;land;anzahl – gewichtet dann nach Zellen.")
@click.option("--frame-register", is_flag=True,
              help="Grundgesamtheit aus dem Gebietsregister: Gemeinden je Größenklasse × Land (und Landkreise).")
@gebietsstand_option
@click.option("--min-population", type=click.IntRange(min=0), default=0, show_default=True,
              help="Mit --frame-register: nur Gemeinden ab dieser Einwohnerzahl zählen (z. B. 5000).")
@click.option("--no-landkreise", is_flag=True, help="Mit --frame-register: Landkreise nicht mitzählen.")
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Rohdaten und Tabellen als CSV in dieses Verzeichnis schreiben.")
@json_option
@database_option
@handle_errors
def survey_analyse(run_id: int, by: str, frame: Path | None, frame_register: bool, gebietsstand: str | None,
                   min_population: int, no_landkreise: bool, out_dir: Path | None, as_json: bool,
                   database_url: str | None) -> None:
    """Anteile je Antwort nach Gemeindetyp, Land oder Größenklasse, mit n; optional gewichtet."""
    from stellwerk.assessment.catalogue import default_catalogue
    from stellwerk.assessment.runs import get_run
    from stellwerk.assessment.survey import analyse, export_raw_csv, export_tables_csv
    from stellwerk.assessment.weighting import frame_from_register, read_frame
    from stellwerk.errors import InputError

    if frame and frame_register:
        raise InputError("Entweder --frame oder --frame-register angeben, nicht beides", column="--frame")
    catalogue = default_catalogue()
    population = read_frame(frame) if frame else None
    source = f"Datei {frame.name}" if frame else None
    with migrated_workspace(database_url).session() as session:
        run = get_run(session, run_id)
        if frame_register:
            register = frame_from_register(session, _date(gebietsstand), min_population=min_population,
                                           landkreise=not no_landkreise)
            population, source = register.cells, register.describe()
        analysis = analyse(session, catalogue, run, by=by, frame=population, frame_source=source)
        raw = export_raw_csv(session, catalogue, run) if out_dir else None
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / f"befragung-{run_id}-rohdaten.csv").write_text("\ufeff" + (raw or ""), encoding="utf-8")
        (out_dir / f"befragung-{run_id}-{by}.csv").write_text("\ufeff" + export_tables_csv(analysis), encoding="utf-8")
    if as_json:
        emit_json(analysis)
        return
    key = "weighted_share" if analysis["weighted"] else "share"
    click.echo(f"{analysis['run']['title']}: {analysis['respondents']} Antworten, nach {analysis['by_label']}"
               + (f" (gewichtet; Grundgesamtheit: {analysis['weighting']['frame_source']})" if analysis["weighted"] else ""))
    for item in analysis["items"]:
        click.echo(f"\n{item['id']}: {item['text']}")
        for group in item["groups"]:
            shares = ", ".join(f"{o['label']} {o[key]:.1f} %".replace(".", ",") for o in group["options"] if o["count"])
            click.echo(f"  {group['group']:<22} n = {group['n']:>4}  {shares}")

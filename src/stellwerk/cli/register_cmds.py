# SPDX-License-Identifier: EUPL-1.2
"""``stellwerk register``: derive migration status from register extracts, tabulate, synthesise."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from stellwerk.cli.output import emit_json, handle_errors, json_option, stderr_progress

CITIES = ("koeln", "berlin")


@click.group(name="register")
def register_group() -> None:
    """Melderegister-Auszüge: Migrationsstatus ableiten, geheim gehaltene Tabellen erzeugen.

    Personendaten werden nur gelesen und nie in der Datenbank gespeichert.
    """


def register(group: click.Group) -> None:
    group.add_command(register_group)


def _common(func):
    func = click.option("--stichjahr", "reference_year", type=int, default=None,
                        help="Stichjahr (31.12.) für Alter und Plausibilität; Standard: laufendes Jahr.")(func)
    func = click.option("--skip-invalid", is_flag=True,
                        help="Fehlerhafte Personen überspringen (und melden) statt abzubrechen.")(func)
    func = click.option("--gebiete", "areas_file", type=click.Path(dir_okay=False, path_type=Path),
                        help="CSV mit code,parent: Zuordnung der Kleinräume zu Stadtbezirken.")(func)
    func = click.option("--stadt", "city", type=click.Choice(CITIES),
                        help="Eingebaute Zuordnung der Kleinräume (Köln: Stadtteil → Stadtbezirk, "
                             "Berlin: Planungsraum → Bezirk).")(func)
    return func


def _prepare(input_path: Path, reference_year: int | None, skip_invalid: bool, areas_file: Path | None,
             city: str | None, as_json: bool):
    from stellwerk.register.pipeline import prepare
    from stellwerk.register.tables import read_area_parents

    year = reference_year or dt.date.today().year
    parents = read_area_parents(areas_file) if areas_file else None
    area_codes = [code for code, parent in parents.items()] if parents else None
    prepared = prepare(input_path, year, skip_invalid=skip_invalid, area_codes=area_codes,
                       progress=None if as_json else stderr_progress)
    if prepared.skipped:
        click.echo(f"Übersprungen: {prepared.skipped} fehlerhafte Person(en)", err=True)
        for problem in prepared.validation.problems:
            click.echo(f"  - {problem.describe()}", err=True)
        if prepared.validation.removed_links:
            click.echo(f"  - {prepared.validation.removed_links} Eltern-Verweis(e) auf übersprungene Personen "
                       "entfernt", err=True)
    if city and not parents:
        from stellwerk.register.tables import city_area_parents

        parents = city_area_parents(city, sorted(prepared.derived["area"].unique()))
    return prepared, year, parents


def _undecidable_lines(summary: dict) -> list[str]:
    undecidable = summary["derivation"]["undecidable"]
    return [f"  {name}: {count}" for name, count in undecidable.items()]


@register_group.command(name="derive")
@click.argument("input_path", metavar="INPUT", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Ausgabedatei (.csv oder .parquet): Eingabezeilen plus abgeleitete Spalten.")
@_common
@json_option
@handle_errors
def derive_cmd(input_path: Path, out: Path, reference_year: int | None, skip_invalid: bool,
               areas_file: Path | None, city: str | None, as_json: bool) -> None:
    """Migrationshintergrund, Gruppe, Einwanderungsgeschichte und Bezugsland je Person ableiten."""
    from stellwerk.register.pipeline import derive_file

    prepared, year, _ = _prepare(input_path, reference_year, skip_invalid, areas_file, city, as_json)
    derive_file(prepared, out)
    summary = {**prepared.summary(), "reference_year": year, "out": out.name}
    if as_json:
        emit_json(summary)
        return
    click.echo(f"{summary['persons']} Personen abgeleitet (Stichjahr {year}) → {out}")
    click.echo("Nicht entscheidbar (leer gelassen):")
    for line in _undecidable_lines(summary):
        click.echo(line)


@register_group.command(name="tables")
@click.argument("input_path", metavar="INPUT", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--threshold", type=click.IntRange(min=0), default=3, show_default=True,
              help="Mindestfallzahl: Felder mit 0 < Wert < N werden gesperrt (0 oder 1: keine Sperrung).")
@click.option("--round", "round_base", type=click.IntRange(min=2), default=None,
              help="Veröffentlichte Werte auf Vielfache dieser Basis runden (z. B. 5).")
@click.option("--cell-key", is_flag=True, help="Werte zufällig überlagern (Cell-Key-Verfahren).")
@_common
@json_option
@handle_errors
def tables_cmd(input_path: Path, threshold: int, round_base: int | None, cell_key: bool,
               reference_year: int | None, skip_invalid: bool, areas_file: Path | None, city: str | None,
               as_json: bool) -> None:
    """Kleinräumige Tabellen (Gebiet × Geschlecht × Altersgruppe × Status) mit Geheimhaltung."""
    from stellwerk.register.pipeline import tabulate

    prepared, year, parents = _prepare(input_path, reference_year, skip_invalid, areas_file, city, as_json)
    tables = tabulate(prepared, year, threshold=threshold, round_base=round_base, cell_key=cell_key,
                      area_parents=parents)
    disclosure = {
        "threshold": threshold,
        "round": round_base,
        "cell_key": cell_key,
        "suppressed": {t.name: int((t.cells["flag"] == "s").sum()) for t in tables},
    }
    if as_json:
        emit_json({
            "tables": [t.to_dict() for t in tables],
            "reference_year": year,
            "persons": len(prepared.derived),
            "skipped": prepared.skipped,
            "undecidable": prepared.derivation.undecidable,
            "disclosure": disclosure,
        })
        return
    click.echo(f"{len(prepared.derived)} Personen, Stichjahr {year}")
    for table in tables:
        flags = table.cells["flag"]
        click.echo(f"{table.title} ({table.name}): {len(table.cells)} Felder, davon "
                   f"{int((flags == 's').sum())} gesperrt")
        city_cells = table.cells
        for dim in table.dimensions:
            if dim != table.dimensions[-1]:
                city_cells = city_cells[city_cells[dim] == "total"]
        for _, cell in city_cells.iterrows():
            value = "." if cell["published"] is None else cell["published"]
            click.echo(f"  {cell[table.dimensions[-1]]:<20} {value}")


@register_group.command(name="synth")
@click.option("--city", type=click.Choice(CITIES), required=True, help="Stadt, deren Zahlen nachgebildet werden.")
@click.option("--persons", type=click.IntRange(min=1), default=None,
              help="Zahl der Personen (Standard: wie veröffentlicht; sonst maßstäblich verkleinert/vergrößert).")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Ausgabedatei (.csv oder .parquet).")
@click.option("--jahr", "year", type=int, default=2012, show_default=True, help="Köln: Jahr 2005–2012.")
@click.option("--halbjahr", "period", default="2024-02", show_default=True, help="Berlin: Halbjahr, z. B. 2024-02.")
@click.option("--seed", type=int, default=20121231, show_default=True, help="Startwert des Zufallsgenerators.")
@json_option
@handle_errors
def synth_cmd(city: str, persons: int | None, out: Path, year: int, period: str, seed: int, as_json: bool) -> None:
    """SYNTHETISCHES Melderegister erzeugen, das veröffentlichte Stadtteilsummen genau trifft."""
    from stellwerk.config import get_settings
    from stellwerk.errors import InputError
    from stellwerk.register.schema import write_frame
    from stellwerk.register.synth import synthesize
    from stellwerk.register.targets import read_berlin, read_koeln

    data_dir = get_settings().data_dir
    if data_dir is None:
        raise InputError("Kein Datenverzeichnis: STELLWERK_DATA_DIR setzen")
    targets = read_koeln(data_dir, year) if city == "koeln" else read_berlin(data_dir, period)
    frame = synthesize(targets, persons, seed=seed)
    write_frame(frame, out)
    summary = {"synthetic": True, "city": city, "persons": len(frame), "areas": len(targets.areas),
               "reference_year": targets.reference_year, "out": out.name}
    if as_json:
        emit_json(summary)
        return
    click.echo(f"SYNTHETISCHES Register (keine echten Personen): {len(frame)} Personen in "
               f"{len(targets.areas)} Gebieten, Stichjahr {targets.reference_year} → {out}")

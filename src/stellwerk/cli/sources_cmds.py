# SPDX-License-Identifier: EUPL-1.2
"""``stellwerk import KIND PATH...``, ``stellwerk datasets`` and ``stellwerk fetch genesis``."""
from __future__ import annotations

from pathlib import Path

import click

from stellwerk.cli.output import database_option, emit_json, handle_errors, json_option, stderr_progress

_HELP = {
    "auto": "Format am Inhalt erkennen und importieren.",
    "genesis": "Regionaldatenbank-/GENESIS-Tabelle (CSV wie heruntergeladen) importieren.",
    "genesis-ffcsv": "GENESIS-Flatfile-CSV (ffcsv) importieren.",
    "jsonstat": "GENESIS-Antwort im Format JSON-stat importieren.",
    "ba-gemeinden": "BA-Tabelle „Arbeitslose nach Gemeinden – Jahreszahlen“ importieren.",
    "zensus2022": "Zensus-2022-Indikatoren der Gemeinden importieren.",
    "inkar": "INKAR-Indikatoren der Kreise (BBSR) importieren.",
    "destatis-long": "Bundesweite Destatis-Tabellen im Langformat (12511, 12521) importieren.",
    "koeln": "Einwohner der Kölner Stadtbezirke und Stadtteile (Offene Daten Köln) importieren.",
    "berlin-lor": "Berliner Einwohnerregister nach LOR (Tabellen t1, t2; Halbjahre) importieren.",
    "hamburg": "Hamburger Stadtteilprofile des Statistikamts Nord (xlsx wie veröffentlicht) importieren.",
}


def register(group: click.Group) -> None:
    import_group = group.commands["import"]
    for kind, help_text in _HELP.items():
        import_group.add_command(_import_command(kind, help_text))
    import_group.add_command(import_tidy)
    group.add_command(datasets)
    group.add_command(fetch_group)


def _import_command(kind: str, help_text: str) -> click.Command:
    @click.command(name=kind, help=help_text)
    @click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
    @click.option("--dry-run", is_flag=True, help="Nur prüfen und berichten, nichts speichern.")
    @click.option("--skip-unknown", is_flag=True,
                  help="Zeilen mit unbekannten Gebietsschlüsseln überspringen statt abzubrechen.")
    @json_option
    @database_option
    @handle_errors
    def command(paths: tuple[Path, ...], dry_run: bool, skip_unknown: bool, as_json: bool,
                database_url: str | None) -> None:
        _run_import(kind, paths, dry_run, skip_unknown, as_json, database_url)

    return command


@click.command(name="tidy")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--mapping", "mapping", required=True, type=click.Path(path_type=Path),
              help="YAML-Zuordnung: welche Spalte Gebiet, Zeitpunkt, Variable, Aufgliederung, Wert und Zeichen "
              "enthält, dazu Titel, Quelle und Lizenz (siehe docs/sources.md).")
@click.option("--dry-run", is_flag=True, help="Nur prüfen und berichten, nichts speichern.")
@click.option("--skip-unknown", is_flag=True,
              help="Zeilen mit unbekannten Gebietsschlüsseln überspringen statt abzubrechen.")
@json_option
@database_option
@handle_errors
def import_tidy(paths: tuple[Path, ...], mapping: Path, dry_run: bool, skip_unknown: bool, as_json: bool,
                database_url: str | None) -> None:
    """Eigene Tabelle (CSV/XLSX, eine Zeile je Wert) mit einer Zuordnungsdatei importieren."""
    from stellwerk.sources.tidy_mapping import load_mapping

    _run_import("tidy", paths, dry_run, skip_unknown, as_json, database_url, {"mapping": load_mapping(mapping)})


def _run_import(kind: str, paths: tuple[Path, ...], dry_run: bool, skip_unknown: bool, as_json: bool,
                database_url: str | None, options: dict | None = None) -> None:
    """Import all paths in one transaction and print the reports."""
    from stellwerk.sources.importer import import_files
    from stellwerk.workspace import open_workspace

    workspace = open_workspace(database_url)
    try:
        workspace.init()
        crosswalks = workspace.settings.data_dir / "crosswalks" if workspace.settings.data_dir else None
        with workspace.session() as session:
            reports = import_files(session, list(paths), kind, dry_run=dry_run, skip_unknown=skip_unknown,
                                   crosswalk_dir=crosswalks, progress=None if as_json else stderr_progress,
                                   options=options)
    finally:
        workspace.engine.dispose()
    if as_json:
        emit_json({"dry_run": dry_run, "imports": [r.to_dict() for r in reports]})
        return
    status = {"imported": "importiert", "revised": "importiert (ersetzt frühere Fassung)",
              "unchanged": "unverändert (schon importiert)", "dry-run": "Probelauf, nichts gespeichert"}
    for r in reports:
        click.echo(f"{r.file}: {r.table_code} {r.reference_date or ''} – {status[r.status]}; "
                   f"{r.rows} Zeilen, {r.observations} Beobachtungen"
                   + (f", {len(r.skipped_codes)} Schlüssel übersprungen" if r.skipped_codes else "")
                   + (f", {len(r.created_areas)} Gebiete angelegt" if r.created_areas else ""))


@click.command()
@json_option
@database_option
@handle_errors
def datasets(as_json: bool, database_url: str | None) -> None:
    """Importierte Datensätze mit Stichtag, Abdeckung, Anteil gekennzeichneter Zellen und Alter zeigen."""
    from stellwerk.observations.store import dataset_summaries
    from stellwerk.workspace import open_workspace

    workspace = open_workspace(database_url)
    try:
        workspace.init()
        with workspace.session() as session:
            rows = dataset_summaries(session)
    finally:
        workspace.engine.dispose()
    if as_json:
        emit_json({"datasets": rows})
        return
    if not rows:
        click.echo("Noch keine Datensätze importiert (stellwerk import auto DATEI…).")
        return
    for r in rows:
        mark = " (ersetzt)" if r["status"] != "active" else ""
        stale = ", veraltet" if r["stale"] else ""
        click.echo(f"{r['id']:>4}  {r['table_code']:<28} Stichtag {r['reference_date'] or '–'}{mark}: "
                   f"{r['areas']} Gebiete × {r['periods']} Zeitpunkte, {r['observations']} Werte, "
                   f"{100 * r['flagged_share']:.1f} % gekennzeichnet{stale} – Ampel {r['light']} "
                   f"({'; '.join(r['light_reasons'])})")


@click.group(name="fetch")
def fetch_group() -> None:
    """Amtliche Tabellen aus Webdiensten abrufen (GENESIS-Online, Regionaldatenbank)."""


@fetch_group.command(name="genesis")
@click.argument("table")
@click.option("--regional-level", type=click.Choice(["DINSG", "DLAND", "REGBEZ", "KREISE", "GEMEIN"]),
              help="Regionale Tiefe (Merkmal der Regionalgliederung).")
@click.option("--service", type=click.Choice(["destatis", "regionalstatistik"]), default=None,
              help="Datenbank; ohne Angabe die aus STELLWERK_GENESIS_URL bzw. GENESIS-Online.")
@click.option("--start-year", type=int, help="Erstes Jahr.")
@click.option("--end-year", type=int, help="Letztes Jahr.")
@click.option("--out", type=click.Path(path_type=Path), help="Datei, in die die Antwort (ffcsv) geschrieben wird.")
@click.option("--import/--no-import", "do_import", default=True, help="Die Antwort gleich importieren.")
@json_option
@database_option
@handle_errors
def fetch_genesis(table: str, regional_level: str | None, service: str | None, start_year: int | None,
                  end_year: int | None, out: Path | None, do_import: bool, as_json: bool,
                  database_url: str | None) -> None:
    """Eine Tabelle als Flatfile-CSV von GENESIS-Online/Regionaldatenbank holen und importieren."""
    from stellwerk.sources.fetch import GenesisClient
    from stellwerk.sources.importer import import_file
    from stellwerk.workspace import open_workspace

    workspace = open_workspace(database_url)
    workspace.init()
    client = GenesisClient.from_settings(workspace.settings, service=service)
    target = out or workspace.settings.workspace / "downloads" / f"{table}.ffcsv.csv"
    path = client.download_table(table, target, regional_level=regional_level, start_year=start_year,
                                 end_year=end_year)
    document: dict = {"table": table, "file": str(path), "import": None}
    try:
        if do_import:
            with workspace.session() as session:
                document["import"] = import_file(session, path, "genesis-ffcsv").to_dict()
    finally:
        workspace.engine.dispose()
    if as_json:
        emit_json(document)
    else:
        click.echo(f"{table}: gespeichert in {path}")
        if document["import"]:
            click.echo(f"  importiert: {document['import']['observations']} Beobachtungen")

# SPDX-License-Identifier: EUPL-1.2
"""The demo: one command a newcomer runs first.

``run_demo`` initialises the workspace and runs each step in ``DEMO_STEPS``
against the official tables under ``STELLWERK_DATA_DIR``. A step is a function
``step(workspace, data_dir, echo)``; modules add theirs to the list.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from stellwerk.workspace import Workspace

Step = Callable[[Workspace, Path, Callable[[str], None]], None]

DATA_MISSING = """\
Kein Datenverzeichnis gefunden.

Stellwerk liest die amtlichen Tabellen aus STELLWERK_DATA_DIR (Standard: ../shared/data).
Legen Sie dort die Dateien ab, die docs/data.md aufführt (z. B. das Gemeindeverzeichnis
GV-ISys von destatis.de, Rubrik "Gemeindeverzeichnis"), oder setzen Sie
STELLWERK_DATA_DIR auf das Verzeichnis, in dem sie liegen. Die Web-Anwendung startet
trotzdem, zeigt aber noch keine Gebiete."""


def _knowledge_step(workspace: Workspace, data_dir: Path, echo: Callable[[str], None]) -> None:
    from stellwerk.knowledge.loading import load_shipped_content

    with workspace.session() as session:
        counts = load_shipped_content(session)
    echo(f"  {counts['practices']} Praxisbeispiele und {counts['concepts']} Dokumente des Konzeptregisters geladen")
    echo("  Suchen mit: stellwerk practices search Sprachkurse")


def _import_statistics(workspace: Workspace, data_dir: Path, echo: Callable[[str], None]) -> None:
    """Import every official statistics file found, each in its own transaction."""
    from stellwerk.errors import StellwerkError
    from stellwerk.sources.importer import import_file
    from stellwerk.sources.registry import find_statistics_files

    files = find_statistics_files(data_dir)
    total = 0
    for kind, path in files:
        try:
            with workspace.session() as session:
                result = import_file(session, path, kind, crosswalk_dir=data_dir / "crosswalks")
        except StellwerkError as error:
            echo(f"  {path.name}: übersprungen – {error}")
            continue
        total += result.observations
        echo(f"  {path.name}: {result.table_code}, {_de(result.observations)} Werte ({result.status})")
    echo(f"  {len(files)} Tabellen, {_de(total)} Werte")


def _compute_indicators(workspace: Workspace, data_dir: Path, echo: Callable[[str], None]) -> None:
    """Fill the indicator cache once, so start pages, indicator pages and reports need not compute."""
    from stellwerk.cli.output import stderr_progress
    from stellwerk.indicators.service import compute_cache

    with workspace.session() as session:
        summaries = compute_cache(session, progress=stderr_progress)
    with_value = [s for s in summaries if s.with_value > 0]
    echo(f"  {len(summaries)} Indikatoren berechnet, {len(with_value)} mit Werten, "
         f"{_de(sum(s.with_value for s in with_value))} Werte im Zwischenspeicher (stellwerk compute)")


def _de(number: int) -> str:
    """``7276`` → ``7.276`` (German thousands separator, only in the number)."""
    return f"{number:,}".replace(",", ".")


def _network_example(workspace: Workspace, data_dir: Path, echo: Callable[[str], None]) -> None:
    """Load the fictional example network "Musterstadt" and print its key figures."""
    import datetime as dt

    from stellwerk.network.analysis import analyse
    from stellwerk.network.example import load_example
    from stellwerk.network.graph import load_network

    with workspace.session() as session:
        tenant, result = load_example(session)
        figures = analyse(load_network(session, tenant.id), dt.date.today())
    echo(f"  {tenant.name}: {sum(result.created.values())} Einträge neu, "
         f"{sum(result.unchanged.values()) + sum(result.updated.values())} schon vorhanden")
    echo(f"  {figures['nodes']} Akteure, {figures['edges']} Kanten, {figures['bodies']} aktive Gremien; "
         f"Analyse: stellwerk network analyse {tenant.slug}; Ansicht: /t/{tenant.slug}/netzwerk")


def _strategy_step(workspace: Workspace, data_dir: Path, echo: Callable[[str], None]) -> None:
    from stellwerk.errors import StellwerkError
    from stellwerk.strategy.example import load_example
    from stellwerk.strategy.steering import goal_statuses

    try:
        with workspace.session() as session:
            tenant, concept, created = load_example(session)
            lights = [f"{s.goal.key} {s.status}" for s in goal_statuses(session, concept)]
            partners = [p for m in concept.measures for p in m.partners or []]
            linked = sum(1 for p in partners if p.get("akteur_id") is not None)
    except StellwerkError as error:
        # The example links to Köln's official figures; without them there is nothing to steer.
        echo(f"  übersprungen – {error}")
        return
    echo(f"  Fiktives Beispielkonzept »Musterstadt« {'angelegt' if created else 'schon vorhanden'}, "
         "verknüpft mit amtlichen Daten der Stadt Köln")
    echo(f"  Ampeln: {', '.join(lights)}")
    echo(f"  Partner: {linked} von {len(partners)} mit Akteuren des Beispielnetzwerks verknüpft")
    echo(f"  Ansehen: /t/{tenant.slug}/konzept/{concept.id} oder stellwerk strategy show {tenant.slug} {concept.id}")


def _steps() -> list[tuple[str, Step]]:
    from stellwerk.cli.assessment_cmds import demo_step as assessment_demo
    from stellwerk.cli.geo_import_cmds import demo_steps as geo_steps

    steps: list[tuple[str, Step]] = []
    steps += geo_steps()
    # The statistics step needs the areas, so it stays after the geo steps.
    steps.append(("Amtliche Statistik importieren", _import_statistics))
    steps.append(("Indikatoren berechnen", _compute_indicators))
    steps.append(("Wissensbasis: gute Praxis und Konzeptregister", _knowledge_step))
    steps.append(("Beispielnetzwerk „Musterstadt“ (fiktiv)", _network_example))
    steps.append(("Selbstcheck: fiktiver Beispiel-Workshop (Erfolgsfaktoren-Check)", assessment_demo))
    # The strategy example links to Köln's official figures, so it comes after the imports.
    steps.append(("Integrationskonzept: fiktives Beispielkonzept mit Kölner Daten", _strategy_step))
    return steps


def run_demo(workspace: Workspace, echo: Callable[[str], None] = click.echo) -> None:
    echo("Stellwerk-Demo")
    echo(f"  Arbeitsbereich: {workspace.settings.workspace}")
    workspace.init()
    data_dir = workspace.settings.data_dir
    if data_dir is None or not data_dir.is_dir():
        if data_dir is not None:
            echo(f"  Datenverzeichnis {data_dir} existiert nicht.")
        echo(DATA_MISSING)
        return
    echo(f"  Daten: {data_dir}")
    for title, step in _steps():
        echo(f"\n{title}")
        step(workspace, data_dir, echo)

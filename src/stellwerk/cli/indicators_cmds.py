# SPDX-License-Identifier: EUPL-1.2
"""``stellwerk value``, ``stellwerk compute`` and ``stellwerk indicators``: the indicator engine."""
from __future__ import annotations

import datetime as dt

import click

from stellwerk.cli.output import database_option, emit_json, handle_errors, json_option, stderr_progress
from stellwerk.errors import InputError


def register(group: click.Group) -> None:
    group.add_command(value)
    group.add_command(compute)
    group.add_command(indicators_group)


def _parse_breakdown(items: tuple[str, ...]) -> dict[str, str]:
    parts: dict[str, str] = {}
    for item in items:
        if "=" not in item:
            raise InputError(f"Aufgliederung {item!r} nicht erkannt", column="--breakdown", expected="dimension=wert, z. B. sex=w")
        key, val = (s.strip() for s in item.split("=", 1))
        parts[key] = val
    return parts


def _parse_date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"Datum {text!r} nicht erkannt", column="--gebietsstand", expected="JJJJ-MM-TT") from None


def _fmt(number: float | None, decimals: int = 1) -> str:
    if number is None:
        return "–"
    return f"{number:,.{decimals}f}".replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


@click.command()
@click.argument("indicator")
@click.argument("area")
@click.argument("period")
@click.option("--breakdown", "breakdown", multiple=True, metavar="K=V", help="Aufgliederung, z. B. sex=w (mehrfach möglich).")
@click.option("--gebietsstand", metavar="DATUM", help="Auf diesen Gebietsstand umrechnen (JJJJ-MM-TT).")
@click.option("--peers", metavar="GRUPPE|LISTE",
              help="Vergleichsgruppe: land, ost_west, groesse, ebene oder eigene Liste von Schlüsseln (05111,05113,…).")
@json_option
@database_option
@handle_errors
def value(indicator: str, area: str, period: str, breakdown: tuple[str, ...], gebietsstand: str | None,
          peers: str | None, as_json: bool, database_url: str | None) -> None:
    """Einen Indikatorwert für ein Gebiet und einen Zeitraum berechnen (mit Zähler, Nenner, Quellen)."""
    from stellwerk.indicators.catalogue import default_catalogue
    from stellwerk.indicators.service import indicator_value
    from stellwerk.workspace import open_workspace

    with open_workspace(database_url).session() as session:
        result = indicator_value(session, indicator, area, period, _parse_breakdown(breakdown), _parse_date(gebietsstand),
                                 peers=peers)
    if as_json:
        emit_json(result)
        return
    ind = default_catalogue().get(indicator)
    click.echo(f"{result['title']}")
    click.echo(f"{result['area']['name']} ({result['area']['code']}), {result['period']}")
    flag = f" [{result['flag']}: {result['flag_label']}]" if result["flag"] else ""
    click.echo(f"  Wert:   {_fmt(result['value'], ind.decimals)} {result['unit']}{flag}")
    if result["numerator"] is not None or result["denominator"] is not None:
        click.echo(f"  Zähler: {_fmt(result['numerator'], 0)}  ({result['numerator_label']})")
        click.echo(f"  Nenner: {_fmt(result['denominator'], 0)}  ({result['denominator_label']})")
    if result["note"]:
        click.echo(f"  Hinweis: {result['note']}")
    for ds in result["datasets"]:
        click.echo(f"  Quelle: {ds['table']} – {ds['title']} ({ds['licence']})")
    if "peers" in result:
        _echo_peers(result["peers"], result["unit"], ind.decimals)


def _echo_peers(peers: dict, unit: str, decimals: int) -> None:
    click.echo(f"  Vergleich ({peers['label']}):")
    if not peers["n"]:
        click.echo("    keine Vergleichswerte")
    else:
        rank = f", Rang {peers['rank']} von {peers['n']}" if peers["rank"] else ""
        click.echo(f"    {peers['n']} Gebiete, Median {_fmt(peers['median'], decimals)} {unit}, "
                   f"Quartile {_fmt(peers['q1'], decimals)} bis {_fmt(peers['q3'], decimals)}{rank}")
        for member in peers["members"]:
            click.echo(f"    {member['code']:<14} {member['name']:<40} {_fmt(member['value'], decimals)} {unit}")
    for member in peers["without_value"]:
        click.echo(f"    {member['code']:<14} {member['name']:<40} kein Wert")


@click.command()
@click.option("--indicator", "indicators", multiple=True, metavar="ID", help="Nur diese Indikatoren (mehrfach möglich).")
@click.option("--level", metavar="EBENE", help="Nur Gebiete dieser Ebene (z. B. kreis, gemeinde).")
@click.option("--force", is_flag=True, help="Auch unveränderte Indikatoren neu berechnen.")
@json_option
@database_option
@handle_errors
def compute(indicators: tuple[str, ...], level: str | None, force: bool, as_json: bool, database_url: str | None) -> None:
    """Indikatorwerte berechnen und zwischenspeichern; unveränderte Eingaben werden übersprungen."""
    from stellwerk.indicators.service import compute_cache
    from stellwerk.workspace import open_workspace

    with open_workspace(database_url).session() as session:
        summaries = compute_cache(session, list(indicators) or None, level, progress=None if as_json else stderr_progress, force=force)
    if as_json:
        emit_json([{"indicator": s.indicator, "status": s.status, "rows": s.rows,
                    "with_value": None if s.with_value < 0 else s.with_value} for s in summaries])
        return
    computed = [s for s in summaries if s.status == "berechnet"]
    click.echo(f"{len(computed)} Indikatoren berechnet, {len(summaries) - len(computed)} unverändert.")
    for s in computed:
        click.echo(f"  {s.indicator}: {s.with_value} Werte ({s.rows} Zeilen)")


@click.group(name="indicators")
def indicators_group() -> None:
    """Den Indikatorenkatalog ansehen."""


@indicators_group.command(name="list")
@click.option("--set", "set_id", metavar="SET", help="Nur Indikatoren dieses Sets (z. B. kommunal_kern).")
@json_option
@handle_errors
def list_indicators(set_id: str | None, as_json: bool) -> None:
    """Alle Indikatoren des Katalogs auflisten."""
    from stellwerk.indicators.catalogue import default_catalogue

    catalogue = default_catalogue()
    items = catalogue.in_set(set_id)
    if as_json:
        emit_json([
            {"id": i.id, "title": i.title, "short_title": i.short_title, "handlungsfeld": i.handlungsfeld,
             "kind": i.kind, "unit": i.unit, "polarity": i.polarity, "sets": i.sets}
            for i in items
        ])
        return
    for field_id, feld in catalogue.handlungsfelder.items():
        members = [i for i in items if i.handlungsfeld == field_id]
        if not members:
            continue
        click.echo(feld.label)
        for i in members:
            click.echo(f"  {i.id:<38} {i.short_title} ({i.unit})")


@indicators_group.command(name="show")
@click.argument("indicator")
@json_option
@handle_errors
def show_indicator(indicator: str, as_json: bool) -> None:
    """Definition, Zähler, Nenner und Quellen eines Indikators zeigen."""
    from stellwerk.indicators.catalogue import default_catalogue
    from stellwerk.indicators.schema import KIND_LABELS, POLARITY_LABELS
    from stellwerk.indicators.service import describe

    catalogue = default_catalogue()
    ind = catalogue.get(indicator)
    if as_json:
        emit_json(describe(ind, catalogue))
        return
    click.echo(f"{ind.title} ({ind.id})")
    click.echo(f"  Handlungsfeld: {catalogue.handlungsfelder[ind.handlungsfeld].label}")
    click.echo(f"  Art:           {KIND_LABELS[ind.kind]}; {POLARITY_LABELS[ind.polarity]}")
    click.echo(f"  Definition:    {ind.definition}")
    if ind.numerator:
        click.echo(f"  Zähler:        {ind.numerator}  ({ind.numerator_label})")
    if ind.denominator:
        click.echo(f"  Nenner:        {ind.denominator}  ({ind.denominator_label})")
    if ind.group:
        click.echo(f"  Gruppe:        {ind.group}")
    if ind.reference or ind.total:
        click.echo(f"  Vergleich:     {ind.reference or ind.total}")
    click.echo(f"  Faktor, Einheit: {ind.factor:g}, {ind.unit}")
    click.echo(f"  Quelle:        {ind.source}")
    if ind.sets:
        click.echo(f"  Sets:          {', '.join(ind.sets)}")
    if ind.method_notes:
        click.echo(f"  Methodik:      {ind.method_notes}")
    for brk in ind.series_breaks:
        click.echo(f"  Zeitreihenbruch {brk.period}: {brk.note}")

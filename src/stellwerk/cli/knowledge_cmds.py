# SPDX-License-Identifier: EUPL-1.2
"""``stellwerk practices``, ``concepts``, ``similar`` and ``import practices|concepts``."""
from __future__ import annotations

from pathlib import Path

import click

from stellwerk.cli.output import database_option, emit_json, handle_errors, json_option


def _workspace(database_url: str | None):
    from stellwerk.workspace import open_workspace

    workspace = open_workspace(database_url)
    workspace.init()
    return workspace


def _tenant(session, slug: str | None):
    from sqlalchemy import select

    from stellwerk.accounts.models import Tenant
    from stellwerk.errors import NotFoundError
    from stellwerk.knowledge.content import content_tenant

    if not slug:
        return content_tenant(session)
    tenant = session.scalar(select(Tenant).where(Tenant.slug == slug))
    if tenant is None:
        raise NotFoundError(f"Organisation {slug!r} ist nicht angelegt")
    return tenant


def _de(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}".replace(".", ",")


@click.group(name="practices")
def practices_group() -> None:
    """Gute Praxis: Beispiele suchen, auflisten und freigeben."""


@practices_group.command(name="search")
@click.argument("query", required=False, default="")
@click.option("--field", "field_", help="Feld (Allgemeines, Verwaltung, Vernetzung, Engagement, Governance).")
@click.option("--sub-topic", help="Unterthema, z. B. „Unterbringung“.")
@click.option("--land", help="Land als Kürzel, z. B. BY.")
@click.option("--gemeindetyp", help="Großstadt, Mittelstadt, Kleinstadt, Gemeinde, Landkreis, Stadtbezirk …")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 500))
@json_option
@database_option
@handle_errors
def practices_search(query, field_, sub_topic, land, gemeindetyp, limit, as_json, database_url) -> None:
    """Praxisbeispiele im Volltext suchen (Stammformen, Umlaute, gendergerechte Formen)."""
    from stellwerk.knowledge.loading import ensure_shipped_content
    from stellwerk.knowledge.search import SearchFilters, practice_summary, search_practices

    filters = SearchFilters(field=field_, sub_topic=sub_topic, land=land, gemeindetyp=gemeindetyp)
    with _workspace(database_url).session() as session:
        ensure_shipped_content(session)
        result = search_practices(session, query, filters, limit=limit)
        if as_json:
            emit_json(
                {
                    "query": result.query,
                    "terms": result.terms,
                    "filters": filters.active(),
                    "total": result.total,
                    "results": [{**practice_summary(h.practice), "score": h.score} for h in result.hits],
                    "facets": {k: [{"value": v, "count": c} for v, c in items] for k, items in result.facets.items()},
                }
            )
            return
        click.echo(f"{result.total} Treffer" + (f" für „{query}“" if query else ""))
        for hit in result.hits:
            summary = practice_summary(hit.practice)
            where = ", ".join(m for m in summary["municipalities"] if m) or "ohne Ortsangabe"
            click.echo(f"  {hit.practice.slug:<45} {hit.practice.title}  [{hit.practice.field}; {where}]")


@practices_group.command(name="list")
@click.option("--field", "field_", help="Nur dieses Feld.")
@json_option
@database_option
@handle_errors
def practices_list(field_, as_json, database_url) -> None:
    """Alle veröffentlichten Praxisbeispiele auflisten."""
    from stellwerk.knowledge.loading import ensure_shipped_content
    from stellwerk.knowledge.practices import visible_practices
    from stellwerk.knowledge.search import practice_summary

    with _workspace(database_url).session() as session:
        ensure_shipped_content(session)
        practices = [p for p in visible_practices(session) if not field_ or p.field == field_]
        if as_json:
            emit_json({"total": len(practices), "practices": [practice_summary(p) for p in practices]})
            return
        for practice in practices:
            click.echo(f"{practice.slug:<45} {practice.field:<12} {practice.title}")
        click.echo(f"{len(practices)} Praxisbeispiele")


@practices_group.command(name="show")
@click.argument("practice_id")
@json_option
@database_option
@handle_errors
def practices_show(practice_id, as_json, database_url) -> None:
    """Ein Praxisbeispiel vollständig anzeigen."""
    from stellwerk.knowledge.loading import ensure_shipped_content
    from stellwerk.knowledge.practices import get_practice

    with _workspace(database_url).session() as session:
        ensure_shipped_content(session)
        practice = get_practice(session, practice_id)
        if as_json:
            emit_json({**practice.data, "status": practice.status})
            return
        data = practice.data
        click.echo(f"{practice.title}\n{practice.field} · {practice.sub_topic}\n")
        click.echo(data["summary"])
        for key, label in (("problem", "Ausgangslage"), ("approach", "Vorgehen"), ("results", "Ergebnisse")):
            if data.get(key):
                click.echo(f"\n{label}: {data[key]}")
        click.echo(f"\nQuelle: {data['source']}")


@practices_group.command(name="advance")
@click.argument("practice_id")
@click.option("--tenant", "tenant_slug", help="Organisation, der der Eintrag gehört.")
@click.option("--actor", default="cli", show_default=True, help="Wer die Freigabe erteilt (für das Protokoll).")
@database_option
@handle_errors
def practices_advance(practice_id, tenant_slug, actor, database_url) -> None:
    """Eigenen Eintrag eine Stufe weitergeben: Entwurf → geprüft → veröffentlicht."""
    from stellwerk.knowledge.practices import advance_status

    with _workspace(database_url).session() as session:
        practice = advance_status(session, practice_id, tenant=_tenant(session, tenant_slug), actor=actor)
        click.echo(f"{practice.slug}: Status jetzt {practice.status}")


@click.group(name="concepts")
def concepts_group() -> None:
    """Register der Integrationskonzepte der Großstädte."""


@concepts_group.command(name="stats")
@json_option
@database_option
@handle_errors
def concepts_stats(as_json, database_url) -> None:
    """Kennzahlen des Registers neben den veröffentlichten Zahlen (Herbst 2017)."""
    from stellwerk.knowledge.concepts import register_stats
    from stellwerk.knowledge.loading import ensure_shipped_content

    with _workspace(database_url).session() as session:
        ensure_shipped_content(session)
        stats = register_stats(session)
    if as_json:
        emit_json(stats)
        return
    published = stats["published"]
    click.echo(f"Dokumente im Register: {stats['documents']} aus {stats['grossstaedte']} Großstädten")
    click.echo(
        f"Großstädte mit Konzept oder Leitlinien: {stats['with_concept']} von {stats['grossstaedte']} "
        f"({_de(stats['with_concept_percent'])} %; veröffentlicht: {published['with_concept']} = "
        f"{_de(published['with_concept_percent'])} %)"
    )
    click.echo(f"Ohne eigenes Konzept: {', '.join(stats['without_own_concept'])}")
    click.echo(f"Fortgeschriebene Konzepte: {stats['updated']} Städte (veröffentlicht: {published['updated']})")
    click.echo(f"  Regel: {stats['update_rule']}")
    click.echo("Dokumentarten: " + ", ".join(f"{k} {v}" for k, v in stats["kinds"].items()))


@concepts_group.command(name="list")
@click.argument("query", required=False, default="")
@click.option("--city", help="Nur diese Stadt (Zeitleiste).")
@click.option("--kind", help="Dokumentart, z. B. Konzept, Leitbild, Flüchtlingskonzept.")
@json_option
@database_option
@handle_errors
def concepts_list(query, city, kind, as_json, database_url) -> None:
    """Dokumente des Registers auflisten oder durchsuchen."""
    from stellwerk.knowledge.concepts import search_concepts
    from stellwerk.knowledge.loading import ensure_shipped_content

    with _workspace(database_url).session() as session:
        ensure_shipped_content(session)
        documents = search_concepts(session, query, city=city, kind=kind)
        rows = [
            {"key": d.key, "city": d.city, "year": d.year, "kind": d.kind, "title": d.title,
             "update_of": d.update_of, "refugee_specific": d.refugee_specific}
            for d in documents
        ]
    if as_json:
        emit_json({"total": len(rows), "documents": rows})
        return
    for row in rows:
        year = row["year"] or "o. J."
        click.echo(f"{row['city']:<24} {year!s:<6} {row['kind']:<20} {row['title']}")
    click.echo(f"{len(rows)} Dokumente")


@concepts_group.command(name="from-strategy")
@click.argument("concept_id", required=False, type=click.IntRange(1, 2_147_483_647))
@click.option("--tenant", "tenant_slug", required=True, help="Arbeitsbereich, dem Konzept und Dokument gehören.")
@click.option("--publish", is_flag=True, help="Gleich veröffentlichen (nur wenn die Fassung veröffentlicht ist).")
@click.option("--actor", default="cli", show_default=True, help="Name für das Änderungsprotokoll.")
@json_option
@database_option
@handle_errors
def concepts_from_strategy(concept_id, tenant_slug, publish, actor, as_json, database_url) -> None:
    """Beschlossene Fassung des Integrationskonzepts (Standard: die aktuelle) ins Register eintragen."""
    from stellwerk.knowledge.strategy_link import register_strategy_version

    with _workspace(database_url).session() as session:
        document = register_strategy_version(session, _tenant(session, tenant_slug), concept_id, actor=actor,
                                             publish=publish)
        row = {"key": document.key, "city": document.city, "ags": document.ags, "year": document.year,
               "title": document.title, "update_of": document.update_of, "status": document.status,
               "strategy_concept_id": document.strategy_concept_id}
    if as_json:
        emit_json(row)
        return
    follows = f", Fortschreibung von {row['update_of']}" if row["update_of"] else ""
    click.echo(f"{row['key']}: {row['city']} {row['year']} – {row['title']} (Status: {row['status']}{follows})")


@click.command(name="similar")
@click.argument("area")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100))
@click.option("--same-type", is_flag=True, help="Nur Gebiete desselben Gemeindetyps.")
@json_option
@database_option
@handle_errors
def similar(area, limit, same_type, as_json, database_url) -> None:
    """Strukturell ähnliche Kommunen mit ihren Praxisbeispielen und Konzepten."""
    from stellwerk.knowledge.loading import ensure_shipped_content
    from stellwerk.knowledge.similar import FEATURE_LABELS, result_document, similar_municipalities

    with _workspace(database_url).session() as session:
        ensure_shipped_content(session)
        result = similar_municipalities(session, area, limit=limit, same_type_only=same_type)
    if as_json:
        emit_json(result_document(result))
        return
    t = result.target
    click.echo(f"{t.name} ({t.ags or 'ohne AGS'}, {t.land}, {t.gemeindetyp}) – Quelle: {t.source}")
    click.echo("Gewichte: " + ", ".join(f"{FEATURE_LABELS[k]} {v}" for k, v in result.weights.items()))
    for n in result.neighbours:
        f = n.features
        click.echo(f"  {n.similarity:.3f}  {f.name:<28} {f.gemeindetyp or '–':<12} {f.land or '–'}  "
                   f"{len(n.practices)} Praxisbeispiele, {len(n.concepts)} Konzeptdokumente")


@click.command(name="practices")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--tenant", "tenant_slug", help="Organisation, der die Einträge gehören (Standard: mitgelieferte Inhalte).")
@click.option("--status", default="draft", show_default=True, type=click.Choice(["draft", "reviewed", "published"]))
@json_option
@database_option
@handle_errors
def import_practices_cmd(path, tenant_slug, status, as_json, database_url) -> None:
    """Praxisbeispiele aus einer YAML-Datei importieren (alles oder nichts)."""
    from stellwerk.knowledge.practices import import_practices

    with _workspace(database_url).session() as session:
        saved = import_practices(session, path, tenant=_tenant(session, tenant_slug), status=status)
        ids = [p.slug for p in saved]
    if as_json:
        emit_json({"file": path.name, "imported": len(ids), "ids": ids, "status": status})
        return
    click.echo(f"{len(ids)} Praxisbeispiele aus {path.name} importiert (Status: {status})")


@click.command(name="concepts")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--tenant", "tenant_slug", help="Organisation, der die Dokumente gehören.")
@click.option("--status", default="draft", show_default=True, type=click.Choice(["draft", "reviewed", "published"]))
@json_option
@database_option
@handle_errors
def import_concepts_cmd(path, tenant_slug, status, as_json, database_url) -> None:
    """Konzeptdokumente der eigenen Kommune aus einer CSV-Datei (Spalten wie das Register) importieren."""
    from stellwerk.errors import InputError
    from stellwerk.knowledge.concepts import save_concept
    from stellwerk.knowledge.content import read_concepts

    with _workspace(database_url).session() as session:
        rows = read_concepts(path)
        tenant = _tenant(session, tenant_slug)
        for number, row in enumerate(rows, start=2):
            try:
                save_concept(session, row, tenant=tenant, status=status, actor="cli")
            except InputError as error:
                error.file, error.row = path.name, number
                raise
    if as_json:
        emit_json({"file": path.name, "imported": len(rows), "keys": [r.key for r in rows], "status": status})
        return
    click.echo(f"{len(rows)} Konzeptdokumente aus {path.name} importiert (Status: {status})")


def register(group: click.Group) -> None:
    group.add_command(practices_group)
    group.add_command(concepts_group)
    group.add_command(similar)
    import_group = group.commands["import"]
    assert isinstance(import_group, click.Group)
    import_group.add_command(import_practices_cmd)
    import_group.add_command(import_concepts_cmd)

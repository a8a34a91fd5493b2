# SPDX-License-Identifier: EUPL-1.2
"""``stellwerk users`` and ``stellwerk tenants``: accounts, workspaces, roles."""
from __future__ import annotations

import sys

import click

from stellwerk.cli.output import database_option, emit_json, handle_errors, json_option


def register(group: click.Group) -> None:
    group.add_command(users_group)
    group.add_command(tenants_group)


@click.group(name="users")
def users_group() -> None:
    """Benutzerkonten verwalten."""


@users_group.command(name="add")
@click.argument("username")
@click.option("--name", "display_name", default="", help="Anzeigename.")
@click.option("--password-stdin", is_flag=True, help="Passwort aus der ersten Zeile von stdin lesen.")
@click.option("--no-password", is_flag=True, help="Ohne Passwort anlegen (danach Rücksetz-Link ausstellen).")
@click.option("--research", is_flag=True, help="Globale Rolle Forschung (Auswertungen über alle Arbeitsbereiche).")
@json_option
@database_option
@handle_errors
def users_add(username: str, display_name: str, password_stdin: bool, no_password: bool, research: bool,
              as_json: bool, database_url: str | None) -> None:
    """Ein lokales Benutzerkonto anlegen (Passwort wird abgefragt)."""
    from stellwerk.accounts.models import GlobalRole
    from stellwerk.accounts.users import create_user
    from stellwerk.workspace import open_workspace

    if no_password:
        password = None
    elif password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Passwort", hide_input=True, confirmation_prompt="Passwort wiederholen")
    workspace = open_workspace(database_url)
    with workspace.session() as session:
        user = create_user(session, username, password, display_name,
                           global_role=GlobalRole.RESEARCH if research else None)
        document = {"username": user.username, "display_name": user.display_name, "global_role": user.global_role}
    if as_json:
        emit_json(document)
    else:
        click.echo(f"Benutzer {document['username']} angelegt.")


@users_group.command(name="list")
@json_option
@database_option
@handle_errors
def users_list(as_json: bool, database_url: str | None) -> None:
    """Alle Benutzerkonten mit ihren Rollen."""
    from sqlalchemy import select

    from stellwerk.accounts.models import Membership, Tenant
    from stellwerk.accounts.users import list_users
    from stellwerk.workspace import open_workspace

    with open_workspace(database_url).session() as session:
        roles: dict[int, dict[str, str]] = {}
        for user_id, slug, role in session.execute(
            select(Membership.user_id, Tenant.slug, Membership.role).join(Tenant, Tenant.id == Membership.tenant_id)
        ):
            roles.setdefault(user_id, {})[slug] = role
        users = [
            {"username": u.username, "display_name": u.display_name, "active": u.is_active,
             "global_role": u.global_role, "roles": roles.get(u.id, {})}
            for u in list_users(session)
        ]
    if as_json:
        emit_json(users)
        return
    if not users:
        click.echo("Keine Benutzer.")
    for u in users:
        state = "" if u["active"] else " (gesperrt)"
        roles_text = ", ".join(f"{slug}: {role}" for slug, role in sorted(u["roles"].items())) or "–"
        click.echo(f"{u['username']}{state}  {roles_text}")


@users_group.command(name="disable")
@click.argument("username")
@database_option
@handle_errors
def users_disable(username: str, database_url: str | None) -> None:
    """Ein Konto sperren und alle seine Sitzungen beenden."""
    from stellwerk.accounts.users import disable_user
    from stellwerk.workspace import open_workspace

    with open_workspace(database_url).session() as session:
        disable_user(session, username)
    click.echo(f"Benutzer {username} gesperrt.")


@users_group.command(name="grant")
@click.argument("username")
@click.argument("tenant")
@click.argument("role", type=click.Choice(["admin", "editor", "viewer"]))
@database_option
@handle_errors
def users_grant(username: str, tenant: str, role: str, database_url: str | None) -> None:
    """USERNAME die Rolle ROLE im Arbeitsbereich TENANT geben."""
    from stellwerk.accounts.audit import record_change
    from stellwerk.accounts.tenants import get_tenant
    from stellwerk.accounts.users import get_user, grant_role
    from stellwerk.workspace import open_workspace

    with open_workspace(database_url).session() as session:
        user = get_user(session, username)
        found = get_tenant(session, tenant)
        membership = grant_role(session, user, found, role)
        record_change(session, actor="cli", tenant_id=found.id, object_type="membership", object_id=membership.id,
                      action="update", after={"user": user.username, "role": role})
    click.echo(f"{username} ist jetzt {role} in {tenant}.")


@users_group.command(name="reset-link")
@click.argument("username")
@click.option("--base-url", default="http://127.0.0.1:8000", show_default=True, help="Adresse der Web-Anwendung.")
@database_option
@handle_errors
def users_reset_link(username: str, base_url: str, database_url: str | None) -> None:
    """Einen Einmal-Link zum Setzen des Passworts ausstellen (48 Stunden gültig)."""
    from stellwerk.accounts.users import get_user, issue_reset
    from stellwerk.workspace import open_workspace

    with open_workspace(database_url).session() as session:
        token = issue_reset(session, get_user(session, username), issued_by="cli")
    click.echo(f"{base_url.rstrip('/')}/passwort/{token}")


@click.group(name="tenants")
def tenants_group() -> None:
    """Arbeitsbereiche (je Kommune, Landkreis oder Institut) verwalten."""


@tenants_group.command(name="add")
@click.argument("slug")
@click.argument("name")
@click.option("--kind", type=click.Choice(["kommune", "landkreis", "gemeinde", "institut"]), default="kommune",
              show_default=True, help="Art des Arbeitsbereichs.")
@click.option("--area", "area_ref", help="Gebiet (Schlüssel oder Name), dessen Kennzahlen und Datenlage die "
              "Startseite zeigt.")
@json_option
@database_option
@handle_errors
def tenants_add(slug: str, name: str, kind: str, area_ref: str | None, as_json: bool, database_url: str | None) -> None:
    """Einen Arbeitsbereich SLUG (Kürzel in der Adresse) mit Namen NAME anlegen."""
    from stellwerk.accounts.tenants import create_tenant
    from stellwerk.geo.search import resolve_area
    from stellwerk.workspace import open_workspace

    with open_workspace(database_url).session() as session:
        area = resolve_area(session, area_ref).area if area_ref else None
        tenant = create_tenant(session, slug, name, kind, area_id=area.id if area else None)
        document = {"slug": tenant.slug, "name": tenant.name, "kind": tenant.kind}
        if area is not None:
            document["area"] = area.code
    if as_json:
        emit_json(document)
    else:
        click.echo(f"Arbeitsbereich {document['slug']} angelegt: /t/{document['slug']}/")


@tenants_group.command(name="set-area")
@click.argument("slug")
@click.argument("area_ref", metavar="AREA")
@database_option
@handle_errors
def tenants_set_area(slug: str, area_ref: str, database_url: str | None) -> None:
    """Den Arbeitsbereich SLUG dem Gebiet AREA (Schlüssel oder Name) zuordnen."""
    from stellwerk.accounts.tenants import get_tenant
    from stellwerk.geo.search import resolve_area
    from stellwerk.workspace import open_workspace

    with open_workspace(database_url).session() as session:
        tenant = get_tenant(session, slug)
        area = resolve_area(session, area_ref).area
        tenant.area_id = area.id
        label = f"{area.name} ({area.code})"
    click.echo(f"Arbeitsbereich {slug} gehört zum Gebiet {label}.")


@tenants_group.command(name="list")
@json_option
@database_option
@handle_errors
def tenants_list(as_json: bool, database_url: str | None) -> None:
    """Alle Arbeitsbereiche."""
    from stellwerk.accounts.tenants import list_tenants, readers_of
    from stellwerk.workspace import open_workspace

    with open_workspace(database_url).session() as session:
        tenants = [
            {"slug": t.slug, "name": t.name, "kind": t.kind, "readers": [r.slug for r in readers_of(session, t)]}
            for t in list_tenants(session)
        ]
    if as_json:
        emit_json(tenants)
        return
    if not tenants:
        click.echo("Keine Arbeitsbereiche.")
    for t in tenants:
        click.echo(f"{t['slug']}  {t['name']} ({t['kind']})")


@tenants_group.command(name="grant-read")
@click.argument("reader")
@click.argument("tenant")
@database_option
@handle_errors
def tenants_grant_read(reader: str, tenant: str, database_url: str | None) -> None:
    """Mitgliedern von READER (z. B. Landkreis) Lesezugriff auf TENANT (z. B. Gemeinde) geben."""
    from stellwerk.accounts.tenants import get_tenant, grant_read
    from stellwerk.workspace import open_workspace

    with open_workspace(database_url).session() as session:
        grant_read(session, get_tenant(session, reader), get_tenant(session, tenant))
    click.echo(f"{reader} darf {tenant} lesen.")

# SPDX-License-Identifier: EUPL-1.2
"""Finding tenants and actors by id or name.

:func:`find_actors` and :func:`resolve_actor` are the stable entry points for
other modules. The strategy module links a Maßnahme to its partner actors by
storing the actor id and checks it with :func:`actor_by_id` (strictly by id,
never by name); :func:`actors_by_id` fetches the actors of many ids at once.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stellwerk.accounts.models import Tenant, Visibility
from stellwerk.errors import AmbiguousError, NotFoundError
from stellwerk.network.models import Actor, Body

__all__ = ["name_key", "resolve_tenant", "find_actors", "resolve_actor", "actor_by_id", "actors_by_id", "body_by_id"]

_LEGAL_FORMS = re.compile(r"\b(e\.?\s?v\.?|ggmbh|gmbh|ev|gug|kdör)(?=\W|$)")


def name_key(name: str) -> str:
    """A comparison key: case, accents, punctuation, legal forms and spacing removed.

    "Bürgerverein Nord e.V." and "Buergerverein  Nord" share the key
    ``buergerverein nord``; the key finds duplicate candidates, it never merges.
    """
    text = name.casefold().replace("ß", "ss")
    text = text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _LEGAL_FORMS.sub(" ", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def resolve_tenant(session: Session, key: str) -> Tenant:
    """A tenant by slug, by name, or by the official code (ARS/AGS) or name of its area."""
    tenant = session.scalar(select(Tenant).where(Tenant.slug == key))
    if tenant is not None:
        return tenant
    matches = [t for t in session.scalars(select(Tenant)) if t.name.casefold() == key.casefold()]
    if not matches:
        from stellwerk.geo.models import Area

        area_ids = list(session.scalars(select(Area.id).where(
            (Area.code == key) | (Area.ars == key) | (Area.ags == key) | (func.lower(Area.name) == key.casefold())
        )))
        if area_ids:
            matches = list(session.scalars(select(Tenant).where(Tenant.area_id.in_(area_ids))))
    if not matches:
        raise NotFoundError(f"Kein Arbeitsbereich (Mandant) {key!r} gefunden (Kurzname, Name oder Gebietsschlüssel).")
    if len(matches) > 1:
        raise AmbiguousError(
            f"{key!r} passt auf mehrere Mandanten.",
            [{"code": t.slug, "label": t.name} for t in matches],
        )
    return matches[0]


def find_actors(
    session: Session, tenant_id: int, query: str | int, *, published_only: bool = False
) -> list[Actor]:
    """Actors of a tenant whose id equals ``query`` or whose name contains it (case-insensitive)."""
    stmt = select(Actor).where(Actor.tenant_id == tenant_id)
    if published_only:
        stmt = stmt.where(Actor.visibility == Visibility.PUBLISHED)
    text = str(query).strip()
    if text.isdigit():
        found = session.scalar(stmt.where(Actor.id == int(text)))
        if found is not None:
            return [found]
    key = name_key(text)
    actors = list(session.scalars(stmt.order_by(Actor.name)))
    exact = [a for a in actors if name_key(a.name) == key]
    return exact or [a for a in actors if key and key in name_key(a.name)]


def resolve_actor(
    session: Session, tenant_id: int, query: str | int, *, published_only: bool = False
) -> Actor:
    """Exactly one actor for an id or name, else NotFoundError / AmbiguousError with candidates."""
    found = find_actors(session, tenant_id, query, published_only=published_only)
    if not found:
        raise NotFoundError(f"Kein Akteur {query!r} gefunden.")
    if len(found) > 1:
        raise AmbiguousError(
            f"{query!r} passt auf mehrere Akteure.",
            [{"code": str(a.id), "label": f"{a.name} ({a.actor_type})"} for a in found],
        )
    return found[0]


def actor_by_id(session: Session, tenant_id: int, actor_id: int, *, published_only: bool = False) -> Actor:
    """The actor with this id in the tenant's network; NotFoundError otherwise.

    An actor of another tenant is reported exactly like a missing one, so the
    message tells nothing about other tenants' networks.
    """
    actor = session.get(Actor, actor_id) if isinstance(actor_id, int) and 0 < actor_id < 2**31 else None
    if actor is None or actor.tenant_id != tenant_id or (
            published_only and actor.visibility != Visibility.PUBLISHED):
        raise NotFoundError(f"Akteur-Nr. {actor_id} gibt es im Netzwerk dieses Arbeitsbereichs nicht.")
    return actor


def actors_by_id(session: Session, tenant_id: int, ids: Iterable[int], *,
                 published_only: bool = False) -> dict[int, Actor]:
    """The tenant's actors among ``ids`` (unknown or foreign ids are left out), by id."""
    wanted = {i for i in ids if isinstance(i, int)}
    if not wanted:
        return {}
    stmt = select(Actor).where(Actor.tenant_id == tenant_id, Actor.id.in_(wanted))
    if published_only:
        stmt = stmt.where(Actor.visibility == Visibility.PUBLISHED)
    return {a.id: a for a in session.scalars(stmt)}


def body_by_id(session: Session, tenant_id: int, body_id: int) -> Body:
    """The body (Gremium) with this id in the tenant's network; NotFoundError otherwise."""
    body = session.get(Body, body_id) if isinstance(body_id, int) and 0 < body_id < 2**31 else None
    if body is None or body.tenant_id != tenant_id:
        raise NotFoundError(f"Gremium-Nr. {body_id} gibt es im Netzwerk dieses Arbeitsbereichs nicht.")
    return body

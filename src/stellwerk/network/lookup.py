# SPDX-License-Identifier: EUPL-1.2
"""Finding tenants and actors by id or name.

:func:`find_actors` and :func:`resolve_actor` are the stable entry points for
other modules, e.g. the strategy module linking a Maßnahme to its partner
actors: store the actor id, look it up with :func:`resolve_actor`.
"""
from __future__ import annotations

import re
import unicodedata

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stellwerk.accounts.models import Tenant, Visibility
from stellwerk.errors import AmbiguousError, NotFoundError
from stellwerk.network.models import Actor

__all__ = ["name_key", "resolve_tenant", "find_actors", "resolve_actor"]

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

# SPDX-License-Identifier: EUPL-1.2
"""Partners of measures and the actors of the network module.

A partner is ``{"name": ..., "akteur_id": int | None}``. Without an id it is
free text (a partner outside the network). With an id it must be an actor of
the *same* tenant's network: every way into the database – web form, API,
YAML/JSON, Excel – passes :func:`check_partners`, which asks
:func:`stellwerk.network.lookup.actor_by_id`. The network module never imports
strategy; the reverse direction (which measures name an actor) is
:func:`measures_by_actor`, which the network page's route calls.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from stellwerk.accounts.audit import record_change
from stellwerk.accounts.models import Visibility
from stellwerk.errors import InputError, NotFoundError
from stellwerk.network.lookup import actor_by_id, actors_by_id
from stellwerk.network.models import Actor
from stellwerk.strategy.models import Concept, ConceptStatus

__all__ = ["EXPECTED", "PartnerUse", "partner_id", "check_partners", "partners_from_ids", "actor_choices",
           "partner_names", "measures_by_actor", "move_partner"]

EXPECTED = ("eine Akteur-Nr. aus dem Netzwerk dieses Arbeitsbereichs (Seite »Netzwerk«, Tabelle »Akteure«) "
            "oder keine Nr. für einen Partner außerhalb des Netzwerks")


def partner_id(partner: Any) -> int | None:
    """The actor id of a partner given as document model or dict."""
    return partner.get("akteur_id") if isinstance(partner, dict) else getattr(partner, "akteur_id", None)


def check_partners(session: Session, tenant_id: int, partners: Iterable[Any], *, where: str = "",
                   file: str | None = None, sheet: str | None = None, row: int | None = None,
                   column: str = "Partner") -> None:
    """InputError naming the partner when an actor id is not one of the tenant's actors."""
    for n, partner in enumerate(partners, 1):
        actor_id = partner_id(partner)
        if actor_id is None:
            continue
        try:
            actor_by_id(session, tenant_id, actor_id)
        except NotFoundError as error:
            prefix = f"{where} › Partner {n}: " if where else ""
            raise InputError(f"{prefix}{error}", file=file, sheet=sheet, row=row, column=column,
                             expected=EXPECTED) from error


def partners_from_ids(session: Session, tenant_id: int, ids: Iterable[Any],
                      column: str = "Partner aus dem Netzwerk") -> list[dict[str, Any]]:
    """Partner entries for actor ids chosen in a form (name = the actor's name)."""
    out = []
    for value in ids:
        text = str(value).strip()
        if not text:
            continue
        if not text.isdigit():
            raise InputError(f"{text!r} ist keine Akteur-Nr.", column=column, expected=EXPECTED)
        try:
            actor = actor_by_id(session, tenant_id, int(text))
        except NotFoundError as error:
            raise InputError(str(error), column=column, expected=EXPECTED) from error
        if all(p["akteur_id"] != actor.id for p in out):
            out.append({"name": actor.name, "akteur_id": actor.id})
    return out


def actor_choices(session: Session, tenant_id: int) -> list[tuple[int, str]]:
    """(id, name) of all actors of the tenant's network, by name – the choices of the measure form."""
    return [(a.id, a.name) for a in session.scalars(
        select(Actor).where(Actor.tenant_id == tenant_id).order_by(Actor.name, Actor.id))]


def partner_names(session: Session, concept: Concept, *, published_only: bool) -> dict[int, str]:
    """Actor id → current name, for the partner actors of the concept's measures the viewer may see.

    With ``published_only`` internal actors are left out: the page shows the
    partner's stored name without a link, as the network page would not show them.
    """
    ids = [partner_id(p) for m in concept.measures for p in m.partners or []]
    found = actors_by_id(session, concept.tenant_id, [i for i in ids if i is not None], published_only=published_only)
    return {i: a.name for i, a in found.items()}


@dataclass(frozen=True)
class PartnerUse:
    """A measure naming an actor as partner."""

    concept_id: int
    concept_title: str
    version: int
    status: str
    measure_key: str
    measure_title: str


def measures_by_actor(session: Session, tenant_id: int, *, include_internal: bool) -> dict[int, list[PartnerUse]]:
    """Actor id → measures of the tenant's current concept versions (draft or adopted) naming it as partner.

    Superseded versions are left out (a Fortschreibung copies every measure);
    without ``include_internal`` only published concepts count.
    """
    query = select(Concept).where(Concept.tenant_id == tenant_id, Concept.status != ConceptStatus.SUPERSEDED)
    if not include_internal:
        query = query.where(Concept.visibility == Visibility.PUBLISHED)
    uses: dict[int, list[PartnerUse]] = {}
    for concept in session.scalars(query.order_by(Concept.version.desc(), Concept.id.desc())):
        for measure in concept.measures:
            seen: set[int] = set()
            for partner in measure.partners or []:
                actor_id = partner_id(partner)
                if actor_id is None or actor_id in seen:
                    continue
                seen.add(actor_id)
                uses.setdefault(actor_id, []).append(PartnerUse(
                    concept.id, concept.title, concept.version, concept.status, measure.key, measure.title))
    return uses


def move_partner(session: Session, tenant_id: int, old_id: int, new_id: int, actor: str) -> int:
    """After actor ``old_id`` was merged into ``new_id``: measures of every version name ``new_id``; how many.

    Superseded versions are included – their references would otherwise point to
    no actor. Each changed measure gets an audit entry.
    """
    changed = 0
    for concept in session.scalars(select(Concept).where(Concept.tenant_id == tenant_id).order_by(Concept.id)):
        for measure in concept.measures:
            before = list(measure.partners or [])
            if all(partner_id(p) != old_id for p in before):
                continue
            after: list[dict[str, Any]] = []
            for p in before:
                entry = {**p, "akteur_id": new_id} if partner_id(p) == old_id else dict(p)
                if entry["akteur_id"] is None or all(q["akteur_id"] != entry["akteur_id"] for q in after):
                    after.append(entry)
            measure.partners = after
            record_change(session, actor=actor, tenant_id=tenant_id, object_type="strategy_measure",
                          object_id=f"{concept.id}:{measure.key}", action="update",
                          before={"partner": before}, after={"partner": after})
            changed += 1
    session.flush()
    return changed

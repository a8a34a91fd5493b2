# SPDX-License-Identifier: EUPL-1.2
"""Finding and merging duplicate actors – only ever on explicit request.

Two actors are duplicate candidates when their names share a comparison key
(:func:`stellwerk.network.lookup.name_key`: case, umlauts, punctuation and
legal forms ignored). :func:`merge_actors` moves memberships and ties of one
actor to the other, fills empty fields, deletes the merged actor and records
every step in the audit trail.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from stellwerk.accounts.audit import record_change, snapshot
from stellwerk.errors import InputError, NotFoundError
from stellwerk.network.models import Actor, BodyMembership, Tie
from stellwerk.network.lookup import name_key

__all__ = ["find_duplicates", "merge_actors"]

FILLABLE = ("contact_function", "contact_name", "contact_email", "active_from", "active_to", "notes")


def _usage(session: Session, actor: Actor) -> dict[str, int]:
    memberships = len(list(session.scalars(select(BodyMembership.id).where(BodyMembership.actor_id == actor.id))))
    ties = len(list(session.scalars(select(Tie.id).where(or_(Tie.source_id == actor.id, Tie.target_id == actor.id)))))
    return {"memberships": memberships, "ties": ties}


def find_duplicates(session: Session, tenant_id: int) -> list[dict[str, Any]]:
    """Groups of actors whose names share a comparison key, largest first."""
    groups: dict[str, list[Actor]] = {}
    for actor in session.scalars(select(Actor).where(Actor.tenant_id == tenant_id).order_by(Actor.id)):
        groups.setdefault(name_key(actor.name), []).append(actor)
    result = []
    for key, actors in groups.items():
        if len(actors) < 2:
            continue
        result.append({
            "key": key,
            "same_type": len({a.actor_type for a in actors}) == 1,
            "actors": [
                {"id": a.id, "name": a.name, "actor_type": a.actor_type, "sector": a.sector, **_usage(session, a)}
                for a in actors
            ],
            "suggestion": f"stellwerk network merge TENANT {actors[0].id} {actors[1].id}",
        })
    return sorted(result, key=lambda g: (-len(g["actors"]), g["key"]))


def merge_actors(session: Session, tenant_id: int, keep_id: int, drop_id: int, *, by: str = "system") -> dict[str, Any]:
    """Merge actor ``drop_id`` into ``keep_id``; returns what was moved and removed."""
    if keep_id == drop_id:
        raise InputError("Ein Akteur kann nicht mit sich selbst zusammengeführt werden")
    keep, drop = session.get(Actor, keep_id), session.get(Actor, drop_id)
    for actor_id, actor in ((keep_id, keep), (drop_id, drop)):
        if actor is None or actor.tenant_id != tenant_id:
            raise NotFoundError(f"Kein Akteur mit der Nummer {actor_id} in diesem Mandanten.")
    assert keep is not None and drop is not None
    summary = {"kept": {"id": keep.id, "name": keep.name}, "merged": {"id": drop.id, "name": drop.name},
               "memberships_moved": 0, "memberships_dropped": 0, "ties_moved": 0, "ties_dropped": 0}
    before_keep = snapshot(keep)

    own = {(m.body_id, m.valid_from) for m in session.scalars(select(BodyMembership).where(BodyMembership.actor_id == keep.id))}
    for m in list(session.scalars(select(BodyMembership).where(BodyMembership.actor_id == drop.id))):
        if (m.body_id, m.valid_from) in own:
            record_change(session, actor=by, tenant_id=tenant_id, object_type="network_membership",
                          object_id=m.id, action="delete", before=snapshot(m))
            session.delete(m)
            summary["memberships_dropped"] += 1
        else:
            before = snapshot(m)
            m.actor_id = keep.id
            record_change(session, actor=by, tenant_id=tenant_id, object_type="network_membership",
                          object_id=m.id, action="update", before=before, after=snapshot(m))
            summary["memberships_moved"] += 1

    def pair(t: Tie) -> tuple[frozenset[int], object]:
        return frozenset((t.source_id, t.target_id)), t.valid_from

    own_ties = {pair(t) for t in session.scalars(select(Tie).where(or_(Tie.source_id == keep.id, Tie.target_id == keep.id)))}
    for t in list(session.scalars(select(Tie).where(or_(Tie.source_id == drop.id, Tie.target_id == drop.id)))):
        before = snapshot(t)
        other = t.target_id if t.source_id == drop.id else t.source_id
        if other == keep.id or (frozenset((keep.id, other)), t.valid_from) in own_ties:
            record_change(session, actor=by, tenant_id=tenant_id, object_type="network_tie",
                          object_id=t.id, action="delete", before=before)
            session.delete(t)
            summary["ties_dropped"] += 1
            continue
        if t.source_id == drop.id:
            t.source_id = keep.id
        else:
            t.target_id = keep.id
        own_ties.add(pair(t))
        record_change(session, actor=by, tenant_id=tenant_id, object_type="network_tie",
                      object_id=t.id, action="update", before=before, after=snapshot(t))
        summary["ties_moved"] += 1

    keep.handlungsfelder = list(dict.fromkeys([*(keep.handlungsfelder or []), *(drop.handlungsfelder or [])]))
    for name in FILLABLE:
        if getattr(keep, name) is None and getattr(drop, name) is not None:
            setattr(keep, name, getattr(drop, name))
    keep.contact_consent = keep.contact_consent or (drop.contact_consent and bool(drop.contact_name or drop.contact_email))
    session.flush()
    record_change(session, actor=by, tenant_id=tenant_id, object_type="network_actor", object_id=keep.id,
                  action="update", before=before_keep, after={**snapshot(keep), "merged_from": drop.id})
    record_change(session, actor=by, tenant_id=tenant_id, object_type="network_actor", object_id=drop.id,
                  action="delete", before=snapshot(drop), after={"merged_into": keep.id})
    session.delete(drop)
    session.flush()
    return summary

# SPDX-License-Identifier: EUPL-1.2
"""Creating network objects with validation and an audit entry each.

Every function checks its input against the taxonomies and the time rules
(docs/network.md) and raises :class:`InputError` naming the column at fault;
the importer adds file, sheet and row. Nothing here commits.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from stellwerk.accounts.audit import record_change, snapshot
from stellwerk.accounts.models import Visibility
from stellwerk.errors import InputError
from stellwerk.network.content import actor_types, handlungsfelder
from stellwerk.network.models import Actor, Body, BodyMembership, Tie
from stellwerk.network.vocabulary import (
    BODY_FORMATS,
    INTENSITIES,
    LEVELS,
    ORIENTATIONS,
    ROLES,
    SECTORS,
    TIE_KINDS,
    derived_tie_kind,
)

__all__ = [
    "add_actor",
    "same_actor",
    "actor_values",
    "add_body",
    "body_values",
    "add_membership",
    "check_membership",
    "add_tie",
    "update_object",
    "check_handlungsfelder",
    "fmt_date",
]


def fmt_date(value: dt.date | None) -> str:
    """German date for messages (``01.03.2016``), 'offen' for None."""
    return value.strftime("%d.%m.%Y") if value else "offen"


def _check_period(start: dt.date | None, end: dt.date | None, start_col: str, end_col: str) -> None:
    if start and end and end < start:
        raise InputError(
            f"Ende {fmt_date(end)} liegt vor dem Beginn {fmt_date(start)}",
            column=end_col,
            expected=f"ein Datum ab {fmt_date(start)} ({start_col})",
        )


def _check_name(name: str, column: str = "Name") -> str:
    name = (name or "").strip()
    if not name:
        raise InputError("Name fehlt", column=column, expected="ein nicht leerer Name")
    if len(name) > 200:
        raise InputError("Name ist länger als 200 Zeichen", column=column)
    return name


def check_handlungsfelder(values: Iterable[str], column: str = "Handlungsfelder") -> list[str]:
    """Handlungsfeld ids in taxonomy order; unknown ids raise InputError."""
    known = handlungsfelder()
    values = list(dict.fromkeys(values))
    unknown = [v for v in values if v not in known]
    if unknown:
        raise InputError(
            f"Unbekanntes Handlungsfeld {unknown[0]!r}",
            column=column,
            expected="Ids oder Bezeichnungen aus content/taxonomy/handlungsfelder.yaml, z. B. "
            + ", ".join(list(known)[:3]),
        )
    return [k for k in known if k in values]


def _check_choice(value: str, vocabulary: dict, what: str, column: str) -> str:
    if value not in vocabulary:
        raise InputError(
            f"Unbekannte {what} {value!r}", column=column, expected=", ".join(str(v) for v in vocabulary.values())
        )
    return value


def _visibility(published: bool) -> str:
    return Visibility.PUBLISHED if published else Visibility.INTERNAL


def same_actor(session: Session, tenant_id: int, name: str, actor_type: str) -> list[Actor]:
    """The tenant's actors with this name (case and spacing ignored) and type – duplicates of a new one."""
    key = " ".join(name.split()).casefold()
    return [a for a in session.scalars(select(Actor).where(Actor.tenant_id == tenant_id,
                                                           Actor.actor_type == actor_type).order_by(Actor.id))
            if " ".join(a.name.split()).casefold() == key]


def add_actor(session: Session, tenant_id: int, *, by: str = "system", **fields) -> Actor:
    """Validate and add an actor (``fields`` as for :func:`actor_values`); sector defaults to the one of its type.

    An actor with the same name and type is refused, never merged: the message names
    the existing actor and points to the duplicate report and the merge command.
    """
    values = actor_values(**fields)
    existing = same_actor(session, tenant_id, values["name"], values["actor_type"])
    if existing:
        raise InputError(
            f"Akteur {values['name']!r} (Typ {actor_types()[values['actor_type']].label}) gibt es schon "
            f"als Nr. {existing[0].id}",
            column="Name",
            expected="den vorhandenen Akteur verwenden; mögliche Dubletten zeigt 'stellwerk network duplicates', "
            "zusammenführen nur ausdrücklich mit 'stellwerk network merge'",
        )
    actor = Actor(tenant_id=tenant_id, **values)
    session.add(actor)
    session.flush()
    record_change(session, actor=by, tenant_id=tenant_id, object_type="network_actor",
                  object_id=actor.id, action="create", after=snapshot(actor))
    return actor


def actor_values(
    *,
    name: str,
    actor_type: str,
    sector: str | None = None,
    handlungsfelder: Iterable[str] = (),
    contact_function: str | None = None,
    contact_name: str | None = None,
    contact_email: str | None = None,
    contact_consent: bool = False,
    active_from: dt.date | None = None,
    active_to: dt.date | None = None,
    published: bool = False,
    notes: str | None = None,
) -> dict:
    """Checked column values of an actor (raises InputError naming the column)."""
    name = _check_name(name)
    types = actor_types()
    if actor_type not in types:
        raise InputError(
            f"Unbekannter Akteurstyp {actor_type!r}",
            column="Typ",
            expected="ein Typ aus content/network/actor_types.yaml, z. B. " + ", ".join(list(types)[:4]),
        )
    sector = sector or types[actor_type].sector
    _check_choice(sector, SECTORS, "Sektor", "Sektor")
    if (contact_name or contact_email) and not contact_consent:
        raise InputError(
            "Personenbezogene Kontaktdaten ohne dokumentierte Einwilligung",
            column="Einwilligung",
            expected="'ja', wenn die Person der Speicherung zugestimmt hat – sonst nur die Kontaktfunktion angeben",
        )
    _check_period(active_from, active_to, "Aktiv seit", "Aktiv bis")
    return dict(
        visibility=_visibility(published),
        name=name,
        actor_type=actor_type,
        sector=sector,
        handlungsfelder=check_handlungsfelder(handlungsfelder),
        contact_function=contact_function or None,
        contact_name=contact_name or None,
        contact_email=contact_email or None,
        contact_consent=bool(contact_consent),
        active_from=active_from,
        active_to=active_to,
        notes=notes or None,
    )


def add_body(
    session: Session,
    tenant_id: int,
    *,
    name: str,
    body_format: str,
    level: str,
    orientation: str = "thematisch",
    target_group: str | None = None,
    permanent: bool = True,
    cross_cutting: bool = False,
    founded: dt.date | None = None,
    dissolved: dt.date | None = None,
    handlungsfelder: Iterable[str] = (),
    published: bool = False,
    notes: str | None = None,
    by: str = "system",
) -> Body:
    """Validate and add a body (Gremium, Format)."""
    body = Body(tenant_id=tenant_id, **body_values(
        name=name, body_format=body_format, level=level, orientation=orientation, target_group=target_group,
        permanent=permanent, cross_cutting=cross_cutting, founded=founded, dissolved=dissolved,
        handlungsfelder=handlungsfelder, published=published, notes=notes,
    ))
    session.add(body)
    session.flush()
    record_change(session, actor=by, tenant_id=tenant_id, object_type="network_body",
                  object_id=body.id, action="create", after=snapshot(body))
    return body


def body_values(
    *,
    name: str,
    body_format: str,
    level: str,
    orientation: str | None = "thematisch",
    target_group: str | None = None,
    permanent: bool = True,
    cross_cutting: bool = False,
    founded: dt.date | None = None,
    dissolved: dt.date | None = None,
    handlungsfelder: Iterable[str] = (),
    published: bool = False,
    notes: str | None = None,
) -> dict:
    """Checked column values of a body (raises InputError naming the column)."""
    name = _check_name(name)
    orientation = orientation or "thematisch"
    _check_choice(body_format, BODY_FORMATS, "Gremienform", "Format")
    _check_choice(level, LEVELS, "Ebene", "Ebene")
    _check_choice(orientation, ORIENTATIONS, "Ausrichtung", "Ausrichtung")
    _check_period(founded, dissolved, "Gegründet", "Aufgelöst")
    return dict(
        visibility=_visibility(published),
        name=name,
        body_format=body_format,
        level=level,
        orientation=orientation,
        target_group=target_group or None,
        permanent=bool(permanent),
        cross_cutting=bool(cross_cutting),
        founded=founded,
        dissolved=dissolved,
        handlungsfelder=check_handlungsfelder(handlungsfelder),
        notes=notes or None,
    )


def add_membership(
    session: Session,
    body: Body,
    actor: Actor,
    *,
    role: str = "mitglied",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    by: str = "system",
) -> BodyMembership:
    """Validate and add a membership; it must lie within the body's lifetime."""
    if actor.tenant_id != body.tenant_id:
        raise InputError("Akteur und Gremium gehören zu verschiedenen Mandanten", column="Akteur")
    check_membership(body, role=role, valid_from=valid_from, valid_to=valid_to)
    membership = BodyMembership(body=body, actor=actor, role=role, valid_from=valid_from, valid_to=valid_to)
    session.add(membership)
    session.flush()
    record_change(session, actor=by, tenant_id=body.tenant_id, object_type="network_membership",
                  object_id=membership.id, action="create", after=snapshot(membership))
    return membership


def check_membership(body: Body, *, role: str, valid_from: dt.date | None, valid_to: dt.date | None) -> None:
    """Raise InputError unless role is known and the period lies in the body's lifetime."""
    _check_choice(role, ROLES, "Rolle", "Rolle")
    _check_period(valid_from, valid_to, "Von", "Bis")
    if body.founded and valid_to and valid_to < body.founded:
        raise InputError(
            f"Mitgliedschaft endet am {fmt_date(valid_to)}, vor der Gründung von "
            f"{body.name!r} am {fmt_date(body.founded)}",
            column="Bis",
            expected=f"ein Datum ab {fmt_date(body.founded)} oder leer",
        )
    if body.founded and valid_from and valid_from < body.founded:
        raise InputError(
            f"Mitgliedschaft beginnt am {fmt_date(valid_from)}, vor der Gründung von "
            f"{body.name!r} am {fmt_date(body.founded)}",
            column="Von",
            expected=f"ein Datum ab {fmt_date(body.founded)} oder leer",
        )
    if body.dissolved:
        for value, column, verb in ((valid_from, "Von", "beginnt am"), (valid_to, "Bis", "reicht bis")):
            if value and value > body.dissolved:
                raise InputError(
                    f"Mitgliedschaft {verb} {fmt_date(value)}, nach der Auflösung von "
                    f"{body.name!r} am {fmt_date(body.dissolved)}",
                    column=column,
                    expected=f"ein Datum bis {fmt_date(body.dissolved)} oder leer",
                )


def add_tie(
    session: Session,
    source: Actor,
    target: Actor,
    *,
    kind: str | None = None,
    intensity: int = 2,
    formal: bool = False,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    published: bool = False,
    notes: str | None = None,
    by: str = "system",
) -> Tie:
    """Validate and add a tie; without ``kind`` it is derived from the two sectors."""
    if source.id == target.id:
        raise InputError(
            f"Beziehung von {source.name!r} zu sich selbst",
            column="Akteur B",
            expected="zwei verschiedene Akteure",
        )
    if source.tenant_id != target.tenant_id:
        raise InputError("Die Akteure gehören zu verschiedenen Mandanten", column="Akteur B")
    kind = kind or derived_tie_kind(source.sector, target.sector)
    _check_choice(kind, TIE_KINDS, "Beziehungsart", "Art")
    if intensity not in INTENSITIES:
        raise InputError(f"Intensität {intensity!r} ungültig", column="Intensität",
                         expected="1 (gelegentlich), 2 (regelmäßig) oder 3 (eng)")
    _check_period(valid_from, valid_to, "Von", "Bis")
    tie = Tie(
        tenant_id=source.tenant_id,
        visibility=_visibility(published),
        source=source,
        target=target,
        kind=kind,
        intensity=intensity,
        formal=bool(formal),
        valid_from=valid_from,
        valid_to=valid_to,
        notes=notes or None,
    )
    session.add(tie)
    session.flush()
    record_change(session, actor=by, tenant_id=source.tenant_id, object_type="network_tie",
                  object_id=tie.id, action="create", after=snapshot(tie))
    return tie


def update_object(session: Session, obj: object, values: dict, *, object_type: str, by: str = "system") -> bool:
    """Set changed column values and record an update; False when nothing changed."""
    changed = {k: v for k, v in values.items() if getattr(obj, k) != v}
    if not changed:
        return False
    before = snapshot(obj)
    for key, value in changed.items():
        setattr(obj, key, value)
    session.flush()
    record_change(session, actor=by, tenant_id=getattr(obj, "tenant_id", None) or obj.body.tenant_id,  # type: ignore[attr-defined]
                  object_type=object_type, object_id=obj.id, action="update",  # type: ignore[attr-defined]
                  before=before, after=snapshot(obj))
    return True

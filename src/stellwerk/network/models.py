# SPDX-License-Identifier: EUPL-1.2
"""Tables of the network module: actors, bodies, memberships, ties.

Dates are inclusive on both ends (``valid_to`` = last day of validity);
None means open (since always / still). Actors, bodies and ties belong to a
tenant and are internal or published (:class:`OwnedMixin`); a membership
belongs to its body.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stellwerk.accounts.models import OwnedMixin
from stellwerk.storage.base import Base

__all__ = ["Actor", "Body", "BodyMembership", "Tie"]


class Actor(OwnedMixin, Base):
    """An organisation or organisational unit in the local integration field."""

    __tablename__ = "network_actor"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # id from content/network/actor_types.yaml
    actor_type: Mapped[str] = mapped_column(String(60))
    # see vocabulary.SECTORS
    sector: Mapped[str] = mapped_column(String(30), index=True)
    # ids from content/taxonomy/handlungsfelder.yaml
    handlungsfelder: Mapped[list] = mapped_column(JSON, default=list)
    # a function ("Integrationsbeauftragte"), not a person
    contact_function: Mapped[str | None] = mapped_column(String(200))
    # personal contact data only with documented consent
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(200))
    contact_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    active_from: Mapped[dt.date | None] = mapped_column(Date)
    active_to: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)


class Body(OwnedMixin, Base):
    """A body or format of cooperation: runder Tisch, Arbeitskreis, Beirat …"""

    __tablename__ = "network_body"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # see vocabulary.BODY_FORMATS
    body_format: Mapped[str] = mapped_column(String(40))
    # steuerung | fach | arbeit
    level: Mapped[str] = mapped_column(String(20))
    # thematisch | zielgruppe
    orientation: Mapped[str] = mapped_column(String(20))
    target_group: Mapped[str | None] = mapped_column(String(200))
    permanent: Mapped[bool] = mapped_column(Boolean, default=True)
    # ressortübergreifend: several administration units work together in it
    cross_cutting: Mapped[bool] = mapped_column(Boolean, default=False)
    founded: Mapped[dt.date | None] = mapped_column(Date)
    dissolved: Mapped[dt.date | None] = mapped_column(Date)
    handlungsfelder: Mapped[list] = mapped_column(JSON, default=list)
    notes: Mapped[str | None] = mapped_column(Text)

    memberships: Mapped[list[BodyMembership]] = relationship(
        back_populates="body", cascade="all, delete-orphan", passive_deletes=True
    )


class BodyMembership(Base):
    """An actor's seat in a body, with role and period."""

    __tablename__ = "network_membership"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("network_body.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("network_actor.id", ondelete="CASCADE"), index=True)
    # see vocabulary.ROLES
    role: Mapped[str] = mapped_column(String(30), default="mitglied")
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)

    body: Mapped[Body] = relationship(back_populates="memberships")
    actor: Mapped[Actor] = relationship()


class Tie(OwnedMixin, Base):
    """A direct working relation between two actors, entered by hand."""

    __tablename__ = "network_tie"
    __table_args__ = (CheckConstraint("source_id <> target_id", name="no_self_tie"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("network_actor.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("network_actor.id", ondelete="CASCADE"), index=True)
    # horizontal | vertikal | intersektoral
    kind: Mapped[str] = mapped_column(String(20))
    # 1 gelegentlich, 2 regelmäßig, 3 eng
    intensity: Mapped[int] = mapped_column(Integer, default=2)
    formal: Mapped[bool] = mapped_column(Boolean, default=False)
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)

    source: Mapped[Actor] = relationship(foreign_keys=[source_id])
    target: Mapped[Actor] = relationship(foreign_keys=[target_id])

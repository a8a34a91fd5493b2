# SPDX-License-Identifier: EUPL-1.2
"""Tables of the observation store.

An :class:`Observation` is one cell of an official table in tidy form. Its
``period`` is a canonical string: ``"2011"`` (a year or annual average),
``"2011-12-31"`` (a reference date) or ``"2015-H1"`` (a half-year); ``year``
repeats the calendar year for joins. ``breakdown`` is a canonical key of
sorted ``dimension=value`` pairs joined by ``|`` (``"nationality=auslaender|sex=w"``),
the empty string for the total. ``flag`` keeps the official symbol
(see :mod:`stellwerk.observations.flags`).
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from stellwerk.storage.base import Base

__all__ = ["Dataset", "Variable", "Observation"]


class Dataset(Base):
    """One imported file (or web-service answer) with its provenance."""

    __tablename__ = "dataset"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(100))
    table_code: Mapped[str] = mapped_column(String(100), index=True)
    title: Mapped[str] = mapped_column(String(500))
    licence: Mapped[str] = mapped_column(String(200))
    attribution: Mapped[str] = mapped_column(Text)
    reference_date: Mapped[dt.date | None] = mapped_column(Date)
    file_name: Mapped[str] = mapped_column(String(500))
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    importer: Mapped[str] = mapped_column(String(50))
    importer_version: Mapped[str] = mapped_column(String(20))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    row_count: Mapped[int] = mapped_column(Integer, default=0)
    observation_count: Mapped[int] = mapped_column(Integer, default=0)
    # "active", or "superseded" once a revised file for the same table and date replaced it.
    status: Mapped[str] = mapped_column(String(20), default="active")
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("dataset.id"))
    meta: Mapped[dict | None] = mapped_column(JSON)


class Variable(Base):
    """A measured quantity with a German label, a unit and a definition."""

    __tablename__ = "variable"

    code: Mapped[str] = mapped_column(String(100), primary_key=True)
    label: Mapped[str] = mapped_column(String(300))
    unit: Mapped[str] = mapped_column(String(50))
    definition: Mapped[str] = mapped_column(Text, default="")


class Observation(Base):
    __tablename__ = "observation"
    __table_args__ = (
        UniqueConstraint("dataset_id", "area_id", "period", "variable_code", "breakdown"),
        Index("ix_observation_lookup", "variable_code", "area_id", "year"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    # No index of its own: the unique constraint starts with dataset_id and serves lookups by dataset.
    dataset_id: Mapped[int] = mapped_column(ForeignKey("dataset.id", ondelete="CASCADE"))
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)
    period: Mapped[str] = mapped_column(String(10))
    year: Mapped[int] = mapped_column(Integer)
    variable_code: Mapped[str] = mapped_column(ForeignKey("variable.code"))
    breakdown: Mapped[str] = mapped_column(String(300), default="")
    value: Mapped[float | None] = mapped_column(Float)
    flag: Mapped[str | None] = mapped_column(String(3))

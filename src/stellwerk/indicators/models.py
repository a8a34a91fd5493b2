# SPDX-License-Identifier: EUPL-1.2
"""The cache of computed indicator values.

``stellwerk compute`` fills :class:`IndicatorValue`; every row carries the
fingerprint of the catalogue entry and of the input datasets it was computed
from. When a dataset is imported, replaced or deleted, or the definition
changes, the fingerprint no longer matches and the indicator is recomputed.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from stellwerk.storage.base import Base

__all__ = ["IndicatorValue"]


class IndicatorValue(Base):
    """One computed value: indicator × area × year × breakdown."""

    __tablename__ = "indicator_value"
    __table_args__ = (
        UniqueConstraint("indicator_id", "area_id", "year", "breakdown"),
        Index("ix_indicator_value_area", "area_id", "indicator_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_id: Mapped[str] = mapped_column(String(100), index=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    period: Mapped[str] = mapped_column(String(10))
    breakdown: Mapped[str] = mapped_column(String(300), default="")
    value: Mapped[float | None] = mapped_column(Float)
    numerator: Mapped[float | None] = mapped_column(Float)
    denominator: Mapped[float | None] = mapped_column(Float)
    flag: Mapped[str | None] = mapped_column(String(3))
    note: Mapped[str] = mapped_column(Text, default="")
    fingerprint: Mapped[str] = mapped_column(String(64))
    computed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

# SPDX-License-Identifier: EUPL-1.2
"""Tables of the knowledge module.

Shipped content (practices, concept register) and entries users add live in
the same tables; shipped rows belong to the built-in content tenant and are
published. ``search_text`` holds the normalised tokens
(:func:`stellwerk.knowledge.textnorm.normalise`) both search backends match on.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from stellwerk.accounts.models import OwnedMixin
from stellwerk.storage.base import Base
from stellwerk.strategy import models as _strategy_models  # noqa: F401 - strategy_concept, referred to below

__all__ = ["Status", "Origin", "Practice", "ConceptDocument"]


class Status:
    """Editorial life cycle of a user entry; shipped content is published."""

    DRAFT = "draft"
    REVIEWED = "reviewed"
    PUBLISHED = "published"
    ALL = (DRAFT, REVIEWED, PUBLISHED)
    NEXT = {DRAFT: REVIEWED, REVIEWED: PUBLISHED}


class Origin:
    CONTENT = "content"
    USER = "user"


class Practice(OwnedMixin, Base):
    """One good-practice entry; the validated entry itself is kept in ``data``."""

    __tablename__ = "practice"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    field: Mapped[str] = mapped_column(String(30), index=True)
    sub_topic: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(12), default=Status.DRAFT)
    origin: Mapped[str] = mapped_column(String(12), default=Origin.USER)
    data: Mapped[dict] = mapped_column(JSON)
    search_text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # Set when an editor hands a draft in for review; cleared when it goes back to draft.
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # What the reviewing admin wrote when sending an entry back (shown to the editors).
    review_note: Mapped[str | None] = mapped_column(Text)


class ConceptDocument(OwnedMixin, Base):
    """One document of a municipality's integration policy (concept, Leitbild, plan …)."""

    __tablename__ = "concept_document"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    city: Mapped[str] = mapped_column(String(120), index=True)
    city_qualifier: Mapped[str | None] = mapped_column(String(120))
    ags: Mapped[str | None] = mapped_column(String(8), index=True)
    land: Mapped[str | None] = mapped_column(String(2))
    seq: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(500))
    year: Mapped[int | None] = mapped_column(Integer)
    month: Mapped[int | None] = mapped_column(Integer)
    period: Mapped[str | None] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(40))
    kind_detail: Mapped[str | None] = mapped_column(String(120))
    issuer_level: Mapped[str] = mapped_column(String(10))
    update_of: Mapped[str | None] = mapped_column(String(120))
    update_basis: Mapped[str] = mapped_column(String(40), default="keine")
    update_certain: Mapped[bool] = mapped_column(Boolean, default=True)
    refugee_specific: Mapped[str] = mapped_column(String(10), default="nein")
    in_register_count: Mapped[bool] = mapped_column(Boolean, default=False)
    exception_city: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default="draft")
    origin: Mapped[str] = mapped_column(String(12), default=Origin.USER)
    search_text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # The Integrationskonzept version (strategy module) this document records, if any.
    strategy_concept_id: Mapped[int | None] = mapped_column(
        ForeignKey("strategy_concept.id", ondelete="SET NULL"), index=True)

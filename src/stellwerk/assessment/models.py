# SPDX-License-Identifier: EUPL-1.2
"""Tables of the assessment module: runs, respondents, answers and survey invitations.

A run is one application of an instrument by a tenant: alone (``einzeln``), as a
workshop with several respondents (``workshop``), or as a municipal survey
(``befragung``) whose respondents are municipalities invited with one-time tokens.
Tokens are stored only as SHA-256 hashes.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Float, ForeignKey, Integer, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stellwerk.accounts.models import OwnedMixin
from stellwerk.storage.base import Base

__all__ = ["Mode", "Status", "Sector", "AssessmentRun", "Respondent", "Answer", "Invitation"]


class Mode:
    SINGLE = "einzeln"
    WORKSHOP = "workshop"
    SURVEY = "befragung"
    ALL = (SINGLE, WORKSHOP, SURVEY)
    LABELS = {SINGLE: "Einzeln", WORKSHOP: "Workshop", SURVEY: "Kommunalbefragung"}


class Status:
    OPEN = "offen"
    CLOSED = "abgeschlossen"


class Sector:
    """The perspectives a workshop brings together."""

    LABELS = {
        "verwaltung": "Verwaltung",
        "politik": "Politik",
        "zivilgesellschaft": "Zivilgesellschaft",
        "migrantenorganisation": "Migrantenorganisation",
        "wirtschaft": "Wirtschaft",
    }


class AssessmentRun(OwnedMixin, Base):
    """One application of an instrument by a tenant."""

    __tablename__ = "assessment_run"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instrument_id: Mapped[str] = mapped_column(String(80), index=True)
    instrument_version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    mode: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default=Status.OPEN)
    # peer group for benchmarks: grossstadt | mittelstadt | kleinstadt_gemeinde | landkreis
    gemeindetyp: Mapped[str | None] = mapped_column(String(30))
    land: Mapped[str | None] = mapped_column(String(2))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"), index=True)
    participant_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    facilitator_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    token_expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    respondents: Mapped[list[Respondent]] = relationship(
        back_populates="run", cascade="all, delete-orphan", order_by="Respondent.id"
    )


class Respondent(Base):
    """One person (workshop) or municipality (survey) who answered a run."""

    __tablename__ = "assessment_respondent"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("assessment_run.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(200))
    sector: Mapped[str | None] = mapped_column(String(40))
    submitted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    run: Mapped[AssessmentRun] = relationship(back_populates="respondents")
    answers: Mapped[list[Answer]] = relationship(
        back_populates="respondent", cascade="all, delete-orphan", order_by="Answer.id"
    )

    def answer_map(self) -> dict[str, str | float]:
        return {a.item_id: (a.value_number if a.value_number is not None else a.value_text) for a in self.answers}


class Answer(Base):
    """One answer to one item: text for choices and free text, number for number items."""

    __tablename__ = "assessment_answer"
    __table_args__ = (UniqueConstraint("respondent_id", "item_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    respondent_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_respondent.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[str] = mapped_column(String(80))
    value_text: Mapped[str | None] = mapped_column(String(4000))
    value_number: Mapped[float | None] = mapped_column(Float)

    respondent: Mapped[Respondent] = relationship(back_populates="answers")


class Invitation(Base):
    """A municipality invited to a survey run, with a one-time token (hash only) and expiry."""

    __tablename__ = "assessment_invitation"
    __table_args__ = (UniqueConstraint("run_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("assessment_run.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(20))  # ARS/AGS or the inviter's own key
    name: Mapped[str] = mapped_column(String(200))
    gemeindetyp: Mapped[str | None] = mapped_column(String(30))
    land: Mapped[str | None] = mapped_column(String(2))
    size_class: Mapped[str | None] = mapped_column(String(40))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    respondent_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessment_respondent.id", ondelete="SET NULL"), index=True
    )

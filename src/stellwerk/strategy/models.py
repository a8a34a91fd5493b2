# SPDX-License-Identifier: EUPL-1.2
"""Tables of the Integrationskonzept.

A :class:`Concept` row is one *version* of a municipality's concept; a
Fortschreibung is a new row pointing to its ``predecessor``. Goals, measures
and evaluations carry a ``key`` ("Z1", "M3", "E1") that stays the same across
versions, so two versions can be compared and a workbook can be re-imported.
Only the concept is an owned object; its parts inherit tenant and visibility.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stellwerk.accounts.models import OwnedMixin
from stellwerk.storage.base import Base

__all__ = ["ConceptStatus", "MeasureStatus", "Direction", "Concept", "Goal", "GoalIndicator", "Measure",
           "ProgressReport", "Evaluation"]


class ConceptStatus:
    DRAFT = "Entwurf"
    ADOPTED = "beschlossen"
    SUPERSEDED = "abgelöst"
    ALL = (DRAFT, ADOPTED, SUPERSEDED)


class MeasureStatus:
    ALL = ("geplant", "laufend", "abgeschlossen", "eingestellt")


class Direction:
    UP = "steigen"
    DOWN = "sinken"
    HOLD = "halten"
    ALL = (UP, DOWN, HOLD)


class Concept(OwnedMixin, Base):
    """One version of a municipality's Integrationskonzept."""

    __tablename__ = "strategy_concept"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    # Official code of the area whose indicators the goals refer to by default.
    area_code: Mapped[str] = mapped_column(String(20), default="")
    period_start: Mapped[int | None] = mapped_column(Integer)
    period_end: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default=ConceptStatus.DRAFT)
    version: Mapped[int] = mapped_column(Integer, default=1)
    adopted_on: Mapped[dt.date | None] = mapped_column(Date)
    council_ref: Mapped[str] = mapped_column(String(200), default="")
    predecessor_id: Mapped[int | None] = mapped_column(ForeignKey("strategy_concept.id", ondelete="SET NULL"))
    leitbild: Mapped[str] = mapped_column(Text, default="")
    leitlinien: Mapped[list] = mapped_column(JSON, default=list)
    bestandsaufnahme: Mapped[str] = mapped_column(Text, default="")
    participation: Mapped[str] = mapped_column(Text, default="")
    monitoring: Mapped[str] = mapped_column(Text, default="")
    # Handlungsfeld id → local label (empty: the taxonomy's label).
    field_labels: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str] = mapped_column(String(80))

    goals: Mapped[list[Goal]] = relationship(
        back_populates="concept", cascade="all, delete-orphan", order_by="Goal.position")
    measures: Mapped[list[Measure]] = relationship(
        back_populates="concept", cascade="all, delete-orphan", order_by="Measure.position")
    evaluations: Mapped[list[Evaluation]] = relationship(
        back_populates="concept", cascade="all, delete-orphan", order_by="Evaluation.position")


class Goal(Base):
    """A goal (Ziel) in one Handlungsfeld."""

    __tablename__ = "strategy_goal"
    __table_args__ = (UniqueConstraint("concept_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    concept_id: Mapped[int] = mapped_column(ForeignKey("strategy_concept.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    handlungsfeld: Mapped[str] = mapped_column(String(60))

    concept: Mapped[Concept] = relationship(back_populates="goals")
    indicators: Mapped[list[GoalIndicator]] = relationship(
        back_populates="goal", cascade="all, delete-orphan", order_by="GoalIndicator.id")


class GoalIndicator(Base):
    """An indicator measuring a goal: area, baseline from the engine, target and direction."""

    __tablename__ = "strategy_goal_indicator"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("strategy_goal.id", ondelete="CASCADE"), index=True)
    indicator_id: Mapped[str] = mapped_column(String(80))
    area_code: Mapped[str] = mapped_column(String(20))
    baseline_year: Mapped[int] = mapped_column(Integer)
    baseline_value: Mapped[float] = mapped_column(Float)
    target_value: Mapped[float] = mapped_column(Float)
    target_year: Mapped[int] = mapped_column(Integer)
    direction: Mapped[str] = mapped_column(String(10))

    goal: Mapped[Goal] = relationship(back_populates="indicators")


class Measure(Base):
    """A measure (Maßnahme) serving goals, with responsibility, resources and milestones."""

    __tablename__ = "strategy_measure"
    __table_args__ = (UniqueConstraint("concept_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    concept_id: Mapped[int] = mapped_column(ForeignKey("strategy_concept.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    handlungsfelder: Mapped[list] = mapped_column(JSON, default=list)
    goal_keys: Mapped[list] = mapped_column(JSON, default=list)
    responsible: Mapped[str] = mapped_column(String(200), default="")
    # [{"name": ..., "actor_id": int | None}] – actor ids of the network module once it is merged.
    partners: Mapped[list] = mapped_column(JSON, default=list)
    target_groups: Mapped[list] = mapped_column(JSON, default=list)
    start: Mapped[dt.date | None] = mapped_column(Date)
    end: Mapped[dt.date | None] = mapped_column(Date)
    budget: Mapped[float | None] = mapped_column(Float)
    funding_source: Mapped[str] = mapped_column(String(200), default="")
    funding_end: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="geplant")
    # [{"title": ..., "due": "YYYY-MM-DD" | None, "done": bool}]
    milestones: Mapped[list] = mapped_column(JSON, default=list)

    concept: Mapped[Concept] = relationship(back_populates="measures")
    reports: Mapped[list[ProgressReport]] = relationship(
        back_populates="measure", cascade="all, delete-orphan", order_by="ProgressReport.period")


class ProgressReport(Base):
    """A progress report (Umsetzungsbericht) of one measure for one period."""

    __tablename__ = "strategy_progress"
    __table_args__ = (UniqueConstraint("measure_id", "period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("strategy_measure.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    recorded_by: Mapped[str] = mapped_column(String(80))

    measure: Mapped[Measure] = relationship(back_populates="reports")


class Evaluation(Base):
    """An internal or external evaluation with findings and recommendations."""

    __tablename__ = "strategy_evaluation"
    __table_args__ = (UniqueConstraint("concept_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    concept_id: Mapped[int] = mapped_column(ForeignKey("strategy_concept.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(10))  # intern | extern
    method: Mapped[str] = mapped_column(Text, default="")
    findings: Mapped[str] = mapped_column(Text, default="")
    recommendations: Mapped[str] = mapped_column(Text, default="")
    measure_keys: Mapped[list] = mapped_column(JSON, default=list)
    done_on: Mapped[dt.date | None] = mapped_column(Date)

    concept: Mapped[Concept] = relationship(back_populates="evaluations")

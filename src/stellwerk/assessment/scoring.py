# SPDX-License-Identifier: EUPL-1.2
"""Scoring: answers → item scores → section scores → overall score, plus spread and disagreement.

Rules (docs/assessment.md):
- An item scores its option's score (0–100), ``100 - score`` when the item is reversed,
  a number item the score of the highest band it reaches. Unanswered items, free text
  and options without a score ("weiß nicht") do not count.
- A section score is the weighted mean of its answered scored items (weights from the
  section's rule); the overall score is the weighted mean of the scored sections.
  Missing parts are left out and the weights of the rest renormalised, never counted as 0.
- A dimension (``scoring.dimensions``: an item tag) scores the unweighted mean of the
  answered scored items carrying the tag, across sections.
- In a workshop, a section's result is the mean of the respondents' section scores.
  Perspectives *disagree* when at least two sectors took part and their sector means
  lie ``DISAGREEMENT_RANGE`` (50) points or more apart.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from stellwerk.assessment.schema import SCALED_TYPES, Instrument, Item

__all__ = [
    "DISAGREEMENT_RANGE",
    "item_score",
    "weighted_mean",
    "RespondentScores",
    "score_respondent",
    "Stats",
    "summarise",
    "Spread",
    "spread",
]

DISAGREEMENT_RANGE = 50.0

Answer = str | float


def item_score(instrument: Instrument, item: Item, value: Answer | None) -> float | None:
    """The 0–100 score of one answer, or None when it does not count."""
    if value is None or not item.is_scored:
        return None
    if item.type in SCALED_TYPES:
        assert item.scale is not None
        for option in instrument.scale(item.scale).options:
            if option.value == str(value):
                if option.score is None:
                    return None
                return 100.0 - option.score if item.reverse else float(option.score)
        return None
    if item.type == "number":
        number = float(value)
        reached = [band.score for band in item.bands if number >= band.min]
        if not reached:
            return None
        return 100.0 - reached[-1] if item.reverse else reached[-1]
    return None


def weighted_mean(pairs: Iterable[tuple[float | None, float]]) -> float | None:
    """Weighted mean of (value, weight) pairs, skipping None values; None if nothing counts."""
    total = weight_sum = 0.0
    for value, weight in pairs:
        if value is None:
            continue
        total += value * weight
        weight_sum += weight
    return total / weight_sum if weight_sum else None


@dataclass
class RespondentScores:
    items: dict[str, float | None] = field(default_factory=dict)
    sections: dict[str, float | None] = field(default_factory=dict)
    overall: float | None = None
    dimensions: dict[str, float | None] = field(default_factory=dict)


def score_respondent(instrument: Instrument, answers: Mapping[str, Answer | None]) -> RespondentScores:
    """Item, section and overall scores of one respondent's answers."""
    result = RespondentScores()
    for section in instrument.sections:
        for item in section.items:
            result.items[item.id] = item_score(instrument, item, answers.get(item.id))
        if section.weights:
            result.sections[section.id] = weighted_mean(
                (result.items[item_id], weight) for item_id, weight in section.weights.items()
            )
    result.overall = weighted_mean(
        (result.sections.get(section_id), weight) for section_id, weight in instrument.scoring.weights.items()
    )
    for tag in instrument.scoring.dimensions:
        result.dimensions[tag] = weighted_mean(
            (result.items[item.id], 1.0) for _, item in instrument.items() if tag in item.tags and item.is_scored
        )
    return result


@dataclass(frozen=True)
class Stats:
    n: int
    mean: float | None
    sd: float | None  # population standard deviation of the respondents' scores
    minimum: float | None
    maximum: float | None

    @property
    def range(self) -> float | None:
        if self.minimum is None or self.maximum is None:
            return None
        return self.maximum - self.minimum


def summarise(values: Iterable[float | None]) -> Stats:
    """n, mean, SD, min and max of the values that are not None."""
    present = [v for v in values if v is not None]
    if not present:
        return Stats(0, None, None, None, None)
    mean = sum(present) / len(present)
    sd = math.sqrt(sum((v - mean) ** 2 for v in present) / len(present))
    return Stats(len(present), mean, sd, min(present), max(present))


@dataclass(frozen=True)
class Spread:
    """Mean and spread of one score across respondents, and the view of each sector."""

    stats: Stats
    by_sector: dict[str, float]
    sector_range: float | None
    disagreement: bool


def spread(scores: Iterable[tuple[str | None, float | None]]) -> Spread:
    """Summarise (sector, score) pairs and apply the disagreement rule."""
    pairs = list(scores)
    stats = summarise(score for _, score in pairs)
    per_sector: dict[str, list[float]] = {}
    for sector, score in pairs:
        if sector and score is not None:
            per_sector.setdefault(sector, []).append(score)
    by_sector = {sector: sum(values) / len(values) for sector, values in sorted(per_sector.items())}
    sector_range = max(by_sector.values()) - min(by_sector.values()) if len(by_sector) >= 2 else None
    disagreement = sector_range is not None and sector_range >= DISAGREEMENT_RANGE - 1e-9
    return Spread(stats, by_sector, sector_range, disagreement)

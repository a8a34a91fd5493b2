# SPDX-License-Identifier: EUPL-1.2
"""The traffic light of a goal: a pure function of baseline, target and the current value.

Rule (docs/strategy.md, also shown on the steering page):

* **keine Daten** – no current value, or none newer than the baseline year.
* Target direction *steigen*/*sinken*: progress share
  ``p = (aktuell − Basis) / (Ziel − Basis)``, time share
  ``t = (Jahr − Basisjahr) / (Zieljahr − Basisjahr)`` (at most 1).

  - target year reached: **auf Kurs** when ``p ≥ 1``, else **verfehlt**;
  - before: **auf Kurs** when ``p ≥ t − 0,1`` (ten points slack),
    **gefährdet** when ``0 ≤ p < t − 0,1``, **verfehlt** when ``p < 0``
    (the value moved away from the target).
* Direction *halten*: deviation from the baseline relative to it;
  up to 5 % **auf Kurs**, up to 10 % **gefährdet**, beyond **verfehlt**.

A goal with several indicators shows the worst light among those with data.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["ON_TRACK", "AT_RISK", "MISSED", "NO_DATA", "LIGHTS", "LIGHT_CSS", "SLACK", "HOLD_OK", "HOLD_RISK",
           "Light", "assess", "worst", "STALE_AFTER_YEARS", "is_stale"]

ON_TRACK = "auf Kurs"
AT_RISK = "gefährdet"
MISSED = "verfehlt"
NO_DATA = "keine Daten"
LIGHTS = (ON_TRACK, AT_RISK, MISSED, NO_DATA)
LIGHT_CSS = {ON_TRACK: "gruen", AT_RISK: "gelb", MISSED: "rot", NO_DATA: "grau"}
SLACK = 0.10
HOLD_OK = 0.05
HOLD_RISK = 0.10
# Official statistics lag about a year; data older than this many years counts as stale.
STALE_AFTER_YEARS = 2


@dataclass(frozen=True)
class Light:
    """The assessment of one goal indicator."""

    status: str
    progress_share: float | None = None
    time_share: float | None = None
    current_value: float | None = None
    current_year: int | None = None
    reason: str = ""


def assess(
    baseline_value: float,
    baseline_year: int,
    target_value: float,
    target_year: int,
    direction: str,
    current_value: float | None,
    current_year: int | None,
) -> Light:
    """The light of one indicator against its baseline and target (see the module docstring)."""
    if current_value is None or current_year is None or current_year <= baseline_year:
        return Light(NO_DATA, reason="kein Wert nach dem Basisjahr")
    span = target_year - baseline_year
    time_share = min(1.0, (current_year - baseline_year) / span) if span > 0 else 1.0
    if direction == "halten" or target_value == baseline_value:
        scale = abs(baseline_value) or 1.0
        deviation = abs(current_value - baseline_value) / scale
        status = ON_TRACK if deviation <= HOLD_OK else AT_RISK if deviation <= HOLD_RISK else MISSED
        return Light(status, None, time_share, current_value, current_year,
                     f"Abweichung vom Basiswert {deviation:.0%}")
    progress = (current_value - baseline_value) / (target_value - baseline_value)
    if current_year >= target_year:
        status = ON_TRACK if progress >= 1 else MISSED
        reason = "Zieljahr erreicht"
    elif progress >= time_share - SLACK:
        status, reason = ON_TRACK, "Fortschritt hält mit der Zeit Schritt"
    elif progress >= 0:
        status, reason = AT_RISK, "Fortschritt bleibt hinter der Zeit zurück"
    else:
        status, reason = MISSED, "Entwicklung entgegen der Zielrichtung"
    return Light(status, progress, time_share, current_value, current_year, reason)


def worst(statuses: Iterable[str]) -> str:
    """The light of a goal: the worst among indicators with data, else keine Daten."""
    seen = [s for s in statuses if s != NO_DATA]
    for status in (MISSED, AT_RISK, ON_TRACK):
        if status in seen:
            return status
    return NO_DATA


def is_stale(latest_year: int | None, this_year: int) -> bool:
    """True when an indicator's newest value is older than STALE_AFTER_YEARS."""
    return latest_year is None or this_year - latest_year > STALE_AFTER_YEARS

# SPDX-License-Identifier: EUPL-1.2
"""The traffic light of a dataset's health: how old, how complete, how many cells carry a symbol.

A pure function over one row of :func:`stellwerk.observations.store.dataset_summaries`,
shared by ``stellwerk datasets`` and the web app so both say the same.
"""
from __future__ import annotations

from typing import Any

__all__ = ["GREEN", "YELLOW", "RED", "GREY", "STALE_DAYS", "OUTDATED_DAYS", "light"]

GREEN, YELLOW, RED, GREY = "gruen", "gelb", "rot", "grau"
# Official tables appear yearly: older than two years means a newer one is due; older than five,
# the figures describe another situation.
STALE_DAYS = 730
OUTDATED_DAYS = 5 * 365
FLAGGED_WARN = 0.10
FLAGGED_BAD = 0.50


def light(summary: dict[str, Any]) -> tuple[str, list[str]]:
    """``(colour, reasons)`` for one dataset summary; reasons are German sentences."""
    if summary.get("status") != "active":
        return GREY, ["durch eine neuere Fassung ersetzt"]
    reasons: list[str] = []
    colour = GREEN
    if not summary.get("observations"):
        return RED, ["enthält keine Werte"]
    age = summary.get("age_days")
    if age is None:
        colour = YELLOW
        reasons.append("ohne Stichtag")
    elif age > OUTDATED_DAYS:
        colour = RED
        reasons.append(f"Stichtag älter als {OUTDATED_DAYS // 365} Jahre")
    elif age > STALE_DAYS:
        colour = YELLOW
        reasons.append(f"Stichtag älter als {STALE_DAYS // 365} Jahre")
    share = summary.get("flagged_share") or 0.0
    if share >= FLAGGED_BAD:
        colour = RED
        reasons.append(f"{100 * share:.0f} % der Zellen ohne Zahl oder mit Zeichen")
    elif share >= FLAGGED_WARN:
        colour = YELLOW if colour == GREEN else colour
        reasons.append(f"{100 * share:.0f} % der Zellen mit Zeichen")
    return colour, reasons or ["aktuell und vollständig"]

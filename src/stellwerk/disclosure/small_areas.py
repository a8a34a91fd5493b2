# SPDX-License-Identifier: EUPL-1.2
"""Disclosure control for the counts that leave Stellwerk in reports and exports.

Counts of small areas (Stadtbezirke, Stadtteile: the city's own data, often from the register)
are protected by ``stellwerk.disclosure``: counts ``0 < n < threshold`` are suppressed (primary)
and, where they could be recovered from the total of all small areas of the same city and year,
further counts are suppressed too (secondary). A suppressed count hides the count and the share
computed from it and carries the flag ``s``.

The table protected is always the same one – all small areas of one parent with a value for one
indicator and year – whichever way the numbers are shown (report chapter, report of one
Stadtteil, export of a selection), so no combination of outputs reveals a suppressed count.
Counts of Kreise and Gemeinden are published official statistics, already protected by the
statistical offices (their flags are kept); they pass unchanged.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import pandas as pd

from stellwerk import disclosure
from stellwerk.geo.models import Level

__all__ = ["SUPPRESSED", "THRESHOLD", "SMALL_AREA_LEVELS", "COUNT_KINDS", "is_small_area", "suppressed_codes",
           "protect_subarea_counts", "protect_frame_rows", "note_for"]

SUPPRESSED = disclosure.SUPPRESSED
THRESHOLD = 3
SMALL_AREA_LEVELS = (Level.STADTBEZIRK, Level.STADTTEIL)
# Indicator kinds whose numerator is a count of persons (a published rate or a gap is none).
COUNT_KINDS = ("ratio", "count")


def is_small_area(level: str | None) -> bool:
    return level in SMALL_AREA_LEVELS


def _count(value) -> int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return int(round(float(value)))


def suppressed_codes(counts: Mapping[str, float | None], threshold: int = THRESHOLD) -> set[str]:
    """Codes whose count must not be published: primary and secondary suppression over the
    counts and their total (one line: the small areas of one parent)."""
    clean = {str(code): n for code, v in counts.items() if (n := _count(v)) is not None}
    if not any(0 < n < threshold for n in clean.values()):
        return set()  # nothing below the threshold: nothing to hide (and no solver run)
    codes = list(clean)
    leaves = pd.DataFrame({"area": codes, "value": [clean[c] for c in codes]})
    table = disclosure.build_table("teilgebiete", "Teilgebiete", leaves, {"area": disclosure.Hierarchy.flat("area", codes)})
    (protected,) = disclosure.protect([table], threshold=threshold)
    cells = protected.cells
    hidden = cells[(cells["flag"] == SUPPRESSED) & (cells["area"] != disclosure.TOTAL)]
    return set(hidden["area"].astype(str))


def note_for(level: str | None, threshold: int = THRESHOLD) -> str:
    """The method note under a table of areas at ``level``."""
    if is_small_area(level):
        return (f"Geheimhaltung: Fallzahlen der Teilgebiete unter {threshold} (außer 0) sind gesperrt (primär), "
                "ebenso Fallzahlen, aus denen sie über die Summe errechenbar wären (sekundär); "
                f"gesperrte Zahlen und die daraus berechneten Anteile tragen das Zeichen „{SUPPRESSED}“.")
    return ("Geheimhaltung: amtlich veröffentlichte Fallzahlen; sie sind von den statistischen Ämtern "
            "geheim gehalten, deren Zeichen werden übernommen.")


def _hide(row: dict, value_keys: Iterable[str]) -> dict:
    return {**row, **{k: None for k in value_keys}, "flag": SUPPRESSED, "note": ""}


def protect_subarea_counts(rows: list[dict], level: str | None, kind: str = "ratio",
                           threshold: int = THRESHOLD) -> tuple[list[dict], str]:
    """Protect a report's table of sub-areas at ``level`` (rows with ``code``, ``numerator`` and, where
    they belong to several parents, ``parent_id``) of an indicator of ``kind``; returns the rows (suppressed: ``numerator``/``value`` None, flag ``s``)
    and the method note."""
    if not is_small_area(level):
        return rows, note_for(level, threshold)
    if kind not in COUNT_KINDS:
        return rows, "Geheimhaltung: Die Tabelle enthält keine Fallzahlen (veröffentlichte Quoten oder Abstände)."
    # one line per parent: a Stadtteil count must not follow from its Stadtbezirk's total either
    hidden: set[str] = set()
    for parent in {r.get("parent_id") for r in rows}:
        line = [r for r in rows if r.get("parent_id") == parent]
        hidden |= suppressed_codes({r["code"]: r.get("numerator") for r in line}, threshold)
    out = [_hide(r, ("numerator", "value")) if str(r["code"]) in hidden else r for r in rows]
    return out, note_for(level, threshold)


def protect_frame_rows(frame: pd.DataFrame, areas: pd.DataFrame, wanted: Iterable[tuple[int, int]],
                       threshold: int = THRESHOLD) -> set[tuple[int, int]]:
    """Which (area_id, year) of ``wanted`` must be suppressed, given the indicator's whole frame
    (index area_id, year; column numerator) and the areas (index id; columns parent_id, level, code).

    For each wanted small area the line protected is all its siblings with a row that year."""
    hidden: set[tuple[int, int]] = set()
    done: set[tuple[int, int]] = set()
    present = frame.index
    for area_id, year in wanted:
        if area_id not in areas.index or not is_small_area(areas.at[area_id, "level"]):
            continue
        parent = areas.at[area_id, "parent_id"]
        if parent is None or (isinstance(parent, float) and math.isnan(parent)) or (parent, year) in done:
            continue
        done.add((parent, year))
        siblings = areas.index[areas["parent_id"] == parent]
        counts = {}
        for sibling in siblings:
            if (sibling, year) in present:
                counts[str(sibling)] = frame.at[(sibling, year), "numerator"]
        hidden |= {(int(code), year) for code in suppressed_codes(counts, threshold)}
    return hidden

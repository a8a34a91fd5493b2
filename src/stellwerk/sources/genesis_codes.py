# SPDX-License-Identifier: EUPL-1.2
"""GENESIS codes shared by the JSON-stat and flat-file adapters.

GENESIS names every dimension ("Merkmal", e.g. ``GES``) and its categories
("Ausprägungen", e.g. ``GESW``) by codes. Area dimensions become the area of a
cell, time dimensions its period, the content code its variable; every other
dimension becomes a breakdown part named after the lower-cased Merkmal code
(``RECGL1=RECS-10`` → ``recgl1=RECS-10``), except sex, which uses the common
``sex=m``/``sex=w``. Totals (``%TOTAL%`` or an empty code) drop out of the key.
"""
from __future__ import annotations

from stellwerk.geo.models import Level
from stellwerk.sources.records import VariableSpec
from stellwerk.sources.vocabulary import VARIABLES

__all__ = ["AREA_DIMENSIONS", "TIME_DIMENSIONS", "breakdown_part", "variable_for", "area_for"]

AREA_DIMENSIONS = {"DINSG": Level.BUND, "DLAND": Level.LAND, "REGBEZ": Level.REGIERUNGSBEZIRK,
                   "KREISE": Level.KREIS, "GEMEIN": Level.GEMEINDE}
TIME_DIMENSIONS = {"JAHR", "STAG", "SMONAT", "MONAT"}
_SEX = {"GESM": "m", "GESW": "w"}
_NATIONALITY = {"NATD": "deutsche", "NATA": "auslaender"}
# Statistic number → variable of its counts.
_STATISTICS = {"12511": "einbuergerungen", "12521": "auslaender", "12411": "bevoelkerung", "12531": "schutzsuchende"}


def breakdown_part(dimension: str, category: str) -> tuple[str, str] | None:
    """The breakdown part for one GENESIS category, or None for a total."""
    if not category or category in ("%TOTAL%", "INSGESAMT"):
        return None
    if dimension == "GES" or dimension.startswith("GES") and category in _SEX:
        return "sex", _SEX.get(category, category)
    if dimension.startswith("NAT") and category in _NATIONALITY:
        return "nationality", _NATIONALITY[category]
    return dimension.lower(), category.replace("|", "/").replace("=", "-")


def variable_for(statistic: str, content: str, label: str | None, unit: str | None) -> VariableSpec:
    """The variable a GENESIS content code ("Wertmerkmal") stands for."""
    known = _STATISTICS.get(statistic[:5])
    if known:
        return VARIABLES[known]
    code = content.split("$", 1)[0].lower()
    return VariableSpec(code, label or code, unit or "", f"GENESIS-Wertmerkmal {content} der Statistik {statistic}.")


def area_for(dimension: str, category: str) -> tuple[str, str]:
    """(level, code) for a category of an area dimension."""
    level = AREA_DIMENSIONS[dimension]
    return level, ("DG" if level == Level.BUND else category)

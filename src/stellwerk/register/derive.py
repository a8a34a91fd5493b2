# SPDX-License-Identifier: EUPL-1.2
"""Derive migration status per person, vectorised, following :mod:`stellwerk.register.rules`.

Input is a validated extract (all text columns). Output is the same rows plus
``migrationshintergrund``, ``mh_gruppe``, ``einwanderungsgeschichte`` and
``bezugsland``; unknown results stay empty and are counted, never guessed.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from stellwerk.register.columns import encode, equals, within, years
from stellwerk.register.rules import BL_RULES, EG_RULES, MH_RULES
from stellwerk.register.schema import GERMAN, real_country_codes
from stellwerk.register.validate import parent_index

__all__ = ["DerivationReport", "derive", "OUTPUT_COLUMNS", "ADULT_AGE", "PARENT_GAP"]

log = logging.getLogger(__name__)

OUTPUT_COLUMNS = ("migrationshintergrund", "mh_gruppe", "einwanderungsgeschichte", "bezugsland")
ADULT_AGE = 18
PARENT_GAP = 15  # a household member counts as a parent if at least this many years older
EG_SINCE = 1950

_YES, _NO, _UNKNOWN = 1, 0, -1


@dataclass
class DerivationReport:
    """How often each rule decided, and how many results stayed unknown."""

    persons: int
    rules: dict[str, int] = field(default_factory=dict)

    @property
    def undecidable(self) -> dict[str, int]:
        counts = {
            "migrationshintergrund": sum(self.rules.get(r.id, 0) for r in MH_RULES if r.migrationshintergrund is None),
            "mh_gruppe": sum(self.rules.get(r.id, 0) for r in MH_RULES if r.mh_gruppe is None),
            "einwanderungsgeschichte": self.rules.get("E4", 0),
            "bezugsland": self.rules.get("B7", 0),
        }
        return counts

    def to_dict(self) -> dict:
        return {"persons": self.persons, "rules": self.rules, "undecidable": self.undecidable}


def _years(series: pd.Series) -> np.ndarray:
    return years(series)[0]


def _count_le(keys: np.ndarray, group_q: np.ndarray, value_q: np.ndarray) -> np.ndarray:
    """For each query, how many sorted ``keys`` (group * 10 000 + value) of its group have a value ≤ its value."""
    if len(keys) == 0:
        return np.zeros(len(group_q), dtype=np.int64)
    base = group_q.astype(np.int64) * 10_000
    upper = np.searchsorted(keys, base + np.clip(value_q, -1, 9_999).astype(np.int64), side="right")
    lower = np.searchsorted(keys, base, side="left")
    return np.maximum(upper - lower, 0)


def _personal_status(german: np.ndarray, any_known: np.ndarray, german_by: pd.Series) -> np.ndarray:
    """Was the person NOT German by birth? yes (MH of one's own), no, or unknown."""
    return np.select(
        [any_known & ~german, german & within(german_by, ("naturalisation", "aussiedler")),
         german & within(german_by, ("birth", "option"))],
        [_YES, _YES, _NO],
        default=_UNKNOWN,
    )


def _own_immigration(immigration: np.ndarray, birth_country: pd.Series) -> np.ndarray:
    born_abroad = ~equals(birth_country, "") & ~equals(birth_country, GERMAN)
    return np.select(
        [immigration >= EG_SINCE, immigration < EG_SINCE, born_abroad],
        [_YES, _NO, _UNKNOWN],
        default=_NO,
    )


class _Parents:
    """Evidence about each person's parents: linked ones, else (minors) the household."""

    def __init__(self, frame: pd.DataFrame, birth: np.ndarray, reference_year: int,
                 links: tuple[np.ndarray, np.ndarray] | None = None) -> None:
        self.mother, self.father = links if links is not None else parent_index(frame)
        self.linked = (self.mother >= 0) | (self.father >= 0)
        age = reference_year - birth
        self.minor = age < ADULT_AGE
        self.fallback = ~self.linked & self.minor & ~np.isnan(birth)
        household, values = encode(frame["household_id"])
        empty = np.flatnonzero(values == "")
        if len(empty):
            household[household == empty[0]] = -1
        self.household = household
        has_household = self.household >= 0
        adult = np.flatnonzero((age >= ADULT_AGE) & ~np.isnan(birth) & has_household)
        # Adults sorted once by (household, birth year); any subset taken in this order stays sorted.
        keys = self.household[adult].astype(np.int64) * 10_000 + birth[adult].astype(np.int64)
        order = np.argsort(keys, kind="stable")
        self._adult_idx, self._adult_keys = adult[order], keys[order]
        self._query_idx = np.flatnonzero(self.fallback & has_household)
        self._birth = birth
        self.fallback &= has_household

    def count(self, status: np.ndarray, value: int | None) -> np.ndarray:
        """Found parents whose ``status`` equals ``value`` (None: all found parents)."""
        result = np.zeros(len(status), dtype=np.int64)
        for links in (self.mother, self.father):
            has = links >= 0
            match = has if value is None else has & (status[np.maximum(links, 0)] == value)
            result += match
        keys = self._adult_keys if value is None else self._adult_keys[status[self._adult_idx] == value]
        queries = self._query_idx
        result[queries] = _count_le(keys, self.household[queries], self._birth[queries] - PARENT_GAP)
        return result


def _rule_index(rules, conditions: list[np.ndarray]) -> np.ndarray:
    """Index of the first rule whose condition holds (the last rule catches the rest)."""
    index = np.select(conditions, list(range(len(conditions))), default=len(rules) - 1)
    return index.astype(np.int64)


def _column(index: np.ndarray, labels: list[str]) -> pd.Categorical:
    """A text column from per-person indices into ``labels`` (cheap: no Python strings per person)."""
    unique = list(dict.fromkeys(labels))
    lookup = np.array([unique.index(label) for label in labels], dtype=np.int64)
    return pd.Categorical.from_codes(lookup[index], categories=unique)


def derive(
    frame: pd.DataFrame,
    reference_year: int,
    *,
    explain: bool = False,
    links: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[pd.DataFrame, DerivationReport]:
    """Add the derived columns to a validated extract; with ``explain`` also the rule ids.

    ``links`` (mother and father row indices from the validation) saves looking them up again.
    """
    n = len(frame)
    cit1, cit2, german_by = frame["citizenship_1"], frame["citizenship_2"], frame["german_by"]
    birth = _years(frame["birth_year"])
    german = equals(cit1, GERMAN) | equals(cit2, GERMAN)
    any_known = ~equals(cit1, "") | ~equals(cit2, "")
    personal = _personal_status(german, any_known, german_by)
    parents = _Parents(frame, birth, reference_year, links)
    found = parents.count(personal, None)
    parent_mh = parents.count(personal, _YES)
    parent_unknown = parents.count(personal, _UNKNOWN)

    birth_german = german & equals(german_by, "birth")
    unknown_german = german & equals(german_by, "")
    mh_conditions = [
        any_known & ~german,
        german & equals(german_by, "naturalisation"),
        german & equals(german_by, "aussiedler"),
        german & equals(german_by, "option"),
        birth_german & parents.linked & (parent_mh > 0),
        birth_german & parents.fallback & (parent_mh > 0),
        birth_german & (parent_unknown > 0),
        birth_german,
        unknown_german & (parent_mh > 0),
        unknown_german,
        ~any_known,
    ]
    mh_index = _rule_index(MH_RULES, mh_conditions)

    own_eg = _own_immigration(_years(frame["immigration_year"]), frame["birth_country"])
    eg_yes = parents.count(own_eg, _YES)
    eg_no = parents.count(own_eg, _NO)
    eg_conditions = [
        own_eg == _YES,
        (found >= 2) & (eg_yes == found),
        (own_eg == _NO) & ((found == 0) | (eg_no > 0)),
        np.ones(n, dtype=bool),
    ]
    eg_index = _rule_index(EG_RULES, eg_conditions)

    has_mh = np.array([r.migrationshintergrund is True for r in MH_RULES])[mh_index]
    bl_codes, bl_countries, bl_index = _bezugsland(frame, parents, has_mh)

    result = frame.copy()
    result["migrationshintergrund"] = _column(mh_index, [_text(r.migrationshintergrund) for r in MH_RULES])
    result["mh_gruppe"] = _column(mh_index, [r.mh_gruppe or "" for r in MH_RULES])
    result["einwanderungsgeschichte"] = _column(eg_index, [_text(r.einwanderungsgeschichte) for r in EG_RULES])
    result["bezugsland"] = pd.Categorical.from_codes(bl_codes, categories=bl_countries)
    if explain:
        result["mh_regel"] = _column(mh_index, [r.id for r in MH_RULES])
        result["eg_regel"] = _column(eg_index, [r.id for r in EG_RULES])
        result["bl_regel"] = _column(bl_index, [r.id for r in BL_RULES])
    counts: dict[str, int] = {}
    for index, rules in ((mh_index, MH_RULES), (eg_index, EG_RULES), (bl_index, BL_RULES)):
        freq = np.bincount(index, minlength=len(rules))
        counts.update({r.id: int(f) for r, f in zip(rules, freq)})
    report = DerivationReport(persons=n, rules=counts)
    log.info("derived migration status for %d persons; undecidable: %s", n, report.undecidable)
    return result, report


def _text(value: bool | None) -> str:
    return "" if value is None else ("true" if value else "false")


def _bezugsland(frame: pd.DataFrame, parents: _Parents, has_mh: np.ndarray):
    """Codes into a country list (first entry ""), the list, and the BL rule index per person."""
    valid = sorted(real_country_codes() - {GERMAN})
    countries = np.array([""] + valid, dtype=object)
    columns = ("citizenship_1", "citizenship_2", "birth_country", "origin_of_move_in")
    position = {code: i + 1 for i, code in enumerate(valid)}
    codes = []
    for column in columns:
        raw, values = encode(frame[column])
        lookup = np.array([position.get(v, 0) for v in values] + [0], dtype=np.int64)
        codes.append(lookup[raw])
    own = np.select([c > 0 for c in codes], codes, default=0)
    own_rule = np.select([c > 0 for c in codes], [1, 2, 3, 4], default=0)
    from_mother = np.where(parents.mother >= 0, own[np.maximum(parents.mother, 0)], 0)
    from_father = np.where(parents.father >= 0, own[np.maximum(parents.father, 0)], 0)
    from_parent = np.where(from_mother > 0, from_mother, from_father)
    household = parents.household
    from_household = np.zeros(len(own), dtype=np.int64)
    members = np.flatnonzero((household >= 0) & (own > 0))
    if len(members):
        # First member (in file order) with a country of their own, per household.
        first_house, first_at = np.unique(household[members], return_index=True)
        per_house = np.zeros(int(household.max()) + 1, dtype=np.int64)
        per_house[first_house] = own[members[first_at]]
        has_house = household >= 0
        from_household[has_house] = per_house[household[has_house]]
    conditions = [~has_mh, own > 0, from_parent > 0, from_household > 0]
    result = np.select(conditions, [0, own, from_parent, from_household], default=0)
    rule = np.select(conditions, [0, own_rule, 5, 6], default=7)
    return result, countries, rule.astype(np.int64)

# SPDX-License-Identifier: EUPL-1.2
"""Checks of a register extract before anything is derived or written.

Every problem is counted with up to five example rows. Row numbers are the
lines of the file as a spreadsheet program shows them (the header is line 1,
the first person line 2). The caller either stops (the default) or drops the
invalid persons (``skip_invalid``) and says what it dropped.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from stellwerk.errors import InputError
from stellwerk.register.columns import equals, within, years
from stellwerk.register.schema import GERMAN, GERMAN_BY_CODES, SEX_CODES, country_codes

__all__ = ["Problem", "ValidationReport", "validate", "parent_index", "MIN_BIRTH_YEAR"]

log = logging.getLogger(__name__)

MIN_BIRTH_YEAR = 1880
EXAMPLES = 5


@dataclass
class Problem:
    """One kind of problem: how many rows, and where."""

    kind: str
    message: str
    column: str | None
    count: int
    rows: list[int]

    def describe(self) -> str:
        where = ", ".join(str(r) for r in self.rows)
        more = " …" if self.count > len(self.rows) else ""
        column = f" (Spalte {self.column})" if self.column else ""
        return f"{self.message}{column}: {self.count} Zeile(n), z. B. Zeile {where}{more}"

    def to_dict(self) -> dict:
        return {"kind": self.kind, "message": self.message, "column": self.column,
                "count": self.count, "example_rows": self.rows}


@dataclass
class ValidationReport:
    """All problems of one extract, and which rows are affected."""

    file: str | None
    problems: list[Problem] = field(default_factory=list)
    invalid: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    removed_links: int = 0
    # Row index of mother and father, reused by the derivation when nothing was dropped.
    links: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def invalid_count(self) -> int:
        return int(self.invalid.sum())

    def to_dict(self) -> dict:
        return {
            "file": self.file,
            "problems": [p.to_dict() for p in self.problems],
            "invalid_rows": self.invalid_count,
            "removed_links": self.removed_links,
        }

    def error(self) -> InputError:
        """The report as one InputError (nothing has been written)."""
        first = self.problems[0]
        return InputError(
            f"Registerauszug ungültig: {self.invalid_count} fehlerhafte Zeile(n); nichts geschrieben "
            "(mit --skip-invalid werden sie übersprungen)",
            file=self.file,
            row=first.rows[0] if first.rows else None,
            column=first.column,
            details=[p.describe() for p in self.problems],
        )


def _rows(mask: np.ndarray) -> list[int]:
    return [int(i) + 2 for i in np.flatnonzero(mask)[:EXAMPLES]]


def _id_links(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Duplicated person ids and the row index of mother and father, from one factorisation.

    Person, mother and father ids are encoded together, so one hash table serves the
    duplicate check and both link look-ups (three separate ones cost seconds at a million rows).
    A link points to the first person with that id; -1: no link, or a link to a missing person.
    """
    n = len(frame)
    combined = pd.concat([frame["person_id"], frame["mother_id"], frame["father_id"]], ignore_index=True)
    codes = pd.factorize(combined)[0].astype(np.int64)
    person = codes[:n]
    # One slot more than there are codes: the last stays -1 and answers the look-up of -1 (missing).
    first_row = np.full(int(codes.max()) + 2 if len(codes) else 1, -1, dtype=np.int64)
    known = person >= 0
    distinct, first = np.unique(person[known], return_index=True)
    first = np.flatnonzero(known)[first]
    first_row[distinct] = first
    duplicated = np.ones(n, dtype=bool)
    duplicated[first] = False
    duplicated &= known
    links = []
    for part, column in ((codes[n:2 * n], "mother_id"), (codes[2 * n:], "father_id")):
        found = first_row[np.where(part >= 0, part, -1)]
        found[equals(frame[column], "")] = -1
        links.append(found)
    return duplicated, links[0], links[1]


def parent_index(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Row index of mother and father (-1: no link, or a link to a missing person).

    With duplicated person ids a link points to the first person with that id.
    """
    _, mother, father = _id_links(frame)
    return mother, father


def _cycle_members(mother: np.ndarray, father: np.ndarray) -> np.ndarray:
    """Persons on (or wedged between) cycles of parent links, by peeling from both ends."""
    n = len(mother)
    alive = np.ones(n, dtype=bool)
    edges_child = np.concatenate([np.arange(n), np.arange(n)])
    edges_parent = np.concatenate([mother, father])
    keep = edges_parent >= 0
    edges_child, edges_parent = edges_child[keep], edges_parent[keep]
    for source, target in ((edges_child, edges_parent), (edges_parent, edges_child)):
        # Remove nodes that nobody points to, until nothing changes: what stays lies on a cycle.
        while True:
            live_edge = alive[source] & alive[target]
            pointed = np.bincount(target[live_edge], minlength=n) > 0
            drop = alive & ~pointed
            if not drop.any():
                break
            alive &= ~drop
    return alive


def validate(
    frame: pd.DataFrame,
    reference_year: int,
    *,
    file: str | None = None,
    area_codes: Iterable[str] | None = None,
) -> ValidationReport:
    """Check an extract read by :func:`~stellwerk.register.schema.read_extract`."""
    report = ValidationReport(file=file, invalid=np.zeros(len(frame), dtype=bool))

    def add(kind: str, message: str, column: str | None, mask: np.ndarray) -> None:
        mask = np.asarray(mask, dtype=bool)
        if mask.any():
            report.problems.append(Problem(kind, message, column, int(mask.sum()), _rows(mask)))
            report.invalid |= mask

    person = frame["person_id"]
    empty_id = equals(person, "")
    duplicated, mother, father = _id_links(frame)
    add("person_id_leer", "Personenkennung fehlt", "person_id", empty_id)
    add("person_id_doppelt", "Personenkennung doppelt", "person_id", duplicated & ~empty_id)
    add("area_leer", "Gebietsschlüssel fehlt", "area", equals(frame["area"], ""))
    if area_codes is not None:
        known = set(area_codes)
        add("area_unbekannt", "Unbekannter Gebietsschlüssel", "area",
            ~equals(frame["area"], "") & ~within(frame["area"], known))
    add("sex_unbekannt", "Unbekannter Geschlechtsschlüssel (erwartet m, w, d oder leer)", "sex",
        ~within(frame["sex"], SEX_CODES + ("",)))
    codes = country_codes() | {""}
    for column in ("citizenship_1", "citizenship_2", "birth_country", "origin_of_move_in"):
        add(f"{column}_unbekannt", "Unbekannter Staatenschlüssel (ISO 3166-1 alpha-3)", column,
            ~within(frame[column], codes))
    german_by = frame["german_by"]
    add("german_by_unbekannt", "Unbekannte Art der deutschen Staatsangehörigkeit", "german_by",
        ~within(german_by, GERMAN_BY_CODES + ("",)))
    is_german = equals(frame["citizenship_1"], GERMAN) | equals(frame["citizenship_2"], GERMAN)
    add("german_by_ohne_deu", "Art der deutschen Staatsangehörigkeit bei einer Person ohne DEU", "german_by",
        within(german_by, GERMAN_BY_CODES) & ~is_german)

    birth, bad_birth = years(frame["birth_year"])
    add("birth_year_ungueltig", "Geburtsjahr ist keine Jahreszahl ab 1880", "birth_year",
        bad_birth | (birth < MIN_BIRTH_YEAR))
    add("birth_year_zukunft", f"Geburtsjahr nach dem Stichjahr {reference_year}", "birth_year",
        birth > reference_year)
    immigration, bad_imm = years(frame["immigration_year"])
    add("immigration_year_ungueltig", "Zuzugsjahr ist keine Jahreszahl, liegt vor der Geburt oder nach dem Stichjahr",
        "immigration_year", bad_imm | (immigration < birth) | (immigration > reference_year))

    report.links = (mother, father)
    for column, found in (("mother_id", mother), ("father_id", father)):
        add(f"{column}_fehlt", "Verweis auf eine Person, die im Auszug fehlt", column,
            ~equals(frame[column], "") & (found < 0))
    add("zyklus", "Zyklus in den Eltern-Verweisen (eine Person ist ihr eigener Vorfahr)", "mother_id/father_id",
        _cycle_members(mother, father))
    if report.problems:
        log.info("register extract %s: %d problem kinds, %d invalid rows",
                 file, len(report.problems), report.invalid_count)
    return report


def drop_invalid(frame: pd.DataFrame, report: ValidationReport) -> pd.DataFrame:
    """Drop invalid persons; links to dropped or missing persons are emptied and counted."""
    kept = frame.loc[~report.invalid].reset_index(drop=True)
    ids = set(kept["person_id"])
    removed = 0
    for column in ("mother_id", "father_id"):
        dangling = pd.Series(~equals(kept[column], "") & ~within(kept[column], ids), index=kept.index)
        removed += int(dangling.sum())
        kept.loc[dangling, column] = ""
    report.removed_links = removed
    report.links = None
    return kept

# SPDX-License-Identifier: EUPL-1.2
"""The population frame of a Kommunalbefragung and its post-stratification weights.

Cells are Gemeindegrößenklasse × Land: ``(size_class, land)`` with the size classes of the
published municipal surveys (``grossstadt`` from 100,000 inhabitants, ``mittelstadt`` from
20,000, ``kleinstadt_gemeinde`` below) plus ``landkreis``, and Länder as their letter codes
(``NW``). A responding municipality of cell c carries the weight N_c / r_c (N_c in the frame,
r_c responding). The frame comes from a CSV of cell counts, from (Land, population) pairs,
or from the area register of ``stellwerk.geo`` at one Gebietsstand.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stellwerk.assessment.csvfiles import read_csv
from stellwerk.errors import InputError, NotFoundError
from stellwerk.geo.groups import newest_stand
from stellwerk.geo.models import Area, AreaSnapshot, Gebietsstand, Level
from stellwerk.geo.names import GEMEINDE_TYPES, KREISFREI_TYPES

__all__ = [
    "Cell",
    "LAND_KEYS",
    "SIZE_CLASSES",
    "RegisterFrame",
    "read_frame",
    "size_class_of",
    "frame_from_municipalities",
    "frame_from_register",
    "post_stratification_weights",
]

Cell = tuple[str, str]  # (size_class, land)

# The two-digit Land key of the area register → the letter code of surveys and benchmarks.
LAND_KEYS: dict[str, str] = {
    "01": "SH", "02": "HH", "03": "NI", "04": "HB", "05": "NW", "06": "HE", "07": "RP", "08": "BW",
    "09": "BY", "10": "SL", "11": "BE", "12": "BB", "13": "MV", "14": "SN", "15": "ST", "16": "TH",
}
SIZE_CLASSES = ("grossstadt", "mittelstadt", "kleinstadt_gemeinde", "landkreis")
# Gemeindefreie Gebiete are listed with the Gemeinden of the register but are no municipalities.
_NOT_MUNICIPALITIES = frozenset({GEMEINDE_TYPES["65"], GEMEINDE_TYPES["66"]})


def read_frame(path: Path) -> dict[Cell, int]:
    """Population frame from a CSV: groessenklasse;land;anzahl (municipalities per cell)."""
    frame: dict[Cell, int] = {}
    for number, row in read_csv(path, ["groessenklasse", "land", "anzahl"]):
        try:
            count = int(row["anzahl"])
        except ValueError:
            raise InputError(f"{row['anzahl']!r} ist keine ganze Zahl", file=path.name, row=number,
                             column="anzahl") from None
        if count < 0:
            raise InputError("Anzahl darf nicht negativ sein", file=path.name, row=number, column="anzahl")
        cell = (row["groessenklasse"], row["land"].upper())
        if cell in frame:
            raise InputError(f"Zelle {cell} doppelt", file=path.name, row=number)
        frame[cell] = count
    return frame


def size_class_of(population: int) -> str:
    """Gemeindegrößenklasse as the published municipal surveys use it (Großstadt from 100,000,
    Mittelstadt from 20,000, below that Kleinstadt/Gemeinde)."""
    if population >= 100_000:
        return "grossstadt"
    if population >= 20_000:
        return "mittelstadt"
    return "kleinstadt_gemeinde"


def frame_from_municipalities(municipalities: Iterable[tuple[str, int]]) -> dict[Cell, int]:
    """Cell counts Größenklasse × Land from (Land code, population) of every municipality."""
    frame: dict[Cell, int] = {}
    for land, population in municipalities:
        cell = (size_class_of(population), land)
        frame[cell] = frame.get(cell, 0) + 1
    return frame


@dataclass(frozen=True)
class RegisterFrame:
    """Cell counts from the area register, with where they come from."""

    cells: dict[Cell, int]
    reference_date: dt.date
    source: str
    min_population: int
    without_population: int  # Gemeinden of the stand without a population figure (not counted)
    classes: dict[str, tuple[str, str]] = field(default_factory=dict)  # area code → cell, for invitees

    def describe(self) -> str:
        lower = f", Gemeinden ab {self.min_population:,} Einwohnern".replace(",", ".") if self.min_population else ""
        return f"Gebietsregister, Gebietsstand {self.reference_date:%d.%m.%Y} ({self.source}){lower}"


def _stand(session: Session, reference_date: dt.date | None) -> Gebietsstand:
    if reference_date is None:
        stand = newest_stand(session, Level.GEMEINDE)
    else:
        stand = session.scalar(select(Gebietsstand).where(Gebietsstand.reference_date == reference_date))
    if stand is None:
        when = f"zum {reference_date:%d.%m.%Y} " if reference_date else ""
        raise NotFoundError(
            f"Kein Gebietsstand mit Gemeinden {when}im Gebietsregister; zuerst ein Gemeindeverzeichnis importieren "
            "(stellwerk import gv …)"
        )
    return stand


def frame_from_register(
    session: Session,
    reference_date: dt.date | None = None,
    *,
    min_population: int = 0,
    landkreise: bool = True,
) -> RegisterFrame:
    """Municipalities per Größenklasse × Land at one Gebietsstand of the area register.

    Every Gemeinde with a population of at least ``min_population`` counts in its size class
    (kreisfreie Städte and the Stadtstaaten as Gemeinden); gemeindefreie Gebiete do not count.
    With ``landkreise`` each Landkreis (Kreis, Regionalverband) counts once in the class
    ``landkreis``. Gemeinden without a population figure are reported, not counted.
    """
    if min_population < 0:
        raise InputError("Mindesteinwohnerzahl darf nicht negativ sein", column="--ab-einwohner")
    stand = _stand(session, reference_date)
    rows = session.execute(
        select(Area.level, Area.code, func.coalesce(AreaSnapshot.type, Area.type), AreaSnapshot.population)
        .join(AreaSnapshot, AreaSnapshot.area_id == Area.id)
        .where(AreaSnapshot.gebietsstand_id == stand.id, Area.level.in_((Level.GEMEINDE, Level.KREIS)))
    )
    cells: dict[Cell, int] = {}
    classes: dict[str, tuple[str, str]] = {}
    without_population = 0
    kreisfreie: dict[str, tuple[str, str]] = {}
    for level, code, type_, population in rows:
        land = LAND_KEYS.get(code[:2])
        if land is None:
            continue
        if level == Level.KREIS:
            if type_ in KREISFREI_TYPES:
                if population is not None:
                    kreisfreie[code] = (size_class_of(population), land)
                continue
            if landkreise:
                cell = ("landkreis", land)
                cells[cell] = cells.get(cell, 0) + 1
                classes[code] = cell
            continue
        if type_ in _NOT_MUNICIPALITIES:
            continue
        if population is None:
            without_population += 1
            continue
        cell = (size_class_of(population), land)
        classes[code] = classes[code[:5] + code[9:]] = cell  # ARS and AGS (Land, RB, Kreis + Gemeinde)
        if population >= min_population:
            cells[cell] = cells.get(cell, 0) + 1
    for code, cell in kreisfreie.items():  # a kreisfreie Stadt invited with its Kreis key
        classes.setdefault(code, cell)
    return RegisterFrame(cells=cells, reference_date=stand.reference_date, source=stand.title or stand.source,
                         min_population=min_population, without_population=without_population, classes=classes)


def post_stratification_weights(cells: list[Cell], frame: Mapping[Cell, int]) -> tuple[list[float], dict[str, Any]]:
    """Weight N_c / r_c per respondent, and which cells are missing on either side."""
    responding: dict[Cell, int] = {}
    for cell in cells:
        responding[cell] = responding.get(cell, 0) + 1
    missing = sorted(c for c in responding if frame.get(c, 0) <= 0)
    if missing:
        raise InputError(
            "Antwortende Kommunen liegen in Zellen ohne Grundgesamtheit; Gewichtung nicht möglich",
            details=[f"Größenklasse {c[0]!r} × Land {c[1]!r}" for c in missing],
        )
    uncovered = {f"{c[0]} × {c[1]}": n for c, n in sorted(frame.items()) if n > 0 and c not in responding}
    weights = [frame[cell] / responding[cell] for cell in cells]
    return weights, {"cells": len(responding), "uncovered_cells": uncovered,
                     "population_covered": sum(frame[c] for c in responding),
                     "population_total": sum(n for n in frame.values() if n > 0)}

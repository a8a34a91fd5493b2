# SPDX-License-Identifier: EUPL-1.2
"""Group sets: Gemeindegrößenklasse, Land, Ost/West.

* Gemeindegrößenklasse (BBSR convention by inhabitants): Großstadt ≥ 100 000,
  Mittelstadt 20 000 to < 100 000, Kleinstadt 5 000 to < 20 000,
  Landgemeinde < 5 000. It applies to Gemeinden and to kreisfreie Städte as
  Kreise (a kreisfreie Stadt is both), using the population of a given or the
  newest Gebietsstand that lists the area.
* Land: the two-digit Land key.
* Ost/West: Ost = Brandenburg, Mecklenburg-Vorpommern, Sachsen, Sachsen-Anhalt,
  Thüringen; West = the other eleven Länder *including Berlin*.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from stellwerk.errors import NotFoundError
from stellwerk.geo.models import Area, AreaSnapshot, Gebietsstand, Level
from stellwerk.geo.names import EAST_LAENDER, KREISFREI_TYPES, LAENDER

__all__ = [
    "GROUP_SETS",
    "SIZE_CLASSES",
    "size_class",
    "ost_west",
    "land_code",
    "has_size_class",
    "newest_stand",
    "group_members",
    "groups_of",
]

GROUP_SETS: dict[str, str] = {
    "gemeindegroessenklasse": "Gemeindegrößenklasse",
    "land": "Land",
    "ost_west": "Ost/West",
}
# (label, lower bound of inhabitants), largest first.
SIZE_CLASSES: tuple[tuple[str, int], ...] = (
    ("Großstadt", 100_000),
    ("Mittelstadt", 20_000),
    ("Kleinstadt", 5_000),
    ("Landgemeinde", 0),
)


def size_class(population: int | None) -> str | None:
    """Gemeindegrößenklasse of a population; None when the population is unknown."""
    if population is None:
        return None
    for label, lower in SIZE_CLASSES:
        if population >= lower:
            return label
    return None


def land_code(area: Area) -> str | None:
    """The two-digit Land key of an area (None for the Bund)."""
    if area.level == Level.BUND or not area.code[:2].isdigit():
        return None
    return area.code[:2]


def ost_west(code: str | None) -> str | None:
    """'Ost' or 'West' for a Land key (Berlin counts as West)."""
    if code is None or code not in LAENDER:
        return None
    return "Ost" if code in EAST_LAENDER else "West"


def has_size_class(area: Area) -> bool:
    """Gemeinden and kreisfreie Städte (as Kreise) carry a Gemeindegrößenklasse."""
    return area.level == Level.GEMEINDE or (area.level == Level.KREIS and area.type in KREISFREI_TYPES)


def newest_stand(session: Session, level: str = Level.GEMEINDE) -> Gebietsstand | None:
    """The newest Gebietsstand that lists areas of ``level``."""
    return session.scalar(
        select(Gebietsstand)
        .join(AreaSnapshot, AreaSnapshot.gebietsstand_id == Gebietsstand.id)
        .join(Area, Area.id == AreaSnapshot.area_id)
        .where(Area.level == level)
        .order_by(Gebietsstand.reference_date.desc())
        .limit(1)
    )


def _stand(session: Session, level: str, reference_date: dt.date | None) -> Gebietsstand:
    if reference_date is None:
        stand = newest_stand(session, level)
    else:
        stand = session.scalar(select(Gebietsstand).where(Gebietsstand.reference_date == reference_date))
    if stand is None:
        raise NotFoundError(f"Kein Gebietsstand mit {Level.LABELS.get(level, level)}-Daten gefunden")
    return stand


def group_members(
    session: Session,
    group_set: str,
    level: str = Level.GEMEINDE,
    reference_date: dt.date | None = None,
) -> dict[str, list[int]]:
    """Area ids of ``level`` in each group of ``group_set`` at a (or the newest) Gebietsstand."""
    if group_set not in GROUP_SETS:
        raise NotFoundError(f"Unbekannte Gruppierung {group_set!r} (bekannt: {', '.join(GROUP_SETS)})")
    stand = _stand(session, level, reference_date)
    rows = session.execute(
        select(Area.id, Area.code, Area.type, AreaSnapshot.population)
        .join(AreaSnapshot, AreaSnapshot.area_id == Area.id)
        .where(AreaSnapshot.gebietsstand_id == stand.id, Area.level == level)
        .order_by(Area.code)
    )
    groups: dict[str, list[int]] = {}
    for area_id, code, type_, population in rows:
        if group_set == "gemeindegroessenklasse":
            if level == Level.KREIS and type_ not in KREISFREI_TYPES:
                continue
            group = size_class(population)
        elif group_set == "land":
            group = code[:2]
        else:
            group = ost_west(code[:2])
        if group is not None:
            groups.setdefault(group, []).append(area_id)
    return groups


def groups_of(area: Area, population: int | None) -> dict[str, str | None]:
    """The groups one area belongs to, given its population."""
    code = land_code(area)
    return {
        "gemeindegroessenklasse": size_class(population) if has_size_class(area) else None,
        "land": code,
        "ost_west": ost_west(code),
    }

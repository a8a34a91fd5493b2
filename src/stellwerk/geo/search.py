# SPDX-License-Identifier: EUPL-1.2
"""Find areas by code (ARS, AGS, Kreis or Land key) or by name, and describe them.

Names are compared by :func:`stellwerk.geo.names.name_key`, so ``Köln``,
``Koeln``, ``köln`` and ``Köln, Stadt`` are the same. A kreisfreie Stadt is a
Kreis and a Gemeinde of the same name; such a pair (and a city state with its
Land) resolves to the higher record, which names the others.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from stellwerk.errors import AmbiguousError, NotFoundError
from stellwerk.geo.groups import groups_of, land_code
from stellwerk.geo.models import Area, AreaSnapshot, Gebietsstand, Level
from stellwerk.geo.names import KREISFREI_TYPES, LAENDER, name_key
from stellwerk.geo.records import BUND_CODE

__all__ = ["Resolution", "resolve_area", "find_areas", "describe_area", "newest_snapshot", "candidate", "list_areas"]

_CODE_LEVEL = {2: Level.LAND, 3: Level.REGIERUNGSBEZIRK, 4: Level.REGION, 5: Level.KREIS, 9: Level.GEMEINDEVERBAND}
_RANK = {level: rank for rank, level in enumerate(Level.ORDER)}


@dataclass
class Resolution:
    """The area a query stands for, and the records of the same unit that also matched."""

    area: Area
    also: list[Area] = field(default_factory=list)


def _by_code(session: Session, query: str) -> list[Area]:
    if query.upper() == BUND_CODE:
        return list(session.scalars(select(Area).where(Area.level == Level.BUND)))
    if len(query) == 8:
        condition = (Area.level == Level.GEMEINDE) & (Area.ags == query)
    elif len(query) == 12:
        condition = (Area.level == Level.GEMEINDE) & (Area.code == query)
    elif len(query) in _CODE_LEVEL:
        condition = (Area.level == _CODE_LEVEL[len(query)]) & (Area.code == query)
    else:
        return []
    found = list(session.scalars(select(Area).where(condition)))
    if not found and len(query) == 12:
        # A padded key of a higher level (053150000000 for the Kreis 05315).
        found = list(session.scalars(select(Area).where(Area.ars == query).where(Area.level != Level.GEMEINDE)))
    return found


def _searchable(statement):
    # A verbandsfreie Gemeinde's "Gemeindeverband" repeats the Gemeinde: never a search hit of its own.
    return statement.where((Area.level != Level.GEMEINDEVERBAND) | (Area.type != "verbandsfreie Gemeinde"))


def _by_name(session: Session, key: str, limit: int = 60) -> list[Area]:
    """Exact key matches; else prefix matches. Current areas win over ended ones at each step."""
    exact = list(session.scalars(_searchable(select(Area).where(Area.name_key == key))))
    if any(a.valid_to is None for a in exact):
        return exact
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    statement = select(Area).where(Area.name_key.like(f"{escaped}%", escape="\\")).order_by(Area.name_key)
    prefixed = list(session.scalars(_searchable(statement).limit(limit)))
    if any(a.valid_to is None for a in prefixed):
        return prefixed
    return exact or prefixed


def _same_unit(top: Area, other: Area) -> bool:
    """A kreisfreie Stadt's Gemeinde (or a city state's Kreis) nested under ``top``."""
    return other.code.startswith(top.code) and other.type in KREISFREI_TYPES


def _collapse(found: list[Area]) -> Resolution | None:
    ordered = sorted(found, key=lambda a: (_RANK.get(a.level, 99), a.code))
    top, rest = ordered[0], ordered[1:]
    if all(_same_unit(top, other) for other in rest):
        return Resolution(top, rest)
    return None


def candidate(area: Area) -> dict[str, Any]:
    """Short description of an area for lists of candidates."""
    land = land_code(area)
    land_name = LAENDER.get(land or "")
    return {
        "code": area.code,
        "name": area.name,
        "level": area.level,
        "type": area.type,
        "land": land_name,
        "valid_to": area.valid_to,
        "label": f"{area.name} ({area.type or Level.LABELS.get(area.level, area.level)}"
        + (f", {land_name}" if land_name and area.level != Level.LAND else "")
        + (f", bis {area.valid_to:%d.%m.%Y}" if area.valid_to else "")
        + ")",
    }


_KREIS_WORDS = ("landkreis ", "kreis ", "stadtkreis ", "kreisfreie stadt ", "regionalverband ")


def _level_hint(text: str) -> str | None:
    """'Landkreis Göttingen' asks for the Kreis, 'Göttingen, Stadt' for the Gemeinde."""
    lowered = text.lower().strip()
    if lowered.startswith(_KREIS_WORDS) or lowered.endswith((", landkreis", ", kreis", ", kreisfreie stadt")):
        return Level.KREIS
    if lowered.endswith((", stadt", ", gemeinde", ", markt")) or lowered.startswith("gemeinde "):
        return Level.GEMEINDE
    return None


def resolve_area(session: Session, query: str) -> Resolution:
    """The one area ``query`` (code or name) stands for; raises NotFoundError or AmbiguousError."""
    text = query.strip()
    if not text:
        raise NotFoundError("Leere Suche: bitte einen Namen oder Schlüssel angeben")
    if text.isdigit() or text.upper() == BUND_CODE:
        found = _by_code(session, text)
    else:
        found = _by_name(session, name_key(text))
    if not found:
        raise NotFoundError(f"Kein Gebiet gefunden für {text!r}")
    current = [a for a in found if a.valid_to is None]
    found = current or found
    hinted = [a for a in found if a.level == _level_hint(text)]
    found = hinted or found
    if len(found) == 1:
        return Resolution(found[0])
    resolution = _collapse(found)
    if resolution is not None:
        return resolution
    candidates = [candidate(a) for a in sorted(found, key=lambda a: (_RANK.get(a.level, 99), a.code))]
    raise AmbiguousError(f"{text!r} ist mehrdeutig: {len(candidates)} Gebiete passen", candidates)


def find_areas(session: Session, query: str, limit: int = 20) -> list[Area]:
    """Areas matching ``query`` (code or name prefix), current ones first; never raises."""
    text = query.strip()
    if not text:
        return []
    found = _by_code(session, text) if text.isdigit() or text.upper() == BUND_CODE else _by_name(
        session, name_key(text), limit * 3
    )
    found.sort(key=lambda a: (a.valid_to is not None, _RANK.get(a.level, 99), a.name_key, a.code))
    return found[:limit]


def newest_snapshot(session: Session, area: Area) -> tuple[AreaSnapshot, dt.date] | None:
    """The snapshot of the newest Gebietsstand that lists ``area``."""
    row = session.execute(
        select(AreaSnapshot, Gebietsstand.reference_date)
        .join(Gebietsstand, Gebietsstand.id == AreaSnapshot.gebietsstand_id)
        .where(AreaSnapshot.area_id == area.id)
        .order_by(Gebietsstand.reference_date.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else None


def _counterparts(session: Session, area: Area) -> list[Area]:
    """The other records of a kreisfreie Stadt (Kreis ↔ Gemeinde)."""
    if area.type not in KREISFREI_TYPES:
        return []
    if area.level == Level.KREIS:
        statement = select(Area).where(Area.level == Level.GEMEINDE, Area.code.like(f"{area.code}%"))
    elif area.level == Level.GEMEINDE:
        statement = select(Area).where(Area.level == Level.KREIS, Area.code == area.code[:5])
    else:
        return []
    return [a for a in session.scalars(statement) if a.type in KREISFREI_TYPES and a.id != area.id]


def describe_area(session: Session, area: Area, also: list[Area] | None = None) -> dict[str, Any]:
    """Everything ``stellwerk areas show`` reports about one area, as plain data."""
    chain = []
    parent = area.parent
    while parent is not None:
        chain.append({"level": parent.level, "code": parent.code, "name": parent.name, "type": parent.type})
        parent = parent.parent
    chain.reverse()
    newest = newest_snapshot(session, area)
    snapshot, date = newest if newest else (None, None)
    stands = list(
        session.scalars(
            select(Gebietsstand.reference_date)
            .join(AreaSnapshot, AreaSnapshot.gebietsstand_id == Gebietsstand.id)
            .where(AreaSnapshot.area_id == area.id)
            .order_by(Gebietsstand.reference_date)
        )
    )
    population = snapshot.population if snapshot else None
    groups = groups_of(area, population)
    code = land_code(area)
    same = {a.id: a for a in (also or []) + _counterparts(session, area)}
    return {
        "code": area.code,
        "ars": area.ars,
        "ags": area.ags,
        "name": area.name,
        "level": area.level,
        "level_label": Level.LABELS.get(area.level, area.level),
        "type": area.type,
        "land": {"code": code, "name": LAENDER[code]} if code in LAENDER else None,
        "parents": chain,
        "gebietsstand": date,
        "population": population,
        "population_male": snapshot.population_m if snapshot else None,
        "population_female": snapshot.population_w if snapshot else None,
        "population_flag": snapshot.population_flag if snapshot else None,
        "area_km2": snapshot.area_km2 if snapshot else None,
        "size_class": groups["gemeindegroessenklasse"],
        "ost_west": groups["ost_west"],
        "gebietsstaende": stands,
        "valid_from": area.valid_from,
        "valid_to": area.valid_to,
        "same_unit": [
            {"level": a.level, "code": a.code, "name": a.name, "type": a.type}
            for a in sorted(same.values(), key=lambda a: _RANK.get(a.level, 99))
        ],
    }


def list_areas(
    session: Session,
    level: str,
    land: str | None = None,
    within: str | None = None,
    include_ended: bool = False,
) -> list[dict[str, Any]]:
    """Areas of one level (optionally in a Land or under a code prefix) with newest population."""
    statement = select(Area).where(Area.level == level)
    prefix = within or land
    if prefix:
        statement = statement.where(Area.code.like(f"{prefix}%"))
    if not include_ended:
        statement = statement.where(Area.valid_to.is_(None))
    if level == Level.GEMEINDEVERBAND:
        statement = _searchable(statement)
    areas = list(session.scalars(statement.order_by(Area.code)))
    newest: dict[int, tuple[dt.date, AreaSnapshot]] = {}
    if areas:
        ids = [a.id for a in areas]
        rows = session.execute(
            select(AreaSnapshot, Gebietsstand.reference_date)
            .join(Gebietsstand, Gebietsstand.id == AreaSnapshot.gebietsstand_id)
            .where(AreaSnapshot.area_id.in_(ids))
        )
        for snapshot, date in rows:
            if snapshot.area_id not in newest or newest[snapshot.area_id][0] < date:
                newest[snapshot.area_id] = (date, snapshot)
    result = []
    for area in areas:
        date, snapshot = newest.get(area.id, (None, None))
        population = snapshot.population if snapshot else None
        groups = groups_of(area, population)
        result.append(
            {
                "code": area.code,
                "ars": area.ars,
                "ags": area.ags,
                "name": area.name,
                "level": area.level,
                "type": area.type,
                "gebietsstand": date,
                "population": population,
                "population_flag": snapshot.population_flag if snapshot else None,
                "area_km2": snapshot.area_km2 if snapshot else None,
                "size_class": groups["gemeindegroessenklasse"],
                "ost_west": groups["ost_west"],
                "valid_to": area.valid_to,
            }
        )
    return result

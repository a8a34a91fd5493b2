# SPDX-License-Identifier: EUPL-1.2
"""Structural features of municipalities for the similarity search.

Two sources, merged by AGS: the observation store (population, foreigners and
Schutzsuchende per area, plus area snapshots) and, as a built-in fallback, the
case-study municipalities shipped with their official figures. The store wins
where it has a value, so the features improve as official tables are imported.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from stellwerk.geo.models import Area, AreaSnapshot, Gebietsstand, Level
from stellwerk.knowledge.content import read_case_studies
from stellwerk.knowledge.schema import EAST
from stellwerk.observations.models import Observation

__all__ = ["AreaFeatures", "LAND_BY_PREFIX", "size_class", "case_study_features", "store_features", "feature_pool"]

LAND_BY_PREFIX = {
    "01": "SH", "02": "HH", "03": "NI", "04": "HB", "05": "NW", "06": "HE", "07": "RP", "08": "BW",
    "09": "BY", "10": "SL", "11": "BE", "12": "BB", "13": "MV", "14": "SN", "15": "ST", "16": "TH",
}
# (variable code, breakdown key) pairs that count population, foreigners and Schutzsuchende.
POPULATION = [("bevoelkerung", "")]
FOREIGNERS = [("auslaender", ""), ("bevoelkerung", "nationality=auslaender")]
SCHUTZSUCHENDE = [("schutzsuchende", "")]


@dataclass(frozen=True)
class AreaFeatures:
    """What the similarity search knows about one area."""

    key: str
    name: str
    ags: str | None
    land: str | None
    gemeindetyp: str | None
    population: float | None
    foreign_share: float | None
    schutzsuchende_share: float | None
    year: int | None = None
    source: str = ""

    @property
    def east(self) -> float | None:
        """1 for the five eastern Länder, 0 for the western ones, 0.5 for Berlin."""
        if self.land is None:
            return None
        if self.land == "BE":
            return 0.5
        return 1.0 if self.land in EAST else 0.0

    @property
    def log_population(self) -> float | None:
        return math.log10(self.population) if self.population else None


def size_class(population: float | None, level: str) -> str | None:
    """Gemeindegrößenklasse of the BBSR (Landkreise and Stadtbezirke keep their own type)."""
    if level == Level.KREIS:
        return "Landkreis"
    if level == Level.STADTBEZIRK:
        return "Stadtbezirk"
    if population is None:
        return None
    if population >= 100_000:
        return "Großstadt"
    if population >= 20_000:
        return "Mittelstadt"
    if population >= 5_000:
        return "Kleinstadt"
    return "Gemeinde"


def _share(part: float | None, whole: float | None) -> float | None:
    if part is None or not whole:
        return None
    return round(100.0 * part / whole, 2)


def case_study_features() -> list[AreaFeatures]:
    """Features of the shipped case-study municipalities (official figures of 31.12.2023)."""
    result = []
    for m in read_case_studies():
        # Figures flagged "/" refer to a different territory and are not used.
        schutz = None if m.flag == "/" else m.schutzsuchende_share_pct
        result.append(
            AreaFeatures(
                key=m.ags or m.name,
                name=m.name,
                ags=m.ags,
                land=m.land,
                gemeindetyp=m.gemeindetyp,
                population=float(m.population),
                foreign_share=m.foreign_share_pct,
                schutzsuchende_share=schutz,
                year=int(m.reference_date[:4]),
                source="Fallstudien-Kommunen (amtliche Zahlen)",
            )
        )
    return result


def _latest_values(session: Session, pairs: list[tuple[str, str]], year: int | None) -> dict[int, tuple[int, float]]:
    """Per area, the newest total value (and its year) of the first matching variable/breakdown pair."""
    found: dict[int, tuple[int, float]] = {}
    for variable, breakdown in pairs:
        query = select(Observation.area_id, Observation.year, Observation.value).where(
            Observation.variable_code == variable,
            Observation.breakdown == breakdown,
            Observation.value.is_not(None),
        )
        if year is not None:
            query = query.where(Observation.year <= year)
        for area_id, obs_year, value in session.execute(query):
            if area_id in found and found[area_id][0] >= obs_year:
                continue
            found[area_id] = (obs_year, value)
        if found:
            # The first pair that has data at all is the source; do not mix definitions.
            break
    return found


def store_features(session: Session, year: int | None = None) -> list[AreaFeatures]:
    """Features of Gemeinden, Kreise and Stadtbezirke from the observation store and snapshots."""
    levels = (Level.GEMEINDE, Level.KREIS, Level.STADTBEZIRK)
    areas = {a.id: a for a in session.scalars(select(Area).where(Area.level.in_(levels)))}
    if not areas:
        return []
    population = {k: v for k, v in _latest_values(session, POPULATION, year).items() if k in areas}
    # Snapshots fill in a population where no observation exists (newest Gebietsstand first).
    snapshot_rows = session.execute(
        select(AreaSnapshot.area_id, AreaSnapshot.population, Gebietsstand.reference_date)
        .join(Gebietsstand, Gebietsstand.id == AreaSnapshot.gebietsstand_id)
        .where(AreaSnapshot.population.is_not(None))
        .order_by(Gebietsstand.reference_date.desc())
    )
    for area_id, value, reference_date in snapshot_rows:
        if area_id in areas and area_id not in population:
            population[area_id] = (reference_date.year, float(value))
    foreigners = _latest_values(session, FOREIGNERS, year)
    schutz = _latest_values(session, SCHUTZSUCHENDE, year)
    result = []
    for area_id, (pop_year, pop) in population.items():
        area = areas[area_id]
        ags = area.ags or (area.code if area.level != Level.STADTBEZIRK else None)
        land = LAND_BY_PREFIX.get((ags or area.code)[:2])
        foreign = foreigners.get(area_id)
        protected = schutz.get(area_id)
        level = area.level
        if level == Level.KREIS and area.type and "kreisfrei" in area.type.lower():
            level = Level.GEMEINDE
        result.append(
            AreaFeatures(
                key=ags or area.code,
                name=area.name,
                ags=ags,
                land=land,
                gemeindetyp=size_class(pop, level),
                population=pop,
                foreign_share=_share(foreign[1], pop) if foreign else None,
                schutzsuchende_share=_share(protected[1], pop) if protected else None,
                year=pop_year,
                source="Beobachtungsspeicher",
            )
        )
    return result


def _same_unit(ags: str) -> str:
    """Kreisfreie Städte appear as Kreis 05315 and Gemeinde 05315000; treat them as one."""
    return ags[:5] if len(ags) == 8 and ags.endswith("000") else ags


def feature_pool(session: Session, year: int | None = None) -> list[AreaFeatures]:
    """Store features, completed by the case-study figures where the store has no value."""
    pool: dict[str, AreaFeatures] = {}
    for features in case_study_features():
        pool[_same_unit(features.ags) if features.ags else features.key] = features
    for features in store_features(session, year):
        unit = _same_unit(features.ags) if features.ags else features.key
        known = pool.get(unit)
        if known is not None:
            features = replace(
                features,
                name=known.name if known.source.startswith("Fallstudien") else features.name,
                foreign_share=features.foreign_share if features.foreign_share is not None else known.foreign_share,
                schutzsuchende_share=features.schutzsuchende_share
                if features.schutzsuchende_share is not None
                else known.schutzsuchende_share,
                gemeindetyp=features.gemeindetyp or known.gemeindetyp,
            )
        pool[unit] = features
    return list(pool.values())

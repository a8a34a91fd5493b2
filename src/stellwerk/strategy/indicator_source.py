# SPDX-License-Identifier: EUPL-1.2
"""The one place where strategy meets the indicator engine (catalogue, taxonomy, values).

Kept small on purpose: if the engine's API changes, only this file changes.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy.orm import Session

from stellwerk.errors import InputError, NotFoundError

__all__ = ["IndicatorMeta", "AreaRef", "handlungsfelder", "indicator_meta", "indicator_choices", "resolve_area",
           "SeriesSource"]


@dataclass(frozen=True)
class IndicatorMeta:
    id: str
    title: str
    short_title: str
    unit: str
    polarity: str
    handlungsfeld: str
    decimals: int


@dataclass(frozen=True)
class AreaRef:
    id: int
    code: str
    name: str
    level: str


def _catalogue():
    from stellwerk.indicators.catalogue import default_catalogue

    return default_catalogue()


@lru_cache(maxsize=1)
def handlungsfelder() -> dict[str, str]:
    """Handlungsfeld id → German label, in taxonomy order."""
    fields = _catalogue().handlungsfelder
    return {key: value.label for key, value in fields.items()}


def indicator_meta(indicator_id: str) -> IndicatorMeta:
    """Catalogue facts of one indicator; InputError naming the id when unknown."""
    try:
        ind = _catalogue().get(indicator_id)
    except (KeyError, NotFoundError, InputError) as error:
        raise InputError(f"Indikator {indicator_id!r} gibt es im Katalog nicht.", column="Indikator",
                         expected="eine id aus »stellwerk indicators list«") from error
    return IndicatorMeta(ind.id, ind.title, ind.short_title, ind.unit, ind.polarity, ind.handlungsfeld, ind.decimals)


def indicator_choices() -> list[tuple[str, str]]:
    """(id, short title) of every catalogue indicator."""
    return [(ind.id, ind.short_title) for ind in _catalogue().indicators.values()]


def resolve_area(session: Session, ref: str) -> AreaRef:
    """An area by official code or name; InputError naming the field when unknown."""
    from stellwerk.indicators.store import find_area

    try:
        area = find_area(session, ref)
    except (NotFoundError, InputError) as error:
        raise InputError(f"Gebiet {ref!r} nicht gefunden.", column="Gebiet",
                         expected="amtlicher Schlüssel oder Name eines Gebiets") from error
    return AreaRef(area.id, area.code, area.name, area.level)


# Above this many areas (a Land, the Bund) loading everything beats a long IN list.
MAX_FILTERED_AREAS = 5000


@dataclass
class SeriesSource:
    """Indicator series of single areas, computed from the observations of the area and its sub-areas.

    Goals refer to one area each, so only that area's subtree is loaded and
    computed (the engine's rules are unchanged: own rows first, else sums of
    sub-areas). That keeps a concept page fast on a Germany-sized store.
    """

    session: Session
    _tree: object = None
    _series: dict = field(default_factory=dict)
    _areas: dict = field(default_factory=dict)

    def _area_tree(self):
        from stellwerk.indicators.store import load_areas
        from stellwerk.indicators.tree import AreaTree

        if self._tree is None:
            self._tree = AreaTree(load_areas(self.session))
        return self._tree

    def _observations(self, codes: set[str], area_ids: list[int]):
        import pandas as pd
        from sqlalchemy import select

        from stellwerk.observations.models import Dataset, Observation

        columns = ["area_id", "period", "year", "variable", "breakdown", "value", "flag", "dataset_id"]
        stmt = (
            select(Observation.area_id, Observation.period, Observation.year, Observation.variable_code,
                   Observation.breakdown, Observation.value, Observation.flag, Observation.dataset_id)
            .join(Dataset, Dataset.id == Observation.dataset_id)
            .where(Observation.variable_code.in_(sorted(codes)), Dataset.status == "active")
        )
        if len(area_ids) <= MAX_FILTERED_AREAS:
            stmt = stmt.where(Observation.area_id.in_(area_ids))
        frame = pd.DataFrame(self.session.execute(stmt).all(), columns=columns)
        frame["value"] = frame["value"].astype("float64")
        frame["flag"] = frame["flag"].astype("object").where(frame["flag"].notna(), None)
        frame["year"] = frame["year"].astype("int64")
        frame["area_id"] = frame["area_id"].astype("int64")
        return frame

    def series(self, indicator_id: str, area_code: str) -> dict[int, float]:
        """Year → value of ``indicator_id`` in the area (years without a number left out)."""
        from stellwerk.indicators.engine import Context, compute

        key = (indicator_id, area_code)
        if key in self._series:
            return self._series[key]
        catalogue = _catalogue()
        ind = catalogue.get(indicator_id)
        if area_code not in self._areas:
            self._areas[area_code] = resolve_area(self.session, area_code)
        area = self._areas[area_code]
        tree = self._area_tree()
        subtree = [area.id, *(int(i) for i in tree.descendants(area.id))]
        observations = self._observations(catalogue.store_variables(ind.id), subtree)
        result = compute(ind, Context.build(catalogue, observations, tree))
        values: dict[int, float] = {}
        if len(result) and area.id in result.index.get_level_values(0):
            for year, value in result.loc[area.id]["value"].items():
                if value is not None and not math.isnan(value):
                    values[int(year)] = float(value)
        self._series[key] = values
        return values

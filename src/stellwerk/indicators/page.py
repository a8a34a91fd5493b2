# SPDX-License-Identifier: EUPL-1.2
"""Everything an indicator page for one area shows, gathered in one place.

The web page, its CSV/XLSX downloads and reports all read this view, so a
download contains exactly what the page shows.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from stellwerk.disclosure.small_areas import protect_subarea_counts
from stellwerk.geo.models import Level
from stellwerk.indicators.catalogue import Catalogue, default_catalogue
from stellwerk.indicators.compare import PeerStats, Trend, trend
from stellwerk.indicators.peers import CUSTOM, PEER_KINDS, PeerChoice, compare_with_peers, parse_peers
from stellwerk.indicators.schema import Indicator
from stellwerk.indicators.service import indicator_frame
from stellwerk.indicators.store import dataset_refs, find_area, load_areas, load_geometries
from stellwerk.indicators.tree import AreaTree
from stellwerk.observations import flags as obs_flags
from stellwerk.observations.models import Observation

__all__ = ["AreaIndicatorView", "area_indicator_view", "PEER_KINDS", "small_areas", "view_rows"]


def _clean(value: float | None) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


@dataclass
class AreaIndicatorView:
    indicator: Indicator
    handlungsfeld: str
    area: dict
    parent: dict | None
    year: int | None
    years: list[int]
    current: dict | None
    series: list[dict]
    trend: Trend
    peer_kind: str
    peers: PeerStats
    peer_rows: list[dict]
    peer_choice: PeerChoice
    peers_without_value: list[dict]
    subareas: list[dict]
    subarea_level: str | None
    geometries: dict[int, dict] = field(default_factory=dict)
    datasets: list[dict] = field(default_factory=list)
    subarea_note: str = ""  # how the sub-area counts are protected (disclosure.small_areas)
    subarea_year: int | None = None  # the year of ``subareas``: the asked-for year where they have it
    peer_group_label: str | None = None  # ``peers.group`` for readers (a Land's name, not its code)


def _row(frame: pd.DataFrame, area_id: int, year: int) -> dict | None:
    if (area_id, year) not in frame.index:
        return None
    r = frame.loc[(area_id, year)]
    flag = r["flag"] if isinstance(r["flag"], str) and r["flag"] else None
    return {
        "year": int(year),
        "period": r["period"] if isinstance(r["period"], str) else None,
        "value": _clean(r["value"]),
        "numerator": _clean(r["numerator"]),
        "denominator": _clean(r["denominator"]),
        "flag": flag,
        "flag_label": obs_flags.label(flag) if flag else "",
        "note": r["note"] if isinstance(r["note"], str) else "",
    }


def small_areas(areas: pd.DataFrame, area_id: int) -> pd.DataFrame:
    """The sub-areas an indicator page and a report show for an area (rows of ``areas``).

    One level down, with two rules for cities: a Kreis with a single Gemeinde (a
    kreisfreie Stadt such as Köln, 05315 → 05315000) stands for that Gemeinde, and a
    city divided into Stadtbezirke shows the Stadtteile directly below them (Köln's
    86 Stadtteile, Berlin's Prognoseräume) where any exist, else the Stadtbezirke.
    """
    children = areas[areas["parent_id"] == area_id]
    gemeinden = children.index[children["level"] == Level.GEMEINDE]
    if areas.at[area_id, "level"] == Level.KREIS and len(gemeinden) == 1 and (areas["parent_id"] == gemeinden[0]).any():
        children = areas[areas["parent_id"] == gemeinden[0]]  # the Kreis's Gemeindeverband row has no children
    if len(children) and (children["level"] == Level.STADTBEZIRK).all():
        below = areas[areas["parent_id"].isin(children.index) & (areas["level"] == Level.STADTTEIL)]
        if len(below):
            return below
    return children


def area_indicator_view(
    session: Session,
    indicator_id: str,
    area_ref: str,
    year: int | None = None,
    peer_kind: str | PeerChoice = "land",
    catalogue: Catalogue | None = None,
) -> AreaIndicatorView:
    """Value, series, peers, sub-areas and sources of one indicator for one area.

    ``peer_kind`` is a kind of :data:`PEER_KINDS`, a comma-separated list of area
    codes (a custom peer group) or an already parsed :class:`PeerChoice`.
    """
    catalogue = catalogue or default_catalogue()
    ind = catalogue.get(indicator_id)
    area = find_area(session, area_ref)
    choice = peer_kind if isinstance(peer_kind, PeerChoice) else parse_peers(peer_kind)
    areas = load_areas(session)
    tree = AreaTree(areas)
    children = small_areas(areas, area.id)
    if choice.kind == CUSTOM:  # a custom list may name areas of any level
        frame = indicator_frame(session, ind.id, catalogue)
    else:  # the peers are at the area's level
        frame = indicator_frame(session, ind.id, catalogue, levels=[area.level], area_ids=[area.id, *children.index])
    own = frame.xs(area.id, level="area_id") if area.id in frame.index.get_level_values("area_id") else frame.iloc[0:0]
    years = sorted(int(y) for y in own.index if not math.isnan(own.loc[y, "value"]) or isinstance(own.loc[y, "flag"], str))
    requested = year
    if year is None or year not in years:
        with_value = [int(y) for y in own.index if not math.isnan(own.loc[y, "value"])]
        year = max(with_value) if with_value else (max(years) if years else None)
    series = [r for y in sorted(own.index) if (r := _row(frame, area.id, int(y)))]
    current = _row(frame, area.id, year) if year is not None else None
    series_values = pd.Series({r["year"]: r["value"] if r["value"] is not None else float("nan") for r in series}, dtype="float64")
    # peers: same year; fixed kinds among the same level, custom lists as given
    peer_rows: list[dict] = []
    without_value: list[dict] = []
    stats = PeerStats(None, 0, None, None, None, None)
    group_label = None
    if year is not None:
        values = frame.xs(year, level="year")["value"] if year in frame.index.get_level_values("year") else pd.Series(dtype="float64")
        comparison = compare_with_peers(session, areas, area.id, values, ind.polarity, choice)
        stats, peer_rows, without_value = comparison.stats, comparison.rows, comparison.without_value
        group_label = comparison.group_label
    # sub-areas in the asked-for year where they have it, even if the area itself has no value then
    # (Köln's Stadtteile 2012 from the city's statistics, the Kreis's own series from other tables)
    subarea_year = year
    if requested is not None and requested != year and any((int(c), requested) in frame.index for c in children.index):
        subarea_year = requested
    subareas: list[dict] = []
    subarea_level = None
    if subarea_year is not None and len(children):
        for child_id, child in children.iterrows():
            r = _row(frame, int(child_id), subarea_year)
            if r is not None:
                subareas.append({"area_id": int(child_id), "parent_id": int(child["parent_id"]), "code": child["code"],
                                 "name": child["name"], **r})
        subareas.sort(key=lambda r: r["name"])
        if subareas:
            subarea_level = str(children.loc[subareas[0]["area_id"], "level"])
    subarea_note = ""
    if subareas:  # counts of Stadtbezirke and Stadtteile leave Stellwerk only protected
        subareas, subarea_note = protect_subarea_counts(subareas, subarea_level, ind.kind)
        for r in subareas:
            if r["flag"] == "s":  # disclosure.SUPPRESSED
                r["flag_label"] = obs_flags.label(r["flag"])
    geometries = load_geometries(session, [r["area_id"] for r in subareas]) if subareas else {}
    subtree = [area.id, *map(int, tree.descendants(area.id))]
    codes = sorted(catalogue.store_variables(ind.id))
    dataset_ids: set[int] = set()
    for start in range(0, len(subtree), 900):
        chunk = subtree[start:start + 900]
        dataset_ids |= set(session.scalars(
            select(Observation.dataset_id).where(Observation.variable_code.in_(codes), Observation.area_id.in_(chunk)).distinct()
        ).all())
    parent = None
    if area.parent_id is not None and area.parent_id in areas.index:
        parent = {"code": areas.at[area.parent_id, "code"], "name": areas.at[area.parent_id, "name"]}
    return AreaIndicatorView(
        indicator=ind,
        handlungsfeld=catalogue.handlungsfelder[ind.handlungsfeld].label,
        area={"id": area.id, "code": area.code, "name": area.name, "level": area.level,
              "level_label": Level.LABELS.get(area.level, area.level)},
        parent=parent,
        year=year,
        years=years,
        current=current,
        series=series,
        trend=trend(series_values),
        peer_kind=choice.kind,
        peers=stats,
        peer_rows=peer_rows,
        peer_choice=choice,
        peers_without_value=without_value,
        subareas=subareas,
        subarea_level=subarea_level,
        subarea_note=subarea_note,
        subarea_year=subarea_year if subareas else None,
        peer_group_label=group_label,
        geometries=geometries,
        datasets=dataset_refs(session, dataset_ids),
    )


def view_rows(view: AreaIndicatorView) -> list[dict]:
    """The page's tables as rows for CSV/XLSX: series, peer comparison, sub-areas."""
    rows: list[dict] = []
    base = {"indikator": view.indicator.id, "einheit": view.indicator.unit}
    for r in view.series:
        rows.append({**base, "tabelle": "Zeitreihe", "gebiet": view.area["name"], "schluessel": view.area["code"],
                     "jahr": r["year"], "stichtag": r["period"], "wert": r["value"], "zaehler": r["numerator"],
                     "nenner": r["denominator"], "kennzeichen": r["flag"] or "", "hinweis": r["note"]})
    for r in view.peer_rows:
        rows.append({**base, "tabelle": f"Vergleich ({view.peer_group_label})", "gebiet": r["name"], "schluessel": r["code"],
                     "jahr": view.year, "stichtag": "", "wert": r["value"], "zaehler": None, "nenner": None,
                     "kennzeichen": "", "hinweis": ""})
    for r in view.subareas:
        rows.append({**base, "tabelle": "Teilgebiete", "gebiet": r["name"], "schluessel": r["code"], "jahr": r["year"],
                     "stichtag": r["period"], "wert": r["value"], "zaehler": r["numerator"], "nenner": r["denominator"],
                     "kennzeichen": r["flag"] or "", "hinweis": r["note"]})
    return rows

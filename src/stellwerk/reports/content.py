# SPDX-License-Identifier: EUPL-1.2
"""Everything an Integrationsbericht shows for one area and year, gathered before rendering.

Per indicator it reuses the indicator page's view (value, series, trend, peers, sub-areas), so
report, page and downloads agree. Flagged values get numbered footnotes with the official meaning.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from sqlalchemy import select
from sqlalchemy.orm import Session

from stellwerk.errors import NotFoundError, StellwerkError
from stellwerk.geo.models import Area
from stellwerk.indicators.catalogue import Catalogue, default_catalogue
from stellwerk.indicators.page import AreaIndicatorView, area_indicator_view
from stellwerk.indicators.store import areas_snapshot, find_area, observed_variables
from stellwerk.observations import flags as obs_flags
from stellwerk.progress import Progress
from stellwerk.disclosure.small_areas import COUNT_KINDS, is_small_area, note_for, protect_frame_rows
from stellwerk.reports.sections import section_scope, steering_sections

__all__ = ["Report", "IndicatorEntry", "Chapter", "build_report", "KEY_SET"]

log = logging.getLogger(__name__)
KEY_SET = "kommunal_kern"


@dataclass
class IndicatorEntry:
    view: AreaIndicatorView
    current: dict | None  # the value of the report year (None: no value that year)
    subareas: list[dict]
    disclosure_note: str = ""
    series_note: str = ""  # disclosure note of the area's own counts (small areas only)


@dataclass
class Chapter:
    id: str
    label: str
    description: str
    entries: list[IndicatorEntry]
    without_data: list[str]  # titles of indicators without any value for this area


@dataclass
class Report:
    area: dict
    year: int | None
    requested_year: int | None
    generated: dt.date
    chapters: list[Chapter]
    summary: list[IndicatorEntry]
    footnotes: list[dict]
    datasets: list[dict]
    sections: dict[str, dict]
    messages: list[str] = field(default_factory=list)

    @property
    def entries(self) -> list[IndicatorEntry]:
        return [e for c in self.chapters for e in c.entries]


class _Footnotes:
    """One numbered footnote per distinct (symbol, note); every flagged cell points to one."""

    def __init__(self) -> None:
        self.items: list[dict] = []
        self._index: dict[tuple[str, str], int] = {}

    def mark(self, row: dict | None) -> None:
        if not row or not row.get("flag"):
            return
        key = (row["flag"], row.get("note") or "")
        if key not in self._index:
            self.items.append({"n": len(self.items) + 1, "flag": key[0], "meaning": obs_flags.label(key[0]),
                               "official": key[0] in obs_flags.OFFICIAL_FLAGS, "note": key[1]})
            self._index[key] = len(self.items)
        row["footnote"] = self._index[key]


def _current_row(view: AreaIndicatorView, year: int | None) -> dict | None:
    if year is None:
        return view.current
    return next((dict(r) for r in view.series if r["year"] == year), None)


def _protect_own_series(session: Session, view: AreaIndicatorView, area: Area, catalogue: Catalogue) -> None:
    """A small area's own counts, and its peers' shares, get the same suppression as in their
    parents' tables of sub-areas (see ``disclosure.small_areas``)."""
    from stellwerk.indicators.service import indicator_frame
    from stellwerk.disclosure.small_areas import SUPPRESSED

    if view.indicator.kind not in COUNT_KINDS or not any(r.get("numerator") is not None for r in view.series):
        return
    frame = indicator_frame(session, view.indicator.id, catalogue, levels=[area.level])
    rows = session.execute(select(Area.id, Area.parent_id, Area.level, Area.code).where(Area.level == area.level)).all()
    areas = pd.DataFrame(rows, columns=["id", "parent_id", "level", "code"]).set_index("id")
    wanted = [(area.id, r["year"]) for r in view.series]
    if view.year is not None:
        wanted += [(r["area_id"], view.year) for r in view.peer_rows]
    hidden = protect_frame_rows(frame, areas, wanted)
    for r in [*view.series, *([view.current] if view.current else [])]:
        if (area.id, r["year"]) in hidden:
            r.update(numerator=None, value=None, flag=SUPPRESSED, note="")
    # a share shown in the comparison would give the suppressed count back: such peers are left out
    view.peer_rows = [r for r in view.peer_rows if (r["area_id"], view.year) not in hidden]


def build_report(
    session: Session,
    area_ref: str,
    year: int | None = None,
    catalogue: Catalogue | None = None,
    indicator_set: str | None = None,
    progress: Progress | None = None,
    tenants: Sequence[str] = (),
) -> Report:
    """Gather the report of one area (unknown area or tenant → NotFoundError); year None = latest with data.

    An unknown indicator set is no error: the report says so and shows all indicators.
    ``tenants`` names whose goals, network and self-check the steering sections show (default:
    the published content of the tenants of this area)."""
    with areas_snapshot(session):  # every indicator view needs all areas: read them once
        return _build_report(session, area_ref, year, catalogue or default_catalogue(), indicator_set, progress, tenants)


def _build_report(session: Session, area_ref: str, year: int | None, catalogue: Catalogue, indicator_set: str | None,
                  progress: Progress | None, tenants: Sequence[str]) -> Report:
    area = find_area(session, area_ref)
    scope = section_scope(session, area.id, tenants)
    sections = steering_sections(session, scope)
    messages: list[str] = [scope.unknown_message] if scope.unknown else []
    try:
        indicators = catalogue.in_set(indicator_set)
    except NotFoundError:
        messages.append(f"Das Indikatorenset „{indicator_set}“ gibt es nicht (vorhanden: {', '.join(catalogue.sets)}); "
                        "der Bericht zeigt alle Indikatoren.")
        indicators = catalogue.in_set(None)
    notes = _Footnotes()
    views: list[AreaIndicatorView] = []
    present = observed_variables(session, area.id)
    for i, ind in enumerate(indicators):
        if not (catalogue.store_variables(ind.id) & present):
            continue  # nothing stored for this area: skip the (costly) computation over all areas
        if progress:
            progress(i, len(indicators), ind.short_title)
        try:
            view = area_indicator_view(session, ind.id, area.code, year, "land", catalogue)
        except StellwerkError as error:  # an indicator that cannot be computed is reported, not fatal
            log.warning("Indikator %s für %s nicht berechenbar: %s", ind.id, area.code, error)
            continue
        if view.series:
            views.append(view)
    report_year = year
    if report_year is None:
        years = [v.year for v in views if v.year is not None]
        report_year = max(years) if years else None
    if year is not None and not any(r["year"] == year for v in views for r in v.series):
        messages.append(f"Für das Jahr {year} liegen für {area.name} keine Indikatorwerte vor; "
                        "die Kapitel zeigen die vorhandenen Zeitreihen.")
    by_id = {v.indicator.id: v for v in views}
    chapters: list[Chapter] = []
    datasets: dict[int, dict] = {}
    for feld in catalogue.handlungsfelder.values():
        members = [i for i in indicators if i.handlungsfeld == feld.id]
        if not members:
            continue
        entries = []
        for ind in members:
            view = by_id.get(ind.id)
            if view is None:
                continue
            series_note = ""
            if is_small_area(area.level):
                _protect_own_series(session, view, area, catalogue)
                series_note = note_for(area.level) if ind.kind in COUNT_KINDS else ""
            for r in [*view.series, *([view.current] if view.current else [])]:
                notes.mark(r)
            current = _current_row(view, report_year)
            notes.mark(current)
            subareas = [dict(r) for r in view.subareas if r["year"] == report_year]
            disclosure_note = view.subarea_note if subareas else ""  # protected by area_indicator_view
            for r in subareas:
                notes.mark(r)
            entries.append(IndicatorEntry(view, current, subareas, disclosure_note, series_note))
            for ds in view.datasets:
                datasets[ds["id"]] = ds
        chapters.append(Chapter(feld.id, feld.label, feld.description, entries,
                                [i.title for i in members if i.id not in by_id]))
    all_entries = [e for c in chapters for e in c.entries]
    if all_entries and report_year is not None and not any(e.subareas for e in all_entries):
        messages.append(f"Für {area.name} liegen für {report_year} keine Werte von Teilgebieten vor; "
                        "Karten und Tabellen der Teilgebiete entfallen.")
    key_ids = {i.id for i in catalogue.in_set(KEY_SET)} if KEY_SET in catalogue.sets else set()
    # the summary shows each key indicator's value of the view's year (the report year, else the last
    # year with a value), the year in which its peer comparison and rank are computed too
    summary = [e for e in all_entries if e.view.indicator.id in key_ids and e.view.current is not None] \
        or [e for e in all_entries if e.view.current is not None][:12]
    return Report(
        area={"id": area.id, "code": area.code, "name": area.name, "level": area.level},
        year=report_year, requested_year=year, generated=dt.date.today(), chapters=chapters, summary=summary,
        footnotes=notes.items, datasets=sorted(datasets.values(), key=lambda d: (d["table"], d["title"])),
        sections=sections,
        messages=messages,
    )

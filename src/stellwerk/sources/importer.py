# SPDX-License-Identifier: EUPL-1.2
"""Importing official tables: parse → resolve area codes → store, in the caller's transaction.

Nothing is committed here. Bad input raises :class:`stellwerk.errors.InputError`
before anything is written, or inside the caller's transaction, which then
rolls back. A dry run does the whole work inside a savepoint and rolls it back.
"""
from __future__ import annotations

import gc
import logging
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from stellwerk.errors import InputError
from stellwerk.observations import store
from stellwerk.progress import Progress, report
from stellwerk.sources.areas import SMALL_AREA, AreaIndex, HistoricCodes
from stellwerk.sources.records import ParsedTable
from stellwerk.sources.registry import adapter, detect

__all__ = ["ImportReport", "import_file", "import_files", "parse_file"]

log = logging.getLogger(__name__)


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do)."""

    file: str
    kind: str
    table_code: str
    title: str
    reference_date: Any
    status: str  # imported, revised, unchanged, dry-run
    dataset_id: int | None = None
    supersedes_id: int | None = None
    rows: int = 0
    observations: int = 0
    variables: list[str] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    flags: dict[str, int] = field(default_factory=dict)
    skipped_codes: dict[str, str] = field(default_factory=dict)
    skipped_cells: int = 0
    created_areas: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def parse_file(path: Path, kind: str = "auto", options: dict[str, Any] | None = None) -> tuple[str, ParsedTable]:
    """Recognise (for ``auto``) and parse one file; ``options`` go to the adapter (``mapping`` for tidy)."""
    path = Path(path)
    if not path.is_file():
        raise InputError("Datei nicht gefunden", file=str(path), expected="eine lesbare Datei")
    if kind == "auto":
        kind = detect(path)
    return kind, adapter(kind).parse(path, **(options or {}))


def import_files(session: Session, paths: list[Path], kind: str = "auto", **options: Any) -> list[ImportReport]:
    """Import several files in the caller's transaction (all or nothing).

    The files share one :class:`AreaIndex`: reading every area once instead of
    once per file matters for the many small Berlin LOR files.
    """
    if paths and options.get("areas") is None:
        options["areas"] = AreaIndex(session, HistoricCodes(options.get("crosswalk_dir")))
    return [import_file(session, Path(p), kind, **options) for p in paths]


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector (reference counting goes on).

    An import builds millions of small tuples (cells, rows) that form no cycles;
    the collector would still walk all of them again and again as they pile up,
    which cost about as much as parsing and resolving together.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def import_file(
    session: Session,
    path: Path,
    kind: str = "auto",
    *,
    dry_run: bool = False,
    skip_unknown: bool = False,
    crosswalk_dir: Path | None = None,
    progress: Progress | None = None,
    options: dict[str, Any] | None = None,
    areas: AreaIndex | None = None,
) -> ImportReport:
    """Import one official table into the observation store.

    ``areas`` is an index shared with other imports of the same transaction
    (see :func:`import_files`); its Umsteigeschlüssel are used instead of
    ``crosswalk_dir``. Without it the areas are read for this file alone.
    """
    with _cyclic_gc_paused():
        return _import(session, path, kind, dry_run, skip_unknown, crosswalk_dir, progress, options, areas)


def _import(session: Session, path: Path, kind: str, dry_run: bool, skip_unknown: bool, crosswalk_dir: Path | None,
            progress: Progress | None, options: dict[str, Any] | None, areas: AreaIndex | None) -> ImportReport:
    kind, table = parse_file(path, kind, options)
    report(progress, 1, 3, f"{table.file_name}: gelesen")
    result = ImportReport(
        file=table.file_name, kind=kind, table_code=table.table_code, title=table.title,
        reference_date=table.reference_date, status="dry-run" if dry_run else "imported",
        rows=table.row_count, variables=sorted(table.variables), periods=table.periods,
    )
    stored = store.find_stored(session, table.table_code, table.file_sha256)
    if stored is not None and (stored.meta or {}).get("mapping_sha256") != table.meta.get("mapping_sha256"):
        stored = None  # the same file read through a changed mapping is a revision
    if stored is not None:
        result.status = "unchanged"
        result.dataset_id = stored.id
        result.observations = stored.observation_count
        return result
    savepoint = session.begin_nested() if dry_run else None
    if areas is None:
        areas = AreaIndex(session, HistoricCodes(crosswalk_dir))
    elif areas.stale:
        areas.reload()
    areas.created = []
    try:
        rows = _resolve(table, result, skip_unknown, areas)
        report(progress, 2, 3, f"{table.file_name}: Gebiete zugeordnet")
        store.upsert_variables(session, ((v.code, v.label, v.unit, v.definition) for v in table.variables.values()))
        meta = dict(table.meta, kind=kind, skipped_codes=result.skipped_codes, skipped_cells=result.skipped_cells)
        info = store.DatasetInfo(
            source=table.source, table_code=table.table_code, title=table.title, licence=table.licence,
            attribution=table.attribution, reference_date=table.reference_date, file_name=table.file_name,
            file_sha256=table.file_sha256, importer=kind, importer_version=table.importer_version,
            row_count=table.row_count, meta=meta,
        )
        dataset = store.write_dataset(session, info, rows)
        result.observations = len(rows)
        flags = Counter(map(itemgetter(6), rows))
        result.flags = {flag: n for flag, n in flags.items() if flag}
        if dataset.supersedes_id:
            result.status = "dry-run" if dry_run else "revised"
            result.supersedes_id = dataset.supersedes_id
        result.dataset_id = None if dry_run else dataset.id
    except BaseException:
        # The caller rolls back what this import wrote, areas included.
        areas.stale = bool(areas.created) or areas.stale
        raise
    finally:
        if savepoint is not None:
            savepoint.rollback()
            areas.stale = bool(areas.created) or areas.stale
    report(progress, 3, 3, f"{table.file_name}: {result.observations} Beobachtungen")
    log.info("import %s: %s, %d observations", table.file_name, result.status, result.observations)
    return result


def _resolve(table: ParsedTable, result: ImportReport, skip_unknown: bool,
             index: AreaIndex) -> list[store.ObservationRow]:
    """Map every cell's area code to an area id, following the policy in :mod:`stellwerk.sources.areas`."""
    for spec in table.areas:
        index.ensure_small_area(spec, table.file_name)
    cells = table.cells
    # Column-wise with zip/map/dict: these passes run in C, which counts for millions of cells.
    if cells:
        levels, area_codes, _names, periods, variables, breakdowns, values, flags, _lines, _columns = zip(*cells)
    else:
        levels = area_codes = periods = variables = breakdowns = values = flags = ()
    keys = list(zip(levels, area_codes))
    # First cell of each code (for its name and position), codes in the order they first appear.
    first = dict(zip(reversed(keys), range(len(keys) - 1, -1, -1)))
    period_years = {period: int(period[:4]) for period in set(periods)}
    codes: dict[tuple[str, str], dict[str, Any]] = {}
    for key in dict.fromkeys(keys):
        cell = cells[first[key]]
        codes[key] = {"name": cell.name, "line": cell.line, "column": cell.column, "numeric_years": set(),
                      "years": set()}
    for level, code, period in set(zip(levels, area_codes, periods)):
        codes[(level, code)]["years"].add(period_years[period])
    for level, code, period in {(c[0], c[1], c[3]) for c in cells if c[6] is not None and c[7] != "-"}:
        codes[(level, code)]["numeric_years"].add(period_years[period])
    ids: dict[tuple[str, str], int | None] = {}
    for (level, code), entry in codes.items():
        area_id = index.find(level, code)
        if area_id is None:
            allowed = None if table.strict_areas else index.creatable(
                level, code, max(entry["numeric_years"] or entry["years"]))
            if allowed is not None and (entry["numeric_years"] or allowed[0] != "historisch"):
                area_id = index.create(level, code, entry["name"], allowed[0], allowed[1])
            elif allowed is not None:
                result.skipped_codes[code] = "historischer Schlüssel ohne Zahlen"
            elif not entry["numeric_years"] and not table.strict_areas:
                result.skipped_codes[code] = "unbekannter Schlüssel ohne Zahlen (nur -, . oder leer)"
            elif skip_unknown:
                result.skipped_codes[code] = "unbekannter Schlüssel übersprungen (--skip-unknown)"
            else:
                near = index.closest(level, code, entry["name"])
                raise InputError(
                    f"Unbekannter Gebietsschlüssel {code}" + (f" ({entry['name']})" if entry["name"] else "")
                    + (f", Ebene {level}" if level != SMALL_AREA else "")
                    + (f" mit Zahlen für {', '.join(str(y) for y in sorted(entry['numeric_years']))}"
                       if entry["numeric_years"] else ""),
                    file=table.file_name, row=entry["line"], column=table.meta.get("area_column", entry["column"]),
                    expected="ein Schlüssel aus einem importierten Gebietsstand"
                    + (f"; ähnliche bekannte Schlüssel: {', '.join(near)}" if near else ""),
                    details=[f"ähnlich: {c}" for c in near],
                )
        ids[(level, code)] = area_id
    result.created_areas = list(index.created)
    area_ids = list(map(ids.__getitem__, keys))
    rows: list[store.ObservationRow] = list(
        zip(area_ids, periods, map(period_years.__getitem__, periods), variables, breakdowns, values, flags))
    result.skipped_cells = area_ids.count(None)
    if result.skipped_cells:
        rows = [row for row in rows if row[0] is not None]
    return rows

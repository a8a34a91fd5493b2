# SPDX-License-Identifier: EUPL-1.2
"""Write a parsed register file as one Gebietsstand.

An :class:`Area` is the stable unit identified by (level, code); it carries the
name, type and parent of the newest Gebietsstand that lists it. Each import adds
one :class:`AreaSnapshot` per area. Validity is recomputed from all stands:
``valid_from`` is the first stand that lists an area, ``valid_to`` the first
later stand covering that level that no longer lists it. All writes are bulk
statements, so a Gemeindeverzeichnis of 16,000 rows takes well under a second.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from stellwerk.errors import InputError
from stellwerk.geo.models import Area, AreaSnapshot, Gebietsstand, Level
from stellwerk.geo.names import name_key
from stellwerk.geo.records import StandFile, ars_of
from stellwerk.progress import Progress, report

__all__ = ["bulk_insert", "ImportResult", "write_stand", "unchanged_result", "refresh_validity", "IMPORTER_VERSION"]

IMPORTER_VERSION = "1"


@dataclass
class ImportResult:
    """What an import did (or, with ``status == 'unchanged'``, did not need to do)."""

    file: str
    kind: str
    reference_date: dt.date | None
    status: str
    counts: dict[str, int] = field(default_factory=dict)
    new_areas: int = 0
    updated_areas: int = 0
    ended_areas: int = 0
    dry_run: bool = False
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "kind": self.kind,
            "reference_date": self.reference_date,
            "status": self.status,
            "counts": self.counts,
            "new_areas": self.new_areas,
            "updated_areas": self.updated_areas,
            "ended_areas": self.ended_areas,
            "dry_run": self.dry_run,
            "warnings": self.warnings,
        }


def _newest_dates(session: Session) -> dict[int, dt.date]:
    rows = session.execute(
        select(AreaSnapshot.area_id, func.max(Gebietsstand.reference_date))
        .join(Gebietsstand, Gebietsstand.id == AreaSnapshot.gebietsstand_id)
        .group_by(AreaSnapshot.area_id)
    )
    return {area_id: date for area_id, date in rows}


def bulk_insert(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows fast: COPY on PostgreSQL, executemany on SQLite.

    (psycopg sends executemany row by row and spends its time parsing large
    multi-row VALUES statements, so COPY is by far the quickest path there.)
    """
    if not rows:
        return
    columns = list(rows[0])
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        driver = connection.connection.driver_connection
        names = ", ".join(f'"{c}"' for c in columns)
        with driver.cursor() as cursor:
            with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(tuple(row[c] for c in columns))
        return
    session.execute(insert(table), rows)


def bulk_update(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Update many rows by primary key ``id``; on PostgreSQL via COPY into a temporary table."""
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        session.execute(update(table).where(table.c.id == bindparam("_id")), [
            {"_id": row["id"], **{k: v for k, v in row.items() if k != "id"}} for row in rows
        ])
        return
    columns = list(rows[0])
    definitions = ", ".join(f'"{c}" {table.c[c].type.compile(dialect=connection.dialect)}' for c in columns)
    driver = connection.connection.driver_connection
    with driver.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE _bulk_update ({definitions}) ON COMMIT DROP")
        with cursor.copy(f"COPY _bulk_update ({', '.join(chr(34) + c + chr(34) for c in columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(tuple(row[c] for c in columns))
        assignments = ", ".join(f'"{c}" = u."{c}"' for c in columns if c != "id")
        cursor.execute(f'UPDATE "{table.name}" t SET {assignments} FROM _bulk_update u WHERE t.id = u.id')
        cursor.execute("DROP TABLE _bulk_update")


def unchanged_result(session: Session, path_name: str, sha256: str, kind: str) -> ImportResult | None:
    """The 'nothing to do' result when a file with this sha256 was imported before."""
    stand = session.scalar(select(Gebietsstand).where(Gebietsstand.file_sha256 == sha256))
    if stand is None:
        return None
    return ImportResult(file=path_name, kind=kind, reference_date=stand.reference_date, status="unchanged")


def write_stand(session: Session, stand: StandFile, kind: str, progress: Progress | None = None) -> ImportResult:
    """Store ``stand`` as a new Gebietsstand; the same file a second time changes nothing."""
    result = ImportResult(
        file=stand.path_name, kind=kind, reference_date=stand.reference_date, status="imported",
        warnings=list(stand.warnings),
    )
    existing = session.scalar(select(Gebietsstand).where(Gebietsstand.reference_date == stand.reference_date))
    if existing is not None:
        if existing.file_sha256 == stand.sha256:
            result.status = "unchanged"
            return result
        raise InputError(
            f"Der Gebietsstand {stand.reference_date:%d.%m.%Y} ist schon aus {existing.file_name!r} importiert",
            file=stand.path_name,
            expected="je Stichtag eine Datei",
        )
    areas = {
        (level, code): (area_id, name, type_)
        for area_id, level, code, name, type_ in session.execute(
            select(Area.id, Area.level, Area.code, Area.name, Area.type)
        )
    }
    newest = _newest_dates(session)
    gebietsstand = Gebietsstand(
        reference_date=stand.reference_date,
        source=stand.source,
        title=stand.title,
        file_name=stand.path_name,
        file_sha256=stand.sha256,
        importer_version=IMPORTER_VERSION,
        area_count=len(stand.records),
    )
    session.add(gebietsstand)
    session.flush()

    ids = {key: value[0] for key, value in areas.items()}
    snapshots: list[dict[str, Any]] = []
    total = len(stand.records)
    done = 0
    for level in Level.ORDER:
        records = [r for r in stand.records if r.level == level]
        if not records:
            continue
        new_rows: list[dict[str, Any]] = []
        new_keys: list[tuple[str, str]] = []
        changed: list[dict[str, Any]] = []
        for record in records:
            key = (record.level, record.code)
            known = areas.get(key)
            # Files without names or types for some rows (the 2023 Kreise table) keep the known ones.
            record.name = record.name or (known[1] if known else f"{Level.LABELS[level]} {record.code}")
            record.type = record.type or (known[2] if known else None)
            parent_id = None
            if record.parent is not None:
                parent_id = ids.get(record.parent)
                if parent_id is None:
                    raise InputError(
                        f"Übergeordnetes Gebiet {record.parent[1]} unbekannt",
                        file=stand.path_name, sheet=stand.sheet, row=record.row,
                    )
            values = {
                "name": record.name,
                "name_key": name_key(record.name),
                "type": record.type,
                "parent_id": parent_id,
                "ars": record.ars or ars_of(level, record.code),
                "ags": record.ags,
            }
            if known is None:
                new_rows.append(
                    {"level": level, "code": record.code, "valid_from": stand.reference_date, "valid_to": None, **values}
                )
                new_keys.append(key)
            elif stand.reference_date >= newest.get(known[0], dt.date.min):
                changed.append({"id": known[0], **values})
            snapshots.append(
                {
                    "key": key,
                    "name": record.name,
                    "type": record.type,
                    "parent_id": parent_id,
                    "area_km2": record.area_km2,
                    "population": record.population,
                    "population_m": record.population_m,
                    "population_w": record.population_w,
                    "population_flag": record.population_flag,
                }
            )
        if new_rows:
            bulk_insert(session, Area.__table__, new_rows)
            wanted = set(new_keys)
            for area_id, code in session.execute(select(Area.id, Area.code).where(Area.level == level)):
                if (level, code) in wanted:
                    ids[(level, code)] = area_id
        if changed:
            bulk_update(session, Area.__table__, changed)
        result.new_areas += len(new_rows)
        result.updated_areas += len(changed)
        result.counts[level] = len(records)
        done += len(records)
        report(progress, done, total, f"{stand.path_name}: Gebiete")
    rows = []
    for snapshot in snapshots:
        key = snapshot.pop("key")
        rows.append({"area_id": ids[key], "gebietsstand_id": gebietsstand.id, **snapshot})
    bulk_insert(session, AreaSnapshot.__table__, rows)
    result.ended_areas = refresh_validity(session, ended_on=stand.reference_date)
    session.expire_all()  # the bulk statements bypassed the identity map
    return result


def refresh_validity(session: Session, ended_on: dt.date | None = None) -> int:
    """Recompute valid_from/valid_to of every area; return how many now end on ``ended_on``."""
    stand_dates = dict(session.execute(select(Gebietsstand.id, Gebietsstand.reference_date)).all())
    levels_of_stand: dict[int, set[str]] = {}
    presence: dict[int, list[dt.date]] = {}
    level_of: dict[int, str] = {}
    rows = session.execute(
        select(AreaSnapshot.area_id, AreaSnapshot.gebietsstand_id, Area.level).join(
            Area, Area.id == AreaSnapshot.area_id
        )
    )
    for area_id, stand_id, level in rows:
        levels_of_stand.setdefault(stand_id, set()).add(level)
        presence.setdefault(area_id, []).append(stand_dates[stand_id])
        level_of[area_id] = level
    dates_by_level: dict[str, list[dt.date]] = {}
    for stand_id, levels in levels_of_stand.items():
        for level in levels:
            dates_by_level.setdefault(level, []).append(stand_dates[stand_id])
    current = {
        area_id: (valid_from, valid_to)
        for area_id, valid_from, valid_to in session.execute(select(Area.id, Area.valid_from, Area.valid_to))
    }
    changes = []
    ended = 0
    for area_id, dates in presence.items():
        last = max(dates)
        later = [d for d in dates_by_level.get(level_of[area_id], []) if d > last]
        wanted = (min(dates), min(later) if later else None)
        if current.get(area_id) != wanted:
            changes.append({"id": area_id, "valid_from": wanted[0], "valid_to": wanted[1]})
            if ended_on is not None and wanted[1] == ended_on:
                ended += 1
    if changes:
        bulk_update(session, Area.__table__, changes)
    return ended

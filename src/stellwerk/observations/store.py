# SPDX-License-Identifier: EUPL-1.2
"""Writing and reading the observation store.

A dataset and all its observations are written in the caller's transaction
(the caller commits), observations in bulk through SQLAlchemy Core. A file
already stored (same table and sha256) is not written again. A different
file for the same table and reference date is a revision: the older dataset
is marked ``superseded`` and the new one points to it with ``supersedes_id``;
its observations stay for the record but readers see only active datasets.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from stellwerk.observations.health import STALE_DAYS, light
from stellwerk.observations.models import Dataset, Observation, Variable

__all__ = ["DatasetInfo", "ObservationRow", "find_stored", "find_previous", "write_dataset", "read_observations",
           "upsert_variables", "ACTIVE", "SUPERSEDED"]

ACTIVE = "active"
SUPERSEDED = "superseded"
_CHUNK = 20_000


@dataclass(frozen=True)
class DatasetInfo:
    source: str
    table_code: str
    title: str
    licence: str
    attribution: str
    reference_date: dt.date | None
    file_name: str
    file_sha256: str
    importer: str
    importer_version: str
    row_count: int
    meta: dict[str, Any] | None = None


# (area_id, period, year, variable_code, breakdown, value, flag)
ObservationRow = tuple[int, str, int, str, str, float | None, str | None]


def find_stored(session: Session, table_code: str, sha256: str) -> Dataset | None:
    """The active dataset holding exactly this file, if any."""
    return session.scalars(
        select(Dataset).where(Dataset.table_code == table_code, Dataset.file_sha256 == sha256,
                              Dataset.status == ACTIVE)
    ).first()


def find_previous(session: Session, table_code: str, reference_date: dt.date | None) -> Dataset | None:
    """The active dataset of the same table and reference date (which a new file would revise)."""
    return session.scalars(
        select(Dataset).where(Dataset.table_code == table_code, Dataset.reference_date == reference_date,
                              Dataset.status == ACTIVE)
    ).first()


def upsert_variables(session: Session, variables: Iterable[tuple[str, str, str, str]]) -> int:
    """Insert variables (code, label, unit, definition) not yet known; returns how many were new."""
    wanted = {code: (code, label, unit, definition) for code, label, unit, definition in variables}
    if not wanted:
        return 0
    known = set(session.scalars(select(Variable.code).where(Variable.code.in_(list(wanted)))))
    new = [dict(zip(("code", "label", "unit", "definition"), v)) for c, v in wanted.items() if c not in known]
    if new:
        session.execute(insert(Variable), new)
    return len(new)


def write_dataset(session: Session, info: DatasetInfo, rows: Sequence[ObservationRow]) -> Dataset:
    """Store one dataset with its observations; supersede an earlier file of the same table and date."""
    previous = find_previous(session, info.table_code, info.reference_date)
    dataset = Dataset(
        source=info.source, table_code=info.table_code, title=info.title, licence=info.licence,
        attribution=info.attribution, reference_date=info.reference_date, file_name=info.file_name,
        file_sha256=info.file_sha256, importer=info.importer, importer_version=info.importer_version,
        imported_at=dt.datetime.now(dt.timezone.utc), row_count=info.row_count, observation_count=len(rows),
        status=ACTIVE, meta=info.meta,
    )
    if previous is not None:
        previous.status = SUPERSEDED
        dataset.supersedes_id = previous.id
    session.add(dataset)
    session.flush()
    _bulk_insert(session, dataset.id, rows)
    return dataset


_COLUMNS = ("dataset_id", "area_id", "period", "year", "variable_code", "breakdown", "value", "flag")


def _bulk_insert(session: Session, dataset_id: int, rows: Sequence[ObservationRow]) -> None:
    """Insert observations fast: COPY on PostgreSQL, executemany with plain tuples elsewhere.

    Going through the driver skips SQLAlchemy's per-row dict handling, which
    costs several times the insert itself for hundreds of thousands of rows.
    """
    connection = session.connection()
    columns = ", ".join(_COLUMNS)
    if connection.dialect.name == "postgresql":
        cursor = connection.connection.driver_connection.cursor()
        with cursor.copy(f"COPY observation ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row((dataset_id, *row))
        return
    # A larger page cache keeps the observation indexes in memory while they grow.
    connection.exec_driver_sql("PRAGMA cache_size=-262144")
    marks = ", ".join("?" if connection.dialect.paramstyle == "qmark" else "%s" for _ in _COLUMNS)
    statement = f"INSERT INTO observation ({columns}) VALUES ({marks})"
    for start in range(0, len(rows), _CHUNK):
        connection.exec_driver_sql(statement, [(dataset_id, *row) for row in rows[start:start + _CHUNK]])


def read_observations(
    session: Session,
    variable: str,
    *,
    area_ids: Sequence[int] | None = None,
    period: str | None = None,
    breakdown: str | None = None,
    table_code: str | None = None,
    include_superseded: bool = False,
) -> list[dict[str, Any]]:
    """Observations of one variable, newest dataset first, as plain dicts."""
    o, d = Observation, Dataset
    query = (
        select(o.area_id, o.period, o.year, o.variable_code, o.breakdown, o.value, o.flag, o.dataset_id,
               d.table_code, d.status)
        .join(d, d.id == o.dataset_id)
        .where(o.variable_code == variable)
    )
    if not include_superseded:
        query = query.where(d.status == ACTIVE)
    if area_ids is not None:
        query = query.where(o.area_id.in_(list(area_ids)))
    if period is not None:
        query = query.where(o.period == period)
    if breakdown is not None:
        query = query.where(o.breakdown == breakdown)
    if table_code is not None:
        query = query.where(d.table_code == table_code)
    query = query.order_by(o.area_id, o.period, o.breakdown, d.id.desc())
    return [dict(row._mapping) for row in session.execute(query)]


def dataset_summaries(session: Session, today: dt.date | None = None) -> list[dict[str, Any]]:
    """Every dataset with coverage (areas × periods), share of flagged cells, age of its reference date and
    traffic light (:func:`stellwerk.observations.health.light`)."""
    today = today or dt.date.today()
    o = Observation
    stats = {
        row.dataset_id: row
        for row in session.execute(
            select(
                o.dataset_id,
                func.count().label("cells"),
                func.count(func.distinct(o.area_id)).label("areas"),
                func.count(func.distinct(o.period)).label("periods"),
                func.count(o.flag).label("flagged"),
            ).group_by(o.dataset_id)
        )
    }
    result = []
    for dataset in session.scalars(select(Dataset).order_by(Dataset.table_code, Dataset.reference_date, Dataset.id)):
        row = stats.get(dataset.id)
        cells = row.cells if row else 0
        age = (today - dataset.reference_date).days if dataset.reference_date else None
        result.append({
            "id": dataset.id,
            "table_code": dataset.table_code,
            "title": dataset.title,
            "source": dataset.source,
            "reference_date": dataset.reference_date,
            "file_name": dataset.file_name,
            "importer": dataset.importer,
            "imported_at": dataset.imported_at,
            "status": dataset.status,
            "supersedes_id": dataset.supersedes_id,
            "observations": cells,
            "areas": row.areas if row else 0,
            "periods": row.periods if row else 0,
            "flagged_share": round(row.flagged / cells, 4) if row and cells else 0.0,
            "age_days": age,
            # Official tables appear yearly; older than two years means a newer one is due.
            "stale": age is not None and age > STALE_DAYS,
        })
        result[-1]["light"], result[-1]["light_reasons"] = light(result[-1])
    return result


__all__ += ["dataset_summaries"]

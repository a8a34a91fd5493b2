# SPDX-License-Identifier: EUPL-1.2
"""Write aggregated register tables to the observation store as one dataset with provenance.

Only counts are written, never persons. The true counts are stored (the store
is internal); disclosure control is applied when tables leave Stellwerk.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from sqlalchemy import insert
from sqlalchemy.orm import Session

from stellwerk.disclosure.table import TOTAL, Table
from stellwerk.errors import InputError
from stellwerk.observations import breakdown
from stellwerk.observations.models import Dataset, Observation, Variable

__all__ = ["VARIABLE", "IMPORTER_VERSION", "write_tables"]

VARIABLE = "register_einwohner"
IMPORTER_VERSION = "1"


def _variable(session: Session) -> None:
    if session.get(Variable, VARIABLE) is None:
        session.add(Variable(
            code=VARIABLE,
            label="Einwohnerinnen und Einwohner (Melderegister, abgeleiteter Migrationsstatus)",
            unit="Personen",
            definition="Personen mit Hauptwohnung laut Melderegisterauszug; Migrationsstatus und "
                       "Einwanderungsgeschichte von Stellwerk abgeleitet (siehe docs/register.md).",
        ))
        session.flush()


def write_tables(
    session: Session,
    tables: Sequence[Table],
    area_ids: Mapping[str, int],
    *,
    reference_date: dt.date,
    file_name: str,
    file_sha256: str,
    row_count: int,
    source: str = "Melderegister",
    licence: str = "intern",
    attribution: str = "Kommunale Statistikstelle, Auszug aus dem Melderegister",
    meta: dict | None = None,
) -> Dataset:
    """Add one dataset with every cell of the tables; ``area_ids`` maps area codes (and "total") to Area ids."""
    codes = sorted({code for table in tables for code in table.cells["area"].unique()})
    missing = [code for code in codes if code not in area_ids]
    if missing:
        raise InputError(
            f"{len(missing)} Gebietsschlüssel ohne Gebiet in der Datenbank: " + ", ".join(missing[:10]),
            column="area",
            expected="Gebiete der Ebene Stadtteil/Stadtbezirk und die Stadt (für 'total')",
        )
    _variable(session)
    dataset = Dataset(
        source=source,
        table_code="register-migrationsstatus",
        title="Einwohner nach Migrationsstatus und Einwanderungsgeschichte (aus dem Melderegister abgeleitet)",
        licence=licence,
        attribution=attribution,
        reference_date=reference_date,
        file_name=file_name,
        file_sha256=file_sha256,
        importer="register",
        importer_version=IMPORTER_VERSION,
        row_count=row_count,
        meta=meta or {},
    )
    session.add(dataset)
    session.flush()
    period = reference_date.isoformat()
    rows: dict[tuple[int, str], float] = {}
    for table in tables:
        others = [d for d in table.dimensions if d != "area"]
        columns = [table.cells[d].to_numpy() for d in others]
        for i, (area, value) in enumerate(zip(table.cells["area"].to_numpy(), table.cells["value"].to_numpy())):
            key = breakdown.encode({d: str(col[i]) for d, col in zip(others, columns) if col[i] != TOTAL})
            # Logically identical cells of linked tables (shared totals) are stored once.
            rows[(area_ids[area], key)] = float(value)
    session.execute(insert(Observation), [
        {"dataset_id": dataset.id, "area_id": area_id, "period": period, "year": reference_date.year,
         "variable_code": VARIABLE, "breakdown": key, "value": value, "flag": None}
        for (area_id, key), value in rows.items()
    ])
    dataset.observation_count = len(rows)
    session.flush()
    return dataset

# SPDX-License-Identifier: EUPL-1.2
"""Aggregated register tables go to the observation store as one dataset with provenance."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from stellwerk.errors import InputError
from stellwerk.geo.models import Area, Level
from stellwerk.observations.models import Dataset, Observation
from stellwerk.register.derive import derive
from stellwerk.register.store import VARIABLE, write_tables
from stellwerk.register.tables import register_tables

from .helpers import REFERENCE_YEAR, extract, person


def make_areas(session) -> dict[str, int]:
    city = Area(level=Level.GEMEINDE, code="05315000", name="Köln", name_key="koln")
    session.add(city)
    session.flush()
    bezirk = Area(level=Level.STADTBEZIRK, code="05315000-1", name="Innenstadt", name_key="innenstadt",
                  parent_id=city.id)
    session.add(bezirk)
    session.flush()
    ids = {"total": city.id, "bezirk-1": bezirk.id}
    for code, name in (("101", "Altstadt/Süd"), ("102", "Neustadt/Süd")):
        area = Area(level=Level.STADTTEIL, code=f"05315000-{code}", name=name, name_key=name.lower(),
                    parent_id=bezirk.id)
        session.add(area)
        session.flush()
        ids[code] = area.id
    return ids


def tables():
    rows = [person("a", area="101"), person("b", area="101", citizenship_1="TUR", german_by=""),
            person("c", area="102", german_by="naturalisation", sex="m"), person("d", area="102")]
    derived, _ = derive(extract(*rows), REFERENCE_YEAR)
    return register_tables(derived, REFERENCE_YEAR, {"101": "bezirk-1", "102": "bezirk-1"})


def test_write_tables_creates_a_dataset_with_provenance(session):
    ids = make_areas(session)
    dataset = write_tables(session, tables(), ids, reference_date=dt.date(2020, 12, 31), file_name="auszug.csv",
                           file_sha256="0" * 64, row_count=4)
    assert dataset.importer == "register" and dataset.row_count == 4
    stored = session.scalars(select(Dataset).where(Dataset.id == dataset.id)).one()
    assert stored.file_name == "auszug.csv"
    count = session.scalar(select(func.count()).select_from(Observation).where(Observation.dataset_id == dataset.id))
    assert count == dataset.observation_count > 0

    def value(area: str, key: str) -> float:
        return session.scalar(select(Observation.value).where(
            Observation.dataset_id == dataset.id, Observation.area_id == ids[area],
            Observation.variable_code == VARIABLE, Observation.breakdown == key))

    assert value("total", "") == 4
    assert value("101", "migrationsstatus=auslaender") == 1
    assert value("bezirk-1", "migrationsstatus=mit_mh") == 2
    assert value("102", "migrationsstatus=eingebuergert|sex=m") == 1
    assert value("total", "einwanderungsgeschichte=ohne_eg") == 4


def test_unknown_area_codes_are_rejected_and_nothing_is_written(session):
    ids = make_areas(session)
    del ids["102"]
    before = session.scalar(select(func.count()).select_from(Dataset))
    with pytest.raises(InputError, match="102"):
        write_tables(session, tables(), ids, reference_date=dt.date(2020, 12, 31), file_name="x.csv",
                     file_sha256="0" * 64, row_count=4)
    assert session.scalar(select(func.count()).select_from(Dataset)) == before

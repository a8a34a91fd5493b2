# SPDX-License-Identifier: EUPL-1.2
"""A small city with foreigners' shares 2015–2020 and a tenant, on both backends."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from stellwerk.accounts.tenants import create_tenant
from stellwerk.geo.models import Area
from stellwerk.observations.models import Dataset, Observation, Variable

# Population and foreigners per year: the share rises by one point a year from 10 %.
COUNTS = {2015: (100_000, 10_000), 2016: (100_000, 11_000), 2017: (100_000, 12_000),
          2018: (100_000, 13_000), 2019: (100_000, 14_000), 2020: (100_000, 15_000)}


@dataclass
class City:
    area: Area
    dataset: Dataset
    tenant: object


def add_year(session, city: City, year: int, population: int, foreigners: int) -> None:
    """Import one more year of counts (what a new official table would bring)."""
    for breakdown, value in (("", population), ("nationality=auslaender", foreigners)):
        session.add(Observation(dataset_id=city.dataset.id, area_id=city.area.id, period=f"{year}-12-31", year=year,
                                variable_code="bevoelkerung", breakdown=breakdown, value=value))
    session.flush()


def make_city(session) -> City:
    """Land → Kreis 05999 »Musterstadt« with COUNTS, and a tenant »musterstadt«."""
    session.add(Variable(code="bevoelkerung", label="Bevölkerung", unit="Personen"))
    land = Area(level="land", code="05", name="Nordrhein-Westfalen", name_key="nordrhein-westfalen")
    session.add(land)
    session.flush()
    area = Area(level="kreis", code="05999", name="Musterstadt", name_key="musterstadt", parent_id=land.id)
    session.add(area)
    session.flush()
    dataset = Dataset(source="Regionaldatenbank", table_code="12411-03-03-4", title="Bevölkerung", licence="dl-de/by-2-0",
                      attribution="Statistische Ämter", file_name="t.csv", file_sha256="b" * 64, importer="test",
                      importer_version="1")
    session.add(dataset)
    session.flush()
    city = City(area, dataset, create_tenant(session, "musterstadt", "Musterstadt"))
    for year, (population, foreigners) in COUNTS.items():
        add_year(session, city, year, population, foreigners)
    return city


@pytest.fixture
def city(session) -> City:
    return make_city(session)

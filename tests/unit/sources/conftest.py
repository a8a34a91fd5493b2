# SPDX-License-Identifier: EUPL-1.2
"""Fixtures of the sources tests: paths of the real statistics files, parsed once."""
from __future__ import annotations

from pathlib import Path

import pytest

KREISE = "kreise"
STATISTICS_FILES = {
    "12411-03-03-4": f"{KREISE}/regionalstatistik_12411-03-03-4_bevoelkerung_nationalitaet_kreise_2011.csv",
    "13211": f"{KREISE}/regionalstatistik_13211-02-05-4_arbeitslose_auslaender_kreise_2001-2017.csv",
    "13211-2019": f"{KREISE}/arbeitslose_auslaender_kreise_2019.csv",
    "12531": f"{KREISE}/schutzsuchende_kreise_2018-12-31.csv",
    "12111": f"{KREISE}/zensus2011_12111-06-01-4_nationalitaet_religion_kreise.csv",
    "asylblg": f"{KREISE}/asylblg_empfaenger_kreise_2019-12-31.csv",
    "sozialhilfe": f"{KREISE}/sozialhilfe_empfaenger_kreise_2019-12-31.csv",
    "12411-0015": f"{KREISE}/genesis_12411-0015_bevoelkerung_kreise_2009-2016.csv",
    "jsonstat-12511": "national/destatis_12511-0006_einbuergerungen_jsonstat.json",
    "jsonstat-12521": "national/destatis_12521-0008_auslaender_aufenthaltstitel_laender_jsonstat.json",
    "long-12511-laender": "national/destatis_12511_einbuergerungen_nach_laendergruppen_2000-2023.csv",
    "long-12511-recht": "national/destatis_12511_einbuergerungen_nach_rechtsgrundlage_2000-2023.csv",
    "long-12511-staat": "national/destatis_12511_einbuergerungen_nach_staatsangehoerigkeit_2000-2023.csv",
    "long-12521-titel": "national/destatis_12521_auslaender_nach_aufenthaltstitel_1998-2024.csv",
    "long-12521-staat": "national/destatis_12521_auslaender_nach_staatsangehoerigkeit_historisch.csv",
    "zensus2022": "gemeinden/zensus2022_gemeinden_indikatoren_via_gerda.csv",
    "inkar": f"{KREISE}/inkar_kreise_covariates_1995-2022_via_gerda.csv",
    "koeln": "city/koeln/koeln_bevoelkerung_stadtteile_2005-2012.csv",
    "hamburg": "city/hamburg/statistik-nord_Daten_fuer_die_Stadtteilprofile_2014.xlsx",
    **{f"ba-{year}": f"gemeinden/ba_arbeitslose_gemeinden/ba_arbeitslose_gemeinden_jahreszahlen_{year}.csv"
       for year in range(2009, 2016)},
}
EXPECTED_KIND = {
    "jsonstat-12511": "jsonstat", "jsonstat-12521": "jsonstat", "zensus2022": "zensus2022", "inkar": "inkar",
    "koeln": "koeln", "hamburg": "hamburg",
    **{k: "destatis-long" for k in STATISTICS_FILES if k.startswith("long-")},
    **{k: "ba-gemeinden" for k in STATISTICS_FILES if k.startswith("ba-")},
}


def statistics_path(data_dir: Path, key: str) -> Path:
    return data_dir / STATISTICS_FILES[key]


_PARSED: dict[str, object] = {}


@pytest.fixture(scope="session")
def parsed(data_dir):
    """Parse a statistics file once per test session: ``parsed("12531")``."""
    from stellwerk.sources.importer import parse_file

    def get(key: str):
        if key not in _PARSED:
            _PARSED[key] = parse_file(statistics_path(data_dir, key))
        return _PARSED[key]

    return get


# --- Databases with areas -------------------------------------------------------------------
# The geo module's session fixture (tests/conftest.py) holds the Gebietsstände 31.12.2016/2017
# (GV-ISys) and the Kreise of 31.12.2018/2023; ``areas_session`` rolls back after each test.


@pytest.fixture
def sources_engine(gv_engine):
    """The committed areas database of the current backend (tests must not commit into it)."""
    return gv_engine


def table_counts(engine) -> dict[str, int]:
    """Row count of every table (to prove that a failed import changed nothing)."""
    from sqlalchemy import inspect, text

    with engine.connect() as connection:
        return {name: connection.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one()
                for name in inspect(engine).get_table_names()}

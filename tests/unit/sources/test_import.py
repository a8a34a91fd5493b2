# SPDX-License-Identifier: EUPL-1.2
"""Importing into the observation store: areas, flags, idempotence, revisions, dry runs."""
from __future__ import annotations

import datetime as dt
import gc

import pytest
from sqlalchemy import func, select

from stellwerk.errors import InputError
from stellwerk.geo.models import Area, Level
from stellwerk.observations import store
from stellwerk.observations.models import Dataset, Observation, Variable
from stellwerk.sources import importer
from stellwerk.sources.importer import import_file
from tests.unit.sources.conftest import statistics_path

pytestmark = pytest.mark.data


def _value(session, area_code, variable, period, breakdown="", level=Level.KREIS):
    area_id = session.scalar(select(Area.id).where(Area.level == level, Area.code == area_code))
    rows = store.read_observations(session, variable, area_ids=[area_id], period=period, breakdown=breakdown)
    assert len(rows) == 1, rows
    return rows[0]["value"], rows[0]["flag"]


def test_12531_keeps_the_secret_flag_of_berlin_and_saarland(areas_session, data_dir):
    result = import_file(areas_session, statistics_path(data_dir, "12531"), crosswalk_dir=data_dir / "crosswalks")
    assert result.status == "imported" and result.kind == "genesis"
    for code in ["10041", "10042", "10043", "10044", "10045", "10046"]:
        assert _value(areas_session, code, "schutzsuchende", "2018-12-31") == (None, ".")
    bezirke = areas_session.scalars(select(Area).where(Area.level == Level.STADTBEZIRK)).all()
    assert len(bezirke) == 12 and all(b.code.startswith("110") for b in bezirke)
    assert _value(areas_session, "11001001", "schutzsuchende", "2018-12-31", level=Level.STADTBEZIRK) == (None, ".")
    assert _value(areas_session, "01001", "schutzsuchende", "2018-12-31") == (3170, None)
    assert _value(areas_session, "DG", "schutzsuchende", "2018-12-31", level=Level.BUND) == (1781750, None)
    # Old Kreis codes with only "-" never existed in the register: skipped and reported.
    assert result.skipped_codes["13051"].startswith("historischer Schlüssel") or "13051" in result.skipped_codes
    assert result.skipped_cells == len(result.skipped_codes)
    dataset = areas_session.get(Dataset, result.dataset_id)
    assert (dataset.table_code, dataset.reference_date, dataset.status) == ("12531", dt.date(2018, 12, 31), "active")
    assert dataset.observation_count == result.observations
    assert dataset.licence.startswith("Datenlizenz Deutschland") and "Statistische Ämter" in dataset.attribution
    assert areas_session.get(Variable, "schutzsuchende").unit == "Personen"


def test_12411_auslaender_of_every_kreis_in_the_store(areas_session, data_dir, parsed):
    import_file(areas_session, statistics_path(data_dir, "12411-03-03-4"), crosswalk_dir=data_dir / "crosswalks")
    _, table = parsed("12411-03-03-4")
    expected = {c.code: c.value for c in table.cells if c.level == "kreis" and c.breakdown == "nationality=auslaender"
                and c.flag is None}
    stored = {code: value for code, value in areas_session.execute(
        select(Area.code, Observation.value).join(Area, Area.id == Observation.area_id)
        .where(Observation.variable_code == "bevoelkerung", Observation.breakdown == "nationality=auslaender",
               Area.level == Level.KREIS))}
    assert {code: stored[code] for code in expected} == expected
    assert stored["03241"] == 103084  # Region Hannover, as in the file


def test_reimport_is_a_no_op_and_a_revised_file_supersedes(areas_session, data_dir, tmp_path):
    path = statistics_path(data_dir, "12531")
    first = import_file(areas_session, path)
    again = import_file(areas_session, path)
    assert again.status == "unchanged" and again.dataset_id == first.dataset_id
    assert areas_session.scalar(select(func.count()).select_from(Dataset)) == 1
    revised = tmp_path / "schutzsuchende_revised.csv"
    revised.write_bytes(path.read_bytes().replace(b"1001;      Flensburg, Kreisfreie Stadt;3170",
                                                  b"1001;      Flensburg, Kreisfreie Stadt;3175"))
    second = import_file(areas_session, revised)
    assert second.status == "revised" and second.supersedes_id == first.dataset_id
    old = areas_session.get(Dataset, first.dataset_id)
    areas_session.refresh(old)
    assert old.status == "superseded"
    assert _value(areas_session, "01001", "schutzsuchende", "2018-12-31") == (3175, None)
    history = store.read_observations(areas_session, "schutzsuchende", period="2018-12-31", include_superseded=True)
    assert len(history) == 2 * second.observations


def test_dry_run_writes_nothing(areas_session, data_dir):
    before = areas_session.scalar(select(func.count()).select_from(Area))
    result = import_file(areas_session, statistics_path(data_dir, "12531"), dry_run=True)
    assert result.status == "dry-run" and result.observations > 450 and result.dataset_id is None
    levels = [a["level"] for a in result.created_areas]
    assert levels.count(Level.STADTBEZIRK) == 12 and Level.REGIERUNGSBEZIRK in levels
    assert areas_session.scalar(select(func.count()).select_from(Dataset)) == 0
    assert areas_session.scalar(select(func.count()).select_from(Observation)) == 0
    assert areas_session.scalar(select(func.count()).select_from(Area)) == before


def test_historic_kreise_become_areas_with_valid_to(areas_session, data_dir):
    result = import_file(areas_session, statistics_path(data_dir, "13211"), crosswalk_dir=data_dir / "crosswalks")
    created = {a["code"]: a for a in result.created_areas}
    chemnitz = created["14161"]
    assert chemnitz["type"] == "historisch" and chemnitz["valid_to"] <= dt.date(2010, 1, 1)
    assert created["13001"]["valid_to"] >= dt.date(2011, 1, 1)
    assert _value(areas_session, "14161", "arbeitslose", "2001") == (22857, None)  # as in the file
    # Without the crosswalk the same codes are unknown, and their numbers make the import stop.
    areas_session.rollback()
    with pytest.raises(InputError, match="Unbekannter Gebietsschlüssel"):
        import_file(areas_session, statistics_path(data_dir, "13211"))


def test_unknown_area_with_numbers_names_the_closest_codes(areas_session, data_dir, tmp_path):
    path = tmp_path / "schutzsuchende_tippfehler.csv"
    path.write_bytes(statistics_path(data_dir, "12531").read_bytes().replace(b";1001;", b";1099;"))
    with pytest.raises(InputError) as caught:
        import_file(areas_session, path)
    error = caught.value
    assert error.file == path.name and error.row == 4 and error.column == "D"
    assert "01099" in error.message and "01001" in (error.expected or "")
    skipped = import_file(areas_session, path, skip_unknown=True)
    assert "01099" in skipped.skipped_codes


def test_cyclic_gc_is_paused_while_importing_and_restored_after(areas_session, data_dir, monkeypatch):
    during = []
    parse = importer.parse_file

    def spy(*args, **kwargs):
        during.append(gc.isenabled())
        return parse(*args, **kwargs)

    monkeypatch.setattr(importer, "parse_file", spy)
    assert gc.isenabled()
    assert import_file(areas_session, statistics_path(data_dir, "12531")).status == "imported"
    with pytest.raises(InputError):
        import_file(areas_session, data_dir / "fehlt.csv")
    assert during == [False, False] and gc.isenabled()
    gc.disable()  # a caller that paused it itself keeps it paused
    try:
        assert import_file(areas_session, statistics_path(data_dir, "12531")).status == "unchanged"
        assert not gc.isenabled()
    finally:
        gc.enable()

# SPDX-License-Identifier: EUPL-1.2
"""The population frame from the area register: cells Größenklasse × Land counted by hand on a
small synthetic register, and against an independent count of the real Gemeindeverzeichnis."""
from __future__ import annotations

import datetime as dt
from collections import Counter

import openpyxl
import pytest

from stellwerk.assessment.survey import Invitee, complete_from_register
from stellwerk.assessment.weighting import LAND_KEYS, frame_from_register
from stellwerk.errors import InputError, NotFoundError
from stellwerk.geo.models import Area, AreaSnapshot, Gebietsstand, Level
from stellwerk.geo.names import LAENDER as LAND_NAMES
from stellwerk.assessment.benchmarks import LAENDER

# level, code, type, population: a fictional register of two Länder
SYNTHETIC = [
    (Level.KREIS, "05315", "kreisfreie Stadt", 1_080_000),
    (Level.GEMEINDE, "053150000000", "kreisfreie Stadt", 1_080_000),   # Großstadt × NW
    (Level.KREIS, "05358", "Kreis", 260_000),                          # Landkreis × NW
    (Level.GEMEINDE, "053580004004", "Stadt", 61_000),                 # Mittelstadt × NW
    (Level.GEMEINDE, "053580008008", "Stadt", 20_000),                 # Mittelstadt × NW (20,000 is Mittelstadt)
    (Level.GEMEINDE, "053580012012", "kreisangehörige Gemeinde", 19_999),  # Kleinstadt/Gemeinde × NW
    (Level.GEMEINDE, "053580016016", "kreisangehörige Gemeinde", 4_000),   # Kleinstadt/Gemeinde × NW
    (Level.KREIS, "09780", "Landkreis", 155_000),                      # Landkreis × BY
    (Level.GEMEINDE, "097800000001", "Markt", 6_000),                  # Kleinstadt/Gemeinde × BY
    (Level.GEMEINDE, "097800000002", "kreisangehörige Gemeinde", None),  # no population: reported
    (Level.GEMEINDE, "097800000003", "gemeindefreies Gebiet, unbewohnt", 0),  # no municipality
]


@pytest.fixture
def register(session):
    stand = Gebietsstand(reference_date=dt.date(2030, 12, 31), source="test", title="Testverzeichnis",
                         file_name="test.xlsx", file_sha256="0" * 64, importer_version="1")
    session.add(stand)
    session.flush()
    for level, code, type_, population in SYNTHETIC:
        area = Area(level=level, code=code, name=code, name_key=code, type=type_)
        session.add(area)
        session.flush()
        session.add(AreaSnapshot(area_id=area.id, gebietsstand_id=stand.id, name=code, type=type_,
                                 population=population))
    session.flush()
    return stand


def test_land_keys_match_both_lists_of_laender():
    assert {LAND_NAMES[key]: LAENDER[letters] for key, letters in LAND_KEYS.items()} == {
        name: name for name in LAND_NAMES.values()}


def test_frame_from_a_synthetic_register_by_hand(session, register):
    frame = frame_from_register(session, dt.date(2030, 12, 31))
    assert frame.cells == {
        ("grossstadt", "NW"): 1, ("mittelstadt", "NW"): 2, ("kleinstadt_gemeinde", "NW"): 2,
        ("landkreis", "NW"): 1, ("kleinstadt_gemeinde", "BY"): 1, ("landkreis", "BY"): 1,
    }
    assert frame.without_population == 1
    assert frame.describe() == "Gebietsregister, Gebietsstand 31.12.2030 (Testverzeichnis)"
    # the surveys of 2024 asked municipalities above 5,000 inhabitants; Landkreise may be left out
    larger = frame_from_register(session, dt.date(2030, 12, 31), min_population=5_000, landkreise=False)
    assert larger.cells == {("grossstadt", "NW"): 1, ("mittelstadt", "NW"): 2, ("kleinstadt_gemeinde", "NW"): 1,
                            ("kleinstadt_gemeinde", "BY"): 1}
    assert "ab 5.000 Einwohnern" in larger.describe()
    with pytest.raises(NotFoundError, match="Kein Gebietsstand mit Gemeinden zum 01.01.2031"):
        frame_from_register(session, dt.date(2031, 1, 1))
    with pytest.raises(InputError, match="nicht negativ"):
        frame_from_register(session, min_population=-1)


def test_invitees_completed_from_the_register(session, register):
    frame = frame_from_register(session, dt.date(2030, 12, 31))
    invitees = [
        Invitee("05315000", "Großstadt (AGS)"),
        Invitee("05315", "Großstadt (Kreisschlüssel)"),
        Invitee("053580004004", "Mittelstadt (ARS)", land="NW"),
        Invitee("05358", "Landkreis"),
        Invitee("09780001", "Markt", size_class="mittelstadt"),   # given value kept, but noted
        Invitee("X1", "eigene Kennung", "mittelstadt", "HE", "mittelstadt"),
    ]
    completed, notes = complete_from_register(invitees, frame)
    assert [(i.gemeindetyp, i.land, i.size_class) for i in completed] == [
        ("grossstadt", "NW", "grossstadt"), ("grossstadt", "NW", "grossstadt"),
        ("mittelstadt", "NW", "mittelstadt"), ("landkreis", "NW", "landkreis"),
        ("kleinstadt_gemeinde", "BY", "mittelstadt"), ("mittelstadt", "HE", "mittelstadt"),
    ]
    assert notes == [
        "09780001 (Markt): Größenklasse 'mittelstadt' weicht vom Gebietsregister ab ('kleinstadt_gemeinde')",
        "X1 (eigene Kennung): im Gebietsregister nicht gefunden",
    ]


def _count_workbook(path) -> Counter:
    """Cells counted straight from the GV workbook, independently of the importer."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    cells: Counter = Counter()
    gemeinden: dict[str, tuple] = {}
    for row in book.worksheets[1].iter_rows(values_only=True, max_col=10):
        if row[0] == "40" and row[1] in ("43", "44", "45"):   # Kreis, Landkreis, Regionalverband
            cells[("landkreis", LAND_KEYS[row[2]])] += 1
        elif row[0] == "60" and row[1] not in ("65", "66"):   # without gemeindefreie Gebiete
            gemeinden["".join(row[2:7])] = (row[2], row[9])
    book.close()
    for land, population in gemeinden.values():
        if isinstance(population, int):
            size = "grossstadt" if population >= 100_000 else "mittelstadt" if population >= 20_000 else "kleinstadt_gemeinde"
            cells[(size, LAND_KEYS[land])] += 1
    return cells


@pytest.mark.data
@pytest.mark.xdist_group("areas")
def test_frame_from_the_real_register_2017(areas_session, data_dir):
    frame = frame_from_register(areas_session, dt.date(2017, 12, 31))
    expected = _count_workbook(data_dir / "gemeinden/destatis_gv_auszug/31122017_Auszug_GV.xlsx")
    assert frame.cells == dict(expected)
    totals = Counter()
    for (size, _), count in frame.cells.items():
        totals[size] += count
    # Destatis, 31.12.2017: 80 Großstädte and 294 Landkreise (with Kreise and the Regionalverband)
    assert (totals["grossstadt"], totals["landkreis"]) == (80, 294)
    assert frame.cells[("grossstadt", "BE")] == frame.cells[("grossstadt", "HH")] == 1
    assert frame.without_population == 0

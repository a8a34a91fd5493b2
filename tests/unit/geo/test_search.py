# SPDX-License-Identifier: EUPL-1.2
"""Finding areas by code and name, the kreisfreie-Stadt rule, ambiguity, and ``areas show``."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from stellwerk.cli import main
from stellwerk.errors import AmbiguousError, NotFoundError
from stellwerk.geo.models import Level
from stellwerk.geo.names import name_key
from stellwerk.geo.search import describe_area, find_areas, list_areas, resolve_area

# One xdist worker builds the areas database (gv_engines) and runs every test that uses it.
pytestmark = [pytest.mark.data, pytest.mark.xdist_group("areas")]


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Köln, Stadt", "koeln"),
        ("Koeln", "koeln"),
        ("KÖLN", "koeln"),
        ("Landkreis Göttingen", "goettingen"),
        ("kreisfreie Stadt Kempten (Allgäu)", "kempten allgaeu"),
        ("Gießen, Universitätsstadt", "giessen"),
        ("Halle (Saale), Stadt", "halle saale"),
        ("Kreis", "kreis"),
    ],
)
def test_name_keys(name, key):
    assert name_key(name) == key


@pytest.mark.parametrize("query", ["Köln", "Koeln", "köln", "05315", "05315000", "053150000000", "Köln, Stadt"])
def test_every_spelling_finds_koeln(areas_session, query):
    area = resolve_area(areas_session, query).area
    assert area.name == "Köln, Stadt"
    assert area.code.startswith("05315")


def test_a_kreisfreie_stadt_resolves_to_the_kreis_and_names_the_gemeinde(areas_session):
    resolution = resolve_area(areas_session, "Köln")
    assert (resolution.area.level, resolution.area.code) == (Level.KREIS, "05315")
    assert [(a.level, a.code) for a in resolution.also] == [(Level.GEMEINDE, "053150000000")]


def test_codes_keep_their_level(areas_session):
    assert resolve_area(areas_session, "05315000").area.level == Level.GEMEINDE
    assert resolve_area(areas_session, "09").area.name == "Bayern"
    assert resolve_area(areas_session, "DG").area.level == Level.BUND


def test_an_ambiguous_name_lists_candidates(areas_session):
    with pytest.raises(AmbiguousError) as caught:
        resolve_area(areas_session, "Neustadt")
    candidates = caught.value.candidates
    assert len(candidates) > 5
    assert {"code", "name", "type", "land"} <= set(candidates[0])
    assert {"Rheinland-Pfalz", "Bayern"} <= {c["land"] for c in candidates}


def test_a_type_word_picks_the_level(areas_session):
    with pytest.raises(AmbiguousError):
        resolve_area(areas_session, "Göttingen")  # Landkreis and Stadt
    assert resolve_area(areas_session, "Landkreis Göttingen").area.code == "03159"
    assert resolve_area(areas_session, "Göttingen, Stadt").area.level == Level.GEMEINDE


def test_unknown_names_and_codes(areas_session):
    for query in ("Atlantis", "99999", ""):
        with pytest.raises(NotFoundError):
            resolve_area(areas_session, query)


def test_city_state_resolves_to_the_land(areas_session):
    resolution = resolve_area(areas_session, "Berlin")
    assert resolution.area.level == Level.LAND
    assert {a.level for a in resolution.also} == {Level.KREIS, Level.GEMEINDE}


def test_describe_kempten(areas_session):
    area = resolve_area(areas_session, "Kempten").area
    document = describe_area(areas_session, area)
    assert document["type"] == "kreisfreie Stadt"
    assert document["land"] == {"code": "09", "name": "Bayern"}
    assert document["size_class"] == "Mittelstadt"
    assert document["ost_west"] == "West"
    # The newest stand listing the Kreis is the Kreise table of 31.12.2023.
    assert (document["gebietsstand"].isoformat(), document["population"]) == ("2023-12-31", 70713)
    assert [p["code"] for p in document["parents"]] == ["DG", "09", "097"]
    assert document["same_unit"][0]["code"] == "097630000000"


def test_find_areas_never_raises(areas_session):
    assert find_areas(areas_session, "") == []
    names = [a.name for a in find_areas(areas_session, "münch")]
    assert "München, Landeshauptstadt" in names


def test_list_kreise_of_bayern(areas_session):
    rows = list_areas(areas_session, Level.KREIS, land="09")
    assert len(rows) == 96
    muenchen = next(r for r in rows if r["code"] == "09162")
    assert muenchen["size_class"] == "Großstadt"
    landkreis = next(r for r in rows if r["code"] == "09171")
    assert landkreis["size_class"] is None


def test_areas_show_kempten_json(gv_engine):
    url = gv_engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(main, ["areas", "show", "Kempten", "--json", "--database", url])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert (document["type"], document["land"]["name"], document["size_class"]) == (
        "kreisfreie Stadt",
        "Bayern",
        "Mittelstadt",
    )


def test_areas_show_ambiguous_exit_status(gv_engine):
    url = gv_engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(main, ["areas", "show", "Neustadt", "--database", url])
    assert result.exit_code == 4
    assert "mehrdeutig" in result.stderr and "Rheinland-Pfalz" in result.stderr


def test_areas_list_json(gv_engine):
    url = gv_engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(main, ["areas", "list", "--level", "kreis", "--land", "09", "--json", "--database", url])
    rows = json.loads(result.stdout)
    assert len(rows) == 96 and rows[0]["code"] == "09161"

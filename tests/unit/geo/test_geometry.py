# SPDX-License-Identifier: EUPL-1.2
"""VG5000 boundaries: transformed to WGS84, simplified, valid, one per area."""
from __future__ import annotations

import json
import shutil

import pytest
from shapely.geometry import shape
from sqlalchemy import func, select

from stellwerk.errors import InputError
from stellwerk.geo.geometry import import_geometries
from stellwerk.geo.models import Area, AreaGeometry, Level

# One xdist worker builds the areas database (gv_engines) and runs every test that uses it.
pytestmark = [pytest.mark.data, pytest.mark.xdist_group("areas")]

VG5000 = "geo/bkg_vg5000_2021"


@pytest.fixture
def kreise_layer(data_dir, tmp_path):
    """The Kreise and Länder layers of the VG5000, copied to a folder of their own."""
    for layer in ("KRS", "LAN"):
        for suffix in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
            shutil.copy(data_dir / VG5000 / f"VG5000_{layer}{suffix}", tmp_path)
    return tmp_path


def test_kreise_and_laender_get_valid_wgs84_geometries(areas_session, kreise_layer):
    result = import_geometries(areas_session, kreise_layer)
    assert result.counts == {Level.KREIS: 401, Level.LAND: 16}
    row = areas_session.execute(
        select(AreaGeometry).join(Area, Area.id == AreaGeometry.area_id).where(
            Area.level == Level.KREIS, Area.code == "05315"
        )
    ).scalar_one()
    koeln = shape(json.loads(row.geojson))
    assert koeln.is_valid and not koeln.is_empty
    west, south, east, north = koeln.bounds
    # Köln lies between 6.77° and 7.17° east, 50.83° and 51.09° north.
    assert 6.7 < west < east < 7.2 and 50.8 < south < north < 51.1
    assert 380 < koeln.area * 111.32**2 * 0.63 < 440  # ≈ 405 km² (cos 50.9° ≈ 0.63)
    again = import_geometries(areas_session, kreise_layer)
    assert again.status == "unchanged"


def test_missing_and_broken_shapefiles(session, kreise_layer, tmp_path):
    with pytest.raises(InputError):
        import_geometries(session, tmp_path / "fehlt")
    shp = kreise_layer / "VG5000_KRS.shp"
    shp.write_bytes(shp.read_bytes()[:5000])
    before = session.scalar(select(func.count()).select_from(AreaGeometry))
    with pytest.raises(InputError) as caught:
        import_geometries(session, shp)
    assert caught.value.file == "VG5000_KRS.shp"
    assert session.scalar(select(func.count()).select_from(AreaGeometry)) == before


def test_a_csv_is_not_a_shapefile(session, data_dir):
    with pytest.raises(InputError):
        import_geometries(session, data_dir / "crosswalks/bbsr_umsteigeschluessel_kreise_xd20.csv")

# SPDX-License-Identifier: EUPL-1.2
"""Boundaries from the BKG VG5000 shapefiles, simplified GeoJSON in WGS84 per area.

The VG5000 comes in Gauß-Krüger zone 3 (EPSG:31467) with one layer per level
(``VG5000_STA`` Staat, ``_LAN`` Länder, ``_RBZ`` Regierungsbezirke, ``_KRS``
Kreise, ``_GEM`` Gemeinden). Each feature carries its ``ARS``; land areas have
``GF = 9``, water areas of the Länder (Bodensee, Wattenmeer) ``GF = 8`` and are
left out. Shapes are transformed to WGS84, simplified with a tolerance suited
for web maps (see ``TOLERANCE``), kept valid and rounded to 5 decimals (~1 m).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from stellwerk.errors import InputError
from stellwerk.geo.models import Area, AreaGeometry, GeoImport, Level
from stellwerk.geo.records import BUND_CODE
from stellwerk.geo.store import IMPORTER_VERSION, ImportResult, bulk_insert
from stellwerk.progress import Progress, report

__all__ = ["import_geometries", "find_geometry_dir", "LAYERS", "TOLERANCE", "GEOMETRY_DIR"]

log = logging.getLogger(__name__)

GEOMETRY_DIR = Path("geo") / "bkg_vg5000_2021"
SOURCE = "© GeoBasis-DE / BKG 2021 (Daten verändert), VG5000"
LAYERS: dict[str, str] = {
    "STA": Level.BUND,
    "LAN": Level.LAND,
    "RBZ": Level.REGIERUNGSBEZIRK,
    "KRS": Level.KREIS,
    "GEM": Level.GEMEINDE,
}
# Degrees; 0.001° ≈ 70–110 m in Germany: invisible at the zoom of a Kreis map.
TOLERANCE: dict[str, float] = {
    Level.BUND: 0.005,
    Level.LAND: 0.003,
    Level.REGIERUNGSBEZIRK: 0.002,
    Level.KREIS: 0.001,
    Level.GEMEINDE: 0.0005,
}
_LAND_AREA = 9
_CODE_LENGTH = {Level.LAND: 2, Level.REGIERUNGSBEZIRK: 3, Level.KREIS: 5, Level.GEMEINDE: 12}


def find_geometry_dir(data_dir: Path) -> Path | None:
    """The VG5000 folder under ``data_dir``, if present."""
    folder = Path(data_dir) / GEOMETRY_DIR
    return folder if folder.is_dir() else None


def _layer_files(path: Path) -> list[tuple[Path, str]]:
    if not path.exists():
        raise InputError("Datei oder Verzeichnis nicht gefunden", file=path.name)
    candidates = sorted(path.glob("*.shp")) if path.is_dir() else [path]
    found = []
    for shp in candidates:
        if shp.suffix.lower() != ".shp":
            raise InputError("Keine Shapefile-Datei", file=shp.name, expected="eine .shp-Datei der VG5000")
        layer = shp.stem.upper().rsplit("_", 1)[-1]
        if layer in LAYERS:
            found.append((shp, LAYERS[layer]))
        elif not path.is_dir():
            raise InputError(f"Unbekannte Ebene {layer!r}", file=shp.name,
                             expected="VG5000_STA, _LAN, _RBZ, _KRS oder _GEM")
    if not found:
        raise InputError("Keine VG5000-Ebenen gefunden", file=path.name,
                         expected="VG5000_LAN.shp, VG5000_KRS.shp, VG5000_GEM.shp …")
    return found


def _sha256(files: list[tuple[Path, str]]) -> str:
    digest = hashlib.sha256()
    for shp, _ in files:
        for part in (shp, shp.with_suffix(".dbf")):
            if part.exists():
                digest.update(part.name.encode())
                digest.update(part.read_bytes())
    return digest.hexdigest()


def _transformer(shp: Path) -> Any:
    from pyproj import CRS, Transformer

    prj = shp.with_suffix(".prj")
    source = CRS.from_epsg(31467)
    if prj.exists():
        try:
            source = CRS.from_wkt(prj.read_text(encoding="latin-1"))
        except Exception as error:  # noqa: BLE001 - pyproj raises CRSError subclasses and others
            raise InputError(f"Koordinatensystem nicht lesbar ({type(error).__name__})", file=prj.name) from error
    return Transformer.from_crs(source, CRS.from_epsg(4326), always_xy=True)


def _read_layer(shp: Path, level: str) -> list[tuple[str, Any]]:
    """(code, shapely geometry in the file's CRS) per land feature, merged by ARS."""
    import shapefile
    from shapely import union_all
    from shapely.geometry import shape

    try:
        reader = shapefile.Reader(str(shp), encoding="utf-8")
        fields = [f[0] for f in reader.fields[1:]]
        if "ARS" not in fields:
            raise InputError("Spalte ARS fehlt", file=shp.with_suffix(".dbf").name, column="ARS",
                             expected="Attribut ARS (Amtlicher Regionalschlüssel)")
        parts: dict[str, list[Any]] = {}
        for number, item in enumerate(reader.iterShapeRecords(), start=1):
            record = item.record.as_dict()
            if record.get("GF", _LAND_AREA) != _LAND_AREA:
                continue
            ars = str(record["ARS"]).strip()
            code = BUND_CODE if level == Level.BUND else ars
            if level != Level.BUND and not (ars.isdigit() and len(ars) == _CODE_LENGTH[level]):
                raise InputError(f"ARS {ars[:15]!r} passt nicht zur Ebene {level}", file=shp.name,
                                 row=number, column="ARS", expected=f"{_CODE_LENGTH[level]} Ziffern")
            parts.setdefault(code, []).append(shape(item.shape.__geo_interface__))
        reader.close()
    except InputError:
        raise
    except Exception as error:  # noqa: BLE001 - pyshp raises plain exceptions for damaged files
        raise InputError(f"Shapefile beschädigt oder nicht lesbar ({type(error).__name__}: {error})"[:200],
                         file=shp.name) from error
    return [(code, geoms[0] if len(geoms) == 1 else union_all(geoms)) for code, geoms in parts.items()]


def _to_geojson(geometry: Any, transformer: Any, tolerance: float) -> str:
    import numpy as np
    import shapely
    from shapely.geometry import mapping

    def project(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    geometry = shapely.transform(geometry, project)
    simplified = shapely.simplify(geometry, tolerance, preserve_topology=True)
    simplified = shapely.set_precision(simplified, 1e-5)
    if not simplified.is_valid or simplified.is_empty:
        simplified = shapely.make_valid(shapely.simplify(geometry, tolerance / 4, preserve_topology=True))
    return json.dumps(mapping(simplified), separators=(",", ":"))


def import_geometries(session: Session, path: Path, progress: Progress | None = None) -> ImportResult:
    """Import VG5000 boundaries (a folder of layers or one .shp) for the areas already known."""
    path = Path(path)
    files = _layer_files(path)
    sha = _sha256(files)
    if session.scalar(select(GeoImport).where(GeoImport.kind == "geometry", GeoImport.file_sha256 == sha)):
        return ImportResult(file=path.name, kind="geometry", reference_date=None, status="unchanged")
    stamp = path / "aktualitaet.txt" if path.is_dir() else path.parent / "aktualitaet.txt"
    reference_date = None
    if stamp.exists():
        try:
            reference_date = dt.datetime.strptime(stamp.read_text(encoding="latin-1").strip(), "%d.%m.%Y").date()
        except ValueError:
            reference_date = None
    record = GeoImport(kind="geometry", source=SOURCE, file_name=path.name, file_sha256=sha,
                       importer_version=IMPORTER_VERSION)
    session.add(record)
    session.flush()
    result = ImportResult(file=path.name, kind="geometry", reference_date=reference_date, status="imported")
    for shp, level in files:
        features = _read_layer(shp, level)
        ids = dict(session.execute(select(Area.code, Area.id).where(Area.level == level)).all())
        transformer = _transformer(shp)
        rows = []
        unmatched = 0
        for done, (code, geometry) in enumerate(features, start=1):
            area_id = ids.get(code)
            if area_id is None:
                unmatched += 1
                continue
            rows.append({
                "area_id": area_id,
                "import_id": record.id,
                "reference_date": reference_date,
                "tolerance": TOLERANCE[level],
                "geojson": _to_geojson(geometry, transformer, TOLERANCE[level]),
            })
            if done % 500 == 0:
                report(progress, done, len(features), f"{shp.name}: Geometrien")
        report(progress, len(features), len(features), f"{shp.name}: Geometrien")
        if rows:
            session.execute(delete(AreaGeometry).where(AreaGeometry.area_id.in_([r["area_id"] for r in rows])))
            bulk_insert(session, AreaGeometry.__table__, rows)
        result.counts[level] = len(rows)
        if unmatched:
            result.warnings.append(
                f"{shp.name}: {unmatched} von {len(features)} Gebieten sind in keinem importierten Gebietsstand"
            )
    record.row_count = sum(result.counts.values())
    return result

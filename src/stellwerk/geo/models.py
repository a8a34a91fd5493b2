# SPDX-License-Identifier: EUPL-1.2
"""Tables of the geo module.

An :class:`Area` is a territorial unit identified by its level and official
code (``05315`` for the Kreis Köln, ``05315000`` for the Gemeinde Köln). It
lives from ``valid_from`` to ``valid_to`` (exclusive, None = still valid).
What changes from one reference date to the next (name, parent, population,
area) is kept per :class:`Gebietsstand` in :class:`AreaSnapshot`, so several
Gebietsstände coexist and observations stay attached to the stable unit.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stellwerk.storage.base import Base

__all__ = ["Level", "Gebietsstand", "Area", "AreaSnapshot", "GeoImport", "CrosswalkEntry", "AreaGeometry"]


class Level:
    """Area levels, from the top down. Stored as their string value."""

    BUND = "bund"
    LAND = "land"
    REGIERUNGSBEZIRK = "regierungsbezirk"
    # Planning regions of Baden-Württemberg (Satzart 30): they group Kreise but
    # are no administrative parent, so Kreise keep their Regierungsbezirk as parent.
    REGION = "region"
    KREIS = "kreis"
    GEMEINDEVERBAND = "gemeindeverband"
    GEMEINDE = "gemeinde"
    STADTBEZIRK = "stadtbezirk"
    STADTTEIL = "stadtteil"

    ORDER = (BUND, LAND, REGIERUNGSBEZIRK, REGION, KREIS, GEMEINDEVERBAND, GEMEINDE, STADTBEZIRK, STADTTEIL)
    LABELS = {
        BUND: "Bund",
        LAND: "Land",
        REGIERUNGSBEZIRK: "Regierungsbezirk",
        REGION: "Region",
        KREIS: "Kreis",
        GEMEINDEVERBAND: "Gemeindeverband",
        GEMEINDE: "Gemeinde",
        STADTBEZIRK: "Stadtbezirk",
        STADTTEIL: "Stadtteil",
    }


class Gebietsstand(Base):
    """One imported territorial status: the register as of a reference date."""

    __tablename__ = "gebietsstand"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference_date: Mapped[dt.date] = mapped_column(Date, unique=True)
    source: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(500))
    file_name: Mapped[str] = mapped_column(String(500))
    file_sha256: Mapped[str] = mapped_column(String(64))
    importer_version: Mapped[str] = mapped_column(String(20))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    area_count: Mapped[int] = mapped_column(Integer, default=0)


class Area(Base):
    """A territorial unit at one level with its official code."""

    __tablename__ = "area"
    __table_args__ = (UniqueConstraint("level", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    level: Mapped[str] = mapped_column(String(20), index=True)
    # Official key at its level: Land 2, RB 3, Kreis 5, Gemeindeverband 9 digits,
    # Gemeinde 12-digit ARS; small areas carry their city's code plus a suffix.
    code: Mapped[str] = mapped_column(String(40), index=True)
    ars: Mapped[str | None] = mapped_column(String(12), index=True)
    ags: Mapped[str | None] = mapped_column(String(8), index=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    type: Mapped[str | None] = mapped_column(String(60))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"), index=True)
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)

    parent: Mapped[Area | None] = relationship(remote_side="Area.id")


class AreaSnapshot(Base):
    """What the register says about an area at one Gebietsstand."""

    __tablename__ = "area_snapshot"

    area_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="CASCADE"), primary_key=True)
    gebietsstand_id: Mapped[int] = mapped_column(
        ForeignKey("gebietsstand.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str | None] = mapped_column(String(60))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"))
    area_km2: Mapped[float | None] = mapped_column(Float)
    population: Mapped[int | None] = mapped_column(BigInteger)
    population_m: Mapped[int | None] = mapped_column(BigInteger)
    population_w: Mapped[int | None] = mapped_column(BigInteger)
    # Official status symbol where the register gives no number (e.g. "/" for
    # the six NRW Gemeinden of 31.12.2016 whose figures were implausible).
    population_flag: Mapped[str | None] = mapped_column(String(3))


class GeoImport(Base):
    """A file imported into geo tables other than a Gebietsstand (crosswalks, geometries).

    The sha256 makes re-imports of the same file a no-op.
    """

    __tablename__ = "geo_import"
    __table_args__ = (UniqueConstraint("kind", "file_sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    source: Mapped[str] = mapped_column(String(200))
    file_name: Mapped[str] = mapped_column(String(500))
    file_sha256: Mapped[str] = mapped_column(String(64))
    importer_version: Mapped[str] = mapped_column(String(20))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    row_count: Mapped[int] = mapped_column(Integer, default=0)


class CrosswalkEntry(Base):
    """One row of a Umsteigeschlüssel: share of an old unit that lies in a target unit.

    ``pop_weight`` is the share of the old unit's population living in the
    target unit (BBSR ``pop_conv``); weights of one (year, from_code) sum to 1.
    """

    __tablename__ = "crosswalk_entry"
    __table_args__ = (UniqueConstraint("crosswalk", "year", "from_code", "to_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("geo_import.id", ondelete="CASCADE"), index=True)
    # e.g. "bbsr-kreise-2020": names the target Gebietsstand and level.
    crosswalk: Mapped[str] = mapped_column(String(40))
    level: Mapped[str] = mapped_column(String(20))
    target_date: Mapped[dt.date] = mapped_column(Date)
    year: Mapped[int] = mapped_column(Integer)
    from_code: Mapped[str] = mapped_column(String(12))
    to_code: Mapped[str] = mapped_column(String(12))
    pop_weight: Mapped[float | None] = mapped_column(Float)
    area_weight: Mapped[float | None] = mapped_column(Float)
    emp_weight: Mapped[float | None] = mapped_column(Float)


class AreaGeometry(Base):
    """The simplified boundary of an area as GeoJSON (WGS84), ready for web maps."""

    __tablename__ = "area_geometry"

    area_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="CASCADE"), primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("geo_import.id", ondelete="CASCADE"), index=True)
    reference_date: Mapped[dt.date | None] = mapped_column(Date)
    tolerance: Mapped[float] = mapped_column(Float)
    geojson: Mapped[str] = mapped_column(Text)

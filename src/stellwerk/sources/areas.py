# SPDX-License-Identifier: EUPL-1.2
"""Tying official area codes in files to :class:`stellwerk.geo.models.Area` rows.

Policy (docs/sources.md, "Gebietsschlüssel"):

* Bund ``DG``, Länder and Regierungsbezirke/Statistische Regionen are
  aggregates with unambiguous codes: missing ones are created from the file.
* Kreise and Gemeinden must be known from an imported Gebietsstand. A code that
  is not, but that the BBSR Umsteigeschlüssel (1990–2019) lists, is a historic
  unit: it is created with ``valid_to`` = 1 January after the last year the key
  or the file has it (type ``historisch``). Berlin's Bezirke (``110NN0NN``) appear
  as Kreis rows in Regionaldatenbank tables and become Stadtbezirke of Berlin.
* A Kreis or Gemeinde code in a year after the newest imported Gebietsstand
  (Gemeinden: in a known Kreis) is a new unit: created with type
  ``neu nach dem letzten Gebietsstand`` and listed in the import report.
* Any other unknown code is skipped (and counted) when its cells carry no
  number (only ``-``, ``.`` or nothing); with numbers it is an error that names
  the closest known codes, unless ``skip_unknown`` is set.
"""
from __future__ import annotations

import csv
import datetime as dt
import difflib
import gzip
import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from stellwerk.errors import InputError
from stellwerk.geo.models import Area, AreaSnapshot, Gebietsstand, Level
from stellwerk.sources.records import AreaSpec

__all__ = ["AreaIndex", "HistoricCodes", "name_key", "SMALL_AREA"]

# Pseudo-level of a cell whose code names a Stadtbezirk or Stadtteil (``05315000-101``), whichever it is.
SMALL_AREA = "kleinraeumig"
_SMALL_LEVELS = (Level.STADTTEIL, Level.STADTBEZIRK)

_BERLIN_BEZIRK = re.compile(r"^110(0[1-9]|1[0-2])0\d\d$")  # not 11000000, the city itself
_KREIS_KEY = "bbsr_umsteigeschluessel_kreise_xd20.csv"
_GEMEINDE_KEY = "bbsr_umsteigeschluessel_gemeinden_xm20.csv.gz"


def name_key(name: str) -> str:
    """Lower-case ASCII form of a name for searching."""
    text = unicodedata.normalize("NFKD", name.replace("ß", "ss")).encode("ascii", "ignore").decode()
    return " ".join(text.lower().replace(",", " ").split())


@dataclass
class HistoricCodes:
    """Years in which the BBSR Umsteigeschlüssel lists a Kreis or Gemeinde code (loaded on first use)."""

    directory: Path | None
    _years: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)

    def span(self, level: str, code: str) -> tuple[int, int] | None:
        if self.directory is None:
            return None
        if level not in self._years:
            self._years[level] = self._load(level)
        return self._years[level].get(code)

    def _load(self, level: str) -> dict[str, tuple[int, int]]:
        name = _KREIS_KEY if level == Level.KREIS else _GEMEINDE_KEY
        return _load_spans(self.directory / name)


@lru_cache(maxsize=4)
def _load_spans(path: Path) -> dict[str, tuple[int, int]]:
    """First and last year per code of one Umsteigeschlüssel file (cached: the files do not change)."""
    if not path.exists():
        return {}
    spans: dict[str, tuple[int, int]] = {}
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        year_col, code_col = header.index("year_xw"), header.index("ags_xw")
        for row in reader:
            code, year = row[code_col], int(row[year_col])
            span = spans.get(code)
            if span is None:
                spans[code] = (year, year)
            elif year < span[0] or year > span[1]:
                spans[code] = (min(span[0], year), max(span[1], year))
    return spans


# Built once: constructing an insert per created area costs more than executing it.
_INSERT_AREA = insert(Area).returning(Area.id)


class AreaIndex:
    """All areas of the database in memory, for fast lookups during an import.

    One index may serve several imports in the same transaction (``import_files``):
    it learns every area it creates itself. Anything else that writes areas in
    between, or rolls back areas it created (a dry run's savepoint), must call
    :meth:`reload`.
    """

    def __init__(self, session: Session, historic: HistoricCodes | None = None):
        self.session = session
        self.historic = historic or HistoricCodes(None)
        self.by_code: dict[tuple[str, str], int] = {}
        self.by_ags: dict[str, int] = {}
        self.created: list[dict] = []
        self.names: dict[str, list[int]] | None = None
        self._newest: dict[str, dt.date | None] = {}
        self.stale = False
        self.reload()

    def reload(self) -> None:
        """Read all areas again (through Core: ORM row handling would cost several times the query)."""
        by_code: dict[tuple[str, str], int] = {}
        by_ags: dict[str, int] = {}
        gemeinde = Level.GEMEINDE
        rows = self.session.connection().execute(select(Area.id, Area.level, Area.code, Area.ags))
        for area_id, level, code, ags in rows:
            by_code[(level, code)] = area_id
            if ags and level == gemeinde and ags not in by_ags:
                by_ags[ags] = area_id
        self.by_code, self.by_ags = by_code, by_ags
        self.names = None
        self._newest = {}
        self.stale = False

    def find(self, level: str, code: str) -> int | None:
        """The id of a known area, or None."""
        if level == SMALL_AREA:
            return self.by_code.get((Level.STADTTEIL, code)) or self.by_code.get((Level.STADTBEZIRK, code))
        if level == Level.GEMEINDE and len(code) == 8:
            if _BERLIN_BEZIRK.match(code):
                return self.by_code.get((Level.STADTBEZIRK, code))
            return self.by_ags.get(code) or self.by_code.get((level, code))
        return self.by_code.get((level, code))

    def closest(self, level: str, code: str, name: str = "", n: int = 5) -> list[str]:
        """Known codes of the same level most like ``code``: same name first, then longest common
        prefix and nearest number (difflib alone ranks ``16069`` next to ``01099``)."""
        levels = _SMALL_LEVELS if level == SMALL_AREA else (level,)
        pool = {c: a for (lv, c), a in self.by_code.items() if lv in levels}
        if level == Level.GEMEINDE and self.by_ags:
            pool = dict(self.by_ags)
        found: list[str] = []
        if name and self.names is None:
            self.names = {}
            for area_id, key in self.session.execute(select(Area.id, Area.name_key)):
                self.names.setdefault(key.split(" ")[0] if key else "", []).append(area_id)
        if name and self.names:
            wanted = name_key(name).split(" ")[0]
            ids = set(self.names.get(wanted, []))
            found = [c for c, a in pool.items() if a in ids]

        def rank(other: str) -> tuple[int, int]:
            prefix = len(os.path.commonprefix([code, other]))
            distance = abs(int(other) - int(code)) if other.isdigit() and code.isdigit() else 10**12
            return (-prefix, distance)

        near = difflib.get_close_matches(code, list(pool), n=50, cutoff=0.5)
        for other in sorted(near, key=rank):
            if other not in found:
                found.append(other)
        return found[:n]

    def creatable(self, level: str, code: str, last_year: int) -> tuple[str, dt.date | None] | None:
        """Why an unknown code may be created (type, valid_to), or None when it may not.

        ``last_year`` is the last year the file has numbers for the code; a
        historic unit stays valid until the later of that year and the last
        year the Umsteigeschlüssel lists it (the key's years and the tables'
        years do not always agree, e.g. BA tables keep a code a little longer).
        """
        if level in (Level.BUND, Level.LAND, Level.REGIERUNGSBEZIRK):
            return ("Aggregat aus amtlicher Tabelle", None)
        if level == Level.GEMEINDE and _BERLIN_BEZIRK.match(code):
            return ("Bezirk", None)
        if level in (Level.KREIS, Level.GEMEINDE):
            span = self.historic.span(level, code)
            if span:
                return ("historisch", dt.date(max(span[1], last_year) + 1, 1, 1))
            newest = self.newest_stand(level)
            parent_known = level == Level.GEMEINDE and (Level.KREIS, code[:5]) in self.by_code
            if newest is not None and last_year > newest.year and (parent_known or level == Level.KREIS):
                return ("neu nach dem letzten Gebietsstand", None)
        return None

    def newest_stand(self, level: str) -> dt.date | None:
        """Reference date of the newest Gebietsstand that lists areas of ``level``."""
        if level not in self._newest:
            self._newest[level] = self.session.scalar(
                select(func.max(Gebietsstand.reference_date))
                .join(AreaSnapshot, AreaSnapshot.gebietsstand_id == Gebietsstand.id)
                .join(Area, Area.id == AreaSnapshot.area_id)
                .where(Area.level == level)
            )
        return self._newest[level]

    def create(self, level: str, code: str, name: str, area_type: str, valid_to: dt.date | None) -> int:
        """Insert an area the policy allows and return its id."""
        if level == Level.GEMEINDE and _BERLIN_BEZIRK.match(code):
            level = Level.STADTBEZIRK
        parent = self._parent(level, code)
        values = {
            "level": level, "code": code, "name": name or code, "name_key": name_key(name or code),
            "type": area_type, "parent_id": parent, "valid_to": valid_to,
            "ags": code if level == Level.GEMEINDE and len(code) == 8 else None,
        }
        area_id = self._insert(values)
        self.by_code[(level, code)] = area_id
        if values["ags"]:
            self.by_ags[code] = area_id
        self.created.append({"level": level, "code": code, "name": values["name"], "type": area_type,
                             "valid_to": valid_to})
        return area_id

    def ensure_small_area(self, spec: AreaSpec, file: str) -> int:
        """The id of a Stadtbezirk/Stadtteil a city file defines, created under its parent when missing."""
        area_id = self.by_code.get((spec.level, spec.code))
        if area_id is not None:
            return area_id
        parent = self.find(spec.parent_level, spec.parent_code)
        if parent is None:
            raise InputError(
                f"Übergeordnetes Gebiet {spec.parent_code} ({spec.parent_level}) von {spec.code} ({spec.name}) "
                "ist nicht bekannt", file=file, row=spec.line,
                expected="eine Stadt aus einem importierten Gebietsstand (zuerst das Gemeindeverzeichnis importieren)",
            )
        values = {"level": spec.level, "code": spec.code, "name": spec.name, "name_key": name_key(spec.name),
                  "type": spec.type, "parent_id": parent}
        area_id = self._insert(values)
        self.by_code[(spec.level, spec.code)] = area_id
        self.created.append({"level": spec.level, "code": spec.code, "name": spec.name, "type": spec.type,
                             "valid_to": None})
        return area_id

    def _insert(self, values: dict) -> int:
        self.names = None  # the name lookup of :meth:`closest` is rebuilt on demand
        return self.session.connection().execute(_INSERT_AREA, values).scalar_one()

    def _parent(self, level: str, code: str) -> int | None:
        if level == Level.LAND:
            return self.by_code.get((Level.BUND, "DG"))
        if level == Level.REGIERUNGSBEZIRK:
            return self.by_code.get((Level.LAND, code[:2]))
        if level == Level.KREIS:
            return self.by_code.get((Level.REGIERUNGSBEZIRK, code[:3])) or self.by_code.get((Level.LAND, code[:2]))
        if level == Level.STADTBEZIRK:
            return self.by_ags.get("11000000") or self.by_code.get((Level.KREIS, "11000"))
        return self.by_code.get((Level.KREIS, code[:5]))

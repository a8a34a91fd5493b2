# SPDX-License-Identifier: EUPL-1.2
"""BBSR Umsteigeschlüssel: carry counts of old Kreise/Gemeinden onto a later Gebietsstand.

The BBSR publishes, for every year since 1990, which share of each old Kreis
(Gemeinde) lies in which Kreis (Gemeinde) of the target Gebietsstand, weighted
by population (``pop_conv``), area (``size_conv``) and employment
(``emp_conv``). The weights of one (year, old unit) sum to 1.

:func:`carry_over` multiplies counts by the population weights and sums them
per target unit. A result that used a fractional weight (a split unit) is an
estimate and carries the flag ``e``; a plain merger of whole units is exact.
"""
from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from stellwerk.errors import InputError, NotFoundError
from stellwerk.geo.models import CrosswalkEntry, GeoImport, Level
from stellwerk.geo.store import IMPORTER_VERSION, ImportResult, bulk_insert
from stellwerk.geo.workbook import file_sha256
from stellwerk.progress import Progress, report

__all__ = ["import_crosswalk", "carry_over", "CarriedValue", "find_crosswalk_files", "CROSSWALK_DIR"]

CROSSWALK_DIR = Path("crosswalks")
SOURCE = "BBSR Bonn, Umsteigeschlüssel (Referenz Gebietsstände)"
_REQUIRED = ("year_xw", "ags_xw", "pop_conv", "size_conv", "emp_conv")
_TARGET = re.compile(r"^ags(\d{2})$")
_LEVEL_BY_LENGTH = {5: Level.KREIS, 8: Level.GEMEINDE}
ESTIMATED = "e"


def find_crosswalk_files(data_dir: Path) -> list[Path]:
    """The BBSR Umsteigeschlüssel CSV files under ``data_dir``."""
    folder = Path(data_dir) / CROSSWALK_DIR
    return sorted(folder.glob("bbsr_umsteigeschluessel_*.csv*")) if folder.is_dir() else []


def _open_text(path: Path) -> io.TextIOBase:
    if not path.exists():
        raise InputError("Datei nicht gefunden", file=path.name)
    with path.open("rb") as handle:
        head = handle.read(2)
    raw = gzip.open(path, "rb") if head == b"\x1f\x8b" else path.open("rb")
    return io.TextIOWrapper(raw, encoding="utf-8", newline="")


def _weight(value: str, *, file: str, row: int, column: str) -> float | None:
    if value.strip() in ("", "NA"):
        return None
    try:
        number = float(value)
    except ValueError:
        raise InputError(f"Keine Zahl: {value[:30]!r}", file=file, row=row, column=column,
                         expected="Gewicht zwischen 0 und 1") from None
    if not (0.0 <= number <= 1.000001) or math.isnan(number):
        raise InputError(f"Gewicht {number} außerhalb von 0 bis 1", file=file, row=row, column=column)
    return number


def _read(path: Path) -> tuple[str, str, dt.date, list[dict[str, Any]]]:
    try:
        with _open_text(path) as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                raise InputError("Leere Datei", file=path.name)
            header = [h.strip() for h in header]
            target_columns = [h for h in header if _TARGET.match(h)]
            missing = [c for c in _REQUIRED if c not in header]
            if missing or len(target_columns) != 1:
                raise InputError(
                    f"Unbekannter Aufbau: Spalten {', '.join(missing) or 'agsJJ'} fehlen",
                    file=path.name, row=1,
                    expected="Spalten year_xw, ags_xw, pop_conv, size_conv, emp_conv und ags19 oder ags20",
                )
            index = {name: header.index(name) for name in (*_REQUIRED, target_columns[0])}
            target_year = 2000 + int(_TARGET.match(target_columns[0]).group(1))
            rows: list[dict[str, Any]] = []
            level = None
            seen: dict[tuple[int, str, str], int] = {}
            for line, cells in enumerate(reader, start=2):
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) < len(header):
                    raise InputError(f"{len(cells)} statt {len(header)} Spalten", file=path.name, row=line)
                year_text = cells[index["year_xw"]].strip()
                source, target = cells[index["ags_xw"]].strip(), cells[index[target_columns[0]]].strip()
                if not (year_text.isdigit() and 1900 < int(year_text) <= target_year):
                    raise InputError(f"Ungültiges Jahr {year_text[:10]!r}", file=path.name, row=line,
                                     column="year_xw", expected=f"Jahr bis {target_year}")
                for column, code in (("ags_xw", source), (target_columns[0], target)):
                    if not code.isdigit() or len(code) not in _LEVEL_BY_LENGTH:
                        raise InputError(f"Ungültiger Schlüssel {code[:15]!r}", file=path.name, row=line,
                                         column=column, expected="5-stelliger Kreis- oder 8-stelliger Gemeindeschlüssel")
                row_level = _LEVEL_BY_LENGTH[len(source)]
                if level is None:
                    level = row_level
                if row_level != level or len(target) != len(source):
                    raise InputError("Kreis- und Gemeindeschlüssel gemischt", file=path.name, row=line,
                                     column="ags_xw")
                key = (int(year_text), source, target)
                if key in seen:
                    raise InputError(f"Zeile doppelt (wie Zeile {seen[key]})", file=path.name, row=line,
                                     column="ags_xw")
                seen[key] = line
                where = {"file": path.name, "row": line}
                rows.append({
                    "year": key[0],
                    "from_code": source,
                    "to_code": target,
                    "pop_weight": _weight(cells[index["pop_conv"]], column="pop_conv", **where),
                    "area_weight": _weight(cells[index["size_conv"]], column="size_conv", **where),
                    "emp_weight": _weight(cells[index["emp_conv"]], column="emp_conv", **where),
                })
    except (UnicodeDecodeError, gzip.BadGzipFile, EOFError, csv.Error) as error:
        raise InputError(f"Die Datei ist nicht lesbar ({type(error).__name__})", file=path.name,
                         expected="CSV in UTF-8, ggf. gzip-komprimiert") from error
    if level is None:
        raise InputError("Keine Datenzeilen", file=path.name)
    name = f"bbsr-{'kreise' if level == Level.KREIS else 'gemeinden'}-{target_year}"
    return name, level, dt.date(target_year, 12, 31), rows


def _check_sums(rows: list[dict[str, Any]]) -> list[str]:
    """Warnings for old units whose population weights do not sum to 1.

    The BBSR gives unpopulated units (gemeindefreie Gebiete) the weight 1 towards
    every target they touch; their counts are zero, so this does no harm.
    """
    sums: dict[tuple[int, str], float] = {}
    for row in rows:
        if row["pop_weight"] is not None:
            key = (row["year"], row["from_code"])
            sums[key] = sums.get(key, 0.0) + row["pop_weight"]
    wrong = sorted(key for key, total in sums.items() if total > 0 and abs(total - 1.0) > 1e-3)
    if not wrong:
        return []
    examples = ", ".join(f"{code} ({year})" for year, code in wrong[:5])
    return [f"{len(wrong)} alte Einheiten mit Bevölkerungsgewichten ≠ 1, z. B. {examples}"]


def import_crosswalk(session: Session, path: Path, progress: Progress | None = None) -> ImportResult:
    """Import one BBSR Umsteigeschlüssel CSV (plain or .gz); the same file again changes nothing."""
    path = Path(path)
    if not path.exists():
        raise InputError("Datei nicht gefunden", file=path.name)
    sha = file_sha256(path)
    if session.scalar(select(GeoImport).where(GeoImport.kind == "crosswalk", GeoImport.file_sha256 == sha)):
        return ImportResult(file=path.name, kind="crosswalk", reference_date=None, status="unchanged")
    report(progress, 0, None, f"{path.name}: lesen")
    name, level, target_date, rows = _read(path)
    warnings = _check_sums(rows)
    if session.scalar(select(CrosswalkEntry.id).where(CrosswalkEntry.crosswalk == name).limit(1)) is not None:
        raise InputError(f"Der Umsteigeschlüssel {name} ist schon aus einer anderen Datei importiert",
                         file=path.name)
    record = GeoImport(kind="crosswalk", source=SOURCE, file_name=path.name, file_sha256=sha,
                       importer_version=IMPORTER_VERSION, row_count=len(rows))
    session.add(record)
    session.flush()
    extra = {"import_id": record.id, "crosswalk": name, "level": level, "target_date": target_date}
    bulk_insert(session, CrosswalkEntry.__table__, [{**extra, **row} for row in rows])
    report(progress, len(rows), len(rows), f"{path.name}: Zeilen")
    return ImportResult(file=path.name, kind="crosswalk", reference_date=target_date, status="imported",
                        counts={name: len(rows)}, warnings=warnings)


@dataclass
class CarriedValue:
    """A count on the target Gebietsstand, with where it came from."""

    code: str
    value: float | None
    flag: str | None
    sources: list[tuple[str, float]] = field(default_factory=list)  # (old code, weight)
    missing: list[str] = field(default_factory=list)  # old codes without a count

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "value": self.value,
            "flag": self.flag,
            "sources": [{"code": c, "weight": w} for c, w in self.sources],
            "missing": self.missing,
        }


def carry_over(
    session: Session,
    counts: Mapping[str, float | None],
    year: int,
    crosswalk: str = "bbsr-kreise-2020",
) -> list[CarriedValue]:
    """Carry counts of the units of ``year`` onto the crosswalk's target Gebietsstand.

    Every target unit that receives a share of a given count is returned; a
    target is None when one of its source units has no count.
    """
    entries = session.execute(
        select(CrosswalkEntry.from_code, CrosswalkEntry.to_code, CrosswalkEntry.pop_weight).where(
            CrosswalkEntry.crosswalk == crosswalk, CrosswalkEntry.year == year
        )
    ).all()
    if not entries:
        raise NotFoundError(f"Umsteigeschlüssel {crosswalk!r} für das Jahr {year} nicht importiert")
    known = {source for source, _, _ in entries}
    unknown = sorted(code for code in counts if code not in known)
    if unknown:
        raise NotFoundError(
            f"{len(unknown)} Schlüssel gibt es {year} im Umsteigeschlüssel nicht: {', '.join(unknown[:10])}"
        )
    wanted = {target for source, target, _ in entries if source in counts}
    results: dict[str, CarriedValue] = {}
    for source, target, weight in sorted(entries):
        if target not in wanted or not weight:
            continue
        item = results.setdefault(target, CarriedValue(code=target, value=0.0, flag=None))
        item.sources.append((source, weight))
        value = counts.get(source)
        if value is None:
            item.missing.append(source)
            continue
        if item.value is not None:
            item.value += value * weight
        if weight < 1.0:
            item.flag = ESTIMATED
    for item in results.values():
        if item.missing:
            item.value, item.flag = None, "."
    return [results[code] for code in sorted(results)]

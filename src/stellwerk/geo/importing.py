# SPDX-License-Identifier: EUPL-1.2
"""Import register files (Gemeindeverzeichnis, Kreise table) as Gebietsstände.

Each function takes a session and does not commit: an import is one
transaction, and bad input raises :class:`~stellwerk.errors.InputError`
before anything is written.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from stellwerk.geo.gv import parse_gv_workbook
from stellwerk.geo.kreise import parse_kreise_workbook
from stellwerk.geo.store import ImportResult, unchanged_result, write_stand
from stellwerk.geo.workbook import file_sha256
from stellwerk.progress import Progress, report

__all__ = [
    "import_gv",
    "import_kreise",
    "find_gv_files",
    "find_kreise_files",
    "import_registers",
    "GV_DIR",
    "KREISE_DIR",
]

log = logging.getLogger(__name__)

GV_DIR = Path("gemeinden") / "destatis_gv_auszug"
KREISE_DIR = Path("kreise")


def import_gv(session: Session, path: Path, progress: Progress | None = None) -> ImportResult:
    """Import one GV-ISys "Auszug" workbook (.xls or .xlsx) as a Gebietsstand."""
    path = Path(path)
    if path.is_file() and (done := unchanged_result(session, path.name, file_sha256(path), "gv")):
        return done
    report(progress, 0, None, f"{path.name}: lesen")
    stand = parse_gv_workbook(path)
    result = write_stand(session, stand, "gv", progress)
    log.info("GV %s: %s (%s Gebiete)", stand.path_name, result.status, len(stand.records))
    return result


def import_kreise(session: Session, path: Path, progress: Progress | None = None) -> ImportResult:
    """Import one GV-ISys "04-Kreise" workbook as a Gebietsstand."""
    path = Path(path)
    if path.is_file() and (done := unchanged_result(session, path.name, file_sha256(path), "kreise")):
        return done
    report(progress, 0, None, f"{path.name}: lesen")
    stand = parse_kreise_workbook(path)
    result = write_stand(session, stand, "kreise", progress)
    log.info("Kreise %s: %s", stand.path_name, result.status)
    return result


def find_gv_files(data_dir: Path) -> list[Path]:
    """The GV "Auszug" workbooks under ``data_dir``, oldest reference date first."""
    folder = Path(data_dir) / GV_DIR
    files = [p for p in folder.glob("*_Auszug_GV.xls*")] if folder.is_dir() else []
    # Names start with DDMMYYYY.
    return sorted(files, key=lambda p: (p.name[4:8], p.name[2:4], p.name[:2]))


def find_kreise_files(data_dir: Path) -> list[Path]:
    """The "04-Kreise" workbooks under ``data_dir``, sorted by name (= date)."""
    folder = Path(data_dir) / KREISE_DIR
    return sorted(folder.glob("destatis_gv_04-kreise_*.xlsx")) if folder.is_dir() else []


def import_registers(
    session: Session,
    data_dir: Path,
    progress: Progress | None = None,
    echo: Callable[[str], None] | None = None,
) -> list[ImportResult]:
    """Import every GV and Kreise workbook found under ``data_dir`` (idempotent)."""
    results = []
    for path in find_gv_files(data_dir):
        results.append(import_gv(session, path, progress))
    for path in find_kreise_files(data_dir):
        results.append(import_kreise(session, path, progress))
    if echo:
        for result in results:
            echo(f"  {result.file}: {result.status}")
    return results

# SPDX-License-Identifier: EUPL-1.2
"""The register workflows behind the command line: derive a file, tabulate a file.

Everything is checked before anything is written: an invalid extract stops the
run with a report (unless ``skip_invalid``), and the output file is written
only after the derivation succeeded.
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from stellwerk.disclosure import protect
from stellwerk.disclosure.table import Table
from stellwerk.progress import Progress, report as report_progress
from stellwerk.register.derive import DerivationReport, derive
from stellwerk.register.schema import read_extract, write_frame
from stellwerk.register.tables import register_tables
from stellwerk.register.validate import ValidationReport, drop_invalid, validate

__all__ = ["Prepared", "prepare", "derive_file", "tabulate", "file_sha256"]

log = logging.getLogger(__name__)


@dataclass
class Prepared:
    """A validated and derived extract, held in memory only."""

    file: Path
    derived: pd.DataFrame
    validation: ValidationReport
    derivation: DerivationReport
    skipped: int

    def summary(self) -> dict:
        return {
            "file": self.file.name,
            "persons": len(self.derived),
            "skipped": self.skipped,
            "validation": self.validation.to_dict(),
            "derivation": self.derivation.to_dict(),
        }


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, for provenance."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def prepare(
    path: Path,
    reference_year: int,
    *,
    skip_invalid: bool = False,
    area_codes: list[str] | None = None,
    progress: Progress | None = None,
) -> Prepared:
    """Read, validate and derive an extract; raises InputError on invalid rows unless skip_invalid."""
    path = Path(path)
    report_progress(progress, 0, 3, "Registerauszug lesen")
    frame = read_extract(path)
    report_progress(progress, 1, 3, "Registerauszug prüfen")
    report = validate(frame, reference_year, file=path.name, area_codes=area_codes)
    skipped = 0
    if not report.ok:
        if not skip_invalid:
            raise report.error()
        skipped = report.invalid_count
        frame = drop_invalid(frame, report)
        log.warning("skipped %d invalid persons of %s", skipped, path.name)
    report_progress(progress, 2, 3, "Migrationsstatus ableiten")
    derived, derivation = derive(frame, reference_year, links=report.links)
    report_progress(progress, 3, 3, "Migrationsstatus ableiten")
    return Prepared(path, derived, report, derivation, skipped)


def derive_file(prepared: Prepared, out: Path) -> None:
    """Write the derived extract (input columns plus the four derived ones)."""
    write_frame(prepared.derived, Path(out))


def tabulate(
    prepared: Prepared,
    reference_year: int,
    *,
    threshold: int = 3,
    round_base: int | None = None,
    cell_key: bool = False,
    area_parents: Mapping[str, str] | None = None,
) -> list[Table]:
    """The protected tables of a prepared extract."""
    tables = register_tables(prepared.derived, reference_year, area_parents, cell_keys=cell_key)
    return protect(tables, threshold=threshold, round_base=round_base, cell_key=cell_key)

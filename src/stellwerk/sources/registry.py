# SPDX-License-Identifier: EUPL-1.2
"""The import kinds and recognising a file's format from its content."""
from __future__ import annotations

from pathlib import Path
from types import ModuleType

from stellwerk.errors import InputError
from stellwerk.sources import (
    ba_gemeinden,
    berlin_lor,
    destatis_long,
    genesis_csv,
    genesis_ffcsv,
    hamburg,
    inkar,
    jsonstat,
    koeln,
    tidy,
    zensus2022,
)

__all__ = ["ADAPTERS", "KINDS", "adapter", "detect", "find_statistics_files"]

# Order matters for ``auto``: the first adapter whose ``sniff`` accepts the head wins.
ADAPTERS: dict[str, ModuleType] = {
    "genesis": genesis_csv,
    "genesis-ffcsv": genesis_ffcsv,
    "jsonstat": jsonstat,
    "ba-gemeinden": ba_gemeinden,
    "zensus2022": zensus2022,
    "inkar": inkar,
    "destatis-long": destatis_long,
    "koeln": koeln,
    "berlin-lor": berlin_lor,
    "hamburg": hamburg,
    # Never recognised by ``auto``: needs its mapping file.
    "tidy": tidy,
}
# Suffixes of files ``find_statistics_files`` looks at (workbooks only if an adapter claims them).
_SUFFIXES = (".csv", ".json", ".xlsx")
KINDS = ("auto", *ADAPTERS)


def adapter(kind: str) -> ModuleType:
    try:
        return ADAPTERS[kind]
    except KeyError:
        raise InputError(f"Unbekannte Art {kind!r}", expected="eine von " + ", ".join(KINDS)) from None


def detect(path: Path, display: str | None = None) -> str:
    """The kind of a file, recognised from its first bytes (not from its name)."""
    with open(path, "rb") as handle:
        head_bytes = handle.read(8192)
    if head_bytes.startswith(b"PK\x03\x04"):
        return _detect_workbook(path, display)
    if head_bytes.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head_bytes:
        raise InputError("Die Datei ist UTF-16-kodiert (oder binär)", file=display or path.name, row=1,
                         expected="Text in Latin-1/Windows-1252 oder UTF-8")
    try:
        head = head_bytes.decode("utf-8")
    except UnicodeDecodeError as error:
        head = head_bytes[: error.start].decode("utf-8") if error.start > len(head_bytes) - 4 else head_bytes.decode("cp1252", "replace")
    for kind, module in ADAPTERS.items():
        if module.sniff(head):
            return kind
    for module in ADAPTERS.values():
        refuse = getattr(module, "refuse", None)
        if refuse is not None:
            refuse(head, display or path.name)
    raise InputError(
        "Format nicht erkannt", file=display or path.name, row=1,
        expected="eine Tabelle der Art " + ", ".join(ADAPTERS) + " (oder KIND ausdrücklich angeben)",
    )


def _detect_workbook(path: Path, display: str | None) -> str:
    """The kind of an xlsx workbook whose adapter recognises it (``sniff_workbook``)."""
    for kind, module in ADAPTERS.items():
        sniff_workbook = getattr(module, "sniff_workbook", None)
        if sniff_workbook is not None and sniff_workbook(path):
            return kind
    raise InputError(
        "Arbeitsmappe nicht erkannt", file=display or path.name, row=1,
        expected="die Hamburger Stadtteilprofile (xlsx); eigene Tabellen mit stellwerk import tidy --mapping, "
        "Gemeindeverzeichnisse mit stellwerk import gv/kreise",
    )


def find_statistics_files(data_dir: Path) -> list[tuple[str, Path]]:
    """Every file under ``data_dir`` an adapter recognises, with its kind (sorted by path)."""
    found = []
    for path in sorted(data_dir.rglob("*")):
        if path.suffix.lower() not in _SUFFIXES or not path.is_file():
            continue
        try:
            found.append((detect(path), path))
        except InputError:
            continue
    return found

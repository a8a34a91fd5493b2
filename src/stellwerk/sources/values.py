# SPDX-License-Identifier: EUPL-1.2
"""Reading raw text safely: encodings, official symbols, German numbers, area codes, periods.

Every function raises :class:`stellwerk.errors.InputError` naming file, line
and column, so adapters stay short and their messages stay alike.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from stellwerk.errors import InputError
from stellwerk.geo.models import Level

__all__ = [
    "read_text",
    "parse_cell",
    "area_level",
    "normalise_code",
    "parse_period",
    "FLAG_SYMBOLS",
]

# Official symbols that stand for a whole cell. "-" is "nothing there" and
# keeps the value 0 (see docs/sources.md); all others carry no number.
FLAG_SYMBOLS = {"-": 0.0, ".": None, "x": None, "/": None, "...": None, "…": None}
# Symbols that may trail a number ("123p", "6,3 r").
_SUFFIX_FLAGS = ("p", "r")
_FORMULA_START = ("=", "+", "@", "\t", "\r")
_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")
_MOJIBAKE = re.compile("[ÃÂ][\u0080-\u00bf\u2018-\u203a\u20ac\u0152-\u0178]")


def read_text(path: Path, *, encoding: str = "cp1252", display: str | None = None) -> str:
    """Decode a file written in ``encoding`` (or valid UTF-8); refuse UTF-16 and mixed encodings."""
    name = display or path.name
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:4096]:
        raise InputError(
            "Die Datei ist UTF-16-kodiert (oder binär)",
            file=name,
            row=1,
            expected=f"Text in {encoding} oder UTF-8",
        )
    if not raw.strip():
        raise InputError("Die Datei ist leer", file=name, expected="eine Tabelle")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        if _UTF8_SEQUENCE.search(raw):
            # UTF-8 elsewhere in the file: this byte is the fault, not the whole encoding.
            line = raw[: utf8_error.start].count(b"\n") + 1
            column = utf8_error.start - (raw.rfind(b"\n", 0, utf8_error.start) + 1) + 1
            raise InputError(
                f"Byte 0x{raw[utf8_error.start]:02x} ist kein gültiges UTF-8, der Rest der Datei ist UTF-8 "
                "(gemischte Kodierung)",
                file=name,
                row=line,
                column=f"Zeichen {column}",
                expected="die ganze Datei in einer Kodierung (UTF-8 oder " + encoding + ")",
            ) from None
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            raise InputError(
                f"Byte 0x{raw[error.start]:02x} ist in {encoding} nicht definiert",
                file=name,
                row=line,
                expected=f"Text in {encoding}",
            ) from None
    match = _MOJIBAKE.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        raise InputError(
            f"Zeichen {match.group()!r} deuten auf gemischte Kodierung (UTF-8 als {encoding} gelesen)",
            file=name,
            row=line,
            column=f"Zeichen {column}",
            expected=f"die ganze Datei in einer Kodierung ({encoding} oder UTF-8)",
        )
    return text


def parse_cell(
    raw: str,
    *,
    file: str,
    line: int,
    column: str,
    thousands: str | None = None,
    decimal: str = ",",
    empty: str | None = None,
) -> tuple[float | None, str | None] | None:
    """Parse one cell into ``(value, flag)``; ``None`` for an empty cell when ``empty`` is None.

    ``empty`` is the flag an empty cell stands for in formats that mark
    suppression by leaving the cell blank (the BA tables).
    """
    text = raw.strip()
    if not text:
        return None if empty is None else (None, empty)
    # Fast path for the common plain integer ("123", "2,794,664" with thousands=",").
    plain = text.replace(thousands, "") if thousands else text
    if plain.isascii():
        if plain.isdigit():
            return float(plain), None
        # Second fast path, a plain decimal ("6,3", "-0.25"): what the checks below accept as well.
        head, sep, tail = plain.partition(decimal)
        if sep and tail.isdigit() and (head.isdigit() or (head[:1] == "-" and head[1:].isdigit())):
            return float(f"{head}.{tail}"), None
    if text.startswith(_FORMULA_START):
        raise InputError(
            f"Der Wert {text[:40]!r} sieht wie eine Tabellenformel aus und wird nicht übernommen",
            file=file,
            row=line,
            column=column,
            expected="eine Zahl oder ein amtliches Zeichen (-, ., x, /, ...)",
        )
    if text in FLAG_SYMBOLS:
        return FLAG_SYMBOLS[text], ("..." if text == "…" else text)
    flag = None
    if text[-1] in _SUFFIX_FLAGS and len(text) > 1:
        flag = text[-1]
        text = text[:-1].rstrip()
    if thousands:
        text = text.replace(thousands, "")
    if decimal != ".":
        if "." in text and thousands != ".":
            text = "\0"  # "1.5" in a comma-decimal table is a layout error
        text = text.replace(decimal, ".")
    if not _NUMBER.match(text):
        raise InputError(
            f"{raw.strip()[:40]!r} ist keine Zahl",
            file=file,
            row=line,
            column=column,
            expected="eine Zahl oder ein amtliches Zeichen (-, ., x, /, ...)",
        )
    return float(text), flag


def area_level(code: str) -> str:
    """The level an official code denotes (after :func:`normalise_code`)."""
    if code == "DG":
        return Level.BUND
    return {2: Level.LAND, 3: Level.REGIERUNGSBEZIRK, 5: Level.KREIS, 8: Level.GEMEINDE, 12: Level.GEMEINDE}.get(
        len(code), "unbekannt"
    )


def normalise_code(raw: str) -> str:
    """Restore leading zeros lost in spreadsheet exports: ``1`` → ``01``, ``51`` → ``051``, ``1001`` → ``01001``.

    Two-digit numbers up to 16 are Länder; larger ones and three digits are
    Regierungsbezirke (``51`` is Düsseldorf, ``051``).
    """
    code = raw.strip()
    if code in ("DG", "") or not code.isdigit():
        return code
    n = len(code)
    if n == 1:
        return code.zfill(2)
    if n == 2:
        return code if int(code) <= 16 else code.zfill(3)
    if n == 4:
        return code.zfill(5)
    if n == 7:
        return code.zfill(8)
    if n == 11:
        return code.zfill(12)
    return code


_DATE = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_period(raw: str) -> tuple[str, int, dt.date | None] | None:
    """``"31.12.2011"``/``"2011-12-31"`` → ``("2011-12-31", 2011, date)``, ``"2011"`` → ``("2011", 2011, None)``."""
    text = raw.strip()
    if re.fullmatch(r"\d{4}", text):
        return text, int(text), None
    match = _DATE.match(text) or _ISO.match(text)
    if not match:
        return None
    if _DATE.match(text):
        day, month, year = (int(g) for g in match.groups())
    else:
        year, month, day = (int(g) for g in match.groups())
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    return date.isoformat(), year, date

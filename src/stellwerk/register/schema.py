# SPDX-License-Identifier: EUPL-1.2
"""The input schema of a register extract and how it is read (CSV or Parquet).

Every column is read as text; an empty cell means "unknown" (or "none" where
the schema says so, as for ``immigration_year``). Nothing is invented here:
conversion to numbers happens in :mod:`stellwerk.register.validate`.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from stellwerk.errors import InputError

__all__ = [
    "COLUMNS",
    "REQUIRED",
    "OPTIONAL",
    "SEX_CODES",
    "GERMAN_BY_CODES",
    "GERMAN",
    "country_codes",
    "real_country_codes",
    "read_extract",
    "write_frame",
]

#: Column → meaning (German), in the order of the documented schema.
COLUMNS: dict[str, str] = {
    "person_id": "Personenkennung (eindeutig im Auszug)",
    "household_id": "Haushaltskennung",
    "birth_year": "Geburtsjahr (vierstellig)",
    "sex": "Geschlecht: m, w, d",
    "area": "Kleinräumige Gliederung (Stadtteil-, Planungsraumschlüssel)",
    "citizenship_1": "Erste Staatsangehörigkeit (ISO 3166-1 alpha-3, DEU für deutsch)",
    "citizenship_2": "Zweite Staatsangehörigkeit (ISO 3166-1 alpha-3)",
    "german_by": "Art der deutschen Staatsangehörigkeit: birth, naturalisation, aussiedler, option",
    "birth_country": "Geburtsland (ISO 3166-1 alpha-3)",
    "immigration_year": "Jahr des Zuzugs aus dem Ausland (leer: kein Zuzug)",
    "origin_of_move_in": "Zuzugsherkunft (Staat, ISO 3166-1 alpha-3)",
    "mother_id": "Personenkennung der Mutter (optional)",
    "father_id": "Personenkennung des Vaters (optional)",
}
OPTIONAL: tuple[str, ...] = ("mother_id", "father_id")
REQUIRED: tuple[str, ...] = tuple(c for c in COLUMNS if c not in OPTIONAL)

SEX_CODES: tuple[str, ...] = ("m", "w", "d")
GERMAN_BY_CODES: tuple[str, ...] = ("birth", "naturalisation", "aussiedler", "option")
GERMAN = "DEU"


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    text = resources.files("stellwerk.register").joinpath("countries.csv").read_text(encoding="utf-8")
    return {row["alpha_3"]: row["kind"] for row in csv.DictReader(text.splitlines())}


def country_codes() -> frozenset[str]:
    """Every accepted code: ISO 3166-1 alpha-3, withdrawn codes (SUN, YUG …) and XXA/XXB/XXC/XXX."""
    return frozenset(_countries())


def real_country_codes() -> frozenset[str]:
    """Codes that name a state (current or historical); XXA … XXX are not a Bezugsland."""
    return frozenset(code for code, kind in _countries().items() if kind != "special")


def read_extract(path: Path) -> pd.DataFrame:
    """Read a register extract as text columns; a missing required column is an InputError."""
    path = Path(path)
    if not path.is_file():
        raise InputError("Datei nicht gefunden", file=path.name)
    if path.suffix.lower() in (".parquet", ".pq"):
        try:
            frame = pd.read_parquet(path)
        except Exception as error:  # pyarrow raises several types for broken files
            raise InputError(f"Parquet-Datei nicht lesbar: {error}", file=path.name) from error
        frame = frame.astype("string")
    else:
        try:
            frame = pd.read_csv(path, dtype="string", keep_default_na=False, encoding="utf-8")
        except UnicodeDecodeError as error:
            raise InputError(
                "Datei ist nicht UTF-8-kodiert", file=path.name, expected="UTF-8 mit Kopfzeile"
            ) from error
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
            raise InputError(f"CSV nicht lesbar: {error}", file=path.name) from error
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise InputError(
            "Pflichtspalten fehlen: " + ", ".join(missing),
            file=path.name,
            row=1,
            expected="Spalten " + ", ".join(REQUIRED),
        )
    for column in OPTIONAL:
        if column not in frame.columns:
            frame[column] = ""
    frame = frame[list(COLUMNS) + [c for c in frame.columns if c not in COLUMNS]]
    for column in COLUMNS:
        frame[column] = frame[column].fillna("").str.strip()
    return frame.reset_index(drop=True)


def write_frame(frame: pd.DataFrame, path: Path) -> None:
    """Write a frame as CSV or, for ``.parquet``, as Parquet."""
    path = Path(path)
    if path.suffix.lower() in (".parquet", ".pq"):
        frame.to_parquet(path, index=False)
    else:
        frame.to_csv(path, index=False, encoding="utf-8")

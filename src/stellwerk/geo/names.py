# SPDX-License-Identifier: EUPL-1.2
"""Names, keys and official type labels of areas.

``name_key`` folds a name for search: lower case, umlauts written out
(``Köln`` and ``Koeln`` give the same key), ß → ss, qualifiers after the
first comma (``, Stadt``, ``, Landeshauptstadt``) and leading words such as
``Landkreis`` dropped.
"""
from __future__ import annotations

import re
import unicodedata

__all__ = [
    "LAENDER",
    "EAST_LAENDER",
    "KREIS_TYPES",
    "GEMEINDEVERBAND_TYPES",
    "GEMEINDE_TYPES",
    "KREISFREI_TYPES",
    "fold",
    "name_key",
    "clean_name",
]

# The 16 Länder by their two-digit key.
LAENDER: dict[str, str] = {
    "01": "Schleswig-Holstein",
    "02": "Hamburg",
    "03": "Niedersachsen",
    "04": "Bremen",
    "05": "Nordrhein-Westfalen",
    "06": "Hessen",
    "07": "Rheinland-Pfalz",
    "08": "Baden-Württemberg",
    "09": "Bayern",
    "10": "Saarland",
    "11": "Berlin",
    "12": "Brandenburg",
    "13": "Mecklenburg-Vorpommern",
    "14": "Sachsen",
    "15": "Sachsen-Anhalt",
    "16": "Thüringen",
}
# Ost = the five "neue Länder"; Berlin counts as West (see docs/geo.md).
EAST_LAENDER: frozenset[str] = frozenset({"12", "13", "14", "15", "16"})

# Textkennzeichen of the GV-ISys (Gemeindeverzeichnis, Erläuterungen to Satzart 40–60).
KREIS_TYPES: dict[str, str] = {
    "41": "kreisfreie Stadt",
    "42": "Stadtkreis",
    "43": "Kreis",
    "44": "Landkreis",
    "45": "Regionalverband",
}
GEMEINDEVERBAND_TYPES: dict[str, str] = {
    "50": "verbandsfreie Gemeinde",
    "51": "Amt",
    "52": "Samtgemeinde",
    "53": "Verbandsgemeinde",
    "54": "Verwaltungsgemeinschaft",
    "55": "Kirchspielslandgemeinde",
    "56": "Verwaltungsverband",
    "57": "Verwaltungsgemeinschaft (Trägermodell)",
    "58": "erfüllende Gemeinde",
}
GEMEINDE_TYPES: dict[str, str] = {
    "60": "Markt",
    "61": "kreisfreie Stadt",
    "62": "Stadtkreis",
    "63": "Stadt",
    "64": "kreisangehörige Gemeinde",
    "65": "gemeindefreies Gebiet, bewohnt",
    "66": "gemeindefreies Gebiet, unbewohnt",
    "67": "große Kreisstadt",
}
# Types of a Kreis (and of its one Gemeinde) that is a city on its own.
KREISFREI_TYPES: frozenset[str] = frozenset({"kreisfreie Stadt", "Stadtkreis"})

_REPLACEMENTS = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss"}
_PREFIXES = (
    "kreisfreie stadt ",
    "landkreis ",
    "stadtkreis ",
    "kreis ",
    "regionalverband ",
    "städteregion ",
    "staedteregion ",
)
_FOOTNOTE = re.compile(r"(?<=[^\s\d(])\d{1,2}\)$")
_SPACES = re.compile(r"[\s\-–/().]+")


def clean_name(name: str) -> str:
    """Strip footnote markers (``Kerken4)``) and surrounding blanks from a register name."""
    return _FOOTNOTE.sub("", name.strip()).strip()


def fold(text: str) -> str:
    """Lower case with umlauts written out and other accents removed."""
    text = text.strip().lower()
    for char, replacement in _REPLACEMENTS.items():
        text = text.replace(char, replacement)
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", text).strip()


def name_key(name: str) -> str:
    """Search key of a name: folded, qualifiers after a comma and type words dropped."""
    text = name.split(",", 1)[0].lower().strip()
    changed = True
    while changed:
        changed = False
        for prefix in _PREFIXES:
            if text.startswith(prefix) and len(text) > len(prefix):
                text = text[len(prefix):]
                changed = True
    return fold(text)

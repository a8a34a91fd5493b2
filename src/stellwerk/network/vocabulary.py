# SPDX-License-Identifier: EUPL-1.2
"""Fixed vocabularies of the network module (ids stored, German labels shown).

Actor types and Handlungsfelder are content (see :mod:`.content`); the
categories here are part of the analysis definitions, so they live in code.
"""
from __future__ import annotations

__all__ = [
    "SECTORS",
    "STATE_SECTORS",
    "NON_STATE_SECTORS",
    "BODY_FORMATS",
    "LEVELS",
    "ORIENTATIONS",
    "ROLES",
    "TIE_KINDS",
    "INTENSITIES",
    "derived_tie_kind",
    "label_or_id",
]

SECTORS: dict[str, str] = {
    "verwaltung": "Verwaltung",
    "politik": "Politik",
    "zivilgesellschaft": "Zivilgesellschaft",
    "migrantenorganisation": "Migrantenorganisation",
    "wirtschaft": "Wirtschaft",
    "land_bund": "Land/Bund",
}
# Local state actors; Land/Bund is state too but sits on another level.
STATE_SECTORS = frozenset({"verwaltung", "politik"})
NON_STATE_SECTORS = frozenset({"zivilgesellschaft", "migrantenorganisation", "wirtschaft"})
_ALL_STATE = STATE_SECTORS | {"land_bund"}

BODY_FORMATS: dict[str, str] = {
    "runder_tisch": "Runder Tisch",
    "arbeitskreis": "Arbeitskreis",
    "lenkungsgruppe": "Lenkungsgruppe",
    "integrationsbeirat": "Integrationsbeirat",
    "netzwerktreffen": "Netzwerktreffen",
    "koordinierungskreis": "Koordinierungskreis",
    "sonstiges": "Sonstiges Gremium",
}

LEVELS: dict[str, str] = {
    "steuerung": "Steuerungsebene",
    "fach": "Fachebene",
    "arbeit": "Arbeitsebene",
}

ORIENTATIONS: dict[str, str] = {
    "thematisch": "thematisch",
    "zielgruppe": "zielgruppenbezogen",
}

ROLES: dict[str, str] = {
    "vorsitz": "Vorsitz",
    "geschaeftsfuehrung": "Geschäftsführung",
    "mitglied": "Mitglied",
    "beratend": "beratendes Mitglied",
    "gast": "Gast",
}

TIE_KINDS: dict[str, str] = {
    "horizontal": "horizontal (innerhalb einer Ebene)",
    "vertikal": "vertikal (zwischen Ebenen)",
    "intersektoral": "intersektoral (Verwaltung – Zivilgesellschaft)",
}

INTENSITIES: dict[int, str] = {1: "gelegentlich", 2: "regelmäßig", 3: "eng"}


def derived_tie_kind(sector_a: str, sector_b: str) -> str:
    """The kind of a tie implied by the sectors of its two ends (docs/network.md)."""
    a_state, b_state = sector_a in _ALL_STATE, sector_b in _ALL_STATE
    if (a_state and sector_b in NON_STATE_SECTORS) or (b_state and sector_a in NON_STATE_SECTORS):
        return "intersektoral"
    if (sector_a == "land_bund" and sector_b in STATE_SECTORS) or (sector_b == "land_bund" and sector_a in STATE_SECTORS):
        return "vertikal"
    return "horizontal"


def label_or_id(vocabulary: dict, key: object) -> str:
    """The German label of a key, or the key itself where it is unknown."""
    return str(vocabulary.get(key, key)) if key is not None else "–"

# SPDX-License-Identifier: EUPL-1.2
"""German messages for schema violations, naming the field as users know it.

pydantic reports in English (``String should have at least 20 characters``);
imports and the browser form both show these German sentences instead.
"""
from __future__ import annotations

from typing import Any

__all__ = ["FIELD_LABELS", "field_label", "german_message"]

# Field of a practice entry → label in the form and in messages.
FIELD_LABELS = {
    "id": "Kennung",
    "title": "Titel",
    "field": "Feld",
    "sub_topic": "Unterthema",
    "handlungsfelder": "Handlungsfelder",
    "municipalities": "Kommunen",
    "summary": "Zusammenfassung",
    "problem": "Ausgangslage",
    "approach": "Vorgehen",
    "partners": "Partner",
    "resources": "Ressourcen",
    "period": "Zeitraum",
    "results": "Ergebnisse",
    "source": "Quelle",
    "source_type": "Quellenart",
    "evidence": "Evidenz",
    "related": "Verweise",
    "name": "Name",
    "description": "Beschreibung",
    "ags": "AGS",
    "land": "Land",
    "gemeindetyp": "Gemeindetyp",
    "fallstudie": "Fallstudie",
}


def field_label(loc: tuple[Any, ...]) -> str:
    """``("municipalities", 0, "land")`` → ``Kommunen 1: Land``."""
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts[-1:] = [f"{parts[-1]} {part + 1}"] if parts else [f"Nr. {part + 1}"]
        else:
            parts.append(FIELD_LABELS.get(str(part), str(part)))
    return ": ".join(parts) or "Eintrag"


def german_message(item: dict[str, Any]) -> str:
    """One pydantic error item as a German sentence (without the field name)."""
    kind = item.get("type", "")
    ctx = item.get("ctx") or {}
    if kind == "missing":
        return "fehlt (Pflichtfeld)"
    if kind == "string_too_short":
        return f"zu kurz, mindestens {ctx.get('min_length')} Zeichen"
    if kind == "string_too_long":
        return f"zu lang, höchstens {ctx.get('max_length')} Zeichen"
    if kind == "string_pattern_mismatch":
        if item.get("loc", ())[-1:] == ("id",):
            return "nur Kleinbuchstaben, Ziffern und Bindestriche, 3 bis 120 Zeichen"
        if item.get("loc", ())[-1:] == ("ags",):
            return "5 oder 8 Ziffern"
        return "hat nicht die erwartete Form"
    if kind == "literal_error":
        allowed = str(ctx.get("expected", "")).replace("'", "").replace(" or ", " oder ")
        return f"unbekannter Wert; erlaubt: {allowed}"
    if kind == "extra_forbidden":
        return "ist kein bekanntes Feld"
    if kind in ("string_type", "list_type", "dict_type", "model_type", "bool_type", "int_type", "int_parsing"):
        expected = {"string_type": "Text", "list_type": "eine Liste", "dict_type": "ein Objekt mit Feldern",
                    "model_type": "ein Objekt mit Feldern", "bool_type": "ja/nein",
                    "int_type": "eine ganze Zahl", "int_parsing": "eine ganze Zahl"}[kind]
        return f"falscher Typ, erwartet: {expected}"
    if kind == "value_error":
        # Our own validators already speak German; pydantic prefixes "Value error, ".
        return str(item.get("msg", "")).removeprefix("Value error, ")
    return str(item.get("msg", "ungültig"))

# SPDX-License-Identifier: EUPL-1.2
"""The Excel list of a network: sheets, columns, cell parsing and the template.

One workbook, four sheets (Akteure, Gremien, Mitgliedschaften, Beziehungen),
header in row 1. Cells accept ids or German labels; dates as Excel dates,
``TT.MM.JJJJ``, ``JJJJ-MM-TT`` or a bare year. Parsing errors name sheet,
row and column (set by the importer).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from stellwerk.errors import InputError
from stellwerk.network.content import actor_types, handlungsfelder
from stellwerk.network.vocabulary import BODY_FORMATS, INTENSITIES, LEVELS, ORIENTATIONS, ROLES, SECTORS, TIE_KINDS

__all__ = ["Column", "SHEETS", "write_template", "parse_text", "parse_date", "parse_bool", "parse_choice",
           "parse_handlungsfelder", "parse_intensity"]


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    kind: str  # text | date_from | date_to | bool | choice:<vocab> | hf | intensity
    required: bool = False
    example: Any = None


SHEETS: dict[str, tuple[Column, ...]] = {
    "Akteure": (
        Column("Name", "name", "text", True, "Integrationsbüro Musterstadt"),
        Column("Typ", "actor_type", "choice:actor_type", True, "Integrationsbeauftragte / Integrationsbüro"),
        Column("Sektor", "sector", "choice:sector", False, "Verwaltung"),
        Column("Handlungsfelder", "handlungsfelder", "hf", False, "Sprache; Arbeit und Beschäftigung"),
        Column("Kontaktfunktion", "contact_function", "text", False, "Leitung Integrationsbüro"),
        Column("Kontaktname", "contact_name", "text"),
        Column("Kontakt-E-Mail", "contact_email", "text"),
        Column("Einwilligung", "contact_consent", "bool", False, "nein"),
        Column("Aktiv seit", "active_from", "date_from", False, "2008"),
        Column("Aktiv bis", "active_to", "date_to"),
        Column("Veröffentlicht", "published", "bool", False, "ja"),
        Column("Notizen", "notes", "text"),
    ),
    "Gremien": (
        Column("Name", "name", "text", True, "Runder Tisch Integration"),
        Column("Format", "body_format", "choice:body_format", True, "Runder Tisch"),
        Column("Ebene", "level", "choice:level", True, "Fachebene"),
        Column("Ausrichtung", "orientation", "choice:orientation", False, "thematisch"),
        Column("Zielgruppe", "target_group", "text"),
        Column("Dauerhaft", "permanent", "bool", False, "ja"),
        Column("Ressortübergreifend", "cross_cutting", "bool", False, "nein"),
        Column("Gegründet", "founded", "date_from", False, "01.03.2012"),
        Column("Aufgelöst", "dissolved", "date_to"),
        Column("Handlungsfelder", "handlungsfelder", "hf", False, "teilhabe"),
        Column("Veröffentlicht", "published", "bool", False, "ja"),
        Column("Notizen", "notes", "text"),
    ),
    "Mitgliedschaften": (
        Column("Gremium", "body", "text", True, "Runder Tisch Integration"),
        Column("Akteur", "actor", "text", True, "Integrationsbüro Musterstadt"),
        Column("Akteurstyp", "actor_type", "choice:actor_type", False),
        Column("Rolle", "role", "choice:role", False, "Geschäftsführung"),
        Column("Von", "valid_from", "date_from", False, "01.03.2012"),
        Column("Bis", "valid_to", "date_to"),
    ),
    "Beziehungen": (
        Column("Akteur A", "source", "text", True, "Integrationsbüro Musterstadt"),
        Column("Akteur B", "target", "text", True, "Jobcenter Musterstadt"),
        Column("Art", "kind", "choice:tie_kind", False, "horizontal"),
        Column("Intensität", "intensity", "intensity", False, 2),
        Column("Formell", "formal", "bool", False, "ja"),
        Column("Von", "valid_from", "date_from", False, "2016"),
        Column("Bis", "valid_to", "date_to"),
        Column("Veröffentlicht", "published", "bool", False, "ja"),
        Column("Notizen", "notes", "text", False, "Kooperationsvereinbarung"),
    ),
}

_TRUE = {"ja", "j", "x", "wahr", "true", "1", "yes"}
_FALSE = {"nein", "n", "falsch", "false", "0", "no", ""}
_FORMULA = re.compile(r"^\s*[=+@]")


def _vocabularies() -> dict[str, dict[str, str]]:
    return {
        "actor_type": {k: v.label for k, v in actor_types().items()},
        "sector": SECTORS,
        "body_format": BODY_FORMATS,
        "level": LEVELS,
        "orientation": ORIENTATIONS,
        "role": ROLES,
        "tie_kind": {k: k for k in TIE_KINDS},
    }


def parse_text(value: Any) -> str | None:
    """A trimmed string or None; formulas (leading =, +, @) are refused."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if _FORMULA.match(text):
        raise InputError("Formeln und Befehle sind in Zellen nicht erlaubt", expected="reiner Text ohne führendes =, + oder @")
    return text or None


def parse_date(value: Any, end: bool = False) -> dt.date | None:
    """An Excel date, TT.MM.JJJJ, JJJJ-MM-TT or a year (1.1. as start, 31.12. as end)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(int(value)) if isinstance(value, (int, float)) else str(value).strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            year = int(text)
            return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
        if re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", text):
            day, month, year = (int(p) for p in text.split("."))
            return dt.date(year, month, day)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise InputError(f"Kein gültiges Datum: {text!r}", expected="TT.MM.JJJJ, JJJJ-MM-TT oder eine Jahreszahl")


def parse_bool(value: Any, default: bool = False) -> bool:
    """ja/nein (also x, wahr/falsch, 1/0); empty gives the default."""
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    if text == "":
        return default
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise InputError(f"Kein Ja/Nein-Wert: {value!r}", expected="ja oder nein")


def parse_choice(value: Any, vocabulary: dict[str, str], what: str) -> str | None:
    """An id of a vocabulary, given as id or German label (case-insensitive)."""
    text = parse_text(value)
    if text is None:
        return None
    folded = text.casefold()
    for key, label in vocabulary.items():
        if folded in (str(key).casefold(), str(label).casefold()):
            return key
    raise InputError(
        f"Unbekannte Angabe {text!r} für {what}",
        expected=", ".join(str(label) for label in vocabulary.values()),
    )


def parse_handlungsfelder(value: Any) -> list[str]:
    """Handlungsfelder separated by ';' (or ','), each as id or label."""
    text = parse_text(value)
    if not text:
        return []
    known = {k: v.label for k, v in handlungsfelder().items()}
    parts = [p.strip() for p in re.split(r"[;,\n]", text) if p.strip()]
    return [parse_choice(p, known, "Handlungsfeld") for p in parts]  # type: ignore[misc]


def parse_intensity(value: Any) -> int:
    """1–3 or gelegentlich/regelmäßig/eng; empty means 2 (regelmäßig)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return 2
    if isinstance(value, (int, float)) and float(value).is_integer() and int(value) in INTENSITIES:
        return int(value)
    text = str(value).strip().casefold()
    for key, label in INTENSITIES.items():
        if text in (str(key), label):
            return key
    raise InputError(f"Ungültige Intensität {value!r}", expected="1 (gelegentlich), 2 (regelmäßig) oder 3 (eng)")


def parse_cell(column: Column, value: Any) -> Any:
    """Parse one cell according to its column; errors carry the column header."""
    try:
        if column.kind == "text":
            return parse_text(value)
        if column.kind in ("date_from", "date_to"):
            return parse_date(value, end=column.kind == "date_to")
        if column.kind == "bool":
            return parse_bool(value, default=column.key == "permanent")
        if column.kind.startswith("choice:"):
            return parse_choice(value, _vocabularies()[column.kind.split(":", 1)[1]], column.header)
        if column.kind == "hf":
            return parse_handlungsfelder(value)
        if column.kind == "intensity":
            return parse_intensity(value)
    except InputError as error:
        error.column = column.header
        raise
    raise ValueError(f"unknown column kind {column.kind}")


def write_template(path: Path) -> Path:
    """Write an empty import workbook with one fictional example row per sheet and a sheet of allowed values."""
    wb = Workbook()
    wb.remove(wb.active)
    lists = wb.create_sheet("Listen")
    vocab = _vocabularies()
    columns = {
        "Akteurstypen": [t.label for t in actor_types().values()],
        "Sektoren": list(SECTORS.values()),
        "Gremienformen": list(BODY_FORMATS.values()),
        "Ebenen": list(LEVELS.values()),
        "Ausrichtungen": list(ORIENTATIONS.values()),
        "Rollen": list(ROLES.values()),
        "Beziehungsarten": list(vocab["tie_kind"].values()),
        "Handlungsfelder": [h.label for h in handlungsfelder().values()],
        "Handlungsfeld-Ids": list(handlungsfelder()),
    }
    ranges = {}
    for index, (title, values) in enumerate(columns.items(), start=1):
        letter = lists.cell(row=1, column=index).column_letter
        lists.cell(row=1, column=index, value=title).font = Font(bold=True)
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=index, value=value)
        ranges[title] = f"Listen!${letter}$2:${letter}${len(values) + 1}"
        lists.column_dimensions[letter].width = 34
    validation_for = {
        "choice:actor_type": "Akteurstypen", "choice:sector": "Sektoren", "choice:body_format": "Gremienformen",
        "choice:level": "Ebenen", "choice:orientation": "Ausrichtungen", "choice:role": "Rollen",
        "choice:tie_kind": "Beziehungsarten",
    }
    for sheet_name, cols in SHEETS.items():
        ws = wb.create_sheet(sheet_name, index=len(wb.sheetnames) - 1)
        for index, column in enumerate(cols, start=1):
            cell = ws.cell(row=1, column=index, value=column.header + (" *" if column.required else ""))
            cell.font = Font(bold=True)
            ws.cell(row=2, column=index, value=column.example)
            ws.column_dimensions[cell.column_letter].width = max(14, len(column.header) + 4)
            if column.kind in validation_for:
                dv = DataValidation(type="list", formula1=f"={ranges[validation_for[column.kind]]}", allow_blank=True)
                dv.add(f"{cell.column_letter}2:{cell.column_letter}1000")
                ws.add_data_validation(dv)
        ws.freeze_panes = "A2"
    notes = wb.create_sheet("Hinweise", index=0)
    for row, text in enumerate((
        "Vorlage für den Import eines Akteursnetzwerks in Stellwerk (stellwerk import network DATEI --tenant KURZNAME).",
        "Spalten mit * sind Pflicht. Zeile 2 jedes Blatts ist ein fiktives Beispiel – ersetzen oder löschen.",
        "Auswahlwerte (Typ, Sektor, Format, Ebene, Rolle, Art) als Bezeichnung oder Id; erlaubte Werte im Blatt 'Listen'.",
        "Handlungsfelder mit Semikolon trennen, z. B. 'Sprache; Arbeit und Beschäftigung'.",
        "Datum als TT.MM.JJJJ oder Jahreszahl (Von = 1. Januar, Bis = 31. Dezember). Leer = offen.",
        "Kontaktname und Kontakt-E-Mail nur mit Einwilligung der Person (Spalte Einwilligung = ja); sonst nur die Funktion.",
        "Mitgliedschaften müssen in der Lebenszeit des Gremiums liegen (Gegründet bis Aufgelöst).",
        "Ein Akteur mit gleichem Namen und Typ darf nur einmal vorkommen; ein erneuter Import aktualisiert ihn.",
    ), start=1):
        notes.cell(row=row, column=1, value=text)
    notes.column_dimensions["A"].width = 120
    wb.save(path)
    return path

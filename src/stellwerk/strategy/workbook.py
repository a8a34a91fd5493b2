# SPDX-License-Identifier: EUPL-1.2
"""The concept as an Excel workbook: export, edit in Excel, re-import with validation.

One sheet per kind of row; lists inside a cell are one item per line. Every
cell is written as a value, never as a formula (text starting with ``=`` stays
text). Re-importing into a concept only accepts the ids it has; rows with an
empty id are new and get the next free id.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from sqlalchemy.orm import Session

from stellwerk.errors import InputError
from stellwerk.network.lookup import actors_by_id
from stellwerk.strategy.concepts import next_key
from stellwerk.strategy.models import Concept
from stellwerk.strategy.partners import check_partners
from stellwerk.strategy.schema import ConceptDoc, parse_document
from stellwerk.strategy.store import to_document

__all__ = ["SHEETS", "write_workbook", "read_workbook"]

# sheet → [(header, document key)]
SHEETS: dict[str, list[tuple[str, str]]] = {
    "Konzept": [("Feld", "feld"), ("Wert", "wert")],
    "Leitlinien": [("Leitlinie", "text")],
    "Handlungsfelder": [("Handlungsfeld", "id"), ("Lokale Bezeichnung", "label")],
    "Ziele": [("ID", "id"), ("Handlungsfeld", "handlungsfeld"), ("Text", "text")],
    "Indikatoren": [("Ziel-ID", "ziel"), ("Indikator", "indikator"), ("Gebiet", "gebiet"), ("Basisjahr", "basisjahr"),
                    ("Basiswert", "basiswert"), ("Zielwert", "zielwert"), ("Zieljahr", "zieljahr"),
                    ("Richtung", "richtung")],
    "Maßnahmen": [("ID", "id"), ("Titel", "titel"), ("Beschreibung", "beschreibung"),
                  ("Handlungsfelder", "handlungsfelder"), ("Ziele", "ziele"), ("Verantwortlich", "verantwortlich"),
                  ("Partner", "partner"), ("Zielgruppen", "zielgruppen"), ("Beginn", "beginn"), ("Ende", "ende"),
                  ("Budget", "budget"), ("Förderquelle", "foerderquelle"), ("Förderung bis", "foerderung_bis"),
                  ("Status", "status")],
    "Meilensteine": [("Maßnahme-ID", "massnahme"), ("Titel", "titel"), ("Fällig", "faellig"), ("Erledigt", "erledigt")],
    "Berichte": [("Maßnahme-ID", "massnahme"), ("Zeitraum", "zeitraum"), ("Status", "status"), ("Text", "text"),
                 ("Erfasst von", "erfasst_von"), ("Erfasst am", "erfasst_am")],
    "Evaluationen": [("ID", "id"), ("Titel", "titel"), ("Art", "art"), ("Methode", "methode"),
                     ("Ergebnisse", "ergebnisse"), ("Empfehlungen", "empfehlungen"), ("Maßnahmen", "massnahmen"),
                     ("Datum", "datum")],
}
META_FIELDS = [("Titel", "titel"), ("Gebiet", "gebiet"), ("Zeitraum von", "zeitraum_von"),
               ("Zeitraum bis", "zeitraum_bis"), ("Status", "status"), ("Version", "version"),
               ("Beschlossen am", "beschlossen_am"), ("Ratsbeschluss", "ratsbeschluss"), ("Leitbild", "leitbild"),
               ("Bestandsaufnahme", "bestandsaufnahme"), ("Beteiligung", "beteiligung"), ("Monitoring", "monitoring")]
LIST_KEYS = {"handlungsfelder", "ziele", "zielgruppen", "massnahmen"}
PARTNER = re.compile(r"^(.*?)\s*\[Akteur\s*(\d+)\]$")


def _cell_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, list):
        return "\n".join(value) if value else None
    if value == "":
        return None
    return value


def _put_row(sheet, values: list[Any]) -> None:
    sheet.append([_cell_value(v) for v in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"  # text such as "=1+1" stays text, never a formula


def write_workbook(concept: Concept) -> bytes:
    """The concept as an .xlsx file."""
    doc = to_document(concept)
    book = Workbook()
    book.remove(book.active)
    sheets = {}
    for name, columns in SHEETS.items():
        sheet = book.create_sheet(name)
        sheet.append([header for header, _ in columns])
        for n, _ in enumerate(columns, 1):
            sheet.column_dimensions[get_column_letter(n)].width = 24
        sheets[name] = sheet
    meta = doc["konzept"]
    for label, key in META_FIELDS:
        _put_row(sheets["Konzept"], [label, meta[key]])
    for text in meta["leitlinien"]:
        _put_row(sheets["Leitlinien"], [text])
    for key, label in meta["handlungsfelder"].items():
        _put_row(sheets["Handlungsfelder"], [key, label])
    for goal in doc["ziele"]:
        _put_row(sheets["Ziele"], [goal["id"], goal["handlungsfeld"], goal["text"]])
        for link in goal["indikatoren"]:
            _put_row(sheets["Indikatoren"], [goal["id"], *(link[k] for _, k in SHEETS["Indikatoren"][1:])])
    for m in doc["massnahmen"]:
        partners = [p["name"] + (f" [Akteur {p['akteur_id']}]" if p.get("akteur_id") is not None else "")
                    for p in m["partner"]]
        row = {**m, "partner": partners}
        _put_row(sheets["Maßnahmen"], [row[k] for _, k in SHEETS["Maßnahmen"]])
        for ms in m["meilensteine"]:
            _put_row(sheets["Meilensteine"], [m["id"], ms["titel"], ms["faellig"], ms["erledigt"]])
        for r in m["berichte"]:
            _put_row(sheets["Berichte"], [m["id"], *(r[k] for _, k in SHEETS["Berichte"][1:])])
    for e in doc["evaluationen"]:
        _put_row(sheets["Evaluationen"], [e[k] for _, k in SHEETS["Evaluationen"]])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, str):
        return value.strip()
    return value


def _rows(book, name: str, file: str) -> list[tuple[int, dict[str, Any]]]:
    if name not in book.sheetnames:
        raise InputError(f"Das Blatt {name!r} fehlt.", file=file, sheet=name, expected=", ".join(SHEETS))
    sheet = book[name]
    header = [(_plain(c.value) or "") for c in next(sheet.iter_rows(min_row=1, max_row=1))]
    columns = SHEETS[name]
    positions = {}
    for label, key in columns:
        if label not in header:
            raise InputError(f"Die Spalte {label!r} fehlt.", file=file, sheet=name, row=1, column=label,
                             expected=", ".join(h for h, _ in columns))
        positions[key] = header.index(label)
    out = []
    for number, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), 2):
        values = {key: _plain(row[i]) if i < len(row) else None for key, i in positions.items()}
        if all(v in (None, "") for v in values.values()):
            continue
        out.append((number, values))
    return out


def _letter(book, name: str, label: str) -> str:
    """The column letter of a header in the sheet's first row."""
    header = [(_plain(c.value) or "") for c in next(book[name].iter_rows(min_row=1, max_row=1))]
    return get_column_letter(header.index(label) + 1)


def _split(value: Any) -> list[str]:
    if value in (None, ""):
        return []
    return [part.strip() for part in str(value).splitlines() if part.strip()]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _bool(value: Any, file: str, sheet: str, row: int, column: str) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in ("ja", "x", "1", "true", "wahr"):
        return True
    if text in ("", "nein", "0", "false", "falsch"):
        return False
    raise InputError(f"{text!r} ist kein Ja/Nein.", file=file, sheet=sheet, row=row, column=column,
                     expected="ja oder nein")


class _Ids:
    """Checks ids of one sheet against the concept being updated; fills empty ids of new rows."""

    def __init__(self, existing: list[str] | None, prefix: str, file: str, sheet: str) -> None:
        self.existing, self.prefix, self.file, self.sheet = existing, prefix, file, sheet
        self.used: list[str] = []

    def take(self, value: Any, row: int, column: str = "A") -> str:
        key = _text(value)
        if not key:
            key = next_key(self.prefix, [*(self.existing or []), *self.used])
        elif self.existing is not None and key not in self.existing:
            raise InputError(f"Die ID {key!r} gibt es in diesem Konzept nicht – wurde sie geändert? "
                             "Neue Zeilen bekommen eine leere ID.", file=self.file, sheet=self.sheet, row=row,
                             column=f"{column} (ID)", expected=", ".join(self.existing) or "leere ID")
        self.used.append(key)
        return key


def read_workbook(data: bytes, file: str = "konzept.xlsx", concept: Concept | None = None, *,
                  session: Session | None = None, tenant_id: int | None = None) -> ConceptDoc:
    """Parse and validate a workbook; with ``concept``, ids must be those of that concept.

    With ``session`` and ``tenant_id`` a partner's ``[Akteur N]`` must be an actor of
    that tenant's network (the message names the cell); ``[Akteur N]`` without a
    name takes the actor's name.
    """
    try:
        book = load_workbook(io.BytesIO(data), data_only=True, read_only=False)
    except Exception as error:  # openpyxl raises many types for broken files
        raise InputError("Die Datei ist keine lesbare Excel-Arbeitsmappe (.xlsx).", file=file) from error
    old = to_document(concept) if concept is not None else None
    meta: dict[str, Any] = {}
    labels = {label: key for label, key in META_FIELDS}
    for row, values in _rows(book, "Konzept", file):
        field = _text(values["feld"])
        if field not in labels:
            raise InputError(f"Unbekanntes Feld {field!r}.", file=file, sheet="Konzept", row=row, column="A (Feld)",
                             expected=", ".join(labels))
        value = values["wert"]
        meta[labels[field]] = "" if value is None and labels[field] not in (
            "zeitraum_von", "zeitraum_bis", "beschlossen_am", "version") else value
    meta["leitlinien"] = [_text(v["text"]) for _, v in _rows(book, "Leitlinien", file)]
    meta["handlungsfelder"] = {_text(v["id"]): _text(v["label"]) for _, v in _rows(book, "Handlungsfelder", file)}
    goal_ids = _Ids([g["id"] for g in old["ziele"]] if old else None, "Z", file, "Ziele")
    goals = [{"id": goal_ids.take(v["id"], row), "handlungsfeld": _text(v["handlungsfeld"]), "text": _text(v["text"]),
              "indikatoren": [], "_row": row}
             for row, v in _rows(book, "Ziele", file)]
    by_goal = {g["id"]: g for g in goals}
    for row, v in _rows(book, "Indikatoren", file):
        goal = by_goal.get(_text(v["ziel"]))
        if goal is None:
            raise InputError(f"Ziel {v['ziel']!r} gibt es nicht.", file=file, sheet="Indikatoren", row=row,
                             column="A (Ziel-ID)", expected=", ".join(by_goal) or "zuerst ein Ziel")
        link = {k: v[k] for k in ("indikator", "gebiet", "basisjahr", "basiswert", "zielwert", "zieljahr", "richtung")}
        link["gebiet"] = _text(link["gebiet"])
        link = {k: val for k, val in link.items() if val is not None}
        _check_rows(file, "Indikatoren", [{**link, "_row": row}], "indikatoren")
        goal["indikatoren"].append(link)
    measure_ids = _Ids([m["id"] for m in old["massnahmen"]] if old else None, "M", file, "Maßnahmen")
    measures = []
    for row, v in _rows(book, "Maßnahmen", file):
        m = {k: v[k] for _, k in SHEETS["Maßnahmen"]}
        m["id"] = measure_ids.take(v["id"], row)
        for key in ("handlungsfelder", "ziele", "zielgruppen"):
            m[key] = _split(m[key])
        partners = []
        for item in _split(m["partner"]):
            match = PARTNER.match(item)
            partners.append({"name": match.group(1), "akteur_id": int(match.group(2))} if match
                            else {"name": item, "akteur_id": None})
        if session is not None and tenant_id is not None and partners:
            cell = f"{_letter(book, 'Maßnahmen', 'Partner')}{row} (Partner)"
            check_partners(session, tenant_id, partners, file=file, sheet="Maßnahmen", row=row, column=cell)
            names = actors_by_id(session, tenant_id, [p["akteur_id"] for p in partners if not p["name"]])
            for p in partners:
                if not p["name"] and p["akteur_id"] in names:
                    p["name"] = names[p["akteur_id"]].name
        m["partner"] = partners
        for key in ("beschreibung", "verantwortlich", "foerderquelle"):
            m[key] = _text(m[key])
        m["status"] = _text(m["status"]) or "geplant"
        m.update(meilensteine=[], berichte=[], _row=row)
        measures.append(m)
    by_measure = {m["id"]: m for m in measures}

    def owner(value: Any, sheet: str, row: int) -> dict:
        found = by_measure.get(_text(value))
        if found is None:
            raise InputError(f"Maßnahme {value!r} gibt es nicht.", file=file, sheet=sheet, row=row,
                             column="A (Maßnahme-ID)", expected=", ".join(by_measure) or "zuerst eine Maßnahme")
        return found

    for row, v in _rows(book, "Meilensteine", file):
        owner(v["massnahme"], "Meilensteine", row)["meilensteine"].append(
            {"titel": _text(v["titel"]), "faellig": v["faellig"],
             "erledigt": _bool(v["erledigt"], file, "Meilensteine", row, "D (Erledigt)")})
    for row, v in _rows(book, "Berichte", file):
        owner(v["massnahme"], "Berichte", row)["berichte"].append(
            {"zeitraum": _text(v["zeitraum"]), "status": _text(v["status"]), "text": _text(v["text"]),
             "erfasst_von": _text(v["erfasst_von"]), "erfasst_am": _text(v["erfasst_am"])})
    eval_ids = _Ids([e["id"] for e in old["evaluationen"]] if old else None, "E", file, "Evaluationen")
    evaluations = []
    for row, v in _rows(book, "Evaluationen", file):
        e = {k: v[k] for _, k in SHEETS["Evaluationen"]}
        e["id"] = eval_ids.take(v["id"], row)
        e["massnahmen"] = _split(e["massnahmen"])
        for key in ("methode", "ergebnisse", "empfehlungen"):
            e[key] = _text(e[key])
        e["art"] = _text(e["art"]) or "intern"
        e["_row"] = row
        evaluations.append(e)
    _check_rows(file, "Ziele", goals, "ziele")
    _check_rows(file, "Maßnahmen", measures, "massnahmen")
    _check_rows(file, "Evaluationen", evaluations, "evaluationen")
    return parse_document({"konzept": meta, "ziele": goals, "massnahmen": measures, "evaluationen": evaluations},
                          file)


def _check_rows(file: str, sheet: str, rows: list[dict], key: str) -> None:
    """Validate rows one by one so the message names the sheet and row; then drop the row numbers."""
    headers = {k: h for h, k in SHEETS[sheet]}
    for item in rows:
        row = item.pop("_row")
        try:
            # References between sheets are checked afterwards on the whole document.
            if key == "indikatoren":
                parse_document({"konzept": {"titel": "x"}, "ziele": [
                    {"id": "Z1", "text": "x", "handlungsfeld": "x", "indikatoren": [item]}]}, file)
                continue
            alone = {**item, "ziele": []} if key == "massnahmen" else {**item, "massnahmen": []} \
                if key == "evaluationen" else item
            parse_document({"konzept": {"titel": "x"}, key: [alone]}, file)
        except InputError as error:
            parts = (error.column or "").split(" › ")
            field = parts[-1] if parts else ""
            column = next((h for k, h in headers.items() if field.lower() in (k.lower(), h.lower())), None)
            message = error.message.split(": ", 1)[-1]
            raise InputError(f"{message}", file=file, sheet=sheet, row=row, column=column) from error

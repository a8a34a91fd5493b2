# SPDX-License-Identifier: EUPL-1.2
"""Checking answers against an instrument, and reading answer files (YAML or CSV).

Every problem of a respondent's answers is collected into one ``InputError`` so a
form or file can be corrected in one go; nothing is saved when any answer is wrong.
"""
from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from stellwerk.assessment.models import Sector
from stellwerk.assessment.schema import SCALED_TYPES, Instrument, Item
from stellwerk.errors import InputError

__all__ = ["MAX_TEXT", "RespondentInput", "clean_answers", "read_answer_file"]

MAX_TEXT = 4000
CSV_META = {"teilnehmer": "label", "rolle": "role", "sektor": "sector"}


@dataclass
class RespondentInput:
    """What one respondent submits: who (label, role, sector) and the raw answers."""

    label: str
    answers: dict[str, object]
    role: str | None = None
    sector: str | None = None
    row: int | None = None  # where it came from in a file
    extra: dict[str, str] = field(default_factory=dict)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def _clean_one(instrument: Instrument, item: Item, raw: object) -> str | float:
    """Normalise one answer or raise ValueError with a German message."""
    if item.type in SCALED_TYPES:
        assert item.scale is not None
        options = instrument.scale(item.scale).options
        if isinstance(raw, bool):
            text = "ja" if raw else "nein"
        elif isinstance(raw, float) and raw.is_integer():
            text = str(int(raw))
        else:
            text = str(raw).strip()
        for option in options:
            if text == option.value or text.casefold() == option.label.casefold():
                return option.value
        allowed = ", ".join(f"{o.value} ({o.label})" for o in options)
        raise ValueError(f"Antwort {text!r} liegt nicht auf der Skala; erlaubt: {allowed}")
    if item.type == "number":
        text = str(raw).strip().replace(",", ".") if not isinstance(raw, (int, float)) else raw
        try:
            number = float(text)
        except (TypeError, ValueError):
            raise ValueError(f"{raw!r} ist keine Zahl") from None
        if not math.isfinite(number):
            raise ValueError(f"{raw!r} ist keine endliche Zahl")
        if item.minimum is not None and number < item.minimum:
            raise ValueError(f"{number:g} ist kleiner als das Minimum {item.minimum:g}")
        if item.maximum is not None and number > item.maximum:
            raise ValueError(f"{number:g} ist größer als das Maximum {item.maximum:g}")
        return number
    text = str(raw).strip()
    if len(text) > MAX_TEXT:
        raise ValueError(f"Text ist {len(text)} Zeichen lang; höchstens {MAX_TEXT} erlaubt")
    return text


def clean_answers(
    instrument: Instrument,
    respondent: RespondentInput,
    *,
    file: str | None = None,
    require_sector: bool = False,
) -> dict[str, str | float]:
    """Checked, normalised answers of one respondent; raises InputError listing every problem."""
    problems: list[str] = []
    known = {item.id: item for _, item in instrument.items()}
    cleaned: dict[str, str | float] = {}
    for item_id, raw in respondent.answers.items():
        item = known.get(str(item_id))
        if item is None:
            problems.append(f"Frage {item_id!r} gibt es im Instrument {instrument.id!r} nicht")
            continue
        if _blank(raw):
            continue
        try:
            cleaned[item.id] = _clean_one(instrument, item, raw)
        except ValueError as error:
            problems.append(f"Frage {item.id!r}: {error}")
    for item_id, item in known.items():
        if item.required and item_id not in cleaned and not any(item_id in p for p in problems):
            problems.append(f"Frage {item_id!r} ist eine Pflichtfrage und fehlt")
    if respondent.sector is not None and respondent.sector not in Sector.LABELS:
        problems.append(
            f"Sektor {respondent.sector!r} ist unbekannt (erlaubt: {', '.join(Sector.LABELS)})"
        )
    elif require_sector and respondent.sector is None:
        problems.append(f"Sektor fehlt (erlaubt: {', '.join(Sector.LABELS)})")
    if not cleaned and not problems:
        problems.append("keine einzige Frage beantwortet")
    if problems:
        who = respondent.label or "Antwortende Person"
        raise InputError(
            f"Antworten von {who!r} sind fehlerhaft; nichts wurde gespeichert",
            file=file,
            row=respondent.row,
            details=problems,
        )
    return cleaned


def _from_mapping(data: Mapping, name: str) -> list[RespondentInput]:
    if "respondents" in data:
        people = data["respondents"]
        if not isinstance(people, list) or not people:
            raise InputError("'respondents' muss eine nicht leere Liste sein", file=name)
        result = []
        for number, person in enumerate(people, start=1):
            if not isinstance(person, Mapping) or not isinstance(person.get("answers"), Mapping):
                raise InputError(
                    f"Eintrag {number} unter 'respondents' braucht 'answers' mit Frage: Antwort",
                    file=name,
                )
            result.append(
                RespondentInput(
                    label=str(person.get("label") or f"Person {number}"),
                    role=person.get("role"),
                    sector=person.get("sector"),
                    answers=dict(person["answers"]),
                )
            )
        return result
    if isinstance(data.get("answers"), Mapping):
        return [RespondentInput(label=str(data.get("label") or "Einzelauswertung"), answers=dict(data["answers"]))]
    raise InputError("Datei braucht 'answers' (eine Person) oder 'respondents' (Workshop)", file=name)


def _from_csv(text: str, name: str) -> list[RespondentInput]:
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    if not reader.fieldnames or "teilnehmer" not in [f.strip().lower() for f in reader.fieldnames]:
        raise InputError(
            "CSV braucht eine Kopfzeile mit der Spalte 'teilnehmer'",
            file=name,
            row=1,
            expected="teilnehmer;rolle;sektor;<Frage-Kennung>…",
        )
    result = []
    for row_number, row in enumerate(reader, start=2):
        meta: dict[str, str | None] = {}
        answers: dict[str, object] = {}
        for key, value in row.items():
            if key is None:
                raise InputError("mehr Werte als Spalten", file=name, row=row_number)
            column = key.strip()
            if column.lower() in CSV_META:
                meta[CSV_META[column.lower()]] = (value or "").strip() or None
            else:
                answers[column] = value
        result.append(
            RespondentInput(
                label=meta.get("label") or f"Person {row_number - 1}",
                role=meta.get("role"),
                sector=(meta.get("sector") or None) and str(meta["sector"]).lower(),
                answers=answers,
                row=row_number,
            )
        )
    if not result:
        raise InputError("CSV enthält keine Antwortzeile", file=name, row=2)
    return result


def read_answer_file(path: Path) -> list[RespondentInput]:
    """Respondents from a YAML file (answers / respondents) or a CSV file (one row per person)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError("Datei ist nicht UTF-8-kodiert", file=path.name, expected="UTF-8") from error
    if path.suffix.lower() == ".csv":
        return _from_csv(text, path.name)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise InputError(f"kein gültiges YAML: {error}", file=path.name) from error
    if not isinstance(data, Mapping):
        raise InputError("Datei braucht 'answers' oder 'respondents'", file=path.name)
    return _from_mapping(data, path.name)

# SPDX-License-Identifier: EUPL-1.2
"""Reading shipped and user-supplied knowledge content, with validation.

Every reader turns schema violations into :class:`~stellwerk.errors.InputError`
naming the file, the entry (row) and the field, so nothing half-valid reaches
the database.
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from stellwerk.accounts.models import Tenant
from stellwerk.errors import InputError
from stellwerk.knowledge.messages import field_label, german_message
from stellwerk.knowledge.schema import CaseStudyMunicipality, ConceptRow, PracticeEntry

__all__ = [
    "CONTENT_DIR",
    "CONTENT_TENANT_SLUG",
    "content_tenant",
    "read_practice_file",
    "shipped_practice_files",
    "read_concepts",
    "read_concept_exceptions",
    "read_case_studies",
]

CONTENT_DIR = Path(__file__).resolve().parents[3] / "content"
CONTENT_TENANT_SLUG = "stellwerk-inhalte"
M = TypeVar("M", bound=BaseModel)


def content_tenant(session: Session) -> Tenant:
    """The built-in tenant that owns shipped content (created on first use)."""
    tenant = session.scalar(select(Tenant).where(Tenant.slug == CONTENT_TENANT_SLUG))
    if tenant is None:
        tenant = Tenant(slug=CONTENT_TENANT_SLUG, name="Stellwerk – mitgelieferte Inhalte", kind="institut")
        session.add(tenant)
        session.flush()
    return tenant


def _error_lines(error: ValidationError, prefix: str) -> list[tuple[str, str]]:
    """(field path, German message) per problem, e.g. ``municipalities.0.land``."""
    lines = []
    for item in error.errors():
        field = ".".join(str(part) for part in item["loc"]) or "(Eintrag)"
        lines.append((field, f"{prefix}Feld {field} ({field_label(item['loc'])}): {german_message(item)}"))
    return lines


def _validate_rows(rows: list[Any], model: type[M], file_name: str, key_field: str, row_offset: int) -> list[M]:
    """Validate every row; collect all problems and raise one InputError naming the first."""
    valid: list[M] = []
    problems: list[tuple[int, str, str, str]] = []
    for index, raw in enumerate(rows):
        key = raw.get(key_field) if isinstance(raw, dict) else None
        label = f"Eintrag {key!r}" if key else f"Eintrag Nr. {index + 1}"
        if not isinstance(raw, dict):
            problems.append((index, label, "(Eintrag)", f"{label}: kein Objekt mit Feldern"))
            continue
        try:
            valid.append(model.model_validate(raw))
        except ValidationError as error:
            for field, line in _error_lines(error, f"{label}, "):
                problems.append((index, label, field, line))
    keys = [getattr(item, key_field) for item in valid]
    seen: set[str] = set()
    for index, key in enumerate(keys):
        if key in seen:
            problems.append((index, f"Eintrag {key!r}", key_field, f"Eintrag {key!r}: Schlüssel doppelt vergeben"))
        seen.add(key)
    if problems:
        index, label, field, _ = problems[0]
        raise InputError(
            f"{label} ist ungültig ({len(problems)} Fehler, nichts gespeichert)",
            file=file_name,
            row=index + row_offset,
            column=field,
            details=[line for *_, line in problems[:50]],
        )
    return valid


def read_practice_file(path: Path) -> list[PracticeEntry]:
    """Read and validate a YAML (or JSON) file with ``practices: [...]``."""
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise InputError("Datei ist nicht UTF-8-kodiert", file=name, expected="UTF-8") from error
    except OSError as error:
        raise InputError(f"Datei nicht lesbar: {error.strerror}", file=name) from error
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise InputError(
            "kein gültiges YAML", file=name, row=(mark.line + 1) if mark else None, expected="YAML mit 'practices:'"
        ) from error
    if isinstance(document, list):
        rows = document
    elif isinstance(document, dict) and isinstance(document.get("practices"), list):
        rows = document["practices"]
    else:
        raise InputError("keine Liste von Praxisbeispielen gefunden", file=name, expected="practices: [ … ]")
    if not rows:
        raise InputError("die Datei enthält keine Praxisbeispiele", file=name, expected="mindestens einen Eintrag")
    return _validate_rows(rows, PracticeEntry, name, "id", row_offset=1)


def shipped_practice_files() -> list[Path]:
    return sorted((CONTENT_DIR / "practices").glob("*.yaml"))


def _read_csv(path: Path, model: type[M], key_field: str) -> list[M]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # Row numbers as a spreadsheet shows them: the header is row 1.
    return _validate_rows(rows, model, path.name, key_field, row_offset=2)


def read_concepts(path: Path | None = None) -> list[ConceptRow]:
    """The shipped concept register (or another CSV with the same columns)."""
    return _read_csv(path or CONTENT_DIR / "knowledge" / "concepts.csv", ConceptRow, "key")


def read_concept_exceptions() -> list[dict[str, str]]:
    """Cities the source names as having no concept of their own, with what they have instead."""
    with (CONTENT_DIR / "knowledge" / "concept_exceptions.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_case_studies() -> list[CaseStudyMunicipality]:
    """The case-study municipalities with their official figures (built-in feature source)."""
    return _read_csv(CONTENT_DIR / "knowledge" / "municipalities.csv", CaseStudyMunicipality, "name")

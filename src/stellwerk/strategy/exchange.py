# SPDX-License-Identifier: EUPL-1.2
"""YAML and JSON files of a concept: write, read, import (one transaction, nothing saved on error)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.orm import Session

from stellwerk.accounts.models import Tenant
from stellwerk.errors import InputError
from stellwerk.strategy.models import Concept
from stellwerk.strategy.schema import ConceptDoc, parse_document
from stellwerk.strategy.store import save_document, to_document

__all__ = ["dump_yaml", "dump_json", "load_document", "import_file"]


def dump_yaml(concept: Concept) -> str:
    """The concept as YAML text."""
    return yaml.safe_dump(to_document(concept), allow_unicode=True, sort_keys=False, width=100)


def dump_json(concept: Concept) -> str:
    """The concept as JSON text."""
    return json.dumps(to_document(concept), ensure_ascii=False, indent=2)


def load_document(path: Path) -> ConceptDoc:
    """Read and validate a YAML (.yaml/.yml) or JSON file; Excel goes through :mod:`workbook`."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise InputError("Die Datei ist nicht UTF-8-kodiert.", file=path.name, expected="UTF-8") from error
    except OSError as error:
        raise InputError(f"Datei nicht lesbar: {error.strerror}", file=path.name) from error
    try:
        data: Any = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        raise InputError(f"Die Datei ist kein gültiges {'JSON' if path.suffix.lower() == '.json' else 'YAML'}: {error}",
                         file=path.name) from error
    return parse_document(data, path.name)


def import_file(session: Session, tenant: Tenant, path: Path, actor: str, concept: Concept | None = None) -> Concept:
    """Import a YAML, JSON or Excel file as a new concept, or into ``concept`` (replacing its contents)."""
    if path.suffix.lower() == ".xlsx":
        from stellwerk.strategy.workbook import read_workbook

        doc = read_workbook(path.read_bytes(), path.name, concept, session=session, tenant_id=tenant.id)
    else:
        doc = load_document(path)
    return save_document(session, tenant, doc, actor, concept, file=path.name)

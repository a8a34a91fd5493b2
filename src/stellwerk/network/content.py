# SPDX-License-Identifier: EUPL-1.2
"""Shipped taxonomies the network module reads: actor types and Handlungsfelder.

Both are YAML under ``content/`` and checked against a pydantic schema when
loaded; a broken file raises :class:`InputError` naming file and entry.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from stellwerk.errors import InputError
from stellwerk.network.vocabulary import SECTORS

__all__ = [
    "CONTENT_DIR",
    "ActorType",
    "Handlungsfeld",
    "actor_types",
    "handlungsfelder",
    "load_actor_types",
    "load_handlungsfelder",
]

# src/stellwerk/network/content.py → repository root / content
CONTENT_DIR = Path(__file__).resolve().parents[3] / "content"
ID_PATTERN = r"^[a-z][a-z0-9_]*$"


class ActorType(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=ID_PATTERN)
    label: str = Field(min_length=1)
    sector: str
    description: str = ""

    @field_validator("sector")
    @classmethod
    def _known_sector(cls, value: str) -> str:
        if value not in SECTORS:
            raise ValueError(f"unbekannter Sektor {value!r}, erlaubt: {', '.join(SECTORS)}")
        return value


class ActorTypeFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int
    actor_types: list[ActorType] = Field(min_length=1)


class Handlungsfeld(BaseModel):
    # other modules may add fields (aliases, indicator sets); they are ignored here
    model_config = ConfigDict(extra="ignore")

    id: str = Field(pattern=ID_PATTERN)
    label: str = Field(min_length=1)
    description: str = ""


class HandlungsfeldFile(BaseModel):
    model_config = ConfigDict(extra="ignore")

    handlungsfelder: list[Handlungsfeld] = Field(min_length=1)


def _read(path: Path, schema: type[BaseModel]) -> BaseModel:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return schema.model_validate(raw)
    except FileNotFoundError as error:
        raise InputError("Inhaltsdatei fehlt", file=str(path)) from error
    except yaml.YAMLError as error:
        raise InputError(f"kein gültiges YAML: {error}", file=path.name) from error
    except ValidationError as error:
        details = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()]
        raise InputError("Inhaltsdatei entspricht nicht dem Schema", file=path.name, details=details) from error


def _unique(items: list, path: Path) -> dict:
    result: dict = {}
    for item in items:
        if item.id in result:
            raise InputError(f"Id {item.id!r} kommt doppelt vor", file=path.name)
        result[item.id] = item
    return result


def load_actor_types(path: Path | None = None) -> dict[str, ActorType]:
    """Read and validate an actor-type taxonomy file (id → type, in file order)."""
    path = path or CONTENT_DIR / "network" / "actor_types.yaml"
    parsed = _read(path, ActorTypeFile)
    return _unique(parsed.actor_types, path)  # type: ignore[attr-defined]


def load_handlungsfelder(path: Path | None = None) -> dict[str, Handlungsfeld]:
    """Read and validate the Handlungsfeld taxonomy (id → field, in file order)."""
    path = path or CONTENT_DIR / "taxonomy" / "handlungsfelder.yaml"
    parsed = _read(path, HandlungsfeldFile)
    return _unique(parsed.handlungsfelder, path)  # type: ignore[attr-defined]


@lru_cache(maxsize=1)
def actor_types() -> dict[str, ActorType]:
    """The shipped actor types (cached)."""
    return load_actor_types()


@lru_cache(maxsize=1)
def handlungsfelder() -> dict[str, Handlungsfeld]:
    """The shipped Handlungsfelder (cached)."""
    return load_handlungsfelder()

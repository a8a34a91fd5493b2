# SPDX-License-Identifier: EUPL-1.2
"""Errors every module raises; the CLI and the web app turn them into messages."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["StellwerkError", "InputError", "NotFoundError", "AmbiguousError"]


class StellwerkError(Exception):
    """Base of all expected errors: the message is meant for the user (German)."""

    exit_code = 1

    def to_dict(self) -> dict[str, Any]:
        return {"error": type(self).__name__, "message": str(self)}


@dataclass
class InputError(StellwerkError):
    """Malformed input, with the place where it was found.

    ``row`` is 1-based as a spreadsheet program shows it; ``column`` is the
    column's header or letter.
    """

    message: str
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    expected: str | None = None
    details: list[str] = field(default_factory=list)

    exit_code = 2

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def location(self) -> str:
        parts = []
        if self.file:
            parts.append(f"Datei {self.file}")
        if self.sheet:
            parts.append(f"Blatt {self.sheet!r}")
        if self.row is not None:
            parts.append(f"Zeile {self.row}")
        if self.column:
            parts.append(f"Spalte {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        text = self.message
        location = self.location()
        if location:
            text = f"{location}: {text}"
        if self.expected:
            text = f"{text} (erwartet: {self.expected})"
        if self.details:
            text = text + "\n" + "\n".join(f"  - {d}" for d in self.details)
        return text

    def to_dict(self) -> dict[str, Any]:
        return {
            "error": "InputError",
            "message": self.message,
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "expected": self.expected,
            "details": self.details,
        }


class NotFoundError(StellwerkError):
    exit_code = 3


class AmbiguousError(StellwerkError):
    """A name matched several objects; ``candidates`` lists them for the user."""

    exit_code = 4

    def __init__(self, message: str, candidates: list[dict[str, Any]]):
        super().__init__(message)
        self.candidates = candidates

    def to_dict(self) -> dict[str, Any]:
        return {"error": "AmbiguousError", "message": str(self), "candidates": self.candidates}

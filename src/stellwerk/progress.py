# SPDX-License-Identifier: EUPL-1.2
"""Progress reporting without a UI dependency.

Domain code that runs long takes a ``progress`` callback and calls it as
``progress(done, total, label)``; the CLI renders it on stderr, tests pass
``None`` or a list-collecting function.
"""
from __future__ import annotations

from typing import Protocol

__all__ = ["Progress", "report"]


class Progress(Protocol):
    def __call__(self, done: int, total: int | None, label: str) -> None: ...


def report(progress: Progress | None, done: int, total: int | None, label: str) -> None:
    if progress is not None:
        progress(done, total, label)

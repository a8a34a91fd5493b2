# SPDX-License-Identifier: EUPL-1.2
"""A workspace: the settings plus the database they point to."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from stellwerk.config import Settings, get_settings
from stellwerk.storage import create_db_engine, session_scope, upgrade

__all__ = ["Workspace", "open_workspace"]


@dataclass
class Workspace:
    settings: Settings
    _engine: Engine | None = field(default=None, repr=False)

    @cached_property
    def engine(self) -> Engine:
        return self._engine or create_db_engine(self.settings.database_url)

    def init(self) -> None:
        """Create the workspace folder and migrate the database to the newest schema."""
        self.settings.workspace.mkdir(parents=True, exist_ok=True)
        upgrade(self.engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction (committed at the end of the block, rolled back on error)."""
        with session_scope(self.engine) as session:
            yield session


def open_workspace(database_url: str | None = None, settings: Settings | None = None) -> Workspace:
    settings = settings or get_settings()
    if database_url:
        settings = replace(settings, database_url=database_url)
    return Workspace(settings)

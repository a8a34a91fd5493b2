# SPDX-License-Identifier: EUPL-1.2
"""Run the Alembic migrations programmatically.

Each module owns an Alembic branch (its ``branch_labels``) rooted at the
foundation revision, so modules add tables without editing each other's
migrations. ``upgrade`` always goes to all heads.
"""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

__all__ = ["alembic_config", "upgrade", "current_heads", "script_heads"]


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, target: str = "heads") -> None:
    """Migrate the database forward to ``target`` (all heads by default)."""
    command.upgrade(alembic_config(engine), target)


def current_heads(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def script_heads(engine: Engine) -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config(engine)).get_heads())

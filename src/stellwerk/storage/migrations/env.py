# SPDX-License-Identifier: EUPL-1.2
"""Alembic environment: the engine is handed in by ``stellwerk.storage.migrate``."""
from __future__ import annotations

from alembic import context

from stellwerk.storage.models import target_metadata

engine = context.config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=target_metadata(),
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    context.run_migrations()

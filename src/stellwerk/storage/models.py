# SPDX-License-Identifier: EUPL-1.2
"""The list of model modules whose tables the migrations create.

Importing the modules registers their tables on ``Base.metadata``. Each module
that adds tables appends its ``models`` module here and ships a migration on
its own Alembic branch.
"""
from __future__ import annotations

from importlib import import_module

from sqlalchemy import MetaData

from stellwerk.storage.base import Base

MODEL_MODULES: tuple[str, ...] = (
    "stellwerk.geo.models",
    "stellwerk.observations.models",
    "stellwerk.accounts.models",
    "stellwerk.assessment.models",
    "stellwerk.knowledge.models",
    "stellwerk.indicators.models",
    "stellwerk.network.models",
    "stellwerk.strategy.models",
)


def target_metadata() -> MetaData:
    for name in MODEL_MODULES:
        import_module(name)
    return Base.metadata

# SPDX-License-Identifier: EUPL-1.2
"""Storage: the declarative base, engines, sessions and migrations.

The ground floor: it imports no other Stellwerk module except ``config``.
"""
from stellwerk.storage.base import Base
from stellwerk.storage.engine import create_db_engine, session_factory, session_scope
from stellwerk.storage.migrate import upgrade, current_heads

__all__ = [
    "Base",
    "create_db_engine",
    "session_factory",
    "session_scope",
    "upgrade",
    "current_heads",
]

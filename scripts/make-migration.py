#!/usr/bin/env python
# SPDX-License-Identifier: EUPL-1.2
"""Autogenerate a migration for model changes (developer tool).

    .venv/bin/python scripts/make-migration.py "add crosswalk" --head geo@head
    .venv/bin/python scripts/make-migration.py "observation tables" --branch observations

``--branch NAME`` starts a new module branch rooted at the foundation revision;
``--head LABEL@head`` adds a revision on an existing branch. The migration is
generated against a throw-away SQLite database migrated to all heads. Read the
generated file before committing it.
"""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from alembic import command

from stellwerk.storage.engine import create_db_engine
from stellwerk.storage.migrate import alembic_config, upgrade

FOUNDATION = "0001_geo"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("message")
    parser.add_argument("--branch")
    parser.add_argument("--head")
    parser.add_argument("--rev-id")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_db_engine(f"sqlite:///{Path(tmp) / 'm.db'}")
        upgrade(engine)
        config = alembic_config(engine)
        command.revision(
            config,
            message=args.message,
            autogenerate=True,
            head=args.head or (FOUNDATION if args.branch else "heads"),
            branch_label=args.branch,
            rev_id=args.rev_id,
            splice=bool(args.branch),
        )


if __name__ == "__main__":
    main()

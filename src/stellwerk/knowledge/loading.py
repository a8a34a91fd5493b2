# SPDX-License-Identifier: EUPL-1.2
"""Loading the shipped knowledge content on first use."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from stellwerk.knowledge.concepts import load_shipped_concepts
from stellwerk.knowledge.models import ConceptDocument, Origin, Practice
from stellwerk.knowledge.practices import load_shipped_practices

__all__ = ["ensure_shipped_content", "load_shipped_content"]


def load_shipped_content(session: Session) -> dict[str, int]:
    """Load (or refresh) shipped practices and the concept register."""
    return {"practices": load_shipped_practices(session), "concepts": load_shipped_concepts(session)}


def ensure_shipped_content(session: Session) -> dict[str, int] | None:
    """Load the shipped content when the database has none yet; None when nothing was needed."""
    has_practices = session.scalar(select(Practice.id).where(Practice.origin == Origin.CONTENT).limit(1))
    has_concepts = session.scalar(select(ConceptDocument.id).where(ConceptDocument.origin == Origin.CONTENT).limit(1))
    if has_practices is not None and has_concepts is not None:
        return None
    return load_shipped_content(session)

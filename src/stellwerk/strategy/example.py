# SPDX-License-Identifier: EUPL-1.2
"""The fictional example concept »Musterstadt« (content/strategy/musterstadt.yaml) for the demo."""
from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from stellwerk.accounts.models import Tenant, Visibility
from stellwerk.accounts.tenants import create_tenant, find_tenant
from stellwerk.strategy.concepts import set_visibility
from stellwerk.strategy.exchange import load_document
from stellwerk.strategy.models import Concept
from stellwerk.strategy.store import save_document

__all__ = ["EXAMPLE_FILE", "EXAMPLE_TENANT", "load_example"]

log = logging.getLogger(__name__)

EXAMPLE_FILE = Path(__file__).resolve().parents[3] / "content" / "strategy" / "musterstadt.yaml"
EXAMPLE_TENANT = "musterstadt"


def load_example(session: Session, path: Path = EXAMPLE_FILE) -> tuple[Tenant, Concept, bool]:
    """Create tenant »musterstadt« with the published example concept; (tenant, concept, created)."""
    tenant = find_tenant(session, EXAMPLE_TENANT) or create_tenant(
        session, EXAMPLE_TENANT, "Musterstadt (fiktives Beispiel)")
    existing = session.scalar(select(Concept).where(Concept.tenant_id == tenant.id).order_by(Concept.id))
    if existing is not None:
        return tenant, existing, False
    concept = save_document(session, tenant, load_document(path), "demo", file=path.name)
    set_visibility(session, concept, "demo", Visibility.PUBLISHED)
    log.info("Beispielkonzept %s angelegt", concept.id)
    return tenant, concept, True

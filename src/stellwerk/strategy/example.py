# SPDX-License-Identifier: EUPL-1.2
"""The fictional example concept »Musterstadt« (content/strategy/musterstadt.yaml) for the demo.

Actor numbers depend on the database, so the example names its partners and
:func:`link_partners` gives a partner the number of the actor of the tenant's
network with exactly that name (the fictional example network, which the demo
loads first). Partners without such an actor stay free text.
"""
from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from stellwerk.accounts.models import Tenant, Visibility
from stellwerk.accounts.tenants import create_tenant, find_tenant
from stellwerk.network.lookup import find_actors, name_key
from stellwerk.strategy.concepts import set_visibility
from stellwerk.strategy.exchange import load_document
from stellwerk.strategy.models import Concept
from stellwerk.strategy.schema import ConceptDoc
from stellwerk.strategy.store import save_document

__all__ = ["EXAMPLE_FILE", "EXAMPLE_TENANT", "link_partners", "load_example"]

log = logging.getLogger(__name__)

EXAMPLE_FILE = Path(__file__).resolve().parents[3] / "content" / "strategy" / "musterstadt.yaml"
EXAMPLE_TENANT = "musterstadt"


def link_partners(session: Session, tenant_id: int, doc: ConceptDoc) -> int:
    """Set the actor number of partners named exactly like one actor of the tenant's network; how many."""
    linked = 0
    for measure in doc.massnahmen:
        for partner in measure.partner:
            if partner.akteur_id is not None:
                continue
            key = name_key(partner.name)
            same = [a for a in find_actors(session, tenant_id, partner.name) if name_key(a.name) == key]
            if len(same) == 1:
                partner.akteur_id = same[0].id
                linked += 1
    return linked


def load_example(session: Session, path: Path = EXAMPLE_FILE) -> tuple[Tenant, Concept, bool]:
    """Create tenant »musterstadt« with the published example concept; (tenant, concept, created)."""
    tenant = find_tenant(session, EXAMPLE_TENANT) or create_tenant(
        session, EXAMPLE_TENANT, "Musterstadt (fiktives Beispiel)")
    existing = session.scalar(select(Concept).where(Concept.tenant_id == tenant.id).order_by(Concept.id))
    if existing is not None:
        return tenant, existing, False
    doc = load_document(path)
    linked = link_partners(session, tenant.id, doc)
    concept = save_document(session, tenant, doc, "demo", file=path.name)
    set_visibility(session, concept, "demo", Visibility.PUBLISHED)
    log.info("Beispielkonzept %s angelegt, %d Partner mit dem Netzwerk verknüpft", concept.id, linked)
    return tenant, concept, True

# SPDX-License-Identifier: EUPL-1.2
"""Adopted Integrationskonzept versions become register documents of their municipality."""
import datetime as dt

import pytest
from sqlalchemy import func, select

from stellwerk.accounts.models import AuditEntry, Tenant, Visibility
from stellwerk.errors import InputError, NotFoundError
from stellwerk.geo.models import Area
from stellwerk.knowledge.concepts import register_stats, search_concepts, timeline
from stellwerk.knowledge.models import ConceptDocument, Status
from stellwerk.knowledge.strategy_link import adopted_versions, publish_document, register_strategy_version
from stellwerk.strategy.concepts import set_visibility
from stellwerk.strategy.schema import parse_document
from stellwerk.strategy.store import save_document
from stellwerk.strategy.versions import adopt, start_revision


@pytest.fixture
def tenant(kb):
    area = Area(level="gemeinde", code="064140000000", ars="064140000000", ags="06414000", name="Wiesbaden",
                name_key="wiesbaden")
    kb.add(area)
    kb.flush()
    tenant = Tenant(slug="wiesbaden-test", name="Landeshauptstadt Wiesbaden", area_id=area.id)
    kb.add(tenant)
    kb.flush()
    return tenant


def _concept(kb, tenant, adopted: dt.date | None = dt.date(2021, 3, 18)):
    doc = parse_document({"konzept": {"titel": "Integrationskonzept Wiesbaden", "zeitraum_von": 2021,
                                      "zeitraum_bis": 2026}})
    concept = save_document(kb, tenant, doc, "redaktion")
    if adopted:
        adopt(kb, concept, "redaktion", adopted, "DS 21-V-01-0007")
    return concept


def test_adopted_version_becomes_a_draft_document_of_the_city(kb, tenant):
    before = register_stats(kb)
    concept = _concept(kb, tenant)
    document = register_strategy_version(kb, tenant, actor="redaktion")
    assert document.strategy_concept_id == concept.id
    assert (document.city, document.ags, document.land) == ("Wiesbaden", "06414000", "HE")
    assert (document.year, document.month, document.period, document.kind) == (2021, 3, "2021–2026", "Konzept")
    assert "18.03.2021" in document.note and "DS 21-V-01-0007" in document.note
    assert document.status == Status.DRAFT and document.visibility == Visibility.INTERNAL
    assert document.key not in {d.key for d in search_concepts(kb, city="Wiesbaden")}
    assert document.key in {d.key for d in search_concepts(kb, city="Wiesbaden", viewer_tenant_id=tenant.id)}
    # The published 2017 figures stay as they were.
    after = register_stats(kb)
    assert (after["documents"], after["with_concept"], after["updated"]) == (
        before["documents"], before["with_concept"], before["updated"])


def test_fortschreibung_points_to_the_registered_predecessor(kb, tenant):
    first = _concept(kb, tenant)
    register_strategy_version(kb, tenant, first.id, actor="redaktion")
    second = start_revision(kb, first, "redaktion")
    adopt(kb, second, "redaktion", dt.date(2025, 6, 1), "DS 25-V-01-0100")
    assert [c.id for c in adopted_versions(kb, tenant)] == [second.id, first.id]
    document = register_strategy_version(kb, tenant, actor="redaktion")  # the current adopted version
    assert document.strategy_concept_id == second.id and document.seq == 2
    assert document.update_of == f"wiesbaden-test-strategie-{first.id}"
    assert document.update_basis == "nachfolger_gleicher_art"


def test_only_adopted_versions_of_the_own_workspace(kb, tenant):
    draft = _concept(kb, tenant, adopted=None)
    with pytest.raises(NotFoundError, match="keine beschlossene"):
        register_strategy_version(kb, tenant)
    with pytest.raises(InputError, match="nicht beschlossen"):
        register_strategy_version(kb, tenant, draft.id)
    other = Tenant(slug="anderswo", name="Anderswo")
    kb.add(other)
    kb.flush()
    with pytest.raises(NotFoundError):
        register_strategy_version(kb, other, draft.id)
    assert kb.scalar(select(func.count()).select_from(ConceptDocument).where(
        ConceptDocument.strategy_concept_id.is_not(None))) == 0


def test_publishing_needs_a_published_version(kb, tenant):
    concept = _concept(kb, tenant)
    document = register_strategy_version(kb, tenant, actor="redaktion")
    with pytest.raises(InputError, match="intern"):
        publish_document(kb, tenant, document.key, actor="leitung")
    set_visibility(kb, concept, "leitung", Visibility.PUBLISHED)
    publish_document(kb, tenant, document.key, actor="leitung")
    assert document.status == Status.PUBLISHED
    assert document.key in {d.key for d in timeline(kb, "Wiesbaden").documents}
    actions = kb.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "concept_document",
                                                         AuditEntry.object_id == document.key)).all()
    assert actions == ["create", "update"]


def test_registering_again_refreshes_the_same_document(kb, tenant):
    concept = _concept(kb, tenant)
    first = register_strategy_version(kb, tenant, concept.id)
    concept.title = "Integrationskonzept Wiesbaden (neu gefasst)"
    again = register_strategy_version(kb, tenant, concept.id)
    assert again.id == first.id and again.title.endswith("(neu gefasst)")

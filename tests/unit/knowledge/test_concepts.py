# SPDX-License-Identifier: EUPL-1.2
"""The concept register reproduces the published counts of autumn 2017."""
import pytest
from sqlalchemy import select

from stellwerk.accounts.models import AuditEntry, Tenant
from stellwerk.errors import NotFoundError
from stellwerk.knowledge.concepts import register_stats, save_concept, timeline
from stellwerk.knowledge.schema import ConceptRow


def test_published_counts(kb):
    stats = register_stats(kb)
    assert stats["documents"] == 127
    assert stats["grossstaedte"] == 79
    # 69 of 79 Großstädte (87.3 %) had a concept or guidelines in autumn 2017.
    assert stats["with_concept"] == stats["published"]["with_concept"] == 69
    assert stats["with_concept_percent"] == stats["published"]["with_concept_percent"] == 87.3
    assert len(stats["without_own_concept"]) == 10
    # 20 cities updated their concept; Dortmund is the one case the source leaves open.
    assert stats["updated"] == stats["published"]["updated"] == 20
    assert stats["updated_including_uncertain"] == 21
    assert stats["uncertain_update_cities"] == ["Dortmund"]
    assert "Dortmund" in stats["update_rule"]


def test_document_kinds_and_refugee_flag(kb):
    stats = register_stats(kb)
    assert stats["kinds"]["Konzept"] == 86
    assert sum(stats["kinds"].values()) == 127
    assert stats["issuer_levels"] == {"Stadt": 111, "Land": 11, "Kreis": 4, "unklar": 1}
    assert stats["refugee_specific"] == {"ja": 6, "nein": 120, "unsicher": 1}
    assert stats["undated_documents"] == 1
    assert sum(stats["documents_per_year"].values()) == 126


def test_age_of_current_documents(kb):
    """Abbildung 2 of the source implies 28/28/12 of 69 with a bin boundary the text leaves ambiguous;
    the register's own rule (latest dated, non-refugee concept) gives 1/27/29/12."""
    age = register_stats(kb)["current_document_age"]
    assert age == {"2006–2010": 27, "2011–2014": 29, "2015–2017": 12, "vor 2006": 1}
    assert sum(age.values()) == 69


def test_timeline_with_update_chain(kb):
    line = timeline(kb, "wiesbaden")
    assert [d.key for d in line.documents] == ["wiesbaden-1", "wiesbaden-2", "wiesbaden-3", "wiesbaden-4"]
    chain = {d.key: d.update_of for d in line.documents}
    assert chain["wiesbaden-3"] == "wiesbaden-2" and chain["wiesbaden-2"] == "wiesbaden-1"
    assert line.documents[-1].refugee_specific == "ja"
    assert line.exception is None
    assert timeline(kb, "Würzburg").exception["group"] == "kreisfrei_ohne_konzept"
    with pytest.raises(NotFoundError):
        timeline(kb, "Atlantis")


def test_user_documents_do_not_change_published_counts(kb):
    tenant = Tenant(slug="wuerzburg", name="Stadt Würzburg")
    kb.add(tenant)
    kb.flush()
    row = ConceptRow(
        key="wuerzburg-2", city="Würzburg", ags="09663000", land="BY", seq=2, title="Integrationskonzept Würzburg",
        year=2019, kind="Konzept", issuer_level="Stadt", in_register_count=True,
    )
    save_concept(kb, row, tenant=tenant, actor="sachbearbeitung")
    stats = register_stats(kb)
    assert stats["with_concept"] == 69 and stats["documents"] == 127
    assert stats["has_user_documents"] is True
    # Drafts stay internal; the tenant sees its own document in the timeline.
    assert [d.key for d in timeline(kb, "Würzburg").documents] == ["wuerzburg-1"]
    assert [d.key for d in timeline(kb, "Würzburg", viewer_tenant_id=tenant.id).documents] == [
        "wuerzburg-1", "wuerzburg-2",
    ]
    audit = kb.scalars(select(AuditEntry).where(AuditEntry.object_id == "wuerzburg-2")).all()
    assert [a.action for a in audit] == ["create"] and audit[0].actor == "sachbearbeitung"

# SPDX-License-Identifier: EUPL-1.2
"""The shipped example concept is valid, clearly fictional, and refers only to known ids."""
from __future__ import annotations

from stellwerk.strategy import indicator_source as source
from stellwerk.strategy.example import EXAMPLE_FILE
from stellwerk.strategy.exchange import load_document


def test_example_is_valid_and_labelled_fictional():
    doc = load_document(EXAMPLE_FILE)
    assert "fiktiv" in doc.hinweis.lower() and "fiktiv" in doc.konzept.titel.lower()
    fields = source.handlungsfelder()
    for goal in doc.ziele:
        assert goal.handlungsfeld in fields
        for link in goal.indikatoren:
            assert source.indicator_meta(link.indikator).id == link.indikator
            assert link.basiswert is None  # baselines come from the engine when it is loaded
    assert all(f in fields for m in doc.massnahmen for f in m.handlungsfelder)
    assert {"Z1", "Z2", "Z3"} <= {g.id for g in doc.ziele if g.indikatoren}


def test_example_partners_link_to_the_example_network(session):
    from stellwerk.network.example import load_example as load_network
    from stellwerk.network.models import Actor
    from stellwerk.strategy.example import link_partners

    doc = load_document(EXAMPLE_FILE)
    tenant, _ = load_network(session)
    assert tenant.slug == "musterstadt"
    assert link_partners(session, tenant.id, doc) == 5
    names = {a.id: a.name for a in session.query(Actor).filter(Actor.tenant_id == tenant.id)}
    partners = [(p.name, p.akteur_id) for m in doc.massnahmen for p in m.partner]
    assert [name for name, actor_id in partners if actor_id is None] == ["Freiwilligenagentur"]
    assert all(names[actor_id] == name for name, actor_id in partners if actor_id is not None)
    # without the example network every partner stays free text
    assert link_partners(session, tenant.id + 999, load_document(EXAMPLE_FILE)) == 0

# SPDX-License-Identifier: EUPL-1.2
from stellwerk.accounts.audit import history, record_change, snapshot
from stellwerk.accounts.models import Tenant


def test_changes_are_recorded_with_before_and_after_newest_first(session):
    tenant = Tenant(slug="musterstadt", name="Musterstadt")
    session.add(tenant)
    session.flush()
    before = snapshot(tenant)
    tenant.name = "Musterstadt (Fortschreibung)"
    session.flush()
    record_change(session, actor="admin", tenant_id=tenant.id, object_type="tenant",
                  object_id=tenant.id, action="create", after=before)
    record_change(session, actor="admin", tenant_id=tenant.id, object_type="tenant",
                  object_id=tenant.id, action="update", before=before, after=snapshot(tenant))
    session.flush()
    entries = history(session, tenant.id)
    assert [e.action for e in entries] == ["update", "create"]
    assert entries[0].before["name"] == "Musterstadt"
    assert entries[0].after["name"] == "Musterstadt (Fortschreibung)"

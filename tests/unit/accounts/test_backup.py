# SPDX-License-Identifier: EUPL-1.2
"""A tenant's backup restores to exactly the same data."""
import json

import pytest

from stellwerk.accounts.audit import history
from stellwerk.accounts.backup import backup_tenant, restore_tenant
from stellwerk.accounts.models import Membership, Notice, Tenant, User
from stellwerk.accounts.notices import create_notice, set_visibility
from stellwerk.accounts.tenants import create_tenant, find_tenant
from stellwerk.accounts.users import create_user, grant_role
from stellwerk.errors import InputError


@pytest.fixture
def filled(session):
    tenant = create_tenant(session, "sicherstadt", "Sicherstadt")
    other = create_tenant(session, "nachbarstadt", "Nachbarstadt")
    user = create_user(session, "berta", "ein-sicheres-passwort", "Berta Ä. Öz")
    grant_role(session, user, tenant, "admin")
    grant_role(session, user, other, "viewer")
    create_notice(session, tenant, "berta", "Intern", "Text mit Umlauten: äöüß\n<script>")
    published = create_notice(session, tenant, "berta", "Öffentlich", "")
    set_visibility(session, published, "berta", "published")
    create_notice(session, other, "berta", "Nachbar", "")
    session.flush()
    return tenant


def _round_trip(document):
    return json.loads(json.dumps(document))


def test_backup_restore_round_trip_is_exact(session, filled):
    first = _round_trip(backup_tenant(session, "sicherstadt"))
    assert {row["title"] for row in first["tables"]["notice"]} == {"Intern", "Öffentlich"}
    assert len(first["tables"]["audit_entry"]) == 3
    assert [u["username"] for u in first["users"]] == ["berta"]

    restore_tenant(session, first, replace=True)
    session.flush()
    session.expire_all()
    assert _round_trip(backup_tenant(session, "sicherstadt")) == first
    # The neighbour is untouched, and so is the user's other membership.
    assert session.query(Notice).join(Tenant).filter(Tenant.slug == "nachbarstadt").count() == 1
    berta = session.query(User).filter_by(username="berta").one()
    assert session.query(Membership).filter_by(user_id=berta.id).count() == 2


def test_restore_into_an_empty_database_after_deletion(session, filled):
    document = _round_trip(backup_tenant(session, "sicherstadt"))
    tenant_id = filled.id
    session.delete(filled)
    session.flush()
    assert session.query(Notice).filter_by(tenant_id=tenant_id).count() == 0
    restored = restore_tenant(session, document)
    assert restored.id == tenant_id
    assert [e.action for e in history(session, restored.id)][0] == "publish"
    assert _round_trip(backup_tenant(session, "sicherstadt")) == document
    # New rows after a restore get fresh ids (PostgreSQL sequences follow the restored ids).
    fresh = create_notice(session, restored, "berta", "Neu")
    assert fresh.id > max(row["id"] for row in document["tables"]["notice"])


def test_restore_refuses_existing_tenant_and_foreign_files(session, filled):
    document = _round_trip(backup_tenant(session, "sicherstadt"))
    with pytest.raises(InputError, match="gibt es schon"):
        restore_tenant(session, document)
    with pytest.raises(InputError, match="Keine Stellwerk-Sicherung"):
        restore_tenant(session, {"format": "etwas anderes"})
    assert find_tenant(session, "sicherstadt") is not None


def test_users_are_matched_by_name_on_restore(session, filled):
    document = _round_trip(backup_tenant(session, "sicherstadt"))
    document["users"][0]["id"] = 999_999  # another database, other ids
    for row in document["tables"]["membership"]:
        row["user_id"] = 999_999
    restore_tenant(session, document, replace=True)
    berta = session.query(User).filter_by(username="berta").one()
    assert session.query(Membership).filter_by(user_id=berta.id).count() == 2

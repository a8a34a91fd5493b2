# SPDX-License-Identifier: EUPL-1.2
"""The authorisation rules, role by role (no database needed)."""
import pytest

from stellwerk.accounts.policy import ACTIONS, ANONYMOUS, Principal, can

A, B = 1, 2


def member(role: str, tenant: int = A, **kw) -> Principal:
    return Principal(user_id=7, username="u", roles={tenant: role}, **kw)


# action → who may do it in tenant A (anonymous, viewer, editor, admin of A; admin of B)
EXPECTED = {
    "view": (True, True, True, True, True),
    "read": (False, True, True, True, False),
    "edit": (False, False, True, True, False),
    "publish": (False, False, False, True, False),
    "admin": (False, False, False, True, False),
    "analyse": (False, False, False, True, False),
}


@pytest.mark.parametrize("action", ACTIONS)
def test_role_matrix(action):
    principals = (ANONYMOUS, member("viewer"), member("editor"), member("admin"), member("admin", tenant=B))
    assert tuple(can(p, action, A) for p in principals) == EXPECTED[action]


def test_internal_objects_need_read_and_published_ones_do_not():
    assert can(ANONYMOUS, "view", A, "published")
    assert not can(ANONYMOUS, "view", A, "internal")
    assert can(member("viewer"), "view", A, "internal")
    assert not can(member("viewer", tenant=B), "view", A, "internal")


def test_landkreis_reads_its_gemeinde_but_cannot_edit_it():
    landkreis_admin = member("admin", tenant=B, readable=frozenset({A}))
    assert can(landkreis_admin, "read", A)
    assert can(landkreis_admin, "view", A, "internal")
    assert not can(landkreis_admin, "edit", A)
    assert not can(landkreis_admin, "admin", A)


def test_research_role_analyses_every_tenant_but_reads_nothing_internal():
    researcher = Principal(user_id=9, username="r", global_role="research")
    assert can(researcher, "analyse", A) and can(researcher, "analyse", B)
    assert not can(researcher, "read", A)
    assert not can(researcher, "view", A, "internal")


def test_read_scoped_token_never_writes_even_for_an_admin():
    token = member("admin", token_scope="read")
    assert can(token, "read", A)
    assert not can(token, "edit", A)
    assert not can(token, "publish", A)
    assert can(member("admin", token_scope="write"), "edit", A)


def test_unknown_action_is_a_programming_error():
    with pytest.raises(ValueError):
        can(ANONYMOUS, "delete-everything", A)

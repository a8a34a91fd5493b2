# SPDX-License-Identifier: EUPL-1.2
"""Principals are kept a second per process (web/auth_cache.py): a revoked token or a disabled
account must be refused at once in this process, and within that second in another one."""
from __future__ import annotations

import time

from fastapi.testclient import TestClient

from stellwerk.accounts.sessions import create_api_token, revoke_api_token
from stellwerk.accounts.users import disable_user, get_user
from stellwerk.web import auth_cache, changes


def _token(world, username: str) -> tuple[int, str]:
    with world.workspace.session() as session:
        token, plain = create_api_token(session, get_user(session, username), "Cache-Test", "read")
        return token.id, plain


def test_a_revoked_token_is_refused_at_once(own_world):
    token_id, plain = _token(own_world, "a-viewer")
    client = TestClient(own_world.app)
    headers = {"Authorization": f"Bearer {plain}"}
    assert client.get("/api/t/stadt-a/hinweise", headers=headers).status_code == 200
    assert client.get("/api/t/stadt-a/hinweise", headers=headers).status_code == 200  # from the cache
    with own_world.workspace.session() as session:
        revoke_api_token(session, get_user(session, "a-viewer"), token_id)
    assert client.get("/api/t/stadt-a/hinweise", headers=headers).status_code == 401


def test_another_process_disabling_an_account_takes_effect_within_the_second(own_world, monkeypatch):
    _, plain = _token(own_world, "b-viewer")
    client = TestClient(own_world.app)
    headers = {"Authorization": f"Bearer {plain}"}
    assert client.get("/api/t/stadt-b/hinweise", headers=headers).status_code == 200
    monkeypatch.setattr(auth_cache.PRINCIPALS, "seconds", 0.2)
    unchanged = changes.local_changes()
    with own_world.workspace.session() as session:
        disable_user(session, "b-viewer")
    monkeypatch.setattr(changes, "_local_changes", unchanged)  # as if the command line had done it
    time.sleep(0.3)
    assert client.get("/api/t/stadt-b/hinweise", headers=headers).status_code == 401


def test_one_request_looks_up_an_expired_principal_while_the_others_keep_it(monkeypatch):
    from stellwerk.web import recent
    from stellwerk.accounts.policy import ANONYMOUS

    now = [100.0]
    monkeypatch.setattr(recent.time, "monotonic", lambda: now[0])
    auth_cache.clear()
    principal = ANONYMOUS  # any principal object will do for the store
    auth_cache.remember("authorization", "Bearer x", principal, changes.local_changes())
    assert auth_cache.known("authorization", "Bearer x") is principal
    now[0] += 1.5  # the second has run out
    assert auth_cache.known("authorization", "Bearer x") is None  # this request looks it up …
    assert auth_cache.known("authorization", "Bearer x") is principal  # … the others keep the old one
    auth_cache.forget_claim("authorization", "Bearer x")  # the look-up failed
    assert auth_cache.known("authorization", "Bearer x") is None
    now[0] += 1.0  # more than twice the second: nobody keeps it
    assert auth_cache.known("authorization", "Bearer x") is None
    assert auth_cache.known("authorization", "Bearer x") is None
    auth_cache.clear()

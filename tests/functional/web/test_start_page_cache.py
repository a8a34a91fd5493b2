# SPDX-License-Identifier: EUPL-1.2
"""The start page's content is rendered once per tenant, visibility, language and state
(web/page_cache.py): it must never show internal objects to the public, must follow every change,
and must not share what belongs to one request (user name, CSRF token)."""
from __future__ import annotations

import datetime as dt
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from stellwerk.accounts.credentials import digest
from stellwerk.accounts.models import ApiToken, Visibility
from stellwerk.accounts.notices import create_notice, set_visibility
from stellwerk.accounts.sessions import user_for_api_token
from stellwerk.accounts.tenants import get_tenant
from stellwerk.web import changes, page_cache
from stellwerk.web.csrf import CSRF_COOKIE
from tests.functional.web.conftest import Browser

START = "/t/stadt-a/"


@pytest.fixture
def browser(own_world):
    """``browser("a-viewer", seed)`` – a signed-in browser with its own CSRF seed; None: anonymous."""
    from stellwerk.accounts.sessions import start_session
    from stellwerk.accounts.users import get_user
    from stellwerk.web.deps import SESSION_COOKIE

    made = []

    def make(username: str | None, seed: str = "seed") -> Browser:
        client = Browser(own_world.app, base_url="https://testserver", raise_server_exceptions=False)
        client.app_state_key = own_world.app.state.secret_key
        client.cookies.set(CSRF_COOKIE, f"{seed}-{username or 'anonym'}", domain="testserver.local")
        if username:
            with own_world.workspace.session() as session:
                client.cookies.set(SESSION_COOKIE, start_session(session, get_user(session, username)),
                                   domain="testserver.local")
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


def _notice(world, title: str, published: bool = False) -> int:
    with world.workspace.session() as session:
        notice = create_notice(session, get_tenant(session, "stadt-a"), "a-editor", title)
        if published:
            set_visibility(session, notice, "a-admin", Visibility.PUBLISHED)
        return notice.id


def _publish(world, notice_id: int, visibility: str) -> None:
    from stellwerk.accounts.models import Notice

    with world.workspace.session() as session:
        set_visibility(session, session.get(Notice, notice_id), "a-admin", visibility)


def test_the_public_never_gets_the_members_cached_page(own_world, browser):
    member, public = browser("a-viewer"), browser(None)
    title = "Cache-Hinweis nur intern"
    notice_id = _notice(own_world, title)
    for _ in range(2):  # the second views come from the cache
        assert title in member.get(START).text
        assert title not in public.get(START).text
    _publish(own_world, notice_id, Visibility.PUBLISHED)
    assert title in public.get(START).text
    _publish(own_world, notice_id, Visibility.INTERNAL)
    assert title not in public.get(START).text and title in member.get(START).text
    # Another tenant's members see what the public sees.
    assert title not in browser("b-admin").get(START).text


def test_a_change_from_another_process_is_seen_through_the_audit_trail(own_world, browser, monkeypatch):
    public = browser(None)
    assert "Hinweis eines anderen Prozesses" not in public.get(START).text
    unchanged = changes.local_changes()
    _notice(own_world, "Hinweis eines anderen Prozesses", published=True)
    # As if another worker had written it: this process's change counter does not move, and the
    # tenant's state is read anew once its second has passed.
    monkeypatch.setattr(changes, "_local_changes", unchanged)
    monkeypatch.setattr(page_cache.TENANT_STATES, "seconds", 0.0)
    assert "Hinweis eines anderen Prozesses" in public.get(START).text


def test_a_stored_start_page_is_served_without_a_query_about_its_state(own_world, browser):
    """Within the second the start page of a visitor asks the database only who and where (tenant), not
    whether data or tenant changed; the content comes from the store."""
    from sqlalchemy import event

    public = browser(None)
    public.get(START)
    seen: list[str] = []

    def note(conn, cursor, statement, *args):
        seen.append(statement)

    engine = own_world.workspace.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        assert public.get(START).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert not any("audit" in s.lower() or "FROM dataset" in s for s in seen), seen
    assert any("FROM tenant" in s for s in seen)


def test_a_change_without_audit_entry_in_this_process_is_seen(own_world, browser):
    from stellwerk.accounts.models import Notice

    public = browser(None)
    notice_id = _notice(own_world, "Ohne Protokoll veröffentlicht")
    assert "Ohne Protokoll veröffentlicht" not in public.get(START).text
    with own_world.workspace.session() as session:
        session.get(Notice, notice_id).visibility = Visibility.PUBLISHED  # bypasses the audit trail
    assert "Ohne Protokoll veröffentlicht" in public.get(START).text


def test_user_name_and_csrf_token_are_never_shared(own_world, browser):
    pages = {}
    for username, seed in (("a-viewer", "eins"), ("a-editor", "zwei"), (None, "drei"), (None, "vier")):
        client = browser(username, seed)
        text = client.get(START).text
        pages[(username, seed)] = text
        tokens = set(re.findall(r'name="csrf_token" value="([^"]+)"', text))
        assert tokens == {client.csrf()}
    assert "Viewer A" in pages[("a-viewer", "eins")] and "Editor A" not in pages[("a-viewer", "eins")]
    assert "Editor A" in pages[("a-editor", "zwei")] and "Viewer A" not in pages[("a-editor", "zwei")]
    assert not any(name in pages[(None, "drei")] for name in ("Viewer A", "Editor A", "Abmelden"))


def test_concurrent_requests_with_one_token_all_succeed(own_world):
    """At the minute all parallel requests want to note the token's use; none may fail for it."""
    plain = own_world.tokens["a-viewer"]
    with own_world.workspace.session() as session:
        for token in session.query(ApiToken):
            token.last_used_at = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)

    together = threading.Barrier(8)

    def use(_: int) -> bool:
        with own_world.workspace.session() as session:
            session.execute(select(func.count(ApiToken.id)))  # every request has begun reading …
            together.wait(timeout=10)
            return user_for_api_token(session, plain) is not None  # … when the first one writes

    with ThreadPoolExecutor(8) as pool:
        assert all(pool.map(use, range(8)))
    with own_world.workspace.session() as session:
        used = session.scalar(select(ApiToken.last_used_at).where(ApiToken.token_hash == digest(plain)))
        assert used.year > 2020


def test_parallel_misses_compute_an_entry_once(own_world):
    from stellwerk.web.data_cache import cached

    calls = []
    together = threading.Barrier(6)

    def slow() -> str:
        calls.append(1)
        time.sleep(0.2)
        return "ergebnis"

    def view(_: int) -> str:
        with own_world.workspace.session() as session:
            together.wait(timeout=10)
            return cached(session, "test_single_flight", 1, slow, fingerprint="f1")

    with ThreadPoolExecutor(6) as pool:
        assert list(pool.map(view, range(6))) == ["ergebnis"] * 6
    assert len(calls) == 1

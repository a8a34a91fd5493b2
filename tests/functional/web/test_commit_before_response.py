# SPDX-License-Identifier: EUPL-1.2
"""A request's transaction is committed before its response leaves the server.

A browser follows a 303 at once; if the commit came after the response (FastAPI runs the exit code
of ``yield`` dependencies after sending unless they are function-scoped), the next page would not
yet see what the POST wrote.
"""
from stellwerk.accounts.models import Notice
from stellwerk.accounts.sessions import start_session
from stellwerk.accounts.users import get_user
from stellwerk.web.deps import get_session

from .conftest import CSRF_COOKIE, SESSION_COOKIE, Browser
from .test_authorisation_matrix import _walk


def _session_dependencies(dependant):
    for child in dependant.dependencies:
        if child.call is get_session:
            yield child
        yield from _session_dependencies(child)


def test_every_route_takes_its_session_function_scoped(world):
    found = [(path, dep.scope) for path, route in _walk(world.app.routes)
             for dep in _session_dependencies(route.dependant)]
    assert len({path for path, _ in found}) > 50
    assert [(path, scope) for path, scope in found if scope != "function"] == []


def test_a_post_is_committed_before_its_redirect_is_sent(world):
    seen: list[int] = []

    def count() -> int:
        with world.workspace.session() as session:
            return session.query(Notice).filter_by(title="vor der Antwort").count()

    async def probe(scope, receive, send):
        async def watching(message):
            if message["type"] == "http.response.start" and scope.get("method") == "POST":
                seen.append(count())
            await send(message)

        await world.app(scope, receive, watching)

    with Browser(probe, base_url="https://testserver", raise_server_exceptions=False) as editor:
        editor.app_state_key = world.app.state.secret_key
        editor.cookies.set(CSRF_COOKIE, "seed-commit", domain="testserver.local")
        with world.workspace.session() as session:
            token = start_session(session, get_user(session, "a-editor"))
        editor.cookies.set(SESSION_COOKIE, token, domain="testserver.local")
        response = editor.form("/t/stadt-a/hinweise/neu", {"titel": "vor der Antwort", "text": ""})
    assert response.status_code == 303
    assert seen == [1]

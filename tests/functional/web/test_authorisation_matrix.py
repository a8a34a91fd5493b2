# SPDX-License-Identifier: EUPL-1.2
"""Every route of the app, called by every kind of user, answers as the policy says.

The routes come from ``app.routes``, so a route added later is checked too: it
must either use ``require(action)`` / ``require_login`` or be listed in PUBLIC.
Users: anonymous, and viewer, editor, admin of tenant A and of tenant B. The
tenant in the path is always A; routes with an object id (notice, concept, self-check
run) are called once with an internal and once with a published object of A.
"""
from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute

from .conftest import fresh_notices

PUBLIC = {
    ("GET", "/"), ("GET", "/api/health"), ("GET", "/api/tenants"), ("POST", "/sprache"),
    ("GET", "/anmelden"), ("POST", "/anmelden"), ("POST", "/abmelden"),
    ("GET", "/passwort/{token}"), ("POST", "/passwort/{token}"),
    # Knowledge base: shipped content (practices, concept register), the same for everyone.
    ("GET", "/praxis"), ("GET", "/praxis/{practice_id}"), ("GET", "/konzepte"), ("GET", "/konzepte/{city}"),
    ("GET", "/aehnliche-kommunen"), ("GET", "/api/practices"), ("GET", "/api/practices.csv"),
    ("GET", "/api/practices/{practice_id}"), ("GET", "/api/concepts"), ("GET", "/api/concepts.csv"),
    ("GET", "/api/concepts/stats"), ("GET", "/api/similar"),
    # Areas and indicators from official statistics: public data, the same for everyone.
    ("GET", "/gebiete"), ("GET", "/gebiete/{code}"), ("GET", "/api/areas"), ("GET", "/api/areas/{code}"),
    ("GET", "/indikatoren"), ("GET", "/indikatoren/{indicator_id}"), ("GET", "/indikatoren/{indicator_id}/suche"),
    ("GET", "/indikatoren/{indicator_id}/gebiet/{area}"), ("GET", "/indikatoren/{indicator_id}/gebiet/{area}/daten.csv"),
    ("GET", "/indikatoren/{indicator_id}/gebiet/{area}/daten.xlsx"), ("GET", "/api/indikatoren"),
    ("GET", "/api/indikatoren/{indicator_id}/werte/{area}/{period}"),
    # Imported datasets with their traffic light (official statistics).
    ("GET", "/daten"), ("GET", "/api/datasets"),
    # Self-checks: the instrument catalogue is public; answering and the results of a run are
    # reached with its one-time or results code (a capability, tested in test_assessment_web.py).
    ("GET", "/selbstchecks"), ("GET", "/selbstchecks/danke"), ("GET", "/selbstchecks/vergleich"),
    ("GET", "/selbstchecks/{instrument_id}"), ("GET", "/api/instrumente"),
    ("GET", "/selbstchecks/teilnahme/{token}"), ("POST", "/selbstchecks/teilnahme/{token}"),
    ("GET", "/selbstchecks/auswertung/{token}"), ("GET", "/selbstchecks/auswertung/{token}/{resource}"),
    ("POST", "/selbstchecks/auswertung/{token}/abschliessen"), ("GET", "/api/selbstchecks/auswertung/{token}"),
    # Integrationsbericht of an area from official statistics (public data; goals, network and
    # self-check sections show published objects only).
    ("GET", "/gebiete/{code}/bericht"), ("GET", "/gebiete/{code}/bericht.pdf"),
    ("GET", "/gebiete/{code}/bericht.xlsx"), ("GET", "/berichte/vorlage.css"),
    # Published networks of all tenants (the list only; each network is behind require("view")).
    ("GET", "/netzwerk"),
}
USERS = (None, "a-viewer", "a-editor", "a-admin", "b-viewer", "b-editor", "b-admin")
# Which users may do an action in tenant A (the expectation, written independently of policy.py).
ALLOWED = {
    "view": set(USERS),
    "read": {"a-viewer", "a-editor", "a-admin"},
    "edit": {"a-editor", "a-admin"},
    "publish": {"a-admin"},
    "admin": {"a-admin"},
    "analyse": {"a-admin"},
}
# Values for path parameters; a module adding routes with new parameters adds them here.
PARAMS = {"tenant_slug": "stadt-a", "username": "a-extra", "token_id": "999999", "resource": "radar.svg",
          "name": "netz.graphml"}
# Path parameters naming an owned object: each such route is called once with an internal and
# once with a published object of tenant A (ids filled in by test_matrix from the world).
OBJECT_PARAMS = {"notice_id", "concept_id", "run_id"}


def _guard(route: APIRoute) -> tuple[str, str | None]:
    """("action", name) for require(), ("login", None) for require_login, ("none", None) otherwise."""
    stack = list(route.dependant.dependencies)
    while stack:
        dependant = stack.pop()
        call = dependant.call
        if hasattr(call, "stellwerk_action"):
            return "action", call.stellwerk_action
        if getattr(call, "stellwerk_login", False):
            return "login", None
        stack.extend(dependant.dependencies)
    return "none", None


def _walk(routes, prefix: str = ""):
    # Newer FastAPI keeps included routers as nodes (``original_router``) instead of copying routes.
    for route in routes:
        if hasattr(route, "original_router"):
            yield from _walk(route.original_router.routes, prefix + route.include_context.prefix)
        elif isinstance(route, APIRoute):
            yield prefix + route.path, route


def _routes(app) -> list[tuple[str, str, APIRoute]]:
    found = []
    for path, route in _walk(app.routes):
        for method in sorted(route.methods - {"HEAD"}):
            found.append((method, path, route))
    assert len(found) > 20, "Routen der App nicht gefunden"
    return found


def test_every_route_is_guarded_or_declared_public(world):
    unguarded = [
        f"{method} {path}" for method, path, route in _routes(world.app)
        if _guard(route)[0] == "none" and (method, path) not in PUBLIC
    ]
    assert unguarded == [], "Routen ohne require()/require_login und nicht in PUBLIC"


def _fill(path: str, object_ids: dict[str, int]) -> str:
    def value(match: re.Match) -> str:
        name = match.group(1)
        if name in OBJECT_PARAMS:
            return str(object_ids[name])
        if name not in PARAMS:
            raise AssertionError(f"Pfadparameter {name!r}: Wert in PARAMS eintragen ({path})")
        return PARAMS[name]

    return re.sub(r"\{(\w+)(?::\w+)?\}", value, path)


def _cases(app):
    for method, path, route in _routes(app):
        kind, action = _guard(route)
        if kind == "none":
            continue
        has_object = any(f"{{{p}}}" in path for p in OBJECT_PARAMS)
        for visibility in (("internal", "published") if has_object else (None,)):
            for user in USERS:
                yield method, path, kind, action, visibility, user


def _expected_ok(kind: str, action: str | None, visibility: str | None, user: str | None) -> bool:
    if kind == "login":
        return user is not None
    allowed = user in ALLOWED[action]
    if allowed and action == "view" and visibility == "internal":
        allowed = user in ALLOWED["read"]
    return allowed


def _call(client, method: str, url: str, api: bool):
    if method == "GET":
        return client.get(url, follow_redirects=False)
    if api:
        headers = {"X-CSRF-Token": client.csrf()}
        return client.request(method, url, json={}, headers=headers, follow_redirects=False)
    return client.request(method, url, data={"csrf_token": client.csrf()}, follow_redirects=False)


def _own_practice(world) -> str:
    """A draft practice entry of tenant A (its review steps answer 303 or 422, never 404)."""
    from stellwerk.accounts.tenants import get_tenant
    from stellwerk.knowledge.review import create_draft

    with world.workspace.session() as session:
        return create_draft(session, get_tenant(session, "stadt-a"), "a-editor", {
            "title": "Matrix-Praxis", "field": "Engagement", "sub_topic": "Test", "source": "Eigene Angaben",
            "summary": "Ein Entwurf, an dem die Matrix jede Route ausprobiert.", "source_type": "eigene_praxis",
            "evidence": "kommune"}).slug


def _register_document(world) -> str:
    """Tenant A's superseded concept version as a register draft (publishing it answers 303 or 422)."""
    from stellwerk.accounts.tenants import get_tenant
    from stellwerk.knowledge.strategy_link import register_strategy_version

    with world.workspace.session() as session:
        return register_strategy_version(session, get_tenant(session, "stadt-a"), world.concept_ids[0],
                                         actor="a-editor").key


def test_matrix(world, client_as):
    """All routes × users × object visibility (one test, to build the clients once)."""
    clients = {user: client_as(user) for user in USERS}
    # Integrationskonzept routes: superseded versions, so every change answers 422 and changes nothing.
    PARAMS.update(other_id=str(world.concept_ids[1]), key="Z1", fmt="yaml")
    PARAMS["practice_id"] = _own_practice(world)
    PARAMS["document_key"] = _register_document(world)
    shared = {
        "internal": {"notice_id": world.internal_id, "concept_id": world.internal_concept_id, "run_id": world.run_id},
        "published": {"notice_id": world.published_id, "concept_id": world.concept_ids[0],
                      "run_id": world.published_run_id},
        None: {},
    }
    failures = []
    checked = 0
    for method, path, kind, action, visibility, user in _cases(world.app):
        ids = dict(shared[visibility])
        if method != "GET" and visibility is not None and "{notice_id}" in path:
            # Changing notice calls get notices of their own, so no call depends on what an earlier one did.
            ids["notice_id"] = fresh_notices(world)[visibility]
        url = _fill(path, ids)
        api = path.startswith("/api/")
        response = _call(clients[user], method, url, api)
        status = response.status_code
        ok = _expected_ok(kind, action, visibility, user)
        checked += 1
        if ok:
            good = status < 400 or status == 422 or (status == 404 and kind == "login")
        elif kind == "action" and action == "view":
            good = status == 404  # internal objects are invisible, not forbidden
        elif user is None:
            good = status == 401 or (status == 303 and response.headers["location"].startswith("/anmelden"))
        else:
            good = status == 403
        if not good:
            failures.append(f"{method} {url} als {user or 'anonym'} ({visibility}): {status}, erwartet "
                            f"{'erlaubt' if ok else 'verweigert'}")
    assert failures == [], "\n".join(failures)
    assert checked > 150


@pytest.mark.parametrize("user", ["forschung"])
def test_research_role_gets_no_internal_content(world, client_as, user):
    client = client_as(user)
    assert client.get(f"/t/stadt-a/hinweise/{world.internal_id}").status_code == 404
    assert client.get(f"/t/stadt-a/hinweise/{world.published_id}").status_code == 200
    assert client.get("/t/stadt-a/protokoll", follow_redirects=False).status_code == 403

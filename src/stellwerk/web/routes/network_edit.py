# SPDX-License-Identifier: EUPL-1.2
"""Forms on the network page: add an actor, a membership, a tie (role ``edit``).

Each form calls one function of :mod:`stellwerk.network.edit`, which checks the
input (membership within the body's lifetime, no tie to itself, known actor
type, no second actor with the same name and type). On an error the page is
shown again with the message naming the field, and nothing is saved.
Publishing an entry needs ``publish``.
"""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from stellwerk.errors import InputError, NotFoundError
from stellwerk.network.edit import add_actor, add_membership, add_tie
from stellwerk.network.lookup import actor_by_id, body_by_id
from stellwerk.network.workbook import parse_date
from stellwerk.web.deps import TenantContext, require
from stellwerk.web.routes.network import graph_context
from stellwerk.web.templating import render

router = APIRouter()


def _number(form: FormData, name: str, column: str) -> int:
    text = str(form.get(name) or "").strip()
    if not text.isdigit() or len(text) > 9:
        raise InputError(f"{column} fehlt oder ist keine Nummer.", column=column, expected="eine Auswahl aus der Liste")
    return int(text)


def _actor(ctx: TenantContext, form: FormData, name: str, column: str):
    try:
        return actor_by_id(ctx.session, ctx.tenant.id, _number(form, name, column))
    except NotFoundError as error:
        raise InputError(str(error), column=column, expected="ein Akteur dieses Netzwerks") from error


def _date(form: FormData, name: str, column: str, end: bool = False):
    try:
        return parse_date(form.get(name) or None, end=end)
    except InputError as error:
        error.column = column
        raise


def _published(ctx: TenantContext, form: FormData) -> bool:
    if not form.get("veroeffentlicht"):
        return False
    if not ctx.can("publish"):
        raise InputError("Veröffentlichen darf nur die Administration des Arbeitsbereichs.",
                         column="Veröffentlicht", expected="das Häkchen weglassen (intern anlegen)")
    return True


def _failed(request: Request, ctx: TenantContext, error: InputError) -> HTMLResponse:
    ctx.session.rollback()
    return render(request, "network/graph.html", graph_context(ctx, error=str(error)), status_code=422)


def _back(ctx: TenantContext, anchor: str) -> RedirectResponse:
    return RedirectResponse(f"/t/{ctx.tenant.slug}/netzwerk#{anchor}", status_code=303)


async def _form(request: Request) -> FormData:
    return await request.form(max_files=0, max_fields=100)


@router.post("/t/{tenant_slug}/netzwerk/akteure", include_in_schema=False)
async def add_actor_page(request: Request, ctx: TenantContext = require("edit")) -> Response:
    form = await _form(request)
    try:
        fields: dict[str, Any] = {
            "name": str(form.get("name") or ""), "actor_type": str(form.get("typ") or ""),
            "handlungsfelder": [str(v) for v in form.getlist("handlungsfelder")],
            "contact_function": str(form.get("kontaktfunktion") or "") or None,
            "active_from": _date(form, "von", "Aktiv seit"), "active_to": _date(form, "bis", "Aktiv bis", end=True),
            "published": _published(ctx, form),
        }
        actor = add_actor(ctx.session, ctx.tenant.id, by=ctx.principal.actor, **fields)
    except InputError as error:
        return _failed(request, ctx, error)
    return _back(ctx, f"akteur-{actor.id}")


@router.post("/t/{tenant_slug}/netzwerk/mitgliedschaften", include_in_schema=False)
async def add_membership_page(request: Request, ctx: TenantContext = require("edit")) -> Response:
    form = await _form(request)
    try:
        try:
            body = body_by_id(ctx.session, ctx.tenant.id, _number(form, "gremium", "Gremium"))
        except NotFoundError as error:
            raise InputError(str(error), column="Gremium", expected="ein Gremium dieses Netzwerks") from error
        actor = _actor(ctx, form, "akteur", "Akteur")
        add_membership(ctx.session, body, actor, role=str(form.get("rolle") or "mitglied"),
                       valid_from=_date(form, "von", "Von"), valid_to=_date(form, "bis", "Bis", end=True),
                       by=ctx.principal.actor)
    except InputError as error:
        return _failed(request, ctx, error)
    return _back(ctx, f"gremium-{body.id}")


@router.post("/t/{tenant_slug}/netzwerk/beziehungen", include_in_schema=False)
async def add_tie_page(request: Request, ctx: TenantContext = require("edit")) -> Response:
    form = await _form(request)
    try:
        source = _actor(ctx, form, "akteur_a", "Akteur A")
        target = _actor(ctx, form, "akteur_b", "Akteur B")
        intensity = str(form.get("intensitaet") or "2")
        add_tie(ctx.session, source, target, kind=str(form.get("art") or "") or None,
                intensity=int(intensity) if intensity.isdigit() and len(intensity) < 3 else -1,
                formal=bool(form.get("formell")), valid_from=_date(form, "von", "Von"),
                valid_to=_date(form, "bis", "Bis", end=True), published=_published(ctx, form),
                by=ctx.principal.actor)
    except InputError as error:
        return _failed(request, ctx, error)
    return _back(ctx, f"akteur-{source.id}")

# SPDX-License-Identifier: EUPL-1.2
"""Integrationskonzept pages and API under ``/t/{tenant}/konzept``.

Reading follows the owned-object rule (members see internal versions, the
public only published ones); every change needs ``edit`` (publishing:
``publish``) and goes through one domain function.
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

import yaml
from fastapi import APIRouter, Body, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile

from stellwerk.errors import InputError, NotFoundError
from stellwerk.strategy import concepts as domain
from stellwerk.strategy import indicator_source as source
from stellwerk.strategy.completeness import check_completeness
from stellwerk.strategy.exchange import dump_json, dump_yaml
from stellwerk.strategy.lights import LIGHT_CSS, LIGHTS
from stellwerk.strategy.models import Concept, MeasureStatus
from stellwerk.strategy.partners import actor_choices, partner_names, partners_from_ids
from stellwerk.strategy.schema import parse_document
from stellwerk.strategy.steering import goal_statuses, steering
from stellwerk.strategy.store import save_document, to_document
from stellwerk.strategy.versions import adopt, diff_concepts, start_revision
from stellwerk.strategy.workbook import read_workbook, write_workbook
from stellwerk.web.deps import TenantContext, require
from stellwerk.web.navigation import NavItem, register_nav
from stellwerk.web.panels import Panel, register_panel
from stellwerk.web.strategy_print import render_print
from stellwerk.web.templating import render

router = APIRouter()
# Ids beyond a 32-bit integer cannot exist; refusing them early keeps huge numbers away from the database.
ConceptId = Annotated[int, Path(ge=1, le=2_147_483_647)]
ERRORS = {401: {"description": "Nicht angemeldet"}, 403: {"description": "Keine Berechtigung"},
          404: {"description": "Nicht gefunden oder nicht öffentlich"}, 422: {"description": "Fehlerhafte Eingabe"}}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

register_nav(NavItem("strategy", "Konzept", "/t/{tenant}/konzept", order=40))


def _current(ctx: TenantContext) -> Concept | None:
    """The concept the start page shows: the adopted one, else the newest draft (never a superseded one)."""
    versions = domain.list_concepts(ctx.session, ctx.tenant, ctx.include_internal)
    adopted = [c for c in versions if c.status == "beschlossen"]
    drafts = [c for c in versions if c.status == "Entwurf"]
    return (adopted or drafts or [None])[0]


def load_goal_lights(ctx: TenantContext) -> dict[str, Any] | None:
    """Start page panel: the goals' lights of the current concept."""
    concept = _current(ctx)
    if concept is None or not concept.goals:
        return None
    statuses = goal_statuses(ctx.session, concept)
    counts = {light: sum(1 for s in statuses if s.status == light) for light in LIGHTS}
    return {"concept": concept, "statuses": statuses[:8], "counts": counts, "light_css": LIGHT_CSS}


register_panel(Panel(
    "goals", "Ziele", 20,
    "Noch keine Ziele. Wenn das Integrationskonzept mit Zielen und Maßnahmen erfasst ist, "
    "zeigt hier eine Ampel, wie weit jedes Ziel erreicht ist.",
    template="strategy/panel.html", load=load_goal_lights, href="/t/{tenant}/konzept",
))


def _concept(ctx: TenantContext, concept_id: ConceptId) -> Concept:
    return ctx.check_visible(ctx.session.get(Concept, concept_id))


def _page(ctx: TenantContext, concept: Concept, error: str | None = None) -> dict[str, Any]:
    versions = domain.list_concepts(ctx.session, ctx.tenant, ctx.include_internal)
    return {
        "ctx": ctx, "concept": concept, "steer": steering(ctx.session, concept),
        "checklist": check_completeness(concept), "fields": source.handlungsfelder(),
        "indicators": source.indicator_choices(), "light_css": LIGHT_CSS, "lights": LIGHTS,
        "measure_statuses": MeasureStatus.ALL, "versions": versions, "error": error,
        "goals_by_key": {g.key: g for g in concept.goals},
        "partner_names": partner_names(ctx.session, concept, published_only=not ctx.include_internal),
        "actors": actor_choices(ctx.session, ctx.tenant.id) if ctx.can("edit") else [],
    }


def _lines(value: Any) -> list[str]:
    return [line.strip() for line in str(value or "").splitlines() if line.strip()]


def _words(value: Any) -> list[str]:
    return [part.strip() for part in str(value or "").replace(";", ",").split(",") if part.strip()]


def _meta_form(form: FormData) -> dict[str, Any]:
    fields = source.handlungsfelder()
    return {
        "titel": form.get("titel", ""), "gebiet": form.get("gebiet", ""),
        "zeitraum_von": form.get("zeitraum_von") or None, "zeitraum_bis": form.get("zeitraum_bis") or None,
        "leitbild": form.get("leitbild", ""), "leitlinien": _lines(form.get("leitlinien")),
        "bestandsaufnahme": form.get("bestandsaufnahme", ""), "beteiligung": form.get("beteiligung", ""),
        "monitoring": form.get("monitoring", ""), "ratsbeschluss": form.get("ratsbeschluss", ""),
        "handlungsfelder": {f: form.get(f"label_{f}", "").strip() for f in form.getlist("handlungsfelder")
                            if f in fields} if "handlungsfelder" in form else {},
    }


def _partners_form(ctx: TenantContext, form: FormData) -> list[dict[str, Any]]:
    """Partners chosen from the network (``akteur``) plus free-text lines (``partner``; "Name #Nr." links too)."""
    partners = partners_from_ids(ctx.session, ctx.tenant.id, form.getlist("akteur"))
    for line in _lines(form.get("partner")):
        name, _, actor = line.partition("#")
        actor_id = int(actor) if actor.strip().isdigit() else None
        if actor_id is not None and any(p["akteur_id"] == actor_id for p in partners):
            continue
        if actor_id is not None and not name.strip():
            partners += partners_from_ids(ctx.session, ctx.tenant.id, [actor_id], column="Partner")
        else:
            partners.append({"name": name.strip(), "akteur_id": actor_id})
    return partners


def _measure_form(ctx: TenantContext, form: FormData) -> dict[str, Any]:
    partners = _partners_form(ctx, form)
    data = {
        "titel": form.get("titel", ""), "beschreibung": form.get("beschreibung", ""),
        "handlungsfelder": form.getlist("handlungsfelder"), "ziele": _words(form.get("ziele")),
        "verantwortlich": form.get("verantwortlich", ""), "partner": partners,
        "zielgruppen": _lines(form.get("zielgruppen")), "beginn": form.get("beginn") or None,
        "ende": form.get("ende") or None, "budget": form.get("budget") or None,
        "foerderquelle": form.get("foerderquelle", ""), "foerderung_bis": form.get("foerderung_bis") or None,
        "status": form.get("status") or "geplant",
        "meilensteine": [{"titel": t} for t in _lines(form.get("meilensteine"))],
    }
    return data


async def _form(request: Request) -> FormData:
    return await request.form(max_files=1, max_fields=200)


def _back(ctx: TenantContext, concept: Concept, anchor: str = "") -> RedirectResponse:
    return RedirectResponse(f"/t/{ctx.tenant.slug}/konzept/{concept.id}{anchor}", status_code=303)


def _failed(request: Request, ctx: TenantContext, concept: Concept, error: Exception) -> HTMLResponse:
    ctx.session.rollback()
    concept = ctx.session.get(Concept, concept.id)
    return render(request, "strategy/detail.html", _page(ctx, concept, str(error)), status_code=422)


# --- Pages -------------------------------------------------------------------------------------

@router.get("/t/{tenant_slug}/konzept", response_class=HTMLResponse, include_in_schema=False)
def list_page(request: Request, ctx: TenantContext = require("view")) -> HTMLResponse:
    versions = domain.list_concepts(ctx.session, ctx.tenant, ctx.include_internal)
    return render(request, "strategy/list.html", {"ctx": ctx, "versions": versions, "error": None, "form": {},
                                                  "area": ctx.tenant.area_id})


@router.post("/t/{tenant_slug}/konzept/neu", include_in_schema=False)
async def create_page(request: Request, ctx: TenantContext = require("edit")) -> Response:
    form = await _form(request)
    try:
        concept = domain.create_concept(ctx.session, ctx.tenant, ctx.principal.actor, _meta_form(form))
    except InputError as error:
        versions = domain.list_concepts(ctx.session, ctx.tenant, ctx.include_internal)
        return render(request, "strategy/list.html", {"ctx": ctx, "versions": versions, "error": str(error),
                                                      "form": dict(form)}, status_code=422)
    return _back(ctx, concept)


@router.post("/t/{tenant_slug}/konzept/import", include_in_schema=False)
async def import_new_page(request: Request, ctx: TenantContext = require("edit")) -> Response:
    form = await _form(request)
    try:
        concept = save_document(ctx.session, ctx.tenant, _uploaded(ctx, form, None), ctx.principal.actor)
    except InputError as error:
        ctx.session.rollback()
        versions = domain.list_concepts(ctx.session, ctx.tenant, ctx.include_internal)
        return render(request, "strategy/list.html", {"ctx": ctx, "versions": versions, "error": str(error),
                                                      "form": {}}, status_code=422)
    return _back(ctx, concept)


def _uploaded(ctx: TenantContext, form: FormData, concept: Concept | None):
    upload = form.get("datei")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise InputError("Keine Datei ausgewählt.", column="Datei", expected=".xlsx, .yaml oder .json")
    try:
        data = upload.file.read()
    finally:
        upload.file.close()  # request.form() called by hand: Starlette does not close its files
    name = upload.filename.rsplit("/", 1)[-1][:200]
    if name.lower().endswith(".xlsx"):
        return read_workbook(data, name, concept, session=ctx.session, tenant_id=ctx.tenant.id)
    try:
        loaded = json.loads(data) if name.lower().endswith(".json") else yaml.safe_load(data.decode("utf-8"))
    except (ValueError, yaml.YAMLError) as error:
        raise InputError("Die Datei ist kein gültiges YAML/JSON (UTF-8).", file=name) from error
    return parse_document(loaded, name)


@router.get("/t/{tenant_slug}/konzept/{concept_id}", response_class=HTMLResponse, include_in_schema=False)
def detail_page(request: Request, concept_id: ConceptId, ctx: TenantContext = require("view")) -> HTMLResponse:
    return render(request, "strategy/detail.html", _page(ctx, _concept(ctx, concept_id)))


@router.post("/t/{tenant_slug}/konzept/{concept_id}/bearbeiten", include_in_schema=False)
async def edit_page(request: Request, concept_id: ConceptId, ctx: TenantContext = require("edit")) -> Response:
    concept = _concept(ctx, concept_id)
    try:
        domain.update_concept(ctx.session, concept, ctx.principal.actor, _meta_form(await _form(request)))
    except InputError as error:
        return _failed(request, ctx, concept, error)
    return _back(ctx, concept)


@router.post("/t/{tenant_slug}/konzept/{concept_id}/ziele", include_in_schema=False)
async def goal_page(request: Request, concept_id: ConceptId, ctx: TenantContext = require("edit")) -> Response:
    concept = _concept(ctx, concept_id)
    form = await _form(request)
    try:
        goal = domain.add_goal(ctx.session, concept, ctx.principal.actor, form.get("text", ""),
                               form.get("handlungsfeld", ""))
    except InputError as error:
        return _failed(request, ctx, concept, error)
    return _back(ctx, concept, f"#ziel-{goal.key}")


@router.post("/t/{tenant_slug}/konzept/{concept_id}/ziele/{key}/indikatoren", include_in_schema=False)
async def link_page(request: Request, concept_id: ConceptId, key: str, ctx: TenantContext = require("edit")) -> Response:
    concept = _concept(ctx, concept_id)
    form = await _form(request)
    data = {name: form.get(name, "") for name in ("indikator", "gebiet", "basisjahr", "zielwert", "zieljahr",
                                                    "richtung")}
    try:
        domain.link_indicator(ctx.session, concept, _goal(concept, key), ctx.principal.actor, data)
    except InputError as error:
        return _failed(request, ctx, concept, error)
    return _back(ctx, concept, f"#ziel-{key}")


def _goal(concept: Concept, key: str):
    try:
        return domain.get_goal(concept, key)
    except NotFoundError as error:
        raise HTTPException(404, str(error)) from error


def _measure(concept: Concept, key: str):
    try:
        return domain.get_measure(concept, key)
    except NotFoundError as error:
        raise HTTPException(404, str(error)) from error


@router.post("/t/{tenant_slug}/konzept/{concept_id}/massnahmen", include_in_schema=False)
async def measure_page(request: Request, concept_id: ConceptId, ctx: TenantContext = require("edit")) -> Response:
    concept = _concept(ctx, concept_id)
    try:
        measure = domain.add_measure(ctx.session, concept, ctx.principal.actor,
                                     _measure_form(ctx, await _form(request)))
    except InputError as error:
        return _failed(request, ctx, concept, error)
    return _back(ctx, concept, f"#massnahme-{measure.key}")


@router.post("/t/{tenant_slug}/konzept/{concept_id}/massnahmen/{key}/partner", include_in_schema=False)
async def partners_page(request: Request, concept_id: ConceptId, key: str, ctx: TenantContext = require("edit")) -> Response:
    concept = _concept(ctx, concept_id)
    measure = _measure(concept, key)
    try:
        domain.update_measure(ctx.session, concept, measure, ctx.principal.actor,
                              {"partner": _partners_form(ctx, await _form(request))})
    except InputError as error:
        return _failed(request, ctx, concept, error)
    return _back(ctx, concept, f"#massnahme-{key}")


@router.post("/t/{tenant_slug}/konzept/{concept_id}/massnahmen/{key}/berichte", include_in_schema=False)
async def report_page(request: Request, concept_id: ConceptId, key: str, ctx: TenantContext = require("edit")) -> Response:
    concept = _concept(ctx, concept_id)
    form = await _form(request)
    try:
        domain.add_report(ctx.session, concept, _measure(concept, key), ctx.principal.actor,
                          form.get("zeitraum", ""), form.get("status", ""), form.get("text", ""))
    except InputError as error:
        return _failed(request, ctx, concept, error)
    return _back(ctx, concept, f"#massnahme-{key}")


@router.post("/t/{tenant_slug}/konzept/{concept_id}/ziele/{key}/loeschen", include_in_schema=False)
def delete_goal_page(request: Request, concept_id: ConceptId, key: str, ctx: TenantContext = require("edit")) -> Response:
    concept = _concept(ctx, concept_id)
    try:
        domain.remove_goal(ctx.session, concept, _goal(concept, key), ctx.principal.actor)
    except InputError as error:
        return _failed(request, ctx, concept, error)
    return _back(ctx, concept, "#ziele")


@router.post("/t/{tenant_slug}/konzept/{concept_id}/massnahmen/{key}/loeschen", include_in_schema=False)
def delete_measure_page(request: Request, concept_id: ConceptId, key: str, ctx: TenantContext = require("edit")) -> Response:
    concept = _concept(ctx, concept_id)
    try:
        domain.remove_measure(ctx.session, concept, _measure(concept, key), ctx.principal.actor)
    except InputError as error:
        return _failed(request, ctx, concept, error)
    return _back(ctx, concept, "#massnahmen")


@router.post("/t/{tenant_slug}/konzept/{concept_id}/evaluationen", include_in_schema=False)
async def evaluation_page(request: Request, concept_id: ConceptId, ctx: TenantContext = require("edit")) -> Response:
    concept = _concept(ctx, concept_id)
    form = await _form(request)
    data = {"titel": form.get("titel", ""), "art": form.get("art") or "intern", "methode": form.get("methode", ""),
            "ergebnisse": form.get("ergebnisse", ""), "empfehlungen": form.get("empfehlungen", ""),
            "massnahmen": _words(form.get("massnahmen")), "datum": form.get("datum") or None}
    try:
        domain.add_evaluation(ctx.session, concept, ctx.principal.actor, data)
    except InputError as error:
        return _failed(request, ctx, concept, error)
    return _back(ctx, concept, "#evaluationen")


@router.post("/t/{tenant_slug}/konzept/{concept_id}/beschliessen", include_in_schema=False)
async def adopt_page(request: Request, concept_id: ConceptId, ctx: TenantContext = require("edit")) -> Response:
    concept = _concept(ctx, concept_id)
    form = await _form(request)
    try:
        day = dt.date.fromisoformat(form.get("beschlossen_am", ""))
    except ValueError:
        return _failed(request, ctx, concept, InputError("Datum des Ratsbeschlusses fehlt oder ist ungültig.",
                                                         column="beschlossen am", expected="JJJJ-MM-TT"))
    try:
        adopt(ctx.session, concept, ctx.principal.actor, day, form.get("ratsbeschluss", ""))
    except InputError as error:
        return _failed(request, ctx, concept, error)
    return _back(ctx, concept)


@router.post("/t/{tenant_slug}/konzept/{concept_id}/fortschreiben", include_in_schema=False)
def revise_page(request: Request, concept_id: ConceptId, ctx: TenantContext = require("edit")) -> Response:
    concept = _concept(ctx, concept_id)
    try:
        draft = start_revision(ctx.session, concept, ctx.principal.actor)
    except InputError as error:
        return _failed(request, ctx, concept, error)
    return _back(ctx, draft)


@router.post("/t/{tenant_slug}/konzept/{concept_id}/import", include_in_schema=False)
async def import_page(request: Request, concept_id: ConceptId, ctx: TenantContext = require("edit")) -> Response:
    concept = _concept(ctx, concept_id)
    try:
        save_document(ctx.session, ctx.tenant, _uploaded(ctx, await _form(request), concept), ctx.principal.actor, concept)
    except InputError as error:
        return _failed(request, ctx, concept, error)
    return _back(ctx, concept)


@router.post("/t/{tenant_slug}/konzept/{concept_id}/sichtbarkeit", include_in_schema=False)
async def visibility_page(request: Request, concept_id: ConceptId, ctx: TenantContext = require("publish")) -> Response:
    concept = _concept(ctx, concept_id)
    form = await _form(request)
    try:
        domain.set_visibility(ctx.session, concept, ctx.principal.actor, form.get("sichtbarkeit", ""))
    except InputError as error:
        return _failed(request, ctx, concept, error)
    return _back(ctx, concept)


@router.get("/t/{tenant_slug}/konzept/{concept_id}/vergleich", response_class=HTMLResponse, include_in_schema=False)
def diff_page(request: Request, concept_id: ConceptId, mit: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
              ctx: TenantContext = require("view")) -> HTMLResponse:
    concept = _concept(ctx, concept_id)
    other_id = mit or concept.predecessor_id
    if other_id is None:
        raise HTTPException(404, "Keine Vorgängerfassung zum Vergleichen.")
    old = _concept(ctx, other_id)
    return render(request, "strategy/diff.html", {"ctx": ctx, "concept": concept, "old": old,
                                                  "diff": diff_concepts(old, concept)})


@router.get("/t/{tenant_slug}/konzept/{concept_id}/druck", response_class=HTMLResponse, include_in_schema=False)
def print_page(concept_id: ConceptId, ctx: TenantContext = require("view")) -> HTMLResponse:
    concept = _concept(ctx, concept_id)
    return HTMLResponse(render_print(ctx.session, ctx.tenant, concept))


@router.get("/t/{tenant_slug}/konzept/{concept_id}/export.{fmt}", include_in_schema=False)
def export_page(concept_id: ConceptId, fmt: str, ctx: TenantContext = require("view")) -> Response:
    concept = _concept(ctx, concept_id)
    name = f"konzept-{ctx.tenant.slug}-v{concept.version}.{fmt}"
    disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
    if fmt == "yaml":
        return Response(dump_yaml(concept), media_type="application/yaml; charset=utf-8", headers=disposition)
    if fmt == "json":
        return Response(dump_json(concept), media_type="application/json", headers=disposition)
    if fmt == "xlsx":
        return Response(write_workbook(concept), media_type=XLSX, headers=disposition)
    raise HTTPException(404, "Unbekanntes Format.")


# --- JSON API ----------------------------------------------------------------------------------

def _summary(concept: Concept) -> dict[str, Any]:
    return {"id": concept.id, "titel": concept.title, "version": concept.version, "status": concept.status,
            "sichtbarkeit": concept.visibility, "vorgaenger": concept.predecessor_id,
            "beschlossen_am": concept.adopted_on, "ratsbeschluss": concept.council_ref or None}


def _unprocessable(error: InputError) -> HTTPException:
    return HTTPException(status_code=422, detail=str(error))


@router.get("/api/t/{tenant_slug}/konzept", tags=["Integrationskonzept"], responses=ERRORS)
def api_list(ctx: TenantContext = require("view")) -> list[dict]:
    """Die Fassungen des Integrationskonzepts (ohne Mitgliedschaft nur veröffentlichte)."""
    return [_summary(c) for c in domain.list_concepts(ctx.session, ctx.tenant, ctx.include_internal)]


@router.post("/api/t/{tenant_slug}/konzept", tags=["Integrationskonzept"], status_code=201, responses=ERRORS)
def api_create(document: dict = Body(...), ctx: TenantContext = require("edit")) -> dict:
    """Ein Konzept aus einem Dokument (Form wie beim YAML/JSON-Export) anlegen."""
    try:
        concept = save_document(ctx.session, ctx.tenant, parse_document(document), ctx.principal.actor)
    except InputError as error:
        raise _unprocessable(error) from error
    return _summary(concept)


@router.get("/api/t/{tenant_slug}/konzept/{concept_id}", tags=["Integrationskonzept"], responses=ERRORS)
def api_get(concept_id: ConceptId, ctx: TenantContext = require("view")) -> dict:
    """Ein Konzept als Dokument (Leitbild, Ziele mit Indikatoren, Maßnahmen, Berichte, Evaluationen)."""
    concept = _concept(ctx, concept_id)
    return {**_summary(concept), "dokument": to_document(concept)}


@router.put("/api/t/{tenant_slug}/konzept/{concept_id}", tags=["Integrationskonzept"], responses=ERRORS)
def api_replace(concept_id: ConceptId, document: dict = Body(...), ctx: TenantContext = require("edit")) -> dict:
    """Den Inhalt eines Konzepts durch ein Dokument ersetzen (geprüft; bei Fehlern unverändert)."""
    concept = _concept(ctx, concept_id)
    try:
        save_document(ctx.session, ctx.tenant, parse_document(document), ctx.principal.actor, concept)
    except InputError as error:
        raise _unprocessable(error) from error
    return _summary(concept)


@router.get("/api/t/{tenant_slug}/konzept/{concept_id}/steuerung", tags=["Integrationskonzept"], responses=ERRORS)
def api_steering(concept_id: ConceptId, ctx: TenantContext = require("view")) -> dict:
    """Ampel je Ziel mit Fortschritts- und Zeitanteil, Übersicht je Handlungsfeld, Warnungen."""
    return steering(ctx.session, _concept(ctx, concept_id))


@router.get("/api/t/{tenant_slug}/konzept/{concept_id}/vollstaendigkeit", tags=["Integrationskonzept"],
            responses=ERRORS)
def api_completeness(concept_id: ConceptId, ctx: TenantContext = require("view")) -> list[dict]:
    """Prüfliste der Inhalte eines Integrationskonzepts mit dem, was fehlt."""
    return check_completeness(_concept(ctx, concept_id))


@router.get("/api/t/{tenant_slug}/konzept/{concept_id}/vergleich/{other_id}", tags=["Integrationskonzept"],
            responses=ERRORS)
def api_diff(concept_id: ConceptId, other_id: ConceptId, ctx: TenantContext = require("view")) -> dict:
    """Vergleich zweier Fassungen (die zweite gilt als neu)."""
    return diff_concepts(_concept(ctx, concept_id), _concept(ctx, other_id))


@router.post("/api/t/{tenant_slug}/konzept/{concept_id}/fortschreibung", tags=["Integrationskonzept"],
             status_code=201, responses=ERRORS)
def api_revise(concept_id: ConceptId, ctx: TenantContext = require("edit")) -> dict:
    """Eine Fortschreibung als Entwurf beginnen (Kopie des beschlossenen Konzepts)."""
    try:
        return _summary(start_revision(ctx.session, _concept(ctx, concept_id), ctx.principal.actor))
    except InputError as error:
        raise _unprocessable(error) from error


@router.post("/api/t/{tenant_slug}/konzept/{concept_id}/beschluss", tags=["Integrationskonzept"], responses=ERRORS)
def api_adopt(concept_id: ConceptId, beschlossen_am: dt.date = Body(...), ratsbeschluss: str = Body(...),
              ctx: TenantContext = require("edit")) -> dict:
    """Einen Entwurf als beschlossen markieren; die bisherige Fassung wird abgelöst."""
    try:
        return _summary(adopt(ctx.session, _concept(ctx, concept_id), ctx.principal.actor, beschlossen_am,
                              ratsbeschluss))
    except InputError as error:
        raise _unprocessable(error) from error

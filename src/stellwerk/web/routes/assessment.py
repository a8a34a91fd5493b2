# SPDX-License-Identifier: EUPL-1.2
"""Public self-check pages and everything reached with a code instead of an account.

- ``/selbstchecks``: the instruments; signed-in editors start runs in their workspace
  (``assessment_tenant``).
- ``/selbstchecks/teilnahme/<code>``: the answer form. The code is a run's participant
  code (any number of workshop participants) or a survey invitation (answers once).
- ``/selbstchecks/auswertung/<code>``: results for whoever holds the results code
  (e.g. a workshop moderator without an account), with charts, PDF and CSV exports.
"""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from stellwerk.accounts.models import Tenant
from stellwerk.accounts.policy import Principal, can
from stellwerk.assessment.answers import RespondentInput
from stellwerk.assessment.catalogue import Catalogue
from stellwerk.assessment.models import AssessmentRun, Invitation, Sector
from stellwerk.assessment.results import compare_runs, run_results
from stellwerk.assessment.runs import (
    TokenError,
    add_respondent,
    close_run,
    run_for_facilitator,
    run_for_participant,
)
from stellwerk.assessment.survey import invitation_for_token
from stellwerk.assessment.survey import respond as survey_respond
from stellwerk.errors import InputError, NotFoundError
from stellwerk.web.deps import get_principal, get_session
from stellwerk.web.navigation import NavItem, register_nav
from stellwerk.web.routes.assessment_views import (
    catalogue_of,
    error_page,
    page,
    plain,
    results_page,
    run_resource,
)

router = APIRouter()

register_nav(NavItem("assessment", "Selbstchecks", "/selbstchecks", order=60))


@router.get("/selbstchecks", response_class=HTMLResponse, include_in_schema=False)
def instrument_list(request: Request) -> HTMLResponse:
    return page(request, "list.html", {"instruments": list(catalogue_of(request).instruments.values())})


@router.get("/selbstchecks/danke", response_class=HTMLResponse, include_in_schema=False)
def thanks(request: Request) -> HTMLResponse:
    return page(request, "thanks.html", {})


@router.get("/selbstchecks/vergleich", response_class=HTMLResponse, include_in_schema=False)
def comparison_page(request: Request, code: list[str] = Query(default=[]),
                    session: Session = Depends(get_session, scope="function")) -> HTMLResponse:
    """Repeated runs side by side; whoever holds every run's results code may compare them."""
    if len(code) < 2:
        return error_page(request, "Zum Vergleich mindestens zwei Auswertungs-Codes angeben (?code=…&code=…).", 422)
    try:
        comparison = compare_runs(catalogue_of(request), [run_for_facilitator(session, one) for one in code])
    except TokenError as error:
        return error_page(request, str(error), 410)
    except InputError as error:
        return error_page(request, str(error), 422)
    return page(request, "compare.html", {"comparison": comparison})


@router.get("/selbstchecks/{instrument_id}", response_class=HTMLResponse, include_in_schema=False)
def instrument_page(request: Request, instrument_id: str, session: Session = Depends(get_session, scope="function"),
                    principal: Principal = Depends(get_principal)) -> HTMLResponse:
    try:
        instrument = catalogue_of(request).instrument(instrument_id)
    except NotFoundError as error:
        return error_page(request, str(error), 404)
    editable = [tenant_id for tenant_id in principal.roles if can(principal, "edit", tenant_id)]
    workspaces = list(session.scalars(select(Tenant).where(Tenant.id.in_(editable)).order_by(Tenant.name))) \
        if editable else []
    return page(request, "instrument.html", {"instrument": instrument, "workspaces": workspaces})


def _resolve_answer_code(session: Session, token: str) -> tuple[AssessmentRun, Invitation | None]:
    try:
        return run_for_participant(session, token), None
    except TokenError as run_error:
        try:
            invitation = invitation_for_token(session, token)
        except TokenError as invitation_error:
            # An unknown invitation reports the run's reason (e.g. closed) if it was a run code.
            if "ungültig" in str(invitation_error):
                raise run_error from None
            raise
        run = session.get(AssessmentRun, invitation.run_id)
        assert run is not None
        return run, invitation


def _form_context(catalogue: Catalogue, run: AssessmentRun, invitation: Invitation | None,
                  values: dict[str, Any], errors: list[str]) -> dict[str, Any]:
    instrument = catalogue.instrument(run.instrument_id)
    return {"run": run, "instrument": instrument, "invitation": invitation, "values": values, "errors": errors,
            "sectors": Sector.LABELS, "ask_person": invitation is None,
            "scales": {s.id: s for s in instrument.scales}}


@router.get("/selbstchecks/teilnahme/{token}", response_class=HTMLResponse, include_in_schema=False)
def answer_form(request: Request, token: str, session: Session = Depends(get_session, scope="function")) -> HTMLResponse:
    try:
        run, invitation = _resolve_answer_code(session, token)
    except TokenError as error:
        return error_page(request, str(error), 410)
    return page(request, "form.html", _form_context(catalogue_of(request), run, invitation, {}, []))


@router.post("/selbstchecks/teilnahme/{token}", include_in_schema=False)
async def submit_answers(request: Request, token: str, session: Session = Depends(get_session, scope="function")) -> Response:
    catalogue = catalogue_of(request)
    try:
        run, invitation = _resolve_answer_code(session, token)
    except TokenError as error:
        return error_page(request, str(error), 410)
    form = await request.form()
    values = {key: str(value) for key, value in form.items()}
    answers = {key[2:]: value for key, value in values.items() if key.startswith("q_")}
    try:
        if invitation is not None:
            survey_respond(session, catalogue, token, answers)
        else:
            person = RespondentInput(
                label=values.get("teilnehmer", "").strip(), role=values.get("rolle", "").strip() or None,
                sector=values.get("sektor") or None, answers=answers,
            )
            add_respondent(session, catalogue, run, person, actor=f"teilnahme:run{run.id}")
    except InputError as error:
        session.rollback()
        errors = [error.message, *error.details] if error.details else [error.message]
        return page(request, "form.html", _form_context(catalogue, run, invitation, values, errors), 422)
    except TokenError as error:
        session.rollback()
        return error_page(request, str(error), 410)
    return RedirectResponse("/selbstchecks/danke", status_code=303)


@router.get("/selbstchecks/auswertung/{token}", response_class=HTMLResponse, include_in_schema=False)
def results_by_code(request: Request, token: str, by: str = "gemeindetyp", gewichtung: str | None = None,
                    session: Session = Depends(get_session, scope="function")) -> HTMLResponse:
    try:
        run = run_for_facilitator(session, token)
    except TokenError as error:
        return error_page(request, str(error), 410)
    return results_page(request, session, run, f"/selbstchecks/auswertung/{token}", by=by, weighting=gewichtung)


@router.get("/selbstchecks/auswertung/{token}/{resource}", include_in_schema=False)
def resource_by_code(request: Request, token: str, resource: str, by: str = "gemeindetyp",
                     gewichtung: str | None = None,
                     session: Session = Depends(get_session, scope="function")) -> Response:
    try:
        run = run_for_facilitator(session, token)
    except TokenError as error:
        return plain(str(error), 410)
    return run_resource(request, session, run, resource, by, gewichtung)


@router.post("/selbstchecks/auswertung/{token}/abschliessen", include_in_schema=False)
def close_by_code(token: str, session: Session = Depends(get_session, scope="function")) -> Response:
    try:
        run = run_for_facilitator(session, token)
    except TokenError as error:
        return plain(str(error), 410)
    close_run(session, run, actor=f"auswertung:run{run.id}")
    return RedirectResponse(f"/selbstchecks/auswertung/{token}", status_code=303)


@router.get("/api/instrumente", tags=["Selbstchecks"])
def api_instruments(request: Request) -> list[dict[str, Any]]:
    """Die mitgelieferten Instrumente (Selbstchecks) mit Abschnitten."""
    return [{"id": i.id, "version": i.version, "title": i.title, "summary": i.summary,
             "sections": [{"id": s.id, "title": s.title, "items": len(s.items)} for s in i.sections]}
            for i in catalogue_of(request).instruments.values()]


@router.get("/api/selbstchecks/auswertung/{token}", tags=["Selbstchecks"],
            responses={410: {"description": "Auswertungs-Code ungültig oder abgelaufen"}})
def api_results(request: Request, token: str, session: Session = Depends(get_session, scope="function")) -> JSONResponse:
    """Ergebnis eines Durchlaufs (Zugang über den Auswertungs-Code)."""
    try:
        run = run_for_facilitator(session, token)
    except TokenError as error:
        return JSONResponse(error.to_dict(), status_code=410)
    return JSONResponse(jsonable(run_results(catalogue_of(request), run)))


def jsonable(document: Any) -> Any:
    """Dates as ISO text so the document can be sent as JSON."""
    if isinstance(document, dict):
        return {k: jsonable(v) for k, v in document.items()}
    if isinstance(document, list):
        return [jsonable(v) for v in document]
    if hasattr(document, "isoformat"):
        return document.isoformat()
    return document

# SPDX-License-Identifier: EUPL-1.2
"""Self-checks inside a workspace: members see the tenant's runs and results, editors start
and close runs. Anonymous visitors and members of other tenants see nothing (401/403/404)."""
from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import func, select

from stellwerk.assessment.benchmarks import GEMEINDETYPEN, LAENDER
from stellwerk.assessment.models import AssessmentRun, Mode, Respondent
from stellwerk.assessment.results import compare_runs
from stellwerk.assessment.runs import close_run, create_run, runs_of
from stellwerk.errors import StellwerkError
from stellwerk.web.deps import TenantContext, require
from stellwerk.web.navigation import NavItem, register_nav
from stellwerk.web.routes.assessment_views import catalogue_of, error_page, page, results_page, run_resource

router = APIRouter()

register_nav(NavItem("assessment-runs", "Selbstcheck-Durchläufe", "/t/{tenant}/selbstchecks", order=62,
                     action="read"))


def _base(ctx: TenantContext, run_id: int) -> str:
    return f"/t/{ctx.tenant.slug}/selbstchecks/{run_id}"


@router.get("/t/{tenant_slug}/selbstchecks", response_class=HTMLResponse, include_in_schema=False)
def tenant_runs(request: Request, instrument: str | None = None, ctx: TenantContext = require("read")) -> HTMLResponse:
    counts = dict(ctx.session.execute(
        select(Respondent.run_id, func.count()).join(AssessmentRun).where(AssessmentRun.tenant_id == ctx.tenant.id)
        .group_by(Respondent.run_id)).all())
    return page(request, "tenant_runs.html", {
        "tenant": ctx.tenant, "runs": runs_of(ctx.session, ctx.tenant.id), "counts": counts,
        "can_edit": ctx.can("edit"), "instruments": list(catalogue_of(request).instruments.values()),
        "selected": instrument, "gemeindetypen": GEMEINDETYPEN, "laender": LAENDER,
        "modes": {Mode.WORKSHOP: Mode.LABELS[Mode.WORKSHOP], Mode.SINGLE: Mode.LABELS[Mode.SINGLE]},
        "mode_labels": Mode.LABELS,
    })


@router.post("/t/{tenant_slug}/selbstchecks/start", response_class=HTMLResponse, include_in_schema=False)
async def start_run(request: Request, ctx: TenantContext = require("edit")) -> HTMLResponse:
    form = await request.form()
    catalogue = catalogue_of(request)
    try:
        mode = str(form.get("modus", Mode.WORKSHOP))
        if mode not in (Mode.SINGLE, Mode.WORKSHOP):
            raise StellwerkError("Form muss Einzeln oder Workshop sein.")
        run, tokens = create_run(
            ctx.session, catalogue, tenant_id=ctx.tenant.id, instrument_id=str(form.get("instrument", "")),
            title=str(form.get("titel", "")), mode=mode, actor=ctx.principal.actor,
            gemeindetyp=str(form.get("gemeindetyp") or "") or None, land=str(form.get("land") or "") or None,
            with_tokens=True,
        )
    except StellwerkError as error:
        ctx.session.rollback()
        return error_page(request, str(error), 422)
    assert tokens is not None
    origin = str(request.base_url).rstrip("/")
    return page(request, "started.html", {
        "run": run, "instrument": catalogue.instrument(run.instrument_id), "tenant": ctx.tenant,
        "answer_url": f"{origin}/selbstchecks/teilnahme/{tokens.participant}",
        "results_url": f"{origin}/selbstchecks/auswertung/{tokens.facilitator}",
        "member_url": f"{origin}{_base(ctx, run.id)}",
        "expires_at": tokens.expires_at,
    })


@router.get("/t/{tenant_slug}/selbstchecks/vergleich", response_class=HTMLResponse, include_in_schema=False)
def tenant_comparison(request: Request, run: list[int] = Query(default=[]),
                      ctx: TenantContext = require("read")) -> HTMLResponse:
    runs = [ctx.check_visible(ctx.session.get(AssessmentRun, run_id)) for run_id in run]
    if len(runs) < 2:
        return error_page(request, "Zum Vergleich mindestens zwei Durchläufe auswählen.", 422)
    try:
        comparison = compare_runs(catalogue_of(request), runs)
    except StellwerkError as error:
        return error_page(request, str(error), 422)
    return page(request, "compare.html", {"comparison": comparison})


@router.get("/t/{tenant_slug}/selbstchecks/{run_id}", response_class=HTMLResponse, include_in_schema=False)
def tenant_results(request: Request, run_id: int, by: str = "gemeindetyp", gewichtung: str | None = None,
                   ctx: TenantContext = require("read")) -> HTMLResponse:
    run = ctx.check_visible(ctx.session.get(AssessmentRun, run_id))
    return results_page(request, ctx.session, run, _base(ctx, run.id), by=by, can_close=ctx.can("edit"),
                        weighting=gewichtung)


@router.get("/t/{tenant_slug}/selbstchecks/{run_id}/{resource}", include_in_schema=False)
def tenant_resource(request: Request, run_id: int, resource: str, by: str = "gemeindetyp",
                    gewichtung: str | None = None, ctx: TenantContext = require("read")) -> Response:
    run = ctx.check_visible(ctx.session.get(AssessmentRun, run_id))
    return run_resource(request, ctx.session, run, resource, by, gewichtung)


@router.post("/t/{tenant_slug}/selbstchecks/{run_id}/abschliessen", include_in_schema=False)
def tenant_close(run_id: int, ctx: TenantContext = require("edit")) -> Response:
    run = ctx.check_visible(ctx.session.get(AssessmentRun, run_id))
    close_run(ctx.session, run, actor=ctx.principal.actor)
    return RedirectResponse(_base(ctx, run.id), status_code=303)

# SPDX-License-Identifier: EUPL-1.2
"""Runs: start one, let respondents answer (directly or with a token), close it, find it."""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stellwerk.accounts.audit import record_change, snapshot
from stellwerk.accounts.models import Tenant
from stellwerk.accounts.tenants import find_tenant as lookup_tenant
from stellwerk.assessment.answers import RespondentInput, clean_answers
from stellwerk.assessment.benchmarks import GEMEINDETYPEN, LAENDER
from stellwerk.assessment.catalogue import Catalogue
from stellwerk.assessment.models import Answer, AssessmentRun, Mode, Respondent, Status
from stellwerk.assessment.tokens import hash_token, is_expired, new_token, now
from stellwerk.errors import InputError, NotFoundError, StellwerkError

__all__ = [
    "TokenError",
    "RunTokens",
    "create_run",
    "add_respondent",
    "close_run",
    "delete_run",
    "get_run",
    "respondents_with_answers",
    "run_for_participant",
    "run_for_facilitator",
    "find_tenant",
    "runs_of",
]

log = logging.getLogger(__name__)
DEFAULT_TOKEN_DAYS = 30


class TokenError(StellwerkError):
    """A token is unknown, expired or already used."""

    exit_code = 5


@dataclass(frozen=True)
class RunTokens:
    """Shown once at creation: the link for respondents and the one for the results."""

    participant: str
    facilitator: str
    expires_at: dt.datetime


def find_tenant(session: Session, slug: str) -> Tenant:
    """The tenant with this slug; NotFoundError (German) when there is none."""
    tenant = lookup_tenant(session, slug)
    if tenant is None:
        raise NotFoundError(f"Mandant {slug!r} gibt es nicht")
    return tenant


def _check_peer(gemeindetyp: str | None, land: str | None) -> None:
    if gemeindetyp is not None and gemeindetyp not in GEMEINDETYPEN:
        raise InputError(
            f"Gemeindetyp {gemeindetyp!r} ist unbekannt", expected=", ".join(GEMEINDETYPEN)
        )
    if land is not None and land not in LAENDER:
        raise InputError(f"Land {land!r} ist unbekannt", expected=", ".join(LAENDER))


def create_run(
    session: Session,
    catalogue: Catalogue,
    *,
    tenant_id: int,
    instrument_id: str,
    title: str,
    mode: str,
    actor: str,
    gemeindetyp: str | None = None,
    land: str | None = None,
    area_id: int | None = None,
    with_tokens: bool = False,
    token_days: int = DEFAULT_TOKEN_DAYS,
) -> tuple[AssessmentRun, RunTokens | None]:
    """Start a run of an instrument for a tenant; with_tokens makes the answer and results links."""
    instrument = catalogue.instrument(instrument_id)
    if mode not in Mode.ALL:
        raise InputError(f"Modus {mode!r} ist unbekannt", expected=", ".join(Mode.ALL))
    title = (title or "").strip()
    if not title or len(title) > 300:
        raise InputError("Titel fehlt oder ist länger als 300 Zeichen")
    _check_peer(gemeindetyp, land)
    run = AssessmentRun(
        tenant_id=tenant_id,
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        title=title,
        mode=mode,
        status=Status.OPEN,
        gemeindetyp=gemeindetyp,
        land=land,
        area_id=area_id,
        created_by=actor,
        created_at=now(),
    )
    tokens = None
    if with_tokens:
        tokens = RunTokens(new_token(), new_token(), now() + dt.timedelta(days=token_days))
        run.participant_token_hash = hash_token(tokens.participant)
        run.facilitator_token_hash = hash_token(tokens.facilitator)
        run.token_expires_at = tokens.expires_at
    session.add(run)
    session.flush()
    after = snapshot(run)
    after.pop("participant_token_hash", None)
    after.pop("facilitator_token_hash", None)
    record_change(
        session, actor=actor, tenant_id=tenant_id, object_type="assessment_run",
        object_id=run.id, action="create", after=after,
    )
    return run, tokens


def add_respondent(
    session: Session,
    catalogue: Catalogue,
    run: AssessmentRun,
    respondent: RespondentInput,
    *,
    actor: str,
    file: str | None = None,
) -> Respondent:
    """Check and store one respondent's answers; any fault raises before anything is added."""
    if run.status != Status.OPEN:
        raise InputError(f"Durchlauf {run.id} ist abgeschlossen; Antworten sind nicht mehr möglich")
    # Count instead of loading run.respondents: a survey run has hundreds of respondents.
    existing = session.scalar(select(func.count()).select_from(Respondent).where(Respondent.run_id == run.id)) or 0
    if run.mode == Mode.SINGLE and existing:
        raise InputError(f"Durchlauf {run.id} ist eine Einzelauswertung und hat schon Antworten")
    instrument = catalogue.instrument(run.instrument_id)
    answers = clean_answers(instrument, respondent, file=file, require_sector=run.mode == Mode.WORKSHOP)
    label = (respondent.label or "").strip()[:200] or f"Person {existing + 1}"
    person = Respondent(
        run_id=run.id,
        label=label,
        role=(respondent.role or None) and str(respondent.role).strip()[:200],
        sector=respondent.sector,
        submitted_at=now(),
    )
    for item_id, value in answers.items():
        if isinstance(value, float):
            person.answers.append(Answer(item_id=item_id, value_number=value))
        else:
            person.answers.append(Answer(item_id=item_id, value_text=value))
    session.add(person)
    session.flush()
    if "respondents" in run.__dict__:  # keep an already loaded collection in step
        run.respondents.append(person)
    record_change(
        session, actor=actor, tenant_id=run.tenant_id, object_type="assessment_respondent",
        object_id=person.id, action="create",
        after={"run_id": run.id, "label": person.label, "sector": person.sector, "answers": len(answers)},
    )
    log.info("run %s: respondent %s with %d answers", run.id, person.id, len(answers))
    return person


def close_run(session: Session, run: AssessmentRun, *, actor: str) -> AssessmentRun:
    """Close a run: no more answers; results stay."""
    if run.status == Status.CLOSED:
        return run
    before = {"status": run.status}
    run.status = Status.CLOSED
    run.closed_at = now()
    record_change(
        session, actor=actor, tenant_id=run.tenant_id, object_type="assessment_run",
        object_id=run.id, action="update", before=before, after={"status": run.status},
    )
    return run


def delete_run(session: Session, run: AssessmentRun, *, actor: str) -> None:
    """Delete a run with its respondents, answers and invitations (recorded in the audit trail)."""
    before = snapshot(run)
    before.pop("participant_token_hash", None)
    before.pop("facilitator_token_hash", None)
    before["respondents"] = len(run.respondents)
    record_change(session, actor=actor, tenant_id=run.tenant_id, object_type="assessment_run",
                  object_id=run.id, action="delete", before=before)
    session.delete(run)
    session.flush()


def get_run(session: Session, run_id: int, tenant_id: int | None = None) -> AssessmentRun:
    """A run by id; with tenant_id only a run of that tenant (others look absent)."""
    run = session.get(AssessmentRun, run_id)
    if run is None or (tenant_id is not None and run.tenant_id != tenant_id):
        raise NotFoundError(f"Durchlauf {run_id} gibt es nicht")
    return run


def _by_token(session: Session, column, token: str) -> AssessmentRun:  # noqa: ANN001 - a mapped column
    run = session.scalar(select(AssessmentRun).where(column == hash_token(token)))
    if run is None:
        raise TokenError("Dieser Zugangscode ist ungültig.")
    if is_expired(run.token_expires_at):
        raise TokenError("Dieser Zugangscode ist abgelaufen.")
    return run


def run_for_participant(session: Session, token: str) -> AssessmentRun:
    """The run a participant link belongs to (workshop or single run)."""
    run = _by_token(session, AssessmentRun.participant_token_hash, token)
    if run.status != Status.OPEN:
        raise TokenError("Dieser Durchlauf ist abgeschlossen; Antworten sind nicht mehr möglich.")
    return run


def respondents_with_answers(session: Session, run: AssessmentRun) -> list[tuple[Respondent, dict[str, str | float]]]:
    """All respondents of a run with their answers as {item: value}, in two plain queries.

    Answers are read as rows, not ORM objects: a survey holds thousands of them.
    """
    people = list(session.scalars(select(Respondent).where(Respondent.run_id == run.id).order_by(Respondent.id)))
    rows = session.execute(
        select(Answer.respondent_id, Answer.item_id, Answer.value_text, Answer.value_number)
        .join(Respondent, Respondent.id == Answer.respondent_id)
        .where(Respondent.run_id == run.id)
    )
    answers: dict[int, dict[str, str | float]] = {person.id: {} for person in people}
    for respondent_id, item_id, text, number in rows:
        answers[respondent_id][item_id] = number if number is not None else text
    return [(person, answers[person.id]) for person in people]


def run_for_facilitator(session: Session, token: str) -> AssessmentRun:
    """The run a results link belongs to."""
    return _by_token(session, AssessmentRun.facilitator_token_hash, token)


def runs_of(session: Session, tenant_id: int, instrument_id: str | None = None) -> list[AssessmentRun]:
    """A tenant's runs, oldest first."""
    query = select(AssessmentRun).where(AssessmentRun.tenant_id == tenant_id)
    if instrument_id:
        query = query.where(AssessmentRun.instrument_id == instrument_id)
    return list(session.scalars(query.order_by(AssessmentRun.created_at, AssessmentRun.id)))

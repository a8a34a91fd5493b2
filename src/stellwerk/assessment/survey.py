# SPDX-License-Identifier: EUPL-1.2
"""Kommunalbefragung: invite municipalities with one-time tokens, collect answers, track
response, analyse shares by Gemeindetyp, Land and size class (optionally weighted), export.

Weighting is post-stratification over cells Gemeindegrößenklasse × Land (``weighting``): a
responding municipality in cell c carries the weight N_c / r_c (N_c municipalities of the
population frame in the cell, r_c responding ones). The frame is passed in as a mapping, so
any source can provide it (the area register of stellwerk.geo, or a CSV of cell counts).

A one-time token is used up with a conditional UPDATE (``used_at IS NULL``), so two requests
with the same token cannot both save answers, even at the same moment.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from stellwerk.accounts.audit import record_change
from stellwerk.assessment.answers import RespondentInput, clean_answers
from stellwerk.assessment.benchmarks import GEMEINDETYPEN, LAENDER
from stellwerk.assessment.catalogue import Catalogue
from stellwerk.assessment.csvfiles import cell_text, read_csv
from stellwerk.assessment.models import AssessmentRun, Invitation, Mode, Status
from stellwerk.assessment.runs import TokenError, add_respondent, respondents_with_answers
from stellwerk.assessment.schema import SCALED_TYPES
from stellwerk.assessment.tokens import hash_token, is_expired, new_token, now
from stellwerk.assessment.weighting import Cell, RegisterFrame, post_stratification_weights
from stellwerk.errors import InputError

__all__ = [
    "Invitee",
    "read_invitees",
    "complete_from_register",
    "invite",
    "respond",
    "invitation_for_token",
    "survey_status",
    "analyse",
    "export_raw_csv",
    "export_tables_csv",
    "GROUPINGS",
]

GROUPINGS = {"gemeindetyp": "Gemeindetyp", "land": "Land", "size_class": "Größenklasse"}


@dataclass(frozen=True)
class Invitee:
    code: str
    name: str
    gemeindetyp: str | None = None
    land: str | None = None
    size_class: str | None = None


def read_invitees(path: Path) -> list[Invitee]:
    """Municipalities to invite from a CSV: code;name;gemeindetyp;land;groessenklasse."""
    invitees: list[Invitee] = []
    seen: dict[str, int] = {}
    for number, row in read_csv(path, ["code", "name", "gemeindetyp", "land", "groessenklasse"]):
        code, name = row["code"], row["name"]
        if not code or len(code) > 20:
            raise InputError("Kennung fehlt oder ist länger als 20 Zeichen", file=path.name, row=number, column="code")
        if code in seen:
            raise InputError(f"Kennung {code!r} doppelt (auch Zeile {seen[code]})", file=path.name, row=number, column="code")
        seen[code] = number
        if not name or len(name) > 200:
            raise InputError("Name fehlt oder ist länger als 200 Zeichen", file=path.name, row=number, column="name")
        typ = row["gemeindetyp"] or None
        if typ is not None and typ not in GEMEINDETYPEN:
            raise InputError(f"Gemeindetyp {typ!r} unbekannt", file=path.name, row=number, column="gemeindetyp",
                             expected=", ".join(GEMEINDETYPEN))
        land = row["land"].upper() or None
        if land is not None and land not in LAENDER:
            raise InputError(f"Land {row['land']!r} unbekannt", file=path.name, row=number, column="land",
                             expected=", ".join(LAENDER))
        invitees.append(Invitee(code, name, typ, land, row["groessenklasse"] or None))
    if not invitees:
        raise InputError("keine Kommune in der Datei", file=path.name, row=2)
    return invitees


def complete_from_register(invitees: Iterable[Invitee], frame: RegisterFrame) -> tuple[list[Invitee], list[str]]:
    """Fill in missing Gemeindetyp, Land and Größenklasse from the area register by the code
    (ARS, AGS or Kreis key), so the invitations fall into the cells of a register frame.

    Returns the invitees and German notes: codes the register does not know, and given values
    that differ from the register (those are kept).
    """
    completed, notes = [], []
    for invitee in invitees:
        cell = frame.classes.get(invitee.code)
        if cell is None:
            notes.append(f"{invitee.code} ({invitee.name}): im Gebietsregister nicht gefunden")
            completed.append(invitee)
            continue
        size_class, land = cell
        for given, found, what in ((invitee.land, land, "Land"), (invitee.size_class, size_class, "Größenklasse")):
            if given is not None and given != found:
                notes.append(f"{invitee.code} ({invitee.name}): {what} {given!r} weicht vom Gebietsregister ab ({found!r})")
        completed.append(replace(invitee, gemeindetyp=invitee.gemeindetyp or size_class,
                                 land=invitee.land or land, size_class=invitee.size_class or size_class))
    return completed, notes


def invite(
    session: Session, run: AssessmentRun, invitees: Iterable[Invitee], *, days: int, actor: str
) -> list[tuple[Invitation, str]]:
    """Create one invitation with a fresh one-time token per municipality; tokens are returned once."""
    if run.mode != Mode.SURVEY:
        raise InputError(f"Durchlauf {run.id} ist keine Kommunalbefragung")
    if days < 1:
        raise InputError("Gültigkeit muss mindestens einen Tag betragen")
    existing = set(session.scalars(select(Invitation.code).where(Invitation.run_id == run.id)))
    expires = now() + dt.timedelta(days=days)
    created = []
    for invitee in invitees:
        if invitee.code in existing:
            raise InputError(f"Kommune {invitee.code!r} ist zu dieser Befragung schon eingeladen")
        token = new_token()
        invitation = Invitation(
            run_id=run.id, code=invitee.code, name=invitee.name, gemeindetyp=invitee.gemeindetyp,
            land=invitee.land, size_class=invitee.size_class, token_hash=hash_token(token),
            expires_at=expires, created_at=now(),
        )
        session.add(invitation)
        created.append((invitation, token))
    session.flush()
    record_change(session, actor=actor, tenant_id=run.tenant_id, object_type="assessment_run",
                  object_id=run.id, action="update", after={"invited": len(created)})
    return created


def invitation_for_token(session: Session, token: str) -> Invitation:
    """The open invitation of a one-time token; unknown, used or expired tokens raise TokenError."""
    invitation = session.scalar(select(Invitation).where(Invitation.token_hash == hash_token(token)))
    if invitation is None:
        raise TokenError("Dieser Zugangscode ist ungültig.")
    if invitation.used_at is not None:
        raise TokenError("Dieser Zugangscode wurde bereits verwendet; jede Kommune kann nur einmal antworten.")
    if is_expired(invitation.expires_at):
        raise TokenError("Dieser Zugangscode ist abgelaufen.")
    return invitation


def respond(
    session: Session, catalogue: Catalogue, token: str, answers: Mapping[str, object], *, file: str | None = None
):
    """Store a municipality's answers under its one-time token and use the token up.

    Faulty answers raise before the token is touched (it stays valid). The token is claimed
    with a conditional UPDATE; when another request used it in the meantime, nothing is saved.
    """
    invitation = invitation_for_token(session, token)
    run = session.get(AssessmentRun, invitation.run_id)
    assert run is not None
    if run.status != Status.OPEN:
        raise TokenError("Diese Befragung ist abgeschlossen.")
    respondent = RespondentInput(label=invitation.name, answers=dict(answers))
    clean_answers(catalogue.instrument(run.instrument_id), respondent, file=file)
    used_at = now()
    claimed = session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.used_at.is_(None))
        .values(used_at=used_at)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise TokenError("Dieser Zugangscode wurde bereits verwendet; jede Kommune kann nur einmal antworten.")
    person = add_respondent(session, catalogue, run, respondent, actor=f"einladung:{invitation.code}", file=file)
    invitation.used_at = used_at
    invitation.respondent_id = person.id
    return person


def _state(invitation: Invitation) -> str:
    if invitation.used_at is not None:
        return "beantwortet"
    return "abgelaufen" if is_expired(invitation.expires_at) else "offen"


def survey_status(session: Session, run: AssessmentRun) -> dict[str, Any]:
    """Invited, answered, open and expired invitations, overall and by Gemeindetyp."""
    invitations = list(session.scalars(select(Invitation).where(Invitation.run_id == run.id).order_by(Invitation.code)))
    rows = [{"code": i.code, "name": i.name, "gemeindetyp": i.gemeindetyp, "land": i.land,
             "size_class": i.size_class, "status": _state(i), "answered_at": i.used_at} for i in invitations]
    by_type: dict[str, dict[str, int]] = {}
    by_land: dict[str, dict[str, int]] = {}
    for row in rows:
        for groups, key in ((by_type, row["gemeindetyp"]), (by_land, row["land"])):
            bucket = groups.setdefault(key or "unbekannt", {"eingeladen": 0, "beantwortet": 0})
            bucket["eingeladen"] += 1
            bucket["beantwortet"] += row["status"] == "beantwortet"
    answered = sum(r["status"] == "beantwortet" for r in rows)
    return {
        "run": {"id": run.id, "title": run.title, "instrument_id": run.instrument_id, "status": run.status},
        "invited": len(rows),
        "answered": answered,
        "open": sum(r["status"] == "offen" for r in rows),
        "expired": sum(r["status"] == "abgelaufen" for r in rows),
        "response_rate": round(100 * answered / len(rows), 1) if rows else None,
        "by_gemeindetyp": by_type,
        "by_land": dict(sorted(by_land.items())),
        "invitations": rows,
    }


def _responses(session: Session, run: AssessmentRun) -> list[tuple[Invitation, dict[str, Any]]]:
    invitations = session.scalars(
        select(Invitation).where(Invitation.run_id == run.id, Invitation.respondent_id.is_not(None)).order_by(Invitation.code)
    )
    people = {person.id: answers for person, answers in respondents_with_answers(session, run)}
    return [(inv, people[inv.respondent_id]) for inv in invitations if inv.respondent_id in people]


def analyse(
    session: Session,
    catalogue: Catalogue,
    run: AssessmentRun,
    *,
    by: str = "gemeindetyp",
    frame: Mapping[Cell, int] | None = None,
    frame_source: str | None = None,
) -> dict[str, Any]:
    """Shares of every answer option by group with n; weighted shares when a frame is given.

    ``weighted_n`` of a group is its weight sum: the number of municipalities of the frame it
    stands for. ``frame_source`` describes the frame (e.g. the Gebietsstand of the register).
    """
    if by not in GROUPINGS:
        raise InputError(f"Gliederung {by!r} unbekannt", expected=", ".join(GROUPINGS))
    instrument = catalogue.instrument(run.instrument_id)
    responses = _responses(session, run)
    weights: list[float] | None = None
    weighting = None
    if frame is not None:
        cells = [(inv.size_class or "", inv.land or "") for inv, _ in responses]
        weights, weighting = post_stratification_weights(cells, frame)
        weighting["frame_source"] = frame_source
    items = []
    for _, item in instrument.items():
        if item.type not in SCALED_TYPES:
            continue
        assert item.scale is not None
        options = instrument.scale(item.scale).options
        # per group: number of answers and weight sum, in total and per answer value
        counts: dict[str, Counter[str]] = {}
        mass: dict[str, dict[str, float]] = {}
        for index, (inv, answers) in enumerate(responses):
            value = answers.get(item.id)
            if value is None:
                continue
            weight = weights[index] if weights else 1.0
            for key in ("alle", getattr(inv, by) or "unbekannt"):
                counts.setdefault(key, Counter())[str(value)] += 1
                bucket = mass.setdefault(key, {})
                bucket[str(value)] = bucket.get(str(value), 0.0) + weight
        table = []
        for key in sorted(counts, key=lambda k: (k != "alle", k)):
            n = sum(counts[key].values())
            total_weight = sum(mass[key].values())
            table.append({
                "group": key,
                "n": n,
                "weighted_n": round(total_weight, 1) if weights else None,
                "options": [{
                    "value": o.value, "label": o.label,
                    "count": counts[key][o.value],
                    "share": round(100 * counts[key][o.value] / n, 1),
                    "weighted_share": round(100 * mass[key].get(o.value, 0.0) / total_weight, 1) if weights else None,
                } for o in options],
            })
        items.append({"id": item.id, "text": item.text, "groups": table})
    return {
        "run": {"id": run.id, "title": run.title, "instrument_id": run.instrument_id},
        "by": by,
        "by_label": GROUPINGS[by],
        "respondents": len(responses),
        "weighted": weights is not None,
        "weighting": weighting,
        "items": items,
    }


def export_raw_csv(session: Session, catalogue: Catalogue, run: AssessmentRun) -> str:
    """Every response as one CSV row (semicolon, UTF-8), cells safe against formula injection."""
    instrument = catalogue.instrument(run.instrument_id)
    item_ids = [item.id for _, item in instrument.items()]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["code", "name", "gemeindetyp", "land", "groessenklasse", "beantwortet_am", *item_ids])
    for inv, answers in _responses(session, run):
        writer.writerow([cell_text(v) for v in (inv.code, inv.name, inv.gemeindetyp, inv.land, inv.size_class,
                                                   inv.used_at.isoformat() if inv.used_at else "")]
                        + [cell_text(_plain(answers.get(i))) for i in item_ids])
    return out.getvalue()


def _plain(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _decimal(value: float | None) -> str:
    return "" if value is None else str(value).replace(".", ",")


def export_tables_csv(analysis: Mapping[str, Any]) -> str:
    """The analysis as a long table: item, group, option, n, count, share, weighted share."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["frage", "gliederung", "gruppe", "n", "antwort", "anzahl", "anteil_prozent", "anteil_gewichtet_prozent",
                     "n_gewichtet"])
    for item in analysis["items"]:
        for group in item["groups"]:
            for option in group["options"]:
                writer.writerow([item["id"], analysis["by"], cell_text(group["group"]), group["n"],
                                 cell_text(option["label"]), option["count"],
                                 _decimal(option["share"]),
                                 _decimal(option["weighted_share"]), _decimal(group["weighted_n"])])
    return out.getvalue()

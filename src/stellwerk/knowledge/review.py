# SPDX-License-Identifier: EUPL-1.2
"""Practice entries written in a workspace: Entwurf → geprüft → veröffentlicht.

Editors create and change drafts and hand them in (``submit``); admins of the
workspace mark a handed-in draft as reviewed, publish a reviewed entry, send an
entry back with a note, or withdraw a published one. Who may call which step is
decided by the caller (the web routes ask :mod:`stellwerk.accounts.policy`:
``edit`` for the first, ``publish`` for the admin steps); these functions check
only that the step fits the entry's state. Every step is recorded in the audit
trail; the caller commits.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from stellwerk.accounts.audit import record_change, snapshot
from stellwerk.accounts.models import Tenant, Visibility
from stellwerk.errors import InputError, NotFoundError
from stellwerk.knowledge.messages import field_label, german_message
from stellwerk.knowledge.models import Origin, Practice, Status
from stellwerk.knowledge.practices import save_practice
from stellwerk.knowledge.schema import PracticeEntry
from stellwerk.knowledge.textnorm import sort_key

__all__ = [
    "STATE_LABELS",
    "state_of",
    "validate_entry",
    "new_slug",
    "workspace_practices",
    "workspace_practice",
    "create_draft",
    "update_draft",
    "submit",
    "mark_reviewed",
    "publish",
    "send_back",
    "withdraw",
]

STATE_LABELS = {
    "draft": "Entwurf",
    "submitted": "Entwurf, zur Prüfung eingereicht",
    "reviewed": "geprüft",
    "published": "veröffentlicht",
}


def state_of(practice: Practice) -> str:
    """``draft``, ``submitted``, ``reviewed`` or ``published``."""
    if practice.status == Status.DRAFT and practice.submitted_at is not None:
        return "submitted"
    return practice.status


def validate_entry(data: dict[str, Any]) -> PracticeEntry:
    """The entry, or one InputError naming every faulty field in German."""
    try:
        return PracticeEntry.model_validate(data)
    except ValidationError as error:
        lines = [(field_label(item["loc"]), german_message(item)) for item in error.errors()]
        first_field, first_message = lines[0]
        raise InputError(
            f"Feld „{first_field}“: {first_message}",
            column=first_field,
            details=[f"Feld „{f}“: {m}" for f, m in lines[1:]],
        ) from None


def new_slug(session: Session, tenant: Tenant, title: str) -> str:
    """A free id from the workspace's slug and the title (``musterstadt-sprachpaten``, ``…-2``)."""
    words = re.sub(r"[^a-z0-9]+", "-", sort_key(title)).strip("-")
    base = f"{tenant.slug}-{words}"[:100].rstrip("-") or tenant.slug
    slug, number = base, 1
    while session.scalar(select(Practice.id).where(Practice.slug == slug)) is not None:
        number += 1
        slug = f"{base}-{number}"
    return slug


def workspace_practices(session: Session, tenant: Tenant) -> list[Practice]:
    """The workspace's own entries (every state), newest change first."""
    query = select(Practice).where(Practice.tenant_id == tenant.id, Practice.origin == Origin.USER)
    return sorted(session.scalars(query), key=lambda p: (p.updated_at, p.id), reverse=True)


def workspace_practice(session: Session, tenant: Tenant, slug: str) -> Practice:
    practice = session.scalar(
        select(Practice).where(Practice.slug == slug, Practice.tenant_id == tenant.id, Practice.origin == Origin.USER)
    )
    if practice is None:
        raise NotFoundError(f"Kein Praxisbeispiel {slug!r} in diesem Arbeitsbereich")
    return practice


def create_draft(session: Session, tenant: Tenant, actor: str, data: dict[str, Any]) -> Practice:
    """A new draft from form data; the id is derived from the title."""
    title = str(data.get("title") or "")
    entry = validate_entry({**data, "id": new_slug(session, tenant, title or "eintrag")})
    return save_practice(session, entry, tenant=tenant, status=Status.DRAFT, actor=actor)


def update_draft(session: Session, practice: Practice, tenant: Tenant, actor: str, data: dict[str, Any]) -> Practice:
    """Change a draft or reviewed entry; a reviewed entry goes back to draft (to be reviewed again)."""
    if practice.status == Status.PUBLISHED:
        raise InputError("Veröffentlichte Einträge können nicht geändert werden; zuerst zurückziehen.",
                         column="Status", expected="Entwurf oder geprüft")
    entry = validate_entry({**data, "id": practice.slug})
    practice.submitted_at = None
    return save_practice(session, entry, tenant=tenant, status=Status.DRAFT, actor=actor)


def _step(session: Session, practice: Practice, actor: str, action: str, change) -> Practice:
    before = snapshot(practice)
    change()
    practice.visibility = Visibility.PUBLISHED if practice.status == Status.PUBLISHED else Visibility.INTERNAL
    practice.updated_at = dt.datetime.now(dt.timezone.utc)
    session.flush()
    record_change(session, actor=actor, tenant_id=practice.tenant_id, object_type="practice",
                  object_id=practice.slug, action=action, before=before, after=snapshot(practice))
    return practice


def _refuse(practice: Practice, wanted: str) -> InputError:
    return InputError(f"Eintrag ist im Status „{STATE_LABELS[state_of(practice)]}“", column="Status",
                      expected=wanted)


def submit(session: Session, practice: Practice, actor: str) -> Practice:
    """Hand a draft in for review."""
    if state_of(practice) != "draft":
        raise _refuse(practice, STATE_LABELS["draft"])

    def change() -> None:
        practice.submitted_at = dt.datetime.now(dt.timezone.utc)

    return _step(session, practice, actor, "submit", change)


def mark_reviewed(session: Session, practice: Practice, actor: str) -> Practice:
    """Mark a handed-in draft as reviewed (Entwurf → geprüft)."""
    if state_of(practice) != "submitted":
        raise _refuse(practice, STATE_LABELS["submitted"])

    def change() -> None:
        practice.status = Status.REVIEWED
        practice.review_note = None

    return _step(session, practice, actor, "review", change)


def publish(session: Session, practice: Practice, actor: str) -> Practice:
    """Publish a reviewed entry (geprüft → veröffentlicht): it appears in the public catalogue."""
    if practice.status != Status.REVIEWED:
        raise _refuse(practice, STATE_LABELS["reviewed"])

    def change() -> None:
        practice.status = Status.PUBLISHED

    return _step(session, practice, actor, "publish", change)


def send_back(session: Session, practice: Practice, actor: str, note: str) -> Practice:
    """Return a handed-in or reviewed entry to its editors as a draft, with the reason."""
    note = (note or "").strip()
    if not note:
        raise InputError("Feld „Begründung“: fehlt (Pflichtfeld)", column="Begründung",
                         expected="ein Satz, was zu ändern ist")
    if len(note) > 2000:
        raise InputError("Feld „Begründung“: zu lang, höchstens 2000 Zeichen", column="Begründung")
    if state_of(practice) not in ("submitted", "reviewed"):
        raise _refuse(practice, f"{STATE_LABELS['submitted']} oder {STATE_LABELS['reviewed']}")

    def change() -> None:
        practice.status = Status.DRAFT
        practice.submitted_at = None
        practice.review_note = note

    return _step(session, practice, actor, "send_back", change)


def withdraw(session: Session, practice: Practice, actor: str) -> Practice:
    """Take a published entry out of the public catalogue (back to draft)."""
    if practice.status != Status.PUBLISHED:
        raise _refuse(practice, STATE_LABELS["published"])

    def change() -> None:
        practice.status = Status.DRAFT
        practice.submitted_at = None

    return _step(session, practice, actor, "withdraw", change)

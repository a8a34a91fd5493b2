# SPDX-License-Identifier: EUPL-1.2
"""The practice catalogue: loading shipped entries, importing and editing user entries."""
from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from stellwerk.accounts.audit import record_change, snapshot
from stellwerk.accounts.models import Tenant, Visibility
from stellwerk.errors import InputError, NotFoundError
from stellwerk.geo.models import Area, Level
from stellwerk.knowledge.content import content_tenant, read_practice_file, shipped_practice_files
from stellwerk.knowledge.models import Origin, Practice, Status
from stellwerk.knowledge.owned import own_entry, stamp_entry
from stellwerk.knowledge.schema import PracticeEntry
from stellwerk.knowledge.textnorm import normalise, sort_key

__all__ = [
    "load_shipped_practices",
    "save_practice",
    "import_practices",
    "advance_status",
    "visible_practices",
    "get_practice",
    "entry_of",
    "linked_areas",
]

log = logging.getLogger(__name__)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def entry_of(practice: Practice) -> PracticeEntry:
    """The validated entry stored with a practice row."""
    return PracticeEntry.model_validate(practice.data)


def save_practice(
    session: Session,
    entry: PracticeEntry,
    *,
    tenant: Tenant,
    origin: str = Origin.USER,
    status: str = Status.DRAFT,
    actor: str = "system",
    audit: bool = True,
) -> Practice:
    """Insert or update one practice by its id; a tenant may only change its own entries."""
    practice, before = own_entry(session, Practice, "slug", entry.id, tenant, noun="Eintrag", column="id")
    practice.title = entry.title
    practice.field = entry.field
    practice.sub_topic = entry.sub_topic
    practice.data = entry.model_dump(mode="json", exclude_none=True)
    stamp_entry(session, practice, before, tenant=tenant, origin=origin, status=status,
                search_text=normalise(entry.search_document()), actor=actor, audit=audit,
                object_type="practice", object_id=practice.slug)
    return practice


def load_shipped_practices(session: Session, files: list[Path] | None = None) -> int:
    """Load (or refresh) the practices shipped under content/practices; returns their number."""
    tenant = content_tenant(session)
    count = 0
    for path in files or shipped_practice_files():
        for entry in read_practice_file(path):
            save_practice(
                session, entry, tenant=tenant, origin=Origin.CONTENT, status=Status.PUBLISHED, audit=False
            )
            count += 1
    log.info("loaded %d shipped practices", count)
    return count


def import_practices(
    session: Session, path: Path, *, tenant: Tenant, status: str = Status.DRAFT, actor: str = "cli"
) -> list[Practice]:
    """Validate a whole file first, then save every entry (one transaction: all or nothing)."""
    if status not in Status.ALL:
        raise InputError(f"unbekannter Status {status!r}", expected=", ".join(Status.ALL))
    entries = read_practice_file(path)
    saved = []
    for index, entry in enumerate(entries, start=1):
        try:
            saved.append(save_practice(session, entry, tenant=tenant, status=status, actor=actor))
        except InputError as error:
            error.file, error.row = path.name, index
            raise
    return saved


def advance_status(session: Session, slug: str, *, tenant: Tenant, actor: str = "cli") -> Practice:
    """Move a user entry one step: draft → reviewed → published."""
    practice = session.scalar(select(Practice).where(Practice.slug == slug, Practice.tenant_id == tenant.id))
    if practice is None:
        raise NotFoundError(f"Kein eigenes Praxisbeispiel mit der Kennung {slug!r}")
    following = Status.NEXT.get(practice.status)
    if following is None:
        raise InputError(f"Eintrag {slug!r} ist bereits veröffentlicht", column="status")
    before = snapshot(practice)
    practice.status = following
    if following == Status.PUBLISHED:
        practice.visibility = Visibility.PUBLISHED
    practice.updated_at = _now()
    session.flush()
    record_change(
        session,
        actor=actor,
        tenant_id=tenant.id,
        object_type="practice",
        object_id=slug,
        action="publish" if following == Status.PUBLISHED else "update",
        before=before,
        after=snapshot(practice),
    )
    return practice


def _visible(viewer_tenant_id: int | None):
    public = (Practice.status == Status.PUBLISHED) & (Practice.visibility == Visibility.PUBLISHED)
    if viewer_tenant_id is None:
        return public
    return or_(public, Practice.tenant_id == viewer_tenant_id)


def visible_practices(session: Session, viewer_tenant_id: int | None = None) -> list[Practice]:
    """Published practices plus the viewer's own entries, by title."""
    practices = session.scalars(select(Practice).where(_visible(viewer_tenant_id)))
    return sorted(practices, key=lambda p: (sort_key(p.title), p.slug))


def linked_areas(session: Session, practice: Practice) -> dict[str, Area]:
    """Areas of the register the practice's municipalities resolve to, by AGS (where imported)."""
    codes = {m["ags"] for m in practice.data.get("municipalities", []) if m.get("ags")}
    if not codes:
        return {}
    query = select(Area).where(
        Area.level.in_((Level.GEMEINDE, Level.KREIS)), or_(Area.ags.in_(codes), Area.code.in_(codes))
    )
    found: dict[str, Area] = {}
    for area in session.scalars(query):
        key = area.ags if area.ags in codes else area.code
        # A kreisfreie Stadt may exist as Kreis and Gemeinde; keep the Gemeinde.
        if key not in found or area.level == Level.GEMEINDE:
            found[key] = area
    return found


def get_practice(session: Session, slug: str, viewer_tenant_id: int | None = None) -> Practice:
    practice = session.scalar(select(Practice).where(Practice.slug == slug, _visible(viewer_tenant_id)))
    if practice is None:
        raise NotFoundError(f"Kein Praxisbeispiel mit der Kennung {slug!r}")
    return practice

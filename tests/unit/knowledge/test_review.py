# SPDX-License-Identifier: EUPL-1.2
"""Entries written in a workspace: Entwurf → eingereicht → geprüft → veröffentlicht, with audit."""
import pytest
from sqlalchemy import func, select

from stellwerk.accounts.models import AuditEntry, Tenant, Visibility
from stellwerk.errors import InputError, NotFoundError
from stellwerk.knowledge import review
from stellwerk.knowledge.models import Practice, Status
from stellwerk.knowledge.search import search_practices

FORM = {
    "title": "Lotsinnen für Behördengänge",
    "field": "Engagement",
    "sub_topic": "Begleitung und Koordination",
    "summary": "Ehrenamtliche begleiten Neuzugewanderte zu Ämtern und helfen beim Ausfüllen von Anträgen.",
    "municipalities": [{"name": "Musterstadt", "land": "NW", "gemeindetyp": "Mittelstadt"}],
    "source": "Eigene Angaben der Stadt Musterstadt",
    "source_type": "eigene_praxis",
    "evidence": "kommune",
}


@pytest.fixture
def tenant(kb):
    tenant = Tenant(slug="musterstadt", name="Stadt Musterstadt")
    kb.add(tenant)
    kb.flush()
    return tenant


def _public_hits(session, query):
    return [h.practice.slug for h in search_practices(session, query).hits]


def _actions(session, slug):
    query = select(AuditEntry.action).where(AuditEntry.object_type == "practice", AuditEntry.object_id == slug)
    return session.scalars(query.order_by(AuditEntry.id)).all()


def test_draft_is_published_only_after_review(kb, tenant):
    practice = review.create_draft(kb, tenant, "redaktion", FORM)
    assert practice.slug == "musterstadt-lotsinnen-fuer-behoerdengaenge"
    assert review.state_of(practice) == "draft" and practice.visibility == Visibility.INTERNAL
    assert practice.slug not in _public_hits(kb, "Behördengänge")
    own = search_practices(kb, "Behördengänge", viewer_tenant_id=tenant.id).hits
    assert practice.slug in [h.practice.slug for h in own]
    review.submit(kb, practice, "redaktion")
    assert review.state_of(practice) == "submitted"
    review.mark_reviewed(kb, practice, "leitung")
    assert practice.status == Status.REVIEWED and practice.slug not in _public_hits(kb, "Behördengänge")
    review.publish(kb, practice, "leitung")
    assert practice.status == Status.PUBLISHED and practice.visibility == Visibility.PUBLISHED
    assert practice.slug in _public_hits(kb, "Behördengänge")
    assert _actions(kb, practice.slug) == ["create", "submit", "review", "publish"]
    actors = kb.scalars(select(AuditEntry.actor).where(AuditEntry.object_id == practice.slug)).all()
    assert set(actors) == {"redaktion", "leitung"}


def test_steps_out_of_order_are_refused(kb, tenant):
    practice = review.create_draft(kb, tenant, "redaktion", FORM)
    with pytest.raises(InputError, match="Entwurf"):
        review.publish(kb, practice, "leitung")
    with pytest.raises(InputError, match="eingereicht"):
        review.mark_reviewed(kb, practice, "leitung")
    with pytest.raises(InputError):
        review.withdraw(kb, practice, "leitung")
    review.submit(kb, practice, "redaktion")
    with pytest.raises(InputError):
        review.submit(kb, practice, "redaktion")
    assert _actions(kb, practice.slug) == ["create", "submit"]


def test_editing_a_reviewed_entry_needs_a_new_review(kb, tenant):
    practice = review.create_draft(kb, tenant, "redaktion", FORM)
    review.submit(kb, practice, "redaktion")
    review.mark_reviewed(kb, practice, "leitung")
    review.update_draft(kb, practice, tenant, "redaktion", {**FORM, "title": "Lotsen für Ämter"})
    assert review.state_of(practice) == "draft" and practice.title == "Lotsen für Ämter"
    # The id stays, whatever the form says.
    review.update_draft(kb, practice, tenant, "redaktion", {**FORM, "id": "anders"})
    assert practice.slug == "musterstadt-lotsinnen-fuer-behoerdengaenge"
    review.submit(kb, practice, "redaktion")
    review.mark_reviewed(kb, practice, "leitung")
    review.publish(kb, practice, "leitung")
    with pytest.raises(InputError, match="zurückziehen"):
        review.update_draft(kb, practice, tenant, "redaktion", FORM)


def test_send_back_needs_a_reason_and_withdraw_hides(kb, tenant):
    practice = review.create_draft(kb, tenant, "redaktion", FORM)
    review.submit(kb, practice, "redaktion")
    with pytest.raises(InputError, match="Begründung"):
        review.send_back(kb, practice, "leitung", "  ")
    review.send_back(kb, practice, "leitung", "Bitte Ergebnisse ergänzen.")
    assert review.state_of(practice) == "draft" and practice.review_note == "Bitte Ergebnisse ergänzen."
    review.submit(kb, practice, "redaktion")
    review.mark_reviewed(kb, practice, "leitung")
    assert practice.review_note is None
    review.publish(kb, practice, "leitung")
    review.withdraw(kb, practice, "leitung")
    assert practice.visibility == Visibility.INTERNAL and practice.slug not in _public_hits(kb, "Behördengänge")
    assert _actions(kb, practice.slug)[-2:] == ["publish", "withdraw"]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"summary": "zu kurz"}, "Zusammenfassung", "mindestens 20 Zeichen"),
        ({"title": ""}, "Titel", "mindestens 3 Zeichen"),
        ({"field": "Sport"}, "Feld", "erlaubt: Allgemeines, Verwaltung"),
        ({"municipalities": [{"name": "X", "ags": "12ab"}]}, "Kommunen 1: AGS", "5 oder 8 Ziffern"),
        ({"municipalities": [{"name": "X", "land": "XX"}]}, "Kommunen 1: Land", "unbekanntes Land"),
    ],
)
def test_invalid_form_names_the_field_in_german_and_saves_nothing(kb, tenant, change, field, message):
    before = kb.scalar(select(func.count()).select_from(Practice))
    with pytest.raises(InputError) as caught:
        review.create_draft(kb, tenant, "redaktion", {**FORM, **change})
    assert caught.value.column == field
    assert f"Feld „{field}“" in str(caught.value) and message in str(caught.value)
    assert kb.scalar(select(func.count()).select_from(Practice)) == before


def test_all_problems_are_listed(kb, tenant):
    with pytest.raises(InputError) as caught:
        review.create_draft(kb, tenant, "redaktion", {"title": "Ab"})
    text = str(caught.value)
    for label in ("Titel", "Feld", "Unterthema", "Zusammenfassung", "Quelle"):
        assert f"„{label}“" in text


def test_ids_are_unique_and_readable(kb, tenant):
    first = review.create_draft(kb, tenant, "redaktion", FORM)
    second = review.create_draft(kb, tenant, "redaktion", FORM)
    assert second.slug == first.slug + "-2"
    assert [p.slug for p in review.workspace_practices(kb, tenant)] == [second.slug, first.slug]


def test_workspace_sees_only_its_own_entries(kb, tenant):
    other = Tenant(slug="andere", name="Andere Stadt")
    kb.add(other)
    kb.flush()
    practice = review.create_draft(kb, tenant, "redaktion", FORM)
    assert review.workspace_practices(kb, other) == []
    with pytest.raises(NotFoundError):
        review.workspace_practice(kb, other, practice.slug)
    # Shipped entries are not a workspace's own.
    with pytest.raises(NotFoundError):
        review.workspace_practice(kb, tenant, "kp-one-stop-shop")

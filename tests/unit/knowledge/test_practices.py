# SPDX-License-Identifier: EUPL-1.2
"""User entries: validating import, ownership, draft → reviewed → published, audit."""
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from stellwerk.accounts.models import AuditEntry, Tenant
from stellwerk.errors import InputError, NotFoundError
from stellwerk.knowledge.models import Practice, Status
from stellwerk.knowledge.practices import advance_status, get_practice, import_practices
from stellwerk.knowledge.search import search_practices

GOOD = {
    "id": "eigene-sprachpaten",
    "title": "Sprachpatenschaften im Quartier",
    "field": "Engagement",
    "sub_topic": "Begleitung und Koordination",
    "municipalities": [{"name": "Musterstadt", "land": "NW", "gemeindetyp": "Mittelstadt"}],
    "summary": "Freiwillige begleiten Neuzugewanderte ein Jahr lang beim Deutschlernen im Alltag.",
    "source": "Eigene Angaben der Stadtverwaltung",
    "source_type": "eigene_praxis",
    "evidence": "kommune",
}


def _write(tmp_path: Path, entries, name="praxis.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump({"practices": entries}, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def tenant(kb):
    tenant = Tenant(slug="musterstadt", name="Stadt Musterstadt")
    kb.add(tenant)
    kb.flush()
    return tenant


def _count(session) -> int:
    return session.scalar(select(func.count()).select_from(Practice))


def test_import_draft_then_publish(kb, tenant, tmp_path):
    saved = import_practices(kb, _write(tmp_path, [GOOD]), tenant=tenant)
    assert [p.status for p in saved] == [Status.DRAFT]
    # Drafts are visible to their tenant only.
    assert search_practices(kb, "Sprachpatenschaften").total == 0
    assert search_practices(kb, "Sprachpatenschaften", viewer_tenant_id=tenant.id).total == 1
    advance_status(kb, GOOD["id"], tenant=tenant, actor="redaktion")
    practice = advance_status(kb, GOOD["id"], tenant=tenant, actor="redaktion")
    assert practice.status == Status.PUBLISHED
    assert search_practices(kb, "Sprachpate").total == 1
    actions = kb.scalars(
        select(AuditEntry.action).where(AuditEntry.object_id == GOOD["id"]).order_by(AuditEntry.id)
    ).all()
    assert actions == ["create", "update", "publish"]
    with pytest.raises(InputError):
        advance_status(kb, GOOD["id"], tenant=tenant)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"field": "Sport"}, "field"),
        ({"summary": "zu kurz"}, "summary"),
        ({"municipalities": [{"name": "X", "land": "XX"}]}, "municipalities.0.land"),
        ({"municipalities": [{"name": "X", "ags": "12ab"}]}, "municipalities.0.ags"),
        ({"id": "Mit Leerzeichen"}, "id"),
        ({"unknown_field": 1}, "unknown_field"),
        ({"source_type": None}, "source_type"),
    ],
)
def test_malformed_entry_is_rejected_naming_entry_and_field(kb, tenant, tmp_path, change, field):
    broken = {**GOOD, "id": "zweiter-eintrag", **change}
    before = _count(kb)
    with pytest.raises(InputError) as caught:
        import_practices(kb, _write(tmp_path, [GOOD, broken]), tenant=tenant)
    error = caught.value
    assert error.file == "praxis.yaml"
    assert error.row == 2
    assert error.column == field
    assert repr(broken["id"]) in str(error) or "Nr. 2" in str(error)
    assert _count(kb) == before


def test_missing_required_field(kb, tenant, tmp_path):
    broken = {k: v for k, v in GOOD.items() if k != "title"} | {"id": "ohne-titel"}
    with pytest.raises(InputError) as caught:
        import_practices(kb, _write(tmp_path, [broken]), tenant=tenant)
    assert "'ohne-titel'" in str(caught.value) and caught.value.column == "title"


def test_duplicate_ids_in_one_file(kb, tenant, tmp_path):
    with pytest.raises(InputError, match="doppelt"):
        import_practices(kb, _write(tmp_path, [GOOD, GOOD]), tenant=tenant)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"practices: [\n  - id: x\n  title: : :\n", "YAML"),
        ("practices:\n  - title: Ä\n".encode("latin-1"), "UTF-8"),
        (b"just a string", "keine Liste"),
        (b"practices: []", "keine Praxisbeispiele"),
    ],
)
def test_broken_files(kb, tenant, tmp_path, content, message):
    path = tmp_path / "kaputt.yaml"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as caught:
        import_practices(kb, path, tenant=tenant)
    assert caught.value.file == "kaputt.yaml"


def test_cannot_overwrite_shipped_or_foreign_entries(kb, tenant, tmp_path):
    hijack = {**GOOD, "id": "kp-one-stop-shop"}
    with pytest.raises(InputError, match="anderen Organisation"):
        import_practices(kb, _write(tmp_path, [hijack]), tenant=tenant)
    assert get_practice(kb, "kp-one-stop-shop").title == "„One-Stop-Shop“"


def test_hostile_strings_are_stored_as_text(kb, tenant, tmp_path):
    hostile = {**GOOD, "title": "<script>alert(1)</script>", "summary": "=cmd|' /C calc'!A0 und weiterer Text dazu"}
    import_practices(kb, _write(tmp_path, [hostile]), tenant=tenant, status=Status.PUBLISHED)
    practice = get_practice(kb, GOOD["id"])
    assert practice.title == "<script>alert(1)</script>"


def test_advance_foreign_entry_is_not_found(kb, tenant):
    with pytest.raises(NotFoundError):
        advance_status(kb, "kp-one-stop-shop", tenant=tenant)


def test_municipalities_resolve_to_register_areas(kb):
    from stellwerk.geo.models import Area
    from stellwerk.knowledge.practices import linked_areas

    kb.add_all([
        Area(level="kreis", code="03459", name="Osnabrück, Landkreis", name_key="osnabrueck landkreis"),
        Area(level="kreis", code="14713", name="Leipzig, Stadt", name_key="leipzig", type="Kreisfreie Stadt"),
        Area(level="gemeinde", code="14713000", ags="14713000", name="Leipzig, Stadt", name_key="leipzig"),
    ])
    kb.flush()
    assert {k: a.level for k, a in linked_areas(kb, get_practice(kb, "kp-lok-in")).items()} == {"03459": "kreis"}
    areas = linked_areas(kb, get_practice(kb, "kp-one-stop-shop"))
    assert areas["14713000"].level == "gemeinde"


def test_import_messages_are_german_and_name_every_field(kb, tenant, tmp_path):
    broken = {**GOOD, "id": "kaputt", "field": "Sport", "summary": "kurz", "municipalities": [{"land": "XX"}]}
    with pytest.raises(InputError) as caught:
        import_practices(kb, _write(tmp_path, [broken]), tenant=tenant)
    details = "\n".join(caught.value.details)
    assert "Eintrag 'kaputt', Feld field (Feld): unbekannter Wert; erlaubt: Allgemeines" in details
    assert "Feld summary (Zusammenfassung): zu kurz, mindestens 20 Zeichen" in details
    assert "Feld municipalities.0.land (Kommunen 1: Land): unbekanntes Land 'XX'" in details
    assert "should" not in details  # no English pydantic text left

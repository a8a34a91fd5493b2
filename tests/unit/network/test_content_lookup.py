# SPDX-License-Identifier: EUPL-1.2
"""Shipped taxonomies, their schema checks, and looking actors up for other modules."""
from __future__ import annotations

import pytest

from stellwerk.errors import AmbiguousError, InputError, NotFoundError
from stellwerk.network.content import actor_types, handlungsfelder, load_actor_types, load_handlungsfelder
from stellwerk.network.lookup import find_actors, name_key, resolve_actor, resolve_tenant
from stellwerk.network.vocabulary import SECTORS, derived_tie_kind


def test_shipped_taxonomies_are_valid_and_cover_the_required_fields():
    hf = handlungsfelder()
    for required in ("bevoelkerung_demografie", "einbuergerung", "flucht_asyl",
                     "fruehkindliche_bildung", "schule_ausbildung", "arbeit_beschaeftigung",
                     "einkommen_soziale_sicherung", "wohnen_sozialraum", "gesundheit",
                     "teilhabe", "interkulturelle_oeffnung",
                     "antidiskriminierung", "sprache", "sport_kultur"):
        assert required in hf
    assert hf["arbeit_beschaeftigung"].label == "Arbeit und Beschäftigung"
    types = actor_types()
    assert types["migrantenorganisation"].sector == "migrantenorganisation"
    assert {t.sector for t in types.values()} == set(SECTORS)


def test_broken_actor_type_file_is_rejected(tmp_path):
    path = tmp_path / "actor_types.yaml"
    path.write_text("version: 1\nactor_types:\n  - {id: Verein, label: Verein, sector: vereine}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_actor_types(path)
    text = str(caught.value)
    assert "actor_types.yaml" in text and "actor_types.0.id" in text and "unbekannter Sektor" in text
    path.write_text("version: 1\nactor_types:\n  - {id: a, label: A, sector: politik}\n  - {id: a, label: B, sector: politik}\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match="doppelt"):
        load_actor_types(path)
    path.write_text("actor_types: [\n", encoding="utf-8")
    with pytest.raises(InputError, match="kein gültiges YAML"):
        load_actor_types(path)


def test_handlungsfeld_file_tolerates_fields_of_other_modules(tmp_path):
    path = tmp_path / "hf.yaml"
    path.write_text("version: 2\nhandlungsfelder:\n  - {id: sprache, label: Sprache, aliases: [Deutsch]}\n",
                    encoding="utf-8")
    assert list(load_handlungsfelder(path)) == ["sprache"]


def test_name_key_and_derived_kinds():
    assert name_key("Bürgerverein Nord e.V.") == name_key("buergerverein  NORD") == "buergerverein nord"
    assert name_key("Evangelische Gemeinde") == "evangelische gemeinde"
    assert derived_tie_kind("verwaltung", "zivilgesellschaft") == "intersektoral"
    assert derived_tie_kind("land_bund", "migrantenorganisation") == "intersektoral"
    assert derived_tie_kind("politik", "land_bund") == "vertikal"
    assert derived_tie_kind("verwaltung", "politik") == "horizontal"
    assert derived_tie_kind("wirtschaft", "zivilgesellschaft") == "horizontal"


def test_actors_are_found_by_id_and_name(session, tenant, actors):
    a = actors["A"]
    assert resolve_actor(session, tenant.id, a.id) is a
    assert resolve_actor(session, tenant.id, str(a.id)) is a
    assert resolve_actor(session, tenant.id, "akteur a") is a
    assert len(find_actors(session, tenant.id, "Akteur")) == 6
    with pytest.raises(AmbiguousError) as caught:
        resolve_actor(session, tenant.id, "Akteur")
    assert len(caught.value.candidates) == 6
    with pytest.raises(NotFoundError):
        resolve_actor(session, tenant.id, "Niemand")
    assert find_actors(session, tenant.id, "Akteur A", published_only=True) == []


def test_tenants_are_found_by_slug_and_name(session, tenant):
    assert resolve_tenant(session, "netztest") is tenant
    assert resolve_tenant(session, "NETZTEST (fiktiv)") is tenant
    with pytest.raises(NotFoundError):
        resolve_tenant(session, "gibt-es-nicht")


def test_tenants_are_found_by_their_area(session):
    from stellwerk.accounts.models import Tenant
    from stellwerk.geo.models import Area

    area = Area(level="gemeinde", code="099999999999", ars="099999999999", ags="09999999",
                name="Musterstadt", name_key="musterstadt")
    session.add(area)
    session.flush()
    tenant = Tenant(slug="ms-kommune", name="Stadtverwaltung", area_id=area.id)
    session.add(tenant)
    session.flush()
    assert resolve_tenant(session, "09999999") is tenant
    assert resolve_tenant(session, "099999999999") is tenant
    assert resolve_tenant(session, "musterstadt") is tenant


def test_add_actor_refuses_the_same_name_and_type_and_points_to_merging(session, tenant, actors):
    from stellwerk.errors import InputError
    from stellwerk.network.edit import add_actor

    with pytest.raises(InputError) as caught:
        add_actor(session, tenant.id, name="  akteur   a ", actor_type="integrationsstelle")
    error = caught.value
    assert error.column == "Name" and f"Nr. {actors['A'].id}" in error.message
    assert "stellwerk network duplicates" in error.expected and "merge" in error.expected
    # same name, other type: a different organisation, allowed; a similar name is allowed too (reported later)
    add_actor(session, tenant.id, name="Akteur A", actor_type="fachamt")
    add_actor(session, tenant.id, name="Akteur A e.V.", actor_type="integrationsstelle")

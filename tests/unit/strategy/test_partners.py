# SPDX-License-Identifier: EUPL-1.2
"""Partners of measures reference actors of the same tenant's network; free text stays allowed."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from stellwerk.accounts.models import Visibility
from stellwerk.accounts.tenants import create_tenant
from stellwerk.errors import InputError, NotFoundError
from stellwerk.network.edit import add_actor
from stellwerk.network.lookup import actor_by_id, actors_by_id
from stellwerk.strategy import concepts as c
from stellwerk.strategy.models import Measure
from stellwerk.strategy.partners import measures_by_actor, partner_names, partners_from_ids
from stellwerk.strategy.schema import parse_document
from stellwerk.strategy.store import save_document, to_document
from stellwerk.strategy.versions import adopt, start_revision
from stellwerk.strategy.workbook import read_workbook, write_workbook


@pytest.fixture
def net(session, city):
    """Two actors of Musterstadt (one published) and one actor of another tenant."""
    other = create_tenant(session, "nachbarort", "Nachbarort")
    return {
        "jobcenter": add_actor(session, city.tenant.id, name="Jobcenter Musterstadt", actor_type="jobcenter",
                               published=True),
        "verein": add_actor(session, city.tenant.id, name="Elternverein", actor_type="migrantenorganisation"),
        "fremd": add_actor(session, other.id, name="Jobcenter Nachbarort", actor_type="jobcenter", published=True),
    }


def _concept(session, city):
    concept = c.create_concept(session, city.tenant, "ed", {"titel": "Konzept", "gebiet": "05999"})
    c.add_goal(session, concept, "ed", "Arbeit", "arbeit_beschaeftigung")
    return concept


def test_lookup_by_id_is_strict_and_per_tenant(session, city, net):
    assert actor_by_id(session, city.tenant.id, net["verein"].id) is net["verein"]
    for actor_id in (net["fremd"].id, 999_999, 0):
        with pytest.raises(NotFoundError, match="dieses Arbeitsbereichs"):
            actor_by_id(session, city.tenant.id, actor_id)
    with pytest.raises(NotFoundError):
        actor_by_id(session, city.tenant.id, net["verein"].id, published_only=True)
    ids = [net["jobcenter"].id, net["verein"].id, net["fremd"].id]
    assert set(actors_by_id(session, city.tenant.id, ids)) == {net["jobcenter"].id, net["verein"].id}


def test_add_measure_links_actors_and_keeps_free_text(session, city, net):
    concept = _concept(session, city)
    measure = c.add_measure(session, concept, "ed", {"titel": "Lotsen", "partner": [
        {"name": "Jobcenter", "akteur_id": net["jobcenter"].id}, {"name": "Volkshochschule"}]})
    assert measure.partners == [{"name": "Jobcenter", "akteur_id": net["jobcenter"].id},
                                {"name": "Volkshochschule", "akteur_id": None}]
    # The view shows the actor's current name; the public sees only published actors.
    c.update_measure(session, concept, measure, "ed", {"partner": [
        {"name": "x", "akteur_id": net["jobcenter"].id}, {"name": "y", "akteur_id": net["verein"].id}]})
    assert partner_names(session, concept, published_only=False) == {
        net["jobcenter"].id: "Jobcenter Musterstadt", net["verein"].id: "Elternverein"}
    assert partner_names(session, concept, published_only=True) == {net["jobcenter"].id: "Jobcenter Musterstadt"}


@pytest.mark.parametrize("who", ["fremd", "unbekannt"])
def test_unknown_or_foreign_actor_is_refused_and_nothing_saved(session, city, net, who):
    concept = _concept(session, city)
    actor_id = net["fremd"].id if who == "fremd" else 987_654
    with pytest.raises(InputError) as caught:
        c.add_measure(session, concept, "ed", {"titel": "Lotsen", "partner": [
            {"name": "Volkshochschule"}, {"name": "Jobcenter", "akteur_id": actor_id}]})
    assert caught.value.column == "Partner"
    assert f"Akteur-Nr. {actor_id}" in caught.value.message
    assert "Nachbarort" not in str(caught.value)  # nothing about the other tenant's network
    assert concept.measures == []
    # update: the measure keeps its partners
    measure = c.add_measure(session, concept, "ed", {"titel": "Lotsen", "partner": [{"name": "VHS"}]})
    with pytest.raises(InputError, match=f"Akteur-Nr. {actor_id}"):
        c.update_measure(session, concept, measure, "ed", {"partner": [{"name": "J", "akteur_id": actor_id}]})
    assert measure.partners == [{"name": "VHS", "akteur_id": None}]


def test_form_ids_become_partners_with_the_actor_name(session, city, net):
    assert partners_from_ids(session, city.tenant.id, [str(net["verein"].id), str(net["verein"].id), ""]) == [
        {"name": "Elternverein", "akteur_id": net["verein"].id}]
    with pytest.raises(InputError) as caught:
        partners_from_ids(session, city.tenant.id, [str(net["fremd"].id)])
    assert caught.value.column == "Partner aus dem Netzwerk"


def test_document_import_checks_actor_ids(session, city, net):
    doc = {"konzept": {"titel": "K"}, "massnahmen": [
        {"id": "M1", "titel": "A", "partner": [{"name": "JC", "akteur_id": net["jobcenter"].id}]},
        {"id": "M2", "titel": "B", "partner": [{"name": "frei"}, {"name": "JC", "akteur_id": net["fremd"].id}]}]}
    before = session.scalar(select(Measure.id).order_by(Measure.id.desc()))
    with pytest.raises(InputError) as caught:
        with session.begin_nested():
            save_document(session, city.tenant, parse_document(doc, "k.yaml"), "ed", file="k.yaml")
    assert caught.value.file == "k.yaml"
    assert caught.value.message.startswith("Maßnahme M2 › Partner 2: Akteur-Nr.")
    assert session.scalar(select(Measure.id).order_by(Measure.id.desc())) == before
    doc["massnahmen"][1]["partner"].pop()
    concept = save_document(session, city.tenant, parse_document(doc, "k.yaml"), "ed", file="k.yaml")
    assert to_document(concept)["massnahmen"][0]["partner"] == [{"name": "JC", "akteur_id": net["jobcenter"].id}]


def _workbook_with_partner(session, city, text: str) -> tuple[object, bytes]:
    concept = _concept(session, city)
    c.add_measure(session, concept, "ed", {"titel": "Lotsen", "partner": [{"name": "VHS"}]})
    book = load_workbook(io.BytesIO(write_workbook(concept)))
    sheet = book["Maßnahmen"]
    column = [cell.value for cell in sheet[1]].index("Partner") + 1
    sheet.cell(row=2, column=column, value=text)
    out = io.BytesIO()
    book.save(out)
    return concept, out.getvalue()


def test_workbook_reimport_names_the_cell_of_a_foreign_actor(session, city, net):
    concept, data = _workbook_with_partner(session, city, f"VHS\nJobcenter [Akteur {net['fremd'].id}]")
    with pytest.raises(InputError) as caught:
        read_workbook(data, "k.xlsx", concept, session=session, tenant_id=city.tenant.id)
    error = caught.value
    assert (error.file, error.sheet, error.row, error.column) == ("k.xlsx", "Maßnahmen", 2, "G2 (Partner)")
    assert f"Akteur-Nr. {net['fremd'].id}" in error.message
    assert concept.measures[0].partners == [{"name": "VHS", "akteur_id": None}]


def test_workbook_reimport_links_an_actor_by_number_alone(session, city, net):
    concept, data = _workbook_with_partner(session, city, f"VHS\n[Akteur {net['verein'].id}]")
    doc = read_workbook(data, "k.xlsx", concept, session=session, tenant_id=city.tenant.id)
    save_document(session, city.tenant, doc, "ed", concept)
    assert concept.measures[0].partners == [{"name": "VHS", "akteur_id": None},
                                            {"name": "Elternverein", "akteur_id": net["verein"].id}]


def test_measures_by_actor_skips_superseded_and_internal_concepts(session, city, net):
    import datetime as dt

    concept = _concept(session, city)
    c.add_measure(session, concept, "ed", {"titel": "Lotsen", "partner": [
        {"name": "JC", "akteur_id": net["jobcenter"].id}, {"name": "JC", "akteur_id": net["jobcenter"].id}]})
    assert measures_by_actor(session, city.tenant.id, include_internal=False) == {}
    uses = measures_by_actor(session, city.tenant.id, include_internal=True)
    assert [(u.measure_key, u.measure_title, u.version) for u in uses[net["jobcenter"].id]] == [("M1", "Lotsen", 1)]
    adopt(session, concept, "ed", dt.date(2024, 1, 1), "DS 1")
    draft = start_revision(session, concept, "ed")
    adopt(session, draft, "ed", dt.date(2025, 1, 1), "DS 2")
    c.set_visibility(session, draft, "ed", Visibility.PUBLISHED)
    uses = measures_by_actor(session, city.tenant.id, include_internal=False)
    assert [(u.concept_id, u.status) for u in uses[net["jobcenter"].id]] == [(draft.id, "beschlossen")]
    assert net["verein"].id not in uses


def test_merging_actors_moves_partner_references_in_every_version(session, city, net):
    import datetime as dt

    from stellwerk.network.duplicates import merge_actors
    from stellwerk.strategy.partners import move_partner

    twin = add_actor(session, city.tenant.id, name="Jobcenter Musterstadt e.V.", actor_type="jobcenter")
    concept = _concept(session, city)
    c.add_measure(session, concept, "ed", {"titel": "A", "partner": [
        {"name": "JC", "akteur_id": net["jobcenter"].id}, {"name": "Zwilling", "akteur_id": twin.id}]})
    c.add_measure(session, concept, "ed", {"titel": "B", "partner": [{"name": "Zwilling", "akteur_id": twin.id},
                                                                     {"name": "frei"}]})
    adopt(session, concept, "ed", dt.date(2024, 1, 1), "DS 1")
    adopt(session, start_revision(session, concept, "ed"), "ed", dt.date(2025, 1, 1), "DS 2")  # concept superseded
    merge_actors(session, city.tenant.id, net["jobcenter"].id, twin.id)
    assert move_partner(session, city.tenant.id, twin.id, net["jobcenter"].id, "ed") == 4
    versions = session.scalars(select(Measure).order_by(Measure.id)).all()
    assert {tuple(p["akteur_id"] for p in m.partners) for m in versions} == {
        (net["jobcenter"].id,), (net["jobcenter"].id, None)}
    assert move_partner(session, city.tenant.id, twin.id, net["jobcenter"].id, "ed") == 0

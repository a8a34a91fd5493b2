# SPDX-License-Identifier: EUPL-1.2
"""Editing a concept, lights from the engine, Fortschreibung, warnings and completeness."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from stellwerk.accounts.models import AuditEntry
from stellwerk.errors import InputError
from stellwerk.strategy import concepts as c
from stellwerk.strategy.completeness import check_completeness
from stellwerk.strategy.lights import AT_RISK, ON_TRACK
from stellwerk.strategy.steering import steering
from stellwerk.strategy.versions import adopt, diff_concepts, start_revision

from .conftest import add_year


def _concept(session, city):
    concept = c.create_concept(session, city.tenant, "ed", {"titel": "Integrationskonzept", "gebiet": "05999",
                                                            "zeitraum_von": 2016, "zeitraum_bis": 2025})
    goal = c.add_goal(session, concept, "ed", "Mehr Einbürgerungen vorbereiten", "einbuergerung")
    return concept, goal


def test_goal_light_from_engine_moves_with_new_data(session, city):
    concept, goal = _concept(session, city)
    link = c.link_indicator(session, concept, goal, "ed", {"indikator": "auslaenderanteil", "basisjahr": 2015,
                                                           "zielwert": 25, "zieljahr": 2025, "richtung": "steigen"})
    assert (link.baseline_year, link.baseline_value) == (2015, pytest.approx(10.0))
    # 2020: share 15 → p = 5/15 = 0.33, t = 0.5 → behind (gefährdet)
    doc = steering(session, concept, dt.date(2021, 6, 1))
    item = doc["ziele"][0]["indikatoren"][0]
    assert (item["aktuelles_jahr"], item["ampel"]) == (2020, AT_RISK)
    assert item["fortschrittsanteil"] == pytest.approx(1 / 3)
    add_year(session, city, 2021, 100_000, 18_000)  # p = 8/15 = 0.53, t = 0.6 → on track
    doc = steering(session, concept, dt.date(2022, 6, 1))
    assert doc["ziele"][0]["ampel"] == ON_TRACK
    assert doc["ziele"][0]["indikatoren"][0]["aktuelles_jahr"] == 2021


def test_baseline_defaults_to_newest_year(session, city):
    concept, goal = _concept(session, city)
    link = c.link_indicator(session, concept, goal, "ed", {"indikator": "auslaenderanteil", "zielwert": 10,
                                                           "zieljahr": 2030, "richtung": "sinken"})
    assert (link.baseline_year, link.baseline_value) == (2020, pytest.approx(15.0))


@pytest.mark.parametrize(
    ("data", "column", "words"),
    [
        ({"indikator": "auslaenderanteil", "basisjahr": 2018, "zielwert": 20, "zieljahr": 2017}, "Zieljahr", "Basisjahr"),
        ({"indikator": "gibt_es_nicht", "basisjahr": 2018, "zielwert": 20, "zieljahr": 2025}, "Indikator", "Katalog"),
        # no value of the segregation index for a city without sub-areas: the indicator does not exist at this level
        ({"indikator": "segregation_auslaender", "zielwert": 5, "zieljahr": 2025}, "Indikator", "Ebene"),
        ({"indikator": "auslaenderanteil", "basisjahr": 2010, "zielwert": 20, "zieljahr": 2025}, "Basisjahr", "2010"),
        ({"indikator": "auslaenderanteil", "gebiet": "99999", "zielwert": 20, "zieljahr": 2025}, "Gebiet", "99999"),
    ],
)
def test_bad_indicator_links_are_refused_and_nothing_saved(session, city, data, column, words):
    concept, goal = _concept(session, city)
    with pytest.raises(InputError) as error:
        c.link_indicator(session, concept, goal, "ed", data)
    assert words in str(error.value)
    assert column in (error.value.column or "") or column in str(error.value)
    assert goal.indicators == []


def test_measure_end_before_start_is_refused(session, city):
    concept, _ = _concept(session, city)
    with pytest.raises(InputError) as error:
        c.add_measure(session, concept, "ed", {"titel": "Sprachcafé", "beginn": "2024-05-01", "ende": "2024-01-31"})
    assert "Ende" in str(error.value) and "Beginn" in str(error.value)
    assert concept.measures == []


def test_changes_are_audited(session, city):
    concept, goal = _concept(session, city)
    c.add_measure(session, concept, "ed", {"titel": "Einbürgerungskampagne", "ziele": ["Z1"],
                                            "handlungsfelder": ["einbuergerung"], "verantwortlich": "Ausländerbehörde"})
    types = set(session.scalars(select(AuditEntry.object_type).where(AuditEntry.tenant_id == city.tenant.id)))
    assert {"strategy_concept", "strategy_goal", "strategy_measure"} <= types


def test_fortschreibung_copies_adopted_concept_and_diff_shows_changes(session, city):
    concept, goal = _concept(session, city)
    measure = c.add_measure(session, concept, "ed", {"titel": "Beratung", "ziele": ["Z1"], "verantwortlich": "Amt 12",
                                                     "handlungsfelder": ["einbuergerung"]})
    c.add_report(session, concept, measure, "ed", "2024", "laufend", "gut angelaufen")
    with pytest.raises(InputError):
        start_revision(session, concept, "ed")  # a draft cannot be continued, only an adopted concept
    adopt(session, concept, "ed", dt.date(2024, 3, 1), "Drucksache 17/2024")
    draft = start_revision(session, concept, "ed")
    assert (draft.version, draft.status, draft.predecessor_id) == (2, "Entwurf", concept.id)
    assert [g.key for g in draft.goals] == ["Z1"] and draft.measures[0].reports == []
    c.add_goal(session, draft, "ed", "Sprachförderung ausbauen", "fruehkindliche_bildung")
    draft.measures[0].title = "Beratung und Begleitung"
    session.flush()
    diff = diff_concepts(concept, draft)
    assert [g["id"] for g in diff["ziele"]["hinzugefuegt"]] == ["Z2"]
    assert diff["massnahmen"]["geaendert"][0]["aenderungen"][0] == {"feld": "titel", "alt": "Beratung",
                                                                      "neu": "Beratung und Begleitung"}
    adopt(session, draft, "ed", dt.date(2026, 2, 1), "Drucksache 3/2026")
    assert concept.status == "abgelöst" and draft.status == "beschlossen"
    with pytest.raises(InputError):
        c.add_goal(session, concept, "ed", "zu spät", "einbuergerung")


def test_warnings_and_completeness(session, city):
    concept, goal = _concept(session, city)
    c.add_goal(session, concept, "ed", "Arbeitsmarkt öffnen", "arbeit_beschaeftigung")
    c.add_measure(session, concept, "ed", {"titel": "Lotsenprojekt", "ziele": ["Z1"], "handlungsfelder": ["einbuergerung"],
                                            "foerderquelle": "Land", "foerderung_bis": "2024-09-30"})
    kinds = {(w["art"], w["objekt"]) for w in steering(session, concept, dt.date(2024, 6, 1))["warnungen"]}
    assert ("foerderung", "M1") in kinds
    assert ("verantwortung", "M1") in kinds
    assert ("ohne_indikator", "Z1") in kinds and ("ohne_indikator", "Z2") in kinds
    assert ("feld_ohne_massnahme", "arbeit_beschaeftigung") in kinds
    assert ("feld_ohne_massnahme", "einbuergerung") not in kinds
    c.link_indicator(session, concept, goal, "ed", {"indikator": "auslaenderanteil", "zielwert": 20, "zieljahr": 2030})
    kinds = {(w["art"], w["objekt"]) for w in steering(session, concept, dt.date(2024, 6, 1))["warnungen"]}
    assert ("veraltet", "Z1") in kinds  # newest year 2020, four years old
    checklist = {item["id"]: item for item in check_completeness(concept)}
    assert checklist["ziele"]["erfuellt"] and not checklist["leitbild"]["erfuellt"]
    assert "1 Maßnahme(n) ohne verantwortliche Stelle" in checklist["massnahmen"]["fehlt"]
    assert not checklist["ratsbeschluss"]["erfuellt"]


def test_removing_goals_and_measures_drops_references(session, city):
    concept, goal = _concept(session, city)
    measure = c.add_measure(session, concept, "ed", {"titel": "Beratung", "ziele": ["Z1"], "verantwortlich": "Amt"})
    evaluation = c.add_evaluation(session, concept, "ed", {"titel": "Bilanz", "massnahmen": ["M1"]})
    c.remove_goal(session, concept, goal, "ed")
    assert concept.goals == [] and measure.goal_keys == []
    c.remove_measure(session, concept, measure, "ed")
    assert concept.measures == [] and evaluation.measure_keys == []
    session.flush()
    deleted = session.scalars(select(AuditEntry.object_id).where(AuditEntry.action == "delete")).all()
    assert {"Z1", "M1"} <= set(deleted)

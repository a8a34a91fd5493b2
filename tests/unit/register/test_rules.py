# SPDX-License-Identifier: EUPL-1.2
"""One test per branch of the decision tables in stellwerk.register.rules."""
from __future__ import annotations

import pytest

from stellwerk.register.derive import derive
from stellwerk.register.rules import BL_RULES, EG_RULES, MH_RULES

from .helpers import REFERENCE_YEAR, extract, person

FOREIGN_MOTHER = person("m", citizenship_1="TUR", german_by="", birth_country="TUR", immigration_year="1990",
                        origin_of_move_in="TUR", household_id="hx", birth_year="1970")
GERMAN_MOTHER = person("m", household_id="hx", birth_year="1970")
UNKNOWN_MOTHER = person("m", german_by="", household_id="hx", birth_year="1970")
GERMAN_FATHER = person("f", household_id="hx", birth_year="1968", sex="m")
IMMIGRANT_FATHER = person("f", citizenship_1="POL", german_by="", birth_country="POL", immigration_year="1995",
                          household_id="hx", birth_year="1968", sex="m")


def run(*rows):
    derived, report = derive(extract(*rows), REFERENCE_YEAR, explain=True)
    return derived.set_index("person_id"), report


def subject(derived):
    return derived.loc["x"]


MH_CASES = {
    "M1": ([person("x", citizenship_1="SYR", german_by="")], "true", "auslaender"),
    "M2": ([person("x", german_by="naturalisation", citizenship_2="TUR")], "true", "eingebuergert"),
    "M3": ([person("x", german_by="aussiedler", birth_country="KAZ", immigration_year="1992")], "true", "aussiedler"),
    "M4": ([person("x", german_by="option", citizenship_2="TUR", birth_year="2005")], "true", "familiaer"),
    "M5": ([person("x", birth_year="2000", mother_id="m"), FOREIGN_MOTHER], "true", "familiaer"),
    "M6": ([person("x", birth_year="2010", household_id="hx"), FOREIGN_MOTHER], "true", "familiaer"),
    "M7": ([person("x", birth_year="2010", mother_id="m"), UNKNOWN_MOTHER], "", ""),
    "M8": ([person("x", birth_year="2010", mother_id="m", father_id="f"), GERMAN_MOTHER, GERMAN_FATHER],
           "false", "keiner"),
    "M9": ([person("x", german_by="", birth_year="2010", mother_id="m"), FOREIGN_MOTHER], "true", ""),
    "M10": ([person("x", german_by="")], "", ""),
    "M11": ([person("x", citizenship_1="", german_by="")], "", ""),
}


def test_every_mh_rule_has_a_case():
    assert set(MH_CASES) == {r.id for r in MH_RULES}


@pytest.mark.parametrize("rule_id", sorted(MH_CASES, key=lambda r: int(r[1:])))
def test_mh_rule(rule_id):
    rows, mh, group = MH_CASES[rule_id]
    derived, report = run(*rows)
    x = subject(derived)
    assert x["mh_regel"] == rule_id
    assert x["migrationshintergrund"] == mh
    assert x["mh_gruppe"] == group
    assert report.rules[rule_id] >= 1


def test_household_fallback_needs_a_parent_generation():
    # The foreign household member is only 10 years older: not a parent, so no familial MH.
    young = person("m", citizenship_1="TUR", german_by="", household_id="hx", birth_year="2000")
    derived, _ = run(person("x", birth_year="2010", household_id="hx"), young)
    assert subject(derived)["mh_regel"] == "M8"


def test_adults_do_not_inherit_through_the_household():
    derived, _ = run(person("x", birth_year="1990", household_id="hx"), FOREIGN_MOTHER)
    assert subject(derived)["mh_regel"] == "M8"


def test_parents_with_option_rule_are_german_by_birth():
    option_mother = person("m", german_by="option", citizenship_2="TUR", birth_year="1985", household_id="hx")
    derived, _ = run(person("x", birth_year="2015", mother_id="m"), option_mother)
    assert subject(derived)["mh_regel"] == "M8"
    assert derived.loc["m", "mh_gruppe"] == "familiaer"


EG_CASES = {
    "E1": ([person("x", citizenship_1="SYR", german_by="", birth_country="SYR", immigration_year="2015")], "true"),
    "E2": ([person("x", birth_year="2010", mother_id="m", father_id="f"), FOREIGN_MOTHER, IMMIGRANT_FATHER],
           "true"),
    "E3": ([person("x", birth_year="2010", mother_id="m", father_id="f"), FOREIGN_MOTHER, GERMAN_FATHER], "false"),
    "E4": ([person("x", birth_year="2010", mother_id="m"), FOREIGN_MOTHER], ""),
}


def test_every_eg_rule_has_a_case():
    assert set(EG_CASES) == {r.id for r in EG_RULES}


@pytest.mark.parametrize("rule_id", sorted(EG_CASES))
def test_eg_rule(rule_id):
    rows, expected = EG_CASES[rule_id]
    derived, report = run(*rows)
    x = subject(derived)
    assert x["eg_regel"] == rule_id
    assert x["einwanderungsgeschichte"] == expected
    assert report.rules[rule_id] >= 1


def test_eg_immigration_before_1950_does_not_count():
    derived, _ = run(person("x", birth_year="1930", birth_country="POL", immigration_year="1946"))
    assert subject(derived)["eg_regel"] == "E3"
    assert subject(derived)["einwanderungsgeschichte"] == "false"


def test_eg_born_abroad_without_year_is_unknown():
    derived, _ = run(person("x", birth_country="USA"))
    assert subject(derived)["eg_regel"] == "E4"


BL_CASES = {
    "B0": ([person("x")], ""),
    "B1": ([person("x", citizenship_1="ITA", german_by="", birth_country="DEU")], "ITA"),
    "B2": ([person("x", german_by="naturalisation", citizenship_2="GRC", birth_country="DEU")], "GRC"),
    "B3": ([person("x", german_by="naturalisation", birth_country="IRN")], "IRN"),
    "B4": ([person("x", german_by="aussiedler", birth_country="", origin_of_move_in="KAZ")], "KAZ"),
    "B5": ([person("x", birth_year="2000", mother_id="m"), FOREIGN_MOTHER], "TUR"),
    "B6": ([person("x", birth_year="2010", household_id="hx"), FOREIGN_MOTHER], "TUR"),
    "B7": ([person("x", german_by="naturalisation")], ""),
}


def test_every_bl_rule_has_a_case():
    assert set(BL_CASES) == {r.id for r in BL_RULES}


@pytest.mark.parametrize("rule_id", sorted(BL_CASES))
def test_bl_rule(rule_id):
    rows, expected = BL_CASES[rule_id]
    derived, report = run(*rows)
    x = subject(derived)
    assert x["bl_regel"] == rule_id
    assert x["bezugsland"] == expected
    assert report.rules[rule_id] >= 1


def test_stateless_is_not_a_bezugsland():
    derived, _ = run(person("x", citizenship_1="XXA", german_by="", birth_country="SYR"))
    assert subject(derived)["mh_gruppe"] == "auslaender"
    assert subject(derived)["bezugsland"] == "SYR"


def test_undecidable_counts_are_reported():
    _, report = run(person("x", german_by=""), person("y", citizenship_1="", german_by=""),
                    person("z", birth_country="USA"))
    assert report.undecidable["migrationshintergrund"] == 2
    assert report.undecidable["einwanderungsgeschichte"] == 1


def test_output_keeps_input_rows_and_adds_four_columns():
    rows = [person("x"), person("y", citizenship_1="TUR", german_by="")]
    derived, _ = derive(extract(*rows), REFERENCE_YEAR)
    assert list(derived.columns[-4:]) == ["migrationshintergrund", "mh_gruppe", "einwanderungsgeschichte",
                                          "bezugsland"]
    assert list(derived["person_id"]) == ["x", "y"]
    assert list(derived["citizenship_1"]) == ["DEU", "TUR"]

# SPDX-License-Identifier: EUPL-1.2
"""One test per branch of the decision tables in stellwerk.register.rules (and docs/register.md).

Each case is named by the rule id of the table (``M5``) and, for further situations that end in the
same rule, a variant (``M5-vater-eingebuergert``). The person under test is always ``x``.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from stellwerk.register.derive import derive
from stellwerk.register.rules import BL_RULES, EG_RULES, MH_RULES, rule

from .helpers import REFERENCE_YEAR, extract, person

DOCS = Path(__file__).resolve().parents[3] / "docs" / "register.md"

FOREIGN_MOTHER = person("m", citizenship_1="TUR", german_by="", birth_country="TUR", immigration_year="1990",
                        origin_of_move_in="TUR", household_id="hx", birth_year="1970")
GERMAN_MOTHER = person("m", household_id="hx", birth_year="1970")
UNKNOWN_MOTHER = person("m", german_by="", household_id="hx", birth_year="1970")
AUSSIEDLER_MOTHER = person("m", german_by="aussiedler", birth_country="KAZ", immigration_year="1993",
                           household_id="hx", birth_year="1970")
GERMAN_FATHER = person("f", household_id="hx", birth_year="1968", sex="m")
IMMIGRANT_FATHER = person("f", citizenship_1="POL", german_by="", birth_country="POL", immigration_year="1995",
                          household_id="hx", birth_year="1968", sex="m")
NATURALISED_FATHER = person("f", german_by="naturalisation", birth_country="MAR", immigration_year="1988",
                            household_id="hx", birth_year="1968", sex="m")
BORN_ABROAD_FATHER = person("f", birth_country="USA", household_id="hx", birth_year="1968", sex="m")


def run(*rows):
    derived, report = derive(extract(*rows), REFERENCE_YEAR, explain=True)
    return derived.set_index("person_id"), report


def subject(derived):
    return derived.loc["x"]


# rule id → (rows, migrationshintergrund, mh_gruppe)
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

# (rule id, variant, rows, migrationshintergrund, mh_gruppe)
MH_VARIANTS = [
    ("M1", "staatenlos", [person("x", citizenship_1="XXA", german_by="", birth_country="SYR")], "true", "auslaender"),
    ("M1", "zwei-fremde-staatsangehoerigkeiten",
     [person("x", citizenship_1="SRB", citizenship_2="HRV", german_by="")], "true", "auslaender"),
    ("M2", "deu-an-zweiter-stelle",
     [person("x", citizenship_1="TUR", citizenship_2="DEU", german_by="naturalisation")], "true", "eingebuergert"),
    ("M4", "kind-einer-auslaenderin",
     [person("x", german_by="option", citizenship_2="TUR", birth_year="2005", mother_id="m"), FOREIGN_MOTHER],
     "true", "familiaer"),
    ("M5", "vater-eingebuergert", [person("x", birth_year="2008", father_id="f"), NATURALISED_FATHER],
     "true", "familiaer"),
    ("M5", "mutter-aussiedlerin", [person("x", birth_year="2008", mother_id="m"), AUSSIEDLER_MOTHER],
     "true", "familiaer"),
    ("M5", "ein-elternteil-reicht",
     [person("x", birth_year="2008", mother_id="m", father_id="f"), GERMAN_MOTHER, IMMIGRANT_FATHER],
     "true", "familiaer"),
    ("M5", "volljaehrig-verknuepft", [person("x", birth_year="1995", mother_id="m"), FOREIGN_MOTHER],
     "true", "familiaer"),
    ("M6", "haushalt-eingebuergert", [person("x", birth_year="2012", household_id="hx"), NATURALISED_FATHER],
     "true", "familiaer"),
    ("M6", "haushalt-aussiedlerin", [person("x", birth_year="2012", household_id="hx"), AUSSIEDLER_MOTHER],
     "true", "familiaer"),
    ("M7", "haushalt-status-unbekannt", [person("x", birth_year="2010", household_id="hx"), UNKNOWN_MOTHER],
     "", ""),
    ("M8", "verknuepft-haushalt-zaehlt-nicht",
     [person("x", birth_year="2010", household_id="hx", mother_id="g"),
      person("g", household_id="hx", birth_year="1975"), FOREIGN_MOTHER], "false", "keiner"),
    ("M8", "haushalt-keine-elterngeneration",  # the foreign member is only 10 years older: not a parent
     [person("x", birth_year="2010", household_id="hx"),
      person("m", citizenship_1="TUR", german_by="", household_id="hx", birth_year="2000")], "false", "keiner"),
    ("M8", "volljaehrig-ohne-verknuepfung", [person("x", birth_year="1990", household_id="hx"), FOREIGN_MOTHER],
     "false", "keiner"),
    ("M8", "mutter-mit-optionsregel",  # option Germans are German by birth: their children have no MH
     [person("x", birth_year="2015", mother_id="m"),
      person("m", german_by="option", citizenship_2="TUR", birth_year="1985", household_id="hx")], "false", "keiner"),
    ("M8", "ohne-haushalt", [person("x", birth_year="2015", household_id="")], "false", "keiner"),
    ("M9", "haushalt", [person("x", german_by="", birth_year="2010", household_id="hx"), FOREIGN_MOTHER], "true", ""),
    ("M10", "eltern-deutsch-seit-geburt",
     [person("x", german_by="", birth_year="2010", mother_id="m"), GERMAN_MOTHER], "", ""),
]

# rule id → (rows, einwanderungsgeschichte)
EG_CASES = {
    "E1": ([person("x", citizenship_1="SYR", german_by="", birth_country="SYR", immigration_year="2015")], "true"),
    "E2": ([person("x", birth_year="2010", mother_id="m", father_id="f"), FOREIGN_MOTHER, IMMIGRANT_FATHER],
           "true"),
    "E3": ([person("x", birth_year="2010", mother_id="m", father_id="f"), FOREIGN_MOTHER, GERMAN_FATHER], "false"),
    "E4": ([person("x", birth_year="2010", mother_id="m"), FOREIGN_MOTHER], ""),
}

EG_VARIANTS = [
    ("E1", "zuzug-genau-1950", [person("x", birth_year="1940", birth_country="POL", german_by="aussiedler",
                                       immigration_year="1950")], "true"),
    ("E1", "eingebuergert-zugezogen", [NATURALISED_FATHER | {"person_id": "x"}], "true"),
    ("E2", "haushalt-beide-zugezogen",
     [person("x", birth_year="2012", household_id="hx"), FOREIGN_MOTHER, IMMIGRANT_FATHER], "true"),
    ("E3", "zuzug-vor-1950", [person("x", birth_year="1930", birth_country="POL", immigration_year="1946")], "false"),
    ("E3", "keine-eltern-bekannt", [person("x")], "false"),
    ("E3", "haushalt-ein-elternteil-nicht-zugezogen",
     [person("x", birth_year="2012", household_id="hx"), FOREIGN_MOTHER, GERMAN_FATHER], "false"),
    ("E4", "im-ausland-geboren-ohne-zuzugsjahr", [person("x", birth_country="USA")], ""),
    ("E4", "elternteil-unbestimmt",
     [person("x", birth_year="2010", mother_id="m", father_id="f"), FOREIGN_MOTHER, BORN_ABROAD_FATHER], ""),
]

# rule id → (rows, bezugsland)
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

BL_VARIANTS = [
    ("B0", "mh-unbestimmt", [person("x", german_by="", birth_country="TUR")], ""),
    ("B3", "staatenlos-uebersprungen", [person("x", citizenship_1="XXA", german_by="", birth_country="SYR")], "SYR"),
    ("B3", "geburtsland-vor-zuzugsherkunft",
     [person("x", german_by="naturalisation", birth_country="IRN", origin_of_move_in="TUR")], "IRN"),
    ("B5", "vater-wenn-mutter-ohne-land",
     [person("x", birth_year="2008", mother_id="m", father_id="f"), GERMAN_MOTHER, IMMIGRANT_FATHER], "POL"),
    ("B5", "mutter-vor-vater",
     [person("x", birth_year="2008", mother_id="m", father_id="f"), FOREIGN_MOTHER, IMMIGRANT_FATHER], "TUR"),
    ("B6", "erwachsener-im-haushalt",
     [person("x", german_by="naturalisation", household_id="hy"),
      person("y", citizenship_1="ITA", german_by="", household_id="hy")], "ITA"),
]


def _cases(base: dict, variants: list) -> list:
    cases = [pytest.param(rule_id, *case, id=rule_id) for rule_id, case in base.items()]
    cases += [pytest.param(rule_id, *rest, id=f"{rule_id}-{variant}") for rule_id, variant, *rest in variants]
    return cases


@pytest.mark.parametrize(("rule_id", "rows", "mh", "group"), _cases(MH_CASES, MH_VARIANTS))
def test_mh_rule(rule_id, rows, mh, group):
    derived, report = run(*rows)
    x = subject(derived)
    assert x["mh_regel"] == rule_id
    assert x["migrationshintergrund"] == mh
    assert x["mh_gruppe"] == group
    assert report.rules[rule_id] >= 1


@pytest.mark.parametrize(("rule_id", "rows", "expected"), _cases(EG_CASES, EG_VARIANTS))
def test_eg_rule(rule_id, rows, expected):
    derived, report = run(*rows)
    x = subject(derived)
    assert x["eg_regel"] == rule_id
    assert x["einwanderungsgeschichte"] == expected
    assert report.rules[rule_id] >= 1


@pytest.mark.parametrize(("rule_id", "rows", "expected"), _cases(BL_CASES, BL_VARIANTS))
def test_bl_rule(rule_id, rows, expected):
    derived, report = run(*rows)
    x = subject(derived)
    assert x["bl_regel"] == rule_id
    assert x["bezugsland"] == expected
    assert report.rules[rule_id] >= 1


def _docs_tables() -> dict[str, list[str]]:
    """Rule id → the cells of its row in the decision tables of docs/register.md."""
    rows = {}
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\|\s*([MEB]\d+)\s*\|(.*)\|\s*$", line)
        if match:
            assert match.group(1) not in rows, f"{match.group(1)} steht zweimal in docs/register.md"
            rows[match.group(1)] = [c.strip() for c in match.group(2).split("|")]
    return rows


def test_docs_rules_and_tests_name_the_same_branches():
    documented = set(_docs_tables())
    coded = {r.id for r in MH_RULES + EG_RULES + BL_RULES}
    tested = set(MH_CASES) | set(EG_CASES) | set(BL_CASES)
    variants = {v[0] for v in MH_VARIANTS + EG_VARIANTS + BL_VARIANTS}
    assert documented == coded
    assert tested == coded
    assert variants <= coded


def test_docs_results_agree_with_the_rules():
    def cell(value: bool | str | None) -> str:
        if value is None:
            return "*leer*"
        return ("true" if value else "false") if isinstance(value, bool) else value

    for rule_id, cells in _docs_tables().items():
        found = rule(rule_id)
        if rule_id.startswith("M"):
            assert cells[1:] == [cell(found.migrationshintergrund), cell(found.mh_gruppe)], rule_id
        elif rule_id.startswith("E"):
            assert cells[1:] == [cell(found.einwanderungsgeschichte)], rule_id
        else:
            empty = rule_id in {"B0", "B7"}
            assert (cells[1] == "*leer*") == empty, rule_id


def test_undecidable_counts_are_reported():
    _, report = run(person("x", german_by=""), person("y", citizenship_1="", german_by=""),
                    person("z", birth_country="USA"), person("w", german_by="naturalisation"))
    assert report.undecidable == {"migrationshintergrund": 2, "mh_gruppe": 2, "einwanderungsgeschichte": 1,
                                  "bezugsland": 1}
    assert report.to_dict()["undecidable"] == report.undecidable


def test_output_keeps_input_rows_and_adds_four_columns():
    rows = [person("x"), person("y", citizenship_1="TUR", german_by="")]
    derived, _ = derive(extract(*rows), REFERENCE_YEAR)
    assert list(derived.columns[-4:]) == ["migrationshintergrund", "mh_gruppe", "einwanderungsgeschichte",
                                          "bezugsland"]
    assert list(derived["person_id"]) == ["x", "y"]
    assert list(derived["citizenship_1"]) == ["DEU", "TUR"]
    assert "mh_regel" not in derived.columns

# SPDX-License-Identifier: EUPL-1.2
"""The three shipped instruments against the domain facts they are built from: nothing of the
frameworks is missing, the ISDA factors keep their orientation and group, and no sentence of
the source texts is copied (the questions are our own words)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

# The ten success factors (seed 002, framework.yaml) → section of the Erfolgsfaktoren-Check, in order.
SUCCESS_FACTORS = ["querschnitt", "strategie", "verbindlichkeit", "netzwerke", "engagement",
                   "fremdenfeindlichkeit", "sozialraum", "oeffnung", "handlungsfelder", "evaluation"]
# Resilience: field → (section, {element of the field: item that asks for it}).
RESILIENCE = {
    "Verwaltung": ("verwaltung", {
        "agile und proaktive Verwaltung": "rv_agil",
        "ämterübergreifende Zusammenarbeit": "rv_aemter",
        "klare Entscheidungs- und Kommunikationswege": "rv_wege",
        "interkulturelle Öffnung": "rv_oeffnung",
    }),
    "Vernetzung": ("vernetzung", {
        "Vernetzung und Kooperation über vielfältige, lokal angepasste Formate in der Kommune": "rn_formate",
        "Erfahrungsaustausch und Kooperation zwischen Kommunen": "rn_interkommunal",
        "Kommunikation mit Bund und Ländern": "rn_bund_land",
    }),
    "Engagement": ("engagement", {
        "aktive Gewinnung und strukturelle Einbindung freiwillig Engagierter": "re_gewinnung",
        "Förderung einer vielfältigen Engagementlandschaft": "re_vielfalt",
    }),
    "Governance": ("governance", {
        "Handlungs-, Reaktions- und Zukunftsfähigkeit von Kommunen": "rg_zukunft",
        "Einbindung von Unternehmen und Wirtschaftsorganisationen": "rg_wirtschaft",
        "Kommunikation, Koordination und Kooperation mit freien Trägern, zivilgesellschaftlichen Initiativen und "
        "ehrenamtlich Engagierten": "rg_traeger",
    }),
}
# The four conditions of success for receiving refugees → where the Resilienz-Check asks for them.
CONDITIONS = {1: "engagement", 2: "rh_offenheit", 3: "verwaltung", 4: "vernetzung"}
# ISDA (seed 001, isda.yaml): factor group → section; each factor → item.
ISDA_GROUPS = {"I": "institutionell", "S": "strukturell", "D": "diskurse", "A": "akteure"}
ISDA_ITEMS = {
    "Explicit legal / structural discretion and decentralization of tasks": "si_spielraum",
    "Mismatch between local issues and solutions from higher levels of government": "si_passung",
    "Centralization of tasks on higher levels": "si_zentral",
    "Vertical and horizontal complexity": "si_verflechtung",
    "Ambiguous regulation, incl. informal discretionary spaces": "si_mehrdeutig",
    "Population flow": "ss_bewegung",
    "Urbanity": "ss_urban",
    "Rurality": "ss_laendlich",
    "Financial resources": "ss_finanzen",
    "(Migrant) population": "ss_bevoelkerung",
    "Perceptions of (local) responsibilities, depopulation and local (economic) needs": "sd_verantwortung",
    "Positive perception of migration trajectories": "sd_positiv",
    "Perceptions of tied hands (e.g., legal or economic restraints) and non-responsibility": "sd_gebunden",
    "Negative perceptions of migration trajectories": "sd_negativ",
    "Strong local coalition of political leadership (particularly the mayor) and administrative staff": "sa_spitze",
    "Strong collaboration between stakeholders, including civil society and migrants": "sa_zusammenarbeit",
    "Lack of willingness to engage within political and administrative bodies": "sa_unwille",
    "Political parties": "sa_parteien",
}
ORIENTATION_TAGS = {"activity": "aktivierend", "passivity": "passivierend", "indifferent": "ambivalent"}
LEVERS = {"defining": "gegeben", "transformative": "gestaltbar"}


def _seeds(data_dir) -> Path:
    root = data_dir.parent / "domain" / "seeds"
    if not root.exists():
        pytest.skip("domain seeds not available")
    return root


def _yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_erfolgsfaktoren_has_the_ten_success_factors_in_order(catalogue, data_dir):
    factors = _yaml(_seeds(data_dir) / "002" / "framework.yaml")["erfolgsfaktoren_kommunale_integrationspolitik"]
    assert [f["nr"] for f in factors["faktoren"]] == list(range(1, 11))
    instrument = catalogue.instrument("erfolgsfaktoren")
    assert [s.id for s in instrument.sections if s.id in instrument.scoring.weights] == SUCCESS_FACTORS
    for factor, section_id in zip(factors["faktoren"], SUCCESS_FACTORS):
        section = instrument.section(section_id)
        # the factor's name is its title (a name, not a sentence); only the last word of no. 5 differs
        assert section.title.split()[:3] == factor["name"].split()[:3], factor["name"]
        assert len([i for i in section.items if i.is_scored]) >= 2


def test_resilienz_has_every_field_and_element(catalogue, data_dir):
    framework = _yaml(_seeds(data_dir) / "002" / "framework.yaml")
    fields = {f["feld"]: f["elemente"] for f in framework["abbildung_3_staerkung_kommunaler_resilienz"]["gelingensbedingungen"]}
    assert set(fields) == set(RESILIENCE)
    instrument = catalogue.instrument("resilienz")
    assert [s.id for s in instrument.sections if s.id in instrument.scoring.weights] == [v[0] for v in RESILIENCE.values()]
    for field, elements in fields.items():
        section_id, mapping = RESILIENCE[field]
        assert set(elements) == set(mapping), field
        section = instrument.section(section_id)
        assert section.label == field
        items = {i.id: i for i in section.items}
        assert all(items[item_id].is_scored for item_id in mapping.values())
    conditions = framework["erfolgsbedingungen_aufnahme_gefluechtete"]["bedingungen"]
    assert [c["nr"] for c in conditions] == sorted(CONDITIONS)
    ids = {s.id for s in instrument.sections} | {i.id for _, i in instrument.items()}
    assert set(CONDITIONS.values()) <= ids
    # the three parts of resilience (cope, learn, adapt) are dimensions across the fields
    assert len(framework["resilienz"]["definition"]["elemente"]) == len(instrument.scoring.dimensions) == 3


def test_stellschrauben_keeps_every_isda_factor_with_its_orientation_and_lever(catalogue, data_dir):
    isda = _yaml(_seeds(data_dir) / "001" / "isda.yaml")
    instrument = catalogue.instrument("stellschrauben")
    items = {item.id: (section, item) for section, item in instrument.items()}
    assert len(items) == len(ISDA_ITEMS) == isda["matrix"]["counts"]["factors_total"]
    group_types = {g["id"]: g["type"] for g in isda["factor_groups"]}
    for group, orientations in isda["matrix"].items():
        if group == "counts" or group == "parsing_note":
            continue
        for orientation, factors in orientations.items():
            for factor in factors:
                section, item = items[ISDA_ITEMS[factor]]
                assert section.id == ISDA_GROUPS[group], factor
                assert section.lever == LEVERS[group_types[group]], factor
                assert ORIENTATION_TAGS[orientation] in item.tags, factor
                # activating factors count directly, passivating ones reversed, ambivalent ones not at all
                assert item.reverse == (orientation == "passivity"), factor
                assert item.is_scored == (orientation != "indifferent"), factor


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def test_no_sentence_of_the_sources_is_copied(catalogue, data_dir):
    """No run of six words of an instrument's own text (questions, help, descriptions,
    recommendations, summary) appears in the domain facts. Titles may name the factors and
    ``basis`` cites the sources by their titles."""
    corpus: set[tuple[str, ...]] = set()
    for path in sorted(_seeds(data_dir).rglob("*")):
        if path.suffix in (".yaml", ".csv", ".md"):
            words = _words(path.read_text(encoding="utf-8"))
            corpus.update(tuple(words[i:i + 6]) for i in range(len(words) - 5))
    copied = []
    for instrument in catalogue.instruments.values():
        texts = [instrument.summary, *(s.description or "" for s in instrument.sections)]
        texts += [t for _, item in instrument.items() for t in (item.text, item.help or "")]
        texts += [t for rule in instrument.recommendations for t in (rule.title, rule.text)]
        for text in texts:
            words = _words(text)
            copied += [(instrument.id, " ".join(words[i:i + 6])) for i in range(len(words) - 5)
                       if tuple(words[i:i + 6]) in corpus]
    assert copied == []

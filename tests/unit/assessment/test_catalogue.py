# SPDX-License-Identifier: EUPL-1.2
"""Instrument and benchmark files: the shipped ones load, broken ones are refused in German."""
from __future__ import annotations

import pytest

from stellwerk.assessment.catalogue import load_catalogue
from stellwerk.errors import InputError

from .conftest import SMALL_INSTRUMENT


def test_shipped_catalogue_has_the_three_instruments(catalogue):
    assert set(catalogue.instruments) == {"erfolgsfaktoren", "resilienz", "stellschrauben"}
    erfolg = catalogue.instrument("erfolgsfaktoren")
    scored = [s for s in erfolg.sections if s.weights]
    assert len(scored) == 10  # the ten success factors
    resilienz = catalogue.instrument("resilienz")
    assert [s.label for s in resilienz.sections if s.weights] == ["Verwaltung", "Vernetzung", "Engagement", "Governance"]
    stell = catalogue.instrument("stellschrauben")
    assert {s.id: s.lever for s in stell.sections} == {
        "institutionell": "gegeben", "strukturell": "gegeben", "diskurse": "gestaltbar", "akteure": "gestaltbar",
    }
    # 18 ISDA factors: 8 activating, 6 passivating (reversed), 4 ambivalent (not scored)
    items = [item for _, item in stell.items()]
    assert len(items) == 18
    assert sum(i.reverse for i in items) == 6
    assert sum("aktivierend" in i.tags for i in items) == 8
    assert sum("passivierend" in i.tags for i in items) == 6
    assert all(i.reverse for i in items if "passivierend" in i.tags)
    assert [i.id for i in items if not i.is_scored] == ["si_mehrdeutig", "ss_finanzen", "ss_bevoelkerung", "sa_parteien"]


def test_every_benchmark_reference_resolves(catalogue):
    refs = [ref.figure for inst in catalogue.instruments.values() for _, item in inst.items() for ref in item.benchmarks]
    assert len(refs) == len(set(refs)) == 23  # every published figure is used by exactly one item
    figures = {f"{s.id}/{f.id}" for s in catalogue.benchmarks.values() for f in s.figures}
    assert set(refs) == figures
    for ref in refs:
        catalogue.figure(ref)


def _broken(content_copy, old: str, new: str) -> InputError:
    text = SMALL_INSTRUMENT.replace(old, new, 1)
    assert text != SMALL_INSTRUMENT
    (content_copy / "instruments" / "klein.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_catalogue(content_copy)
    return caught.value


def test_item_missing_from_scoring_rule(content_copy):
    error = _broken(content_copy, "weights: {a1: 2, a2: 1, a3: 1}", "weights: {a1: 2, a2: 1}")
    assert error.file == "klein.yaml"
    assert "Frage 'a3' fehlt in der Bewertungsregel" in str(error)


def test_duplicate_ids(content_copy):
    error = _broken(content_copy, "{id: a2, type: likert", "{id: a1, type: likert")
    assert "Kennung 'a1' doppelt" in str(error)


def test_section_id_colliding_with_item_id(content_copy):
    error = _broken(content_copy, "  - id: b\n    title: Abschnitt B", "  - id: a1\n    title: Abschnitt B")
    assert "doppelt" in str(error)


def test_score_out_of_range(content_copy):
    error = _broken(content_copy, 'label: ja voll, score: 100', 'label: ja voll, score: 120')
    assert "Schema" in str(error)
    assert "scales.0.options.4.score" in str(error)
    assert "100" in str(error)


def test_section_missing_from_overall_rule(content_copy):
    error = _broken(content_copy, "weights: {a: 3, b: 1}", "weights: {a: 3}")
    assert "Abschnitt 'b' fehlt in der Gesamtbewertung" in str(error)


def test_unknown_benchmark_figure(content_copy):
    error = _broken(content_copy, "desi-2011/gesamtstrategie", "desi-2011/gibtsnicht")
    assert "unbekannte Vergleichszahl 'desi-2011/gibtsnicht'" in str(error)


def test_unknown_scale_and_yaml_error(content_copy):
    assert "unbekannte Skala 'zz'" in str(_broken(content_copy, "scale: z, text: Frage a1", "scale: zz, text: Frage a1"))
    error = _broken(content_copy, "title: Kleiner Test", "title: [Kleiner Test")
    assert "kein gültiges YAML" in str(error)


def test_wrong_encoding(content_copy):
    (content_copy / "instruments" / "klein.yaml").write_bytes(SMALL_INSTRUMENT.replace("weiß", "wei\u00df").encode("latin-1"))
    with pytest.raises(InputError, match="nicht UTF-8"):
        load_catalogue(content_copy)


def test_benchmark_share_out_of_range(content_copy):
    path = content_copy / "benchmarks" / "desi-2011.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("grossstadt: 89.2", "grossstadt: 189.2"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_catalogue(content_copy)
    assert caught.value.file == "desi-2011.yaml"


def test_recommendation_rule_with_unknown_answer_or_no_condition(content_copy):
    error = _broken(content_copy, "when: {item: b1, answer_in: [nein]}", "when: {item: b1, answer_in: [vielleicht]}")
    assert "Antwort 'vielleicht' gibt es bei Frage 'b1' nicht" in str(error)
    error = _broken(content_copy, "when: {section: a, below: 50}", "when: {section: a}")
    assert "Bedingung fehlt" in str(error)


def test_every_practice_link_of_a_recommendation_finds_practices(catalogue):
    from stellwerk.knowledge.content import read_practice_file, shipped_practice_files

    practices = [entry for path in shipped_practice_files() for entry in read_practice_file(path)]
    topics = {(p.field, p.sub_topic) for p in practices}
    ids = {p.id for p in practices}
    dead = [(instrument.id, rule.id, link.field, link.sub_topic)
            for instrument in catalogue.instruments.values() for rule in instrument.recommendations
            for link in rule.links if link.kind == "practice"
            and not (link.practice_id in ids if link.practice_id else (link.field, link.sub_topic) in topics)]
    assert dead == []


def test_zero_weight_and_band_score_out_of_range(content_copy):
    error = _broken(content_copy, "weights: {a1: 2, a2: 1, a3: 1}", "weights: {a1: 2, a2: 0, a3: 1}")
    assert "Gewicht von 'a2' muss größer als 0 sein" in str(error)
    error = _broken(content_copy, "{min: 10, score: 100}", "{min: 10, score: 101}")
    assert "sections.0.items.2.bands.2.score" in str(error)


def test_benchmark_answer_not_on_the_scale(content_copy):
    error = _broken(content_copy, "benchmark: {figure: desi-2011/gesamtstrategie}",
                    "benchmark: {figure: desi-2011/gesamtstrategie, positive: [ja, Ja]}")
    assert "Vergleichszahl 'desi-2011/gesamtstrategie': Antwort 'Ja' gibt es auf der Skala nicht" in str(error)
    error = _broken(content_copy, "benchmark: {figure: desi-2011/gesamtstrategie}",
                    "benchmarks: [{figure: desi-2011/vernetzung}, {figure: desi-2011/vernetzung}]")
    assert "Vergleichszahl 'desi-2011/vernetzung' doppelt" in str(error)


def test_recommendation_links_must_lead_somewhere(content_copy):
    error = _broken(content_copy, "links: [{kind: practice, label: Praxis, field: Verwaltung, sub_topic: Konzepte und Strategien}]",
                    "links: [{kind: practice, label: Praxis, field: Verwaltung}, {kind: module, label: M, module: strateggy}]")
    assert "Empfehlung 'r_a', Verweis 1: Praxis-Verweis braucht practice_id oder field und sub_topic" in str(error)
    assert "Empfehlung 'r_a', Verweis 2: Modul 'strateggy' ist unbekannt" in str(error)


def test_dimension_without_items(content_copy):
    error = _broken(content_copy, "  weights: {a: 3, b: 1}", "  weights: {a: 3, b: 1}\n  dimensions: {lernen: Lernen}")
    assert "Dimension 'lernen': keine bewertete Frage trägt diese Markierung" in str(error)

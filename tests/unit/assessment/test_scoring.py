# SPDX-License-Identifier: EUPL-1.2
"""Scoring and weighting against values computed by hand."""
from __future__ import annotations

import pytest

from stellwerk.assessment.scoring import score_respondent, spread, summarise, weighted_mean


def test_item_section_and_overall_scores_by_hand(small):
    instrument = small.instrument("klein")
    scores = score_respondent(instrument, {"a1": "3", "a2": "1", "a3": 7.0, "b1": "nein", "b2": "frei"})
    # a1 = 75; a2 = 100 - 25 = 75 (reversed); a3 = 7 reaches the band from 5 → 50; b1 = 0
    assert scores.items == {"a1": 75.0, "a2": 75.0, "a3": 50.0, "b1": 0.0, "b2": None}
    # A = (75·2 + 75·1 + 50·1) / 4 = 68.75; B = 0; overall = (68.75·3 + 0·1) / 4 = 51.5625
    assert scores.sections == {"a": pytest.approx(68.75), "b": 0.0}
    assert scores.overall == pytest.approx(51.5625)


def test_unanswered_and_dont_know_are_left_out_not_zero(small):
    instrument = small.instrument("klein")
    scores = score_respondent(instrument, {"a1": "wn", "a2": "4", "a3": 12.0})
    # a1 "weiß nicht" does not count; A = (0·1 + 100·1) / 2 = 50; B unanswered → overall = A
    assert scores.items["a1"] is None
    assert scores.sections == {"a": pytest.approx(50.0), "b": None}
    assert scores.overall == pytest.approx(50.0)


def test_number_below_first_band_and_empty_answers(small):
    instrument = small.instrument("klein")
    assert score_respondent(instrument, {}).overall is None
    assert weighted_mean([(None, 1.0)]) is None


def test_summary_and_disagreement_rule():
    stats = summarise([25.0, 75.0, None, 50.0])
    assert (stats.n, stats.mean, stats.minimum, stats.maximum) == (3, 50.0, 25.0, 75.0)
    # population SD of 25, 50, 75 = sqrt((625 + 0 + 625) / 3) = 20.412
    assert stats.sd == pytest.approx(20.4124, abs=1e-4)
    # sector means 80 and 30 lie exactly 50 apart → disagreement
    result = spread([("verwaltung", 90.0), ("verwaltung", 70.0), ("politik", 30.0)])
    assert result.by_sector == {"politik": 30.0, "verwaltung": 80.0}
    assert result.sector_range == 50.0
    assert result.disagreement is True
    # 49 points apart: not yet
    assert spread([("verwaltung", 79.0), ("politik", 30.0)]).disagreement is False
    # one sector only: a wide individual range alone is no disagreement between perspectives
    only_one = spread([("verwaltung", 0.0), ("verwaltung", 100.0)])
    assert only_one.stats.range == 100.0 and only_one.disagreement is False


def test_shipped_stellschrauben_profile_by_hand(catalogue):
    instrument = catalogue.instrument("stellschrauben")
    answers = {
        # Diskurse: activating 4 (100), 3 (75); passivating 1 → 100 - 25 = 75, 0 → 100
        "sd_verantwortung": "4", "sd_positiv": "3", "sd_gebunden": "1", "sd_negativ": "0",
        # Akteure: 2 (50), 2 (50), passivating 4 → 0; parties are not scored
        "sa_spitze": "2", "sa_zusammenarbeit": "2", "sa_unwille": "4", "sa_parteien": "4",
    }
    scores = score_respondent(instrument, answers)
    assert scores.sections["diskurse"] == pytest.approx((100 + 75 + 75 + 100) / 4)
    assert scores.sections["akteure"] == pytest.approx((50 + 50 + 0) / 3)
    assert scores.sections["institutionell"] is None
    assert scores.overall == pytest.approx((87.5 + 100 / 3) / 2)


def test_radar_svg_is_accessible_and_escapes_labels():
    from stellwerk.assessment.charts import Series, bars_svg, radar_svg

    svg = radar_svg(["A", "B", "<C>"], [Series("Alle", [100.0, 50.0, None]), Series("Politik & Rat", [0.0, 0.0, 0.0])], "Titel")
    assert svg.startswith("<svg") and 'role="img"' in svg and "<title" in svg
    assert "&lt;C&gt;" in svg and "Politik &amp; Rat" in svg and "<C>" not in svg
    assert "Alle: A 100, B 50, &lt;C&gt; –" in svg  # the description carries every value for screen readers
    # 100 on the first axis lies straight above the centre at the rim (radius 0.3 × 520 = 156)
    assert '<circle cx="360.0" cy="104.0"' in svg
    with pytest.raises(ValueError):
        radar_svg(["A", "B"], [], "zu wenig")
    assert "Frage 1 50" in bars_svg([("Frage 1", 50.0), ("Frage 2", None)], "Balken")


def test_levers_of_the_stellschrauben_profile_by_hand(session, catalogue, tenant):
    from stellwerk.assessment.answers import RespondentInput
    from stellwerk.assessment.models import Mode
    from stellwerk.assessment.results import run_results
    from stellwerk.assessment.runs import add_respondent, create_run

    run, _ = create_run(session, catalogue, tenant_id=tenant.id, instrument_id="stellschrauben", title="Profil",
                        mode=Mode.WORKSHOP, actor="t")
    people = [
        # Institutionen: 100, 100, 100 - 0, 100 - 0 → 100; Diskurse: 0, 0, 100 - 100, 100 - 100 → 0
        ("verwaltung", {"si_spielraum": "4", "si_passung": "4", "si_zentral": "0",
                        "si_verflechtung": "0", "sd_verantwortung": "0", "sd_positiv": "0", "sd_gebunden": "4",
                        "sd_negativ": "4"}),
        # Strukturen: 50, 50, 100 - 50 = 50 → 50; Akteure: 100, 100, 100 - 0 = 100 → 100
        ("politik", {"ss_bewegung": "2", "ss_urban": "2", "ss_laendlich": "2", "sa_spitze": "4",
                     "sa_zusammenarbeit": "4", "sa_unwille": "0"}),
    ]
    for number, (sector, answers) in enumerate(people):
        add_respondent(session, catalogue, run, RespondentInput(f"P{number}", answers, sector=sector), actor="t")
    levers = {lever["lever"]: lever for lever in run_results(catalogue, run)["levers"]}
    # gestaltbar = Diskurse and Akteure (weights 1:1): person 1 only Diskurse → 0; person 2 only Akteure → 100
    assert (levers["gestaltbar"]["mean"], levers["gestaltbar"]["sd"]) == (50.0, 50.0)
    assert levers["gestaltbar"]["by_sector"] == {"politik": 100.0, "verwaltung": 0.0}
    assert levers["gestaltbar"]["disagreement"] is True
    # gegeben = Institutionen and Strukturen: person 1 → 100, person 2 → 50
    assert (levers["gegeben"]["mean"], levers["gegeben"]["n"]) == (75.0, 2)
    assert levers["gegeben"]["sections"] == ["Institutioneller Rahmen", "Strukturelle Bedingungen"]
    assert list(levers) == ["gestaltbar", "gegeben"]


def test_resilience_dimensions_across_fields_by_hand(catalogue):
    instrument = catalogue.instrument("resilienz")
    answers = {
        "rv_agil": "4",        # bewältigen and anpassen: 100
        "rv_aemter": "2",      # bewältigen: 50
        "rv_wissen": "nein",   # lernen: 0
        "rn_interkommunal": "3",  # lernen: 75
        "rg_zukunft": "1",     # anpassen: 25
        "rg_vorplanung": "ja",  # anpassen: 100
        "rh_chancen": "ja",    # not scored: counts nowhere
    }
    scores = score_respondent(instrument, answers)
    assert scores.dimensions == {
        "bewaeltigen": pytest.approx((100 + 50) / 2),
        "lernen": pytest.approx((0 + 75) / 2),
        "anpassen": pytest.approx((100 + 25 + 100) / 3),
    }
    # the sections are untouched by the dimensions: Verwaltung (100 + 50 + 0) / 3
    assert scores.sections["verwaltung"] == pytest.approx(50.0)
    assert scores.sections["governance"] == pytest.approx((25 + 100) / 2)

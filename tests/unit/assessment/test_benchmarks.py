# SPDX-License-Identifier: EUPL-1.2
"""Benchmarks: every published share reproduced exactly next to the answer, and the content
checked figure by figure against the facts extracted from the source (seed 001)."""
from __future__ import annotations

import pytest
import yaml

from stellwerk.assessment.answers import RespondentInput
from stellwerk.assessment.models import Mode
from stellwerk.assessment.results import run_results
from stellwerk.assessment.runs import add_respondent, create_run

# The published shares, typed from Filsinger/Gesemann, SVR expertise 2018 (chapter in brackets).
# Order: Großstadt, Mittelstadt, Kleinstadt/Gemeinde, Landkreis, alle; None = not published.
TYPES = ("grossstadt", "mittelstadt", "kleinstadt_gemeinde", "landkreis")
PUBLISHED = {
    "desi-2011/stellenwert": (98.5, 66.2, 48.8, 63.0, 71.5),           # Kap. 3.1
    "desi-2011/gesamtstrategie": (89.2, 44.4, 11.9, 53.3, 53.1),       # Kap. 3.1
    "desi-2011/querschnittsaufgabe": (86.2, 47.9, 27.9, 56.5, 56.8),   # Kap. 3.1
    "desi-2011/vernetzung": (96.9, 78.4, 35.0, 65.2, 73.2),            # Kap. 3.1
    "desi-2011/eval_intern": (None, None, None, None, 54.2),           # Kap. 5
    "desi-2011/eval_berichte": (None, None, None, None, 46.4),
    "desi-2011/eval_bedarf": (None, None, None, None, 39.1),
    "desi-2011/eval_monitoring": (None, None, None, None, 31.8),
    "desi-2011/eval_extern": (None, None, None, None, 25.5),
    "desi-2016/stellenwert": (100.0, 83.0, 61.0, None, None),          # Kap. 6
    "desi-2016/wichtig_vernetzung": (97.0, 98.3, 81.6, 95.2, 89.8),    # Kap. 6, Tabelle 1
    "desi-2016/wichtig_engagement": (85.3, 86.4, 85.8, 86.4, 86.0),
    "desi-2016/wichtig_bevoelkerung": (94.1, 84.7, 80.7, 86.4, 84.6),
    "desi-2016/wichtig_querschnitt": (91.2, 86.2, 58.9, 79.7, 73.8),
    "desi-2016/wichtig_konzept": (91.2, 64.4, 52.7, 81.4, 66.7),
    "desi-2016/wichtig_leitbild": (91.2, 56.9, 47.7, 69.0, 60.2),
    "desi-2016/wichtig_monitoring": (75.5, 37.3, 30.6, 59.3, 48.1),
    "desi-2016-ende/strategie_gefluechtete": (None, None, None, None, 35.0),  # Kap. 6
    "vhw-2016/konzept_mit_zielen": (90.0, 32.6, 11.5, None, None),     # Kap. 3.2, Fn. 15
    "vhw-2016/vorplanung": (91.4, 71.6, 37.5, None, None),             # Kap. 4
    "vhw-2016/chancen": (None, None, None, None, 54.3),                # Kap. 4
    "vhw-2016/weltoffen": (None, None, None, None, 73.8),
    "fg-2017/konzept": (87.3, 21.9, None, 33.7, None),                 # Kap. 3.2
}
# Overall strategy by Land (DESI 2011, Kap. 3.1 after Gesemann/Roth/Aumüller 2012, p. 40).
STRATEGY_BY_LAND = {"NW": 77.6, "BY": 28.1, "BW": 47.5, "NI": 47.4, "RP": 46.2, "HE": 44.4}
SURVEY = {"desi-2011": (2011, 228), "desi-2016": (2016, 264), "desi-2016-ende": (2016, None),
          "vhw-2016": (2016, None), "fg-2017": (2017, None)}


def _run(session, catalogue, tenant, instrument, gemeindetyp, land=None):
    run, _ = create_run(session, catalogue, tenant_id=tenant.id, instrument_id=instrument, title="Vergleich",
                        mode=Mode.SINGLE, actor="test", gemeindetyp=gemeindetyp, land=land)
    return run


@pytest.mark.parametrize("position", range(4))
def test_every_published_share_appears_exactly_for_each_gemeindetyp(session, catalogue, tenant, position):
    gemeindetyp = TYPES[position]
    shown = {}
    for instrument in ("erfolgsfaktoren", "resilienz"):
        run = _run(session, catalogue, tenant, instrument, gemeindetyp, land="NW")
        shown.update({b["figure"]: b for b in run_results(catalogue, run)["benchmarks"]})
    assert set(shown) == set(PUBLISHED)
    for figure, values in PUBLISHED.items():
        b = shown[figure]
        assert (b["peer_group"], b["peer_share"], b["total_share"]) == (gemeindetyp, values[position], values[4]), figure
        assert (b["year"], b["n"]) == SURVEY[figure.split("/")[0]], figure
    assert shown["desi-2011/gesamtstrategie"]["land_share"] == 77.6
    assert shown["fg-2017/konzept"]["peer_n"] == {"grossstadt": 79, "landkreis": 294}.get(gemeindetyp)


@pytest.mark.parametrize(("land", "share"), [*STRATEGY_BY_LAND.items(), ("SN", None), (None, None)])
def test_overall_strategy_by_land(session, catalogue, tenant, land, share):
    run = _run(session, catalogue, tenant, "erfolgsfaktoren", "mittelstadt", land)
    [b] = [b for b in run_results(catalogue, run)["benchmarks"] if b["figure"] == "desi-2011/gesamtstrategie"]
    assert b["land_share"] == share
    # the breakdowns the source publishes besides Gemeindetyp and Land travel with the figure
    assert b["breakdowns"] == [
        {"title": "nach Gemeindestatus",
         "shares": {"kreisfreie Städte": 78.7, "Landkreise": 53.3, "kreisangehörige Städte und Gemeinden": 34.6}},
        {"title": "nach Anteil der Bevölkerung mit Migrationshintergrund",
         "shares": {"30 % und mehr": 83.3, "unter 10 %": 27.3}},
    ]


def test_graded_answers_and_the_workshop_majority(session, catalogue, tenant):
    run, _ = create_run(session, catalogue, tenant_id=tenant.id, instrument_id="erfolgsfaktoren", title="W",
                        mode=Mode.WORKSHOP, actor="t", gemeindetyp="grossstadt")
    answers = [("verwaltung", "sehr_hoch"), ("politik", "hoch"), ("wirtschaft", "mittel"),
               ("zivilgesellschaft", "weiss_nicht")]
    for number, (sector, value) in enumerate(answers):
        add_respondent(session, catalogue, run, RespondentInput(f"P{number}", {"ef3_stellenwert": value}, sector=sector),
                       actor="t")
    [b2011, b2016] = [b for b in run_results(catalogue, run)["benchmarks"] if b["item_id"] == "ef3_stellenwert"]
    # four different answers: no most frequent one; "weiß nicht" counts for neither side;
    # positive (sehr hoch, hoch) 2 against 1 (mittel) → the municipality counts as positive, 2 of 3 = 66.7 %
    assert (b2011["answer"], b2011["answer_positive"], b2011["respondents_positive"]) == (None, True, 66.7)
    assert b2011["positive_labels"] == ["sehr hoch", "hoch"]
    assert (b2011["peer_share"], b2016["peer_share"]) == (98.5, 100.0)
    add_respondent(session, catalogue, run, RespondentInput("P9", {"ef3_stellenwert": "gering"}, sector="politik"),
                   actor="t")
    [b2011, _] = [b for b in run_results(catalogue, run)["benchmarks"] if b["item_id"] == "ef3_stellenwert"]
    assert (b2011["answer_positive"], b2011["respondents_positive"]) == (None, 50.0)  # 2 : 2 is undecided


def test_single_answer_with_label(session, catalogue, tenant):
    run = _run(session, catalogue, tenant, "erfolgsfaktoren", "landkreis")
    add_respondent(session, catalogue, run, RespondentInput("Ich", {"ef10_monitoring": "aufbau", "ef1_verankert": "nein"}),
                   actor="t")
    shown = {b["figure"]: b for b in run_results(catalogue, run)["benchmarks"]}
    monitoring = shown["desi-2011/eval_monitoring"]
    assert (monitoring["answer"], monitoring["answer_label"], monitoring["answer_positive"]) == ("aufbau", "im Aufbau", True)
    assert "im Aufbau" in monitoring["mapping_note"]
    assert shown["desi-2011/querschnittsaufgabe"]["answer_positive"] is False
    assert shown["desi-2011/vernetzung"]["answer_positive"] is None  # not answered


# ------------------------------------------------------------------ the content against the source facts

SEED_TYPES = {"GS": "grossstadt", "MS": "mittelstadt", "KS": "kleinstadt_gemeinde", "LK": "landkreis"}
# content figure → (seed figure id, where in the seed record the values are)
SEED_MAP = {
    "desi-2011/stellenwert": ("F010", "values"),
    "desi-2011/gesamtstrategie": ("F012", "values"),
    "desi-2011/querschnittsaufgabe": ("F011", "values"),
    "desi-2011/vernetzung": ("F013", "values"),
    "desi-2016/stellenwert": ("F080", "values"),
    "desi-2016-ende/strategie_gefluechtete": ("F004", "values"),
    "vhw-2016/konzept_mit_zielen": ("F039", "values"),
    "vhw-2016/vorplanung": ("F061", "values"),
    "vhw-2016/chancen": ("F060", "values"),
    "vhw-2016/weltoffen": ("F062", "values"),
}
EVALUATION = {"eval_intern": "interne_Evaluation_Projekte_Massnahmen", "eval_berichte": "Integrationsberichte",
              "eval_bedarf": "Erhebungen_zur_Bedarfsentwicklung", "eval_monitoring": "Integrationsmonitoring",
              "eval_extern": "externe_Evaluation"}
IMPORTANCE = {"wichtig_vernetzung": "Vernetzung_zentraler_Akteure",
              "wichtig_engagement": "Foerderung_des_freiwilligen_Engagements",
              "wichtig_bevoelkerung": "Einbindung_der_Bevoelkerung",
              "wichtig_querschnitt": "Integration_als_Querschnittsaufgabe",
              "wichtig_konzept": "Kommunales_Integrationskonzept",
              "wichtig_leitbild": "Leitbild_zur_Integration_von_Fluechtlingen",
              "wichtig_monitoring": "Kommunales_Integrationsmonitoring"}
# Figures of these surveys deliberately not used, and why (the audit of issue 8).
NOT_USED = {
    "F014": "Gründe für den hohen Stellenwert – keine Frage der Instrumente",
    "F015": "dieselbe Zahl wie F012 an anderer Stelle (53,3 %); als Hinweis an gesamtstrategie vermerkt",
    "F019": "gilt nur für Kommunen mit Gesamtstrategie (n = 119) und fragt nach dem Entstehungsjahr",
    "F020": "Anzahl, kein Anteil", "F021": "Anzahl, kein Anteil", "F022": "Anzahl, kein Anteil",
    "F035": "Anzahl aktualisierter Konzepte, kein Anteil",
    "F038": "Verteilung der Entstehungsjahre, keine Frage der Instrumente",
    "F052": "derselbe Wert wie F039 für Mittelstädte",
    "F055": "Verteilung innerhalb der Mittelstädte nach Einwohnerzahl",
    "F056": "Konzept des Landkreises einer Mittelstadt – keine Frage der Instrumente",
    "F084": "Mittelwerte auf einer nicht genannten Skala",
}


def _seed_figures(data_dir) -> dict[str, dict]:
    path = data_dir.parent / "domain" / "seeds" / "001" / "survey_figures.yaml"
    if not path.exists():
        pytest.skip("domain seeds not available")
    return {f["id"]: f for f in yaml.safe_load(path.read_text(encoding="utf-8"))["figures"]}


def _as_content(values: dict) -> tuple[dict[str, float], float | None]:
    return {SEED_TYPES[k]: float(v) for k, v in values.items() if k in SEED_TYPES}, values.get("all")


def test_benchmark_content_reproduces_the_source_facts(catalogue, data_dir):
    seed = _seed_figures(data_dir)
    checked = set()
    for ref, (seed_id, key) in SEED_MAP.items():
        _, figure = catalogue.figure(ref)
        by_type, total = _as_content(seed[seed_id][key])
        assert (figure.by_type, figure.total) == (by_type, total), ref
        checked.add(seed_id)
    _, strategy = catalogue.figure("desi-2011/gesamtstrategie")
    assert strategy.by_land == seed["F017"]["values"]
    status, migrants = (b.shares for b in strategy.breakdowns)
    assert list(status.values()) == list(seed["F018"]["values"].values())
    assert list(migrants.values()) == list(seed["F016"]["values"].values())
    for figure_id, seed_key in EVALUATION.items():
        assert catalogue.figure(f"desi-2011/{figure_id}")[1].total == seed["F071"]["values"][seed_key]
    for figure_id, seed_key in IMPORTANCE.items():
        by_type, total = _as_content(seed["F083"]["rows"][seed_key])
        _, figure = catalogue.figure(f"desi-2016/{figure_id}")
        assert (figure.by_type, figure.total) == (by_type, total), figure_id
    source, concept = catalogue.figure("fg-2017/konzept")
    assert concept.by_type == {"grossstadt": seed["F034"]["values"]["percent"],
                               "mittelstadt": seed["F053"]["values"]["percent"],
                               "landkreis": seed["F057"]["values"]["percent"]}
    assert concept.n_by_type == {"grossstadt": seed["F034"]["values"]["total"],
                                 "landkreis": seed["F057"]["values"]["total"]}
    assert seed["F054"]["values"]["percent"] in concept.breakdowns[0].shares.values()
    sources = {"desi-2011": "DESI_2011", "desi-2016": "DESI_2016_early", "vhw-2016": "VHW_2016"}
    survey_n = {s["id"]: s.get("n") for s in yaml.safe_load(
        (data_dir.parent / "domain" / "seeds" / "001" / "survey_figures.yaml").read_text(encoding="utf-8"))["surveys"]}
    for source_id, survey_id in sources.items():
        assert catalogue.benchmarks[source_id].n == survey_n[survey_id]
    checked |= {"F016", "F017", "F018", "F071", "F083", "F034", "F053", "F054", "F057"}
    # every figure of these surveys with published numbers is either used or deliberately left out
    relevant = {fid for fid, f in seed.items()
                if f.get("survey") in ("DESI_2011", "DESI_2016_early", "DESI_2016_end", "VHW_2016", "FG_2017_online")
                and ("values" in f or "rows" in f)}
    assert relevant == checked | set(NOT_USED)
    assert not checked & set(NOT_USED)

# SPDX-License-Identifier: EUPL-1.2
"""Runs: single and workshop, answer checks, results with spread, benchmarks, recommendations."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from stellwerk.accounts.models import AuditEntry
from stellwerk.assessment.answers import RespondentInput
from stellwerk.assessment.models import Answer, Mode, Respondent
from stellwerk.assessment.results import compare_runs, run_results
from stellwerk.assessment.runs import (
    TokenError,
    add_respondent,
    close_run,
    create_run,
    run_for_facilitator,
    run_for_participant,
)
from stellwerk.errors import InputError

WORKSHOP = [
    # label, sector, a1, a2, a3, b1   → section A score (hand computed)
    ("V1", "verwaltung", "4", "0", 10, "ja"),    # (100·2 + 100 + 100) / 4 = 100
    ("V2", "verwaltung", "3", "1", 5, "ja"),     # (75·2 + 75 + 50) / 4 = 68.75
    ("P1", "politik", "1", "3", 0, "nein"),      # (25·2 + 25 + 0) / 4 = 18.75
    ("Z1", "zivilgesellschaft", "2", "2", 5, "nein"),  # (50·2 + 50 + 50) / 4 = 50
    ("M1", "migrantenorganisation", "2", "4", 0, "nein"),  # (50·2 + 0 + 0) / 4 = 25
]


def _workshop(session, small, tenant, gemeindetyp="mittelstadt", land="NW"):
    run, tokens = create_run(session, small, tenant_id=tenant.id, instrument_id="klein", title="Workshop 2026",
                             mode=Mode.WORKSHOP, actor="test", gemeindetyp=gemeindetyp, land=land, with_tokens=True)
    for label, sector, a1, a2, a3, b1 in WORKSHOP:
        add_respondent(session, small, run, RespondentInput(label=label, sector=sector, role="Test",
                       answers={"a1": a1, "a2": a2, "a3": a3, "b1": b1}), actor="test")
    return run, tokens


def test_workshop_results_by_hand(session, small, tenant):
    run, _ = _workshop(session, small, tenant)
    result = run_results(small, run)
    section_a = result["sections"][0]
    # mean of 100, 68.75, 18.75, 50, 25 = 262.5 / 5 = 52.5
    assert section_a["n"] == 5
    assert section_a["mean"] == 52.5
    assert (section_a["min"], section_a["max"]) == (18.8, 100.0)  # 18.75 shown rounded to one decimal
    # sector means: Verwaltung 84.375, Politik 18.75, ZG 50, MO 25 → range 65.625 ≥ 50
    assert section_a["by_sector"] == {"migrantenorganisation": 25.0, "politik": 18.8,
                                      "verwaltung": 84.4, "zivilgesellschaft": 50.0}
    assert section_a["sector_range"] == 65.6
    assert section_a["disagreement"] is True
    assert result["disagreements"] == ["a", "b"]  # B: Verwaltung 100, the others 0
    # overall per person = (A·3 + B·1)/4: 100, 76.5625, 14.0625, 37.5, 18.75 → mean 49.375
    assert result["overall"]["mean"] == 49.4
    b1 = result["sections"][1]["items"][0]
    assert b1["consensus"] == "nein"
    fired = [r["id"] for r in result["recommendations"]]
    assert fired == ["r_b1", "r_streit"]  # A is 52.5, not below 50
    assert result["recommendations"][0]["reason"] == "Frage „Frage b1“: Antwort „nein“"


def test_benchmark_next_to_peer_share(session, small, tenant):
    run, _ = _workshop(session, small, tenant)
    [comparison] = run_results(small, run)["benchmarks"]
    assert comparison["answer"] == "nein"
    assert comparison["peer_group"] == "mittelstadt"
    assert comparison["peer_share"] == 44.4       # DESI 2011, Mittelstädte with an overall strategy
    assert comparison["land_share"] == 77.6       # Nordrhein-Westfalen
    assert comparison["total_share"] == 53.1
    assert (comparison["year"], comparison["n"]) == (2011, 228)
    other, _ = _workshop(session, small, tenant, gemeindetyp="landkreis", land="SN")
    [comparison] = run_results(small, other)["benchmarks"]
    assert (comparison["peer_share"], comparison["land_share"]) == (53.3, None)  # no value for Sachsen


def test_answer_out_of_scale_saves_nothing(session, small, tenant):
    run, _ = _workshop(session, small, tenant)
    answers_before = session.scalar(select(func.count()).select_from(Answer))
    with pytest.raises(InputError) as caught:
        add_respondent(session, small, run, RespondentInput(
            label="X", sector="politik", answers={"a1": "7", "a3": "abc", "zz": "1", "b2": "<script>alert(1)</script>"}),
            actor="test")
    text = str(caught.value)
    assert "nichts wurde gespeichert" in text
    assert "Frage 'a1': Antwort '7' liegt nicht auf der Skala" in text
    assert "Frage 'a3': 'abc' ist keine Zahl" in text
    assert "Frage 'zz' gibt es im Instrument 'klein' nicht" in text
    assert session.scalar(select(func.count()).select_from(Answer)) == answers_before
    assert len(run.respondents) == 5


def test_number_limits_sector_and_single_mode(session, small, tenant):
    run, _ = _workshop(session, small, tenant)
    with pytest.raises(InputError, match="größer als das Maximum 100"):
        add_respondent(session, small, run, RespondentInput(label="X", sector="politik", answers={"a3": "1000"}),
                       actor="t")
    with pytest.raises(InputError, match="Sektor fehlt"):
        add_respondent(session, small, run, RespondentInput(label="X", answers={"a1": "1"}), actor="t")
    single, _ = create_run(session, small, tenant_id=tenant.id, instrument_id="klein", title="Allein",
                           mode=Mode.SINGLE, actor="t")
    add_respondent(session, small, single, RespondentInput(label="Ich", answers={"a1": "ja voll", "a3": "2,5"}), actor="t")
    assert single.respondents[0].answer_map() == {"a1": "4", "a3": 2.5}  # label accepted, German decimal comma
    with pytest.raises(InputError, match="Einzelauswertung"):
        add_respondent(session, small, single, RespondentInput(label="Du", answers={"a1": "1"}), actor="t")


def test_tokens_and_closing(session, small, tenant):
    run, tokens = _workshop(session, small, tenant)
    assert run.participant_token_hash != tokens.participant  # stored hashed only
    assert run_for_participant(session, tokens.participant) is run
    assert run_for_facilitator(session, tokens.facilitator) is run
    with pytest.raises(TokenError, match="ungültig"):
        run_for_participant(session, tokens.facilitator)
    close_run(session, run, actor="test")
    with pytest.raises(TokenError, match="abgeschlossen"):
        run_for_participant(session, tokens.participant)
    with pytest.raises(InputError, match="abgeschlossen"):
        add_respondent(session, small, run, RespondentInput(label="Spät", sector="politik", answers={"a1": "1"}), actor="t")
    actions = session.scalars(select(AuditEntry.action).where(AuditEntry.tenant_id == tenant.id)).all()
    assert actions.count("create") == 6 and actions.count("update") == 1


def test_expired_participant_token(session, small, tenant):
    import datetime as dt

    run, tokens = _workshop(session, small, tenant)
    run.token_expires_at = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1)
    session.flush()
    with pytest.raises(TokenError, match="abgelaufen"):
        run_for_participant(session, tokens.participant)


def test_repeated_runs_compared_over_time(session, small, tenant):
    first, _ = _workshop(session, small, tenant)
    second, _ = create_run(session, small, tenant_id=tenant.id, instrument_id="klein", title="Ein Jahr später",
                           mode=Mode.SINGLE, actor="t")
    add_respondent(session, small, second, RespondentInput(label="Ich", answers={"a1": "4", "a2": "0", "a3": 10, "b1": "ja"}),
                   actor="t")
    second.created_at = first.created_at.replace(year=first.created_at.year + 1)
    comparison = compare_runs(small, [second, first])
    assert [r["id"] for r in comparison["runs"]] == [first.id, second.id]
    assert comparison["sections"][0]["means"] == [52.5, 100.0]
    assert comparison["sections"][0]["change"] == 47.5
    assert comparison["overall"]["change"] == pytest.approx(100 - 49.4)


def test_unknown_peer_group_and_mode(session, small, tenant):
    with pytest.raises(InputError, match="Gemeindetyp 'dorf' ist unbekannt"):
        create_run(session, small, tenant_id=tenant.id, instrument_id="klein", title="x", mode=Mode.SINGLE,
                   actor="t", gemeindetyp="dorf")
    with pytest.raises(InputError, match="Modus"):
        create_run(session, small, tenant_id=tenant.id, instrument_id="klein", title="x", mode="party", actor="t")
    assert session.scalar(select(func.count()).select_from(Respondent)) == 0


def test_delete_run_removes_answers_and_is_audited(session, small, tenant):
    from stellwerk.assessment.runs import delete_run

    run, _ = _workshop(session, small, tenant)
    run_id = run.id
    delete_run(session, run, actor="test")
    assert session.scalar(select(func.count()).select_from(Respondent).where(Respondent.run_id == run_id)) == 0
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "delete")).one()
    assert entry.object_id == str(run_id) and entry.before["respondents"] == 5
    assert "participant_token_hash" not in entry.before


def test_answer_files_yaml_csv_and_wrong_encoding(tmp_path):
    from stellwerk.assessment.answers import read_answer_file

    sheet = tmp_path / "antworten.csv"
    sheet.write_text("teilnehmer,rolle,sektor,a1\nÄ,Rat,Politik,3\n", encoding="utf-8")
    [person] = read_answer_file(sheet)
    assert (person.label, person.sector, person.answers, person.row) == ("Ä", "politik", {"a1": "3"}, 2)
    sheet.write_bytes("teilnehmer;a1\nÄ;3\n".encode("latin-1"))
    with pytest.raises(InputError, match="nicht UTF-8"):
        read_answer_file(sheet)
    sheet.write_text("name;a1\nX;3\n", encoding="utf-8")
    with pytest.raises(InputError, match="Spalte 'teilnehmer'"):
        read_answer_file(sheet)
    data = tmp_path / "a.yaml"
    data.write_text("respondents:\n  - label: X\n", encoding="utf-8")
    with pytest.raises(InputError, match="braucht 'answers'"):
        read_answer_file(data)

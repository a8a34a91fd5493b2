# SPDX-License-Identifier: EUPL-1.2
"""Kommunalbefragung: one-time tokens, response tracking, weighted shares computed by hand, exports."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from sqlalchemy import func, select

from stellwerk.assessment.models import Answer, Invitation, Mode
from stellwerk.assessment.runs import TokenError, create_run
from stellwerk.assessment.survey import (
    Invitee,
    analyse,
    export_raw_csv,
    export_tables_csv,
    invite,
    read_invitees,
    respond,
    survey_status,
)
from stellwerk.assessment.weighting import frame_from_municipalities, read_frame, size_class_of
from stellwerk.errors import InputError

# Synthetic population frame: municipalities per Größenklasse × Land.
FRAME = {("A", "NW"): 100, ("A", "BY"): 50, ("B", "NW"): 30, ("B", "BY"): 20}

# code, Gemeindetyp, Land, Größenklasse, answer to b1 (None = invited, no answer)
RESPONSES = [
    ("01", "mittelstadt", "NW", "A", "ja"),
    ("02", "mittelstadt", "NW", "A", "nein"),
    ("03", "mittelstadt", "BY", "A", "ja"),
    ("04", "kleinstadt_gemeinde", "NW", "B", "ja"),
    ("05", "kleinstadt_gemeinde", "NW", "B", "nein"),
    ("06", "kleinstadt_gemeinde", "NW", "B", "nein"),
    ("07", "kleinstadt_gemeinde", "BY", "B", None),
]


@pytest.fixture
def survey(session, small, tenant):
    run, _ = create_run(session, small, tenant_id=tenant.id, instrument_id="klein", title="Befragung 2026",
                        mode=Mode.SURVEY, actor="test")
    invitees = [Invitee(code, f"Gemeinde {code}", typ, land, size) for code, typ, land, size, _ in RESPONSES]
    tokens = {inv.code: token for inv, token in invite(session, run, invitees, days=30, actor="test")}
    for code, *_, answer in RESPONSES:
        if answer is not None:
            respond(session, small, tokens[code], {"b1": answer, "a1": "2"})
    return run, tokens


def _share(analysis, item_id, group, value, key):
    item = next(i for i in analysis["items"] if i["id"] == item_id)
    row = next(g for g in item["groups"] if g["group"] == group)
    option = next(o for o in row["options"] if o["value"] == value)
    return row["n"], option[key]


def test_unweighted_and_weighted_shares_by_hand(session, small, survey):
    run, _ = survey
    plain = analyse(session, small, run, by="gemeindetyp")
    assert plain["respondents"] == 6
    assert _share(plain, "b1", "alle", "ja", "share") == (6, 50.0)               # 3 of 6
    assert _share(plain, "b1", "mittelstadt", "ja", "share") == (3, 66.7)       # 2 of 3
    assert _share(plain, "b1", "kleinstadt_gemeinde", "ja", "share") == (3, 33.3)
    weighted = analyse(session, small, run, by="gemeindetyp", frame=FRAME)
    # weights N_c / r_c: A×NW 100/2 = 50, A×BY 50/1 = 50, B×NW 30/3 = 10
    # ja: 50 (01) + 50 (03) + 10 (04) = 110 of 50+50+50+10+10+10 = 180 → 61.1 %
    assert _share(weighted, "b1", "alle", "ja", "weighted_share") == (6, 61.1)
    assert _share(weighted, "b1", "mittelstadt", "ja", "weighted_share") == (3, 66.7)   # 100 of 150
    assert _share(weighted, "b1", "kleinstadt_gemeinde", "ja", "weighted_share") == (3, 33.3)  # 10 of 30
    # each group stands for its weight sum: alle 180, Mittelstädte 50 + 50 + 50, Kleinstädte 3 × 10
    [b1] = [item for item in weighted["items"] if item["id"] == "b1"]
    assert [(g["group"], g["weighted_n"]) for g in b1["groups"]] == [
        ("alle", 180.0), ("kleinstadt_gemeinde", 30.0), ("mittelstadt", 150.0)]
    assert weighted["weighting"]["uncovered_cells"] == {"B × BY": 20}
    assert weighted["weighting"]["population_covered"] == 180
    by_land = analyse(session, small, run, by="land", frame=FRAME)
    # NW: ja 50 + 10 = 60 of 50+50+10+10+10 = 130 → 46.2 % (unweighted 2 of 5 = 40 %)
    assert _share(by_land, "b1", "NW", "ja", "weighted_share") == (5, 46.2)
    assert _share(by_land, "b1", "NW", "ja", "share") == (5, 40.0)
    assert _share(by_land, "b1", "BY", "ja", "weighted_share") == (1, 100.0)
    by_size = analyse(session, small, run, by="size_class")
    assert _share(by_size, "b1", "B", "nein", "share") == (3, 66.7)


def test_frame_without_a_responding_cell_is_refused(session, small, survey):
    run, _ = survey
    with pytest.raises(InputError) as caught:
        analyse(session, small, run, frame={("A", "NW"): 100})
    assert "Zellen ohne Grundgesamtheit" in str(caught.value)
    assert "Größenklasse 'B' × Land 'NW'" in str(caught.value)


def test_one_time_token_used_twice_or_expired(session, small, survey):
    run, tokens = survey
    answers_before = session.scalar(select(func.count()).select_from(Answer))
    with pytest.raises(TokenError, match="bereits verwendet"):
        respond(session, small, tokens["01"], {"b1": "ja"})
    invitation = session.scalar(select(Invitation).where(Invitation.code == "07"))
    invitation.expires_at = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=1)
    session.flush()
    with pytest.raises(TokenError, match="abgelaufen"):
        respond(session, small, tokens["07"], {"b1": "ja"})
    with pytest.raises(TokenError, match="ungültig"):
        respond(session, small, "falsch", {"b1": "ja"})
    assert session.scalar(select(func.count()).select_from(Answer)) == answers_before
    assert invitation.used_at is None


def test_token_used_by_a_concurrent_request_saves_nothing(session, small, survey):
    from sqlalchemy import update

    from stellwerk.assessment.models import Respondent

    run, tokens = survey
    invitation = session.scalar(select(Invitation).where(Invitation.code == "07"))
    assert invitation.used_at is None
    # another request uses the token after this one has checked it: the row changes underneath,
    # the loaded invitation still looks unused
    session.execute(update(Invitation).where(Invitation.id == invitation.id)
                    .values(used_at=dt.datetime.now(dt.timezone.utc)).execution_options(synchronize_session=False))
    respondents = session.scalar(select(func.count()).select_from(Respondent).where(Respondent.run_id == run.id))
    with pytest.raises(TokenError, match="bereits verwendet"):
        respond(session, small, tokens["07"], {"b1": "ja"})
    assert session.scalar(select(func.count()).select_from(Respondent).where(Respondent.run_id == run.id)) == respondents


def test_bad_answers_do_not_use_up_the_token(session, small, tenant):
    run, _ = create_run(session, small, tenant_id=tenant.id, instrument_id="klein", title="B", mode=Mode.SURVEY,
                        actor="t")
    [(invitation, token)] = invite(session, run, [Invitee("99", "Testdorf")], days=1, actor="t")
    with pytest.raises(InputError, match="liegt nicht auf der Skala"):
        respond(session, small, token, {"b1": "vielleicht"})
    assert invitation.used_at is None
    respond(session, small, token, {"b1": "ja"})
    assert invitation.used_at is not None and invitation.token_hash != token


def test_status_tracks_response(session, small, survey):
    run, _ = survey
    status = survey_status(session, run)
    assert (status["invited"], status["answered"], status["open"], status["expired"]) == (7, 6, 1, 0)
    assert status["response_rate"] == 85.7
    assert status["by_gemeindetyp"]["kleinstadt_gemeinde"] == {"eingeladen": 4, "beantwortet": 3}
    assert status["by_land"] == {"BY": {"eingeladen": 2, "beantwortet": 1}, "NW": {"eingeladen": 5, "beantwortet": 5}}


def test_exports_are_csv_and_safe(session, small, tenant):
    run, _ = create_run(session, small, tenant_id=tenant.id, instrument_id="klein", title="B", mode=Mode.SURVEY,
                        actor="t")
    [(_, token)] = invite(session, run, [Invitee("42", "=cmd|' /C calc'!A0", "landkreis", "HE", "K")], days=1, actor="t")
    respond(session, small, token, {"b1": "ja", "b2": "=HYPERLINK(\"x\")", "a3": "12"})
    rows = list(csv.reader(io.StringIO(export_raw_csv(session, small, run)), delimiter=";"))
    header, row = rows
    assert header[:6] == ["code", "name", "gemeindetyp", "land", "groessenklasse", "beantwortet_am"]
    record = dict(zip(header, row))
    assert record["name"].startswith("'=cmd")
    assert record["b2"].startswith("'=HYPERLINK")
    assert record["a3"] == "12" and record["b1"] == "ja"
    tables = export_tables_csv(analyse(session, small, run))
    assert "b1;gemeindetyp;landkreis;1;ja;1;100,0;;\n" in tables
    weighted = export_tables_csv(analyse(session, small, run, frame={("K", "HE"): 21}))
    assert "b1;gemeindetyp;landkreis;1;ja;1;100,0;100,0;21,0\n" in weighted


def test_invitee_and_frame_files(tmp_path):
    good = tmp_path / "kommunen.csv"
    good.write_text("code;name;gemeindetyp;land;groessenklasse\n05315000;Köln;grossstadt;nw;GS\n", encoding="utf-8")
    assert read_invitees(good) == [Invitee("05315000", "Köln", "grossstadt", "NW", "GS")]
    bad = tmp_path / "kaputt.csv"
    bad.write_text("code;name;gemeindetyp;land;groessenklasse\n1;A;grossstadt;NW;GS\n1;B;dorf;NW;GS\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_invitees(bad)
    assert (caught.value.row, caught.value.column) == (3, "code")
    bad.write_text("code;name;gemeindetyp;land;groessenklasse\n1;A;dorf;NW;GS\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_invitees(bad)
    assert (caught.value.row, caught.value.column) == (2, "gemeindetyp")
    frame = tmp_path / "rahmen.csv"
    frame.write_text("groessenklasse;land;anzahl\nA;NW;100\nA;by;50\n", encoding="utf-8")
    assert read_frame(frame) == {("A", "NW"): 100, ("A", "BY"): 50}
    frame.write_text("groessenklasse;land;anzahl\nA;NW;viele\n", encoding="utf-8")
    with pytest.raises(InputError, match="keine ganze Zahl"):
        read_frame(frame)


def test_frame_from_a_synthetic_municipality_list():
    assert [size_class_of(n) for n in (99_999, 100_000, 20_000, 19_999)] == [
        "mittelstadt", "grossstadt", "mittelstadt", "kleinstadt_gemeinde"]
    synthetic = [("NW", 1_000_000), ("NW", 250_000), ("NW", 45_000), ("NW", 8_000), ("BY", 8_000), ("BY", 3_000)]
    assert frame_from_municipalities(synthetic) == {
        ("grossstadt", "NW"): 2, ("mittelstadt", "NW"): 1, ("kleinstadt_gemeinde", "NW"): 1,
        ("kleinstadt_gemeinde", "BY"): 2,
    }


def test_tokens_never_look_like_command_line_options():
    from stellwerk.assessment.tokens import hash_token, new_token

    tokens = [new_token() for _ in range(2000)]
    assert all(token[0].isalnum() for token in tokens)
    assert len(set(tokens)) == 2000 and all(len(token) == 32 for token in tokens)
    assert hash_token(" abc ") == hash_token("abc")  # pasted with spaces still matches

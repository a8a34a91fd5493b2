# SPDX-License-Identifier: EUPL-1.2
"""The command line of self-checks and surveys: JSON documents, German errors, nothing saved on error."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from stellwerk.cli import main
from stellwerk.config import get_settings

EXAMPLE = Path(__file__).resolve().parents[2] / "content" / "examples" / "workshop-erfolgsfaktoren-beispiel.yaml"


@pytest.fixture
def cli(tmp_path, monkeypatch):
    # A workspace of its own; the cached settings are cleared before and after, never left behind
    # (a changed working directory would leak into settings other tests read).
    monkeypatch.setenv("STELLWERK_WORKSPACE", str(tmp_path / "ws"))
    get_settings.cache_clear()
    database = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(main, [*args, "--database", database] if args[0] not in ("instruments",) else list(args))

    yield run
    get_settings.cache_clear()


def test_instruments_list_and_show(cli):
    result = cli("instruments", "list", "--json")
    assert result.exit_code == 0
    assert [row["id"] for row in json.loads(result.output)] == ["erfolgsfaktoren", "resilienz", "stellschrauben"]
    shown = json.loads(cli("instruments", "show", "resilienz", "--json").output)
    assert [s["id"] for s in shown["sections"]][:4] == ["verwaltung", "vernetzung", "engagement", "governance"]
    missing = cli("instruments", "show", "gibtsnicht")
    assert missing.exit_code == 3 and "Instrument 'gibtsnicht' gibt es nicht" in missing.output


def test_assess_run_results_and_compare(cli, tmp_path):
    first = cli("assess", "run", "erfolgsfaktoren", str(EXAMPLE), "--tenant", "beispielstadt",
                "--tenant-name", "Beispielstadt (fiktiv)", "--gemeindetyp", "mittelstadt", "--land", "NW", "--json")
    assert first.exit_code == 0, first.output
    document = json.loads(first.output)
    assert document["run"]["respondents"] == 5 and document["run"]["mode"] == "workshop"
    strategy = next(s for s in document["sections"] if s["id"] == "strategie")
    assert strategy["by_sector"]["verwaltung"] == 100.0
    assert "verbindlichkeit" in document["disagreements"]
    # a single self-assessment a year later, from a CSV file
    later = tmp_path / "spaeter.csv"
    later.write_text("teilnehmer;rolle;sektor;ef3_beschluss;ef3_spitze;ef3_haushalt\nIch;;;4;4;2\n", encoding="utf-8")
    second = cli("assess", "run", "erfolgsfaktoren", str(later), "--tenant", "beispielstadt", "--json")
    assert second.exit_code == 0, second.output
    second_doc = json.loads(second.output)
    # (100 + 100 + 50) / 3
    assert next(s for s in second_doc["sections"] if s["id"] == "verbindlichkeit")["mean"] == 83.3
    again = json.loads(cli("assess", "results", str(second_doc["run"]["id"]), "--json").output)
    assert again["overall"] == second_doc["overall"]
    compared = json.loads(cli("assess", "compare", str(document["run"]["id"]), str(second_doc["run"]["id"]), "--json").output)
    row = next(s for s in compared["sections"] if s["id"] == "verbindlichkeit")
    assert row["means"][1] == 83.3 and row["change"] == round(83.3 - row["means"][0], 1)


def test_answer_out_of_scale_exits_with_german_message_and_saves_nothing(cli, tmp_path):
    bad = tmp_path / "kaputt.csv"
    bad.write_text("teilnehmer;rolle;sektor;ef3_beschluss\nA;;verwaltung;3\nB;;politik;sehr gut\n", encoding="utf-8")
    result = cli("assess", "run", "erfolgsfaktoren", str(bad), "--tenant", "testort", "--tenant-name", "Testort")
    assert result.exit_code == 2
    assert "Datei kaputt.csv, Zeile 3" in result.output
    assert "Antwort 'sehr gut' liegt nicht auf der Skala" in result.output
    listed = cli("assess", "list", "--tenant", "testort", "--json")
    assert listed.exit_code == 3  # the tenant was not even created: the whole command was one transaction


def test_survey_invite_respond_status_analyse(cli, tmp_path):
    created = json.loads(cli("survey", "create", "erfolgsfaktoren", "--tenant", "institut", "--tenant-name",
                             "Forschungsinstitut (fiktiv)", "--title", "Befragung 2026 (fiktiv)", "--json").output)
    run_id = str(created["run_id"])
    towns = tmp_path / "kommunen.csv"
    towns.write_text("code;name;gemeindetyp;land;groessenklasse\n1;Astadt;mittelstadt;NW;A\n2;Bdorf;kleinstadt_gemeinde;NW;B\n"
                     "3;Cstadt;mittelstadt;BY;A\n", encoding="utf-8")
    tokens_file = tmp_path / "codes.csv"
    invited = cli("survey", "invite", run_id, str(towns), "--out", str(tokens_file), "--json")
    assert invited.exit_code == 0, invited.output
    with tokens_file.open(encoding="utf-8") as handle:
        tokens = {row["code"]: row["zugangscode"] for row in csv.DictReader(handle, delimiter=";")}
    assert cli("survey", "invite", run_id, str(towns), "--out", str(tokens_file)).exit_code == 2  # never overwritten
    for code, answer in (("1", "ja"), ("2", "nein"), ("3", "ja")):
        answers = tmp_path / f"a{code}.yaml"
        answers.write_text(f"answers:\n  ef2_gesamtstrategie: {answer}\n", encoding="utf-8")
        assert cli("survey", "respond", tokens[code], str(answers)).exit_code == 0
    twice = cli("survey", "respond", tokens["1"], str(tmp_path / "a1.yaml"))
    assert twice.exit_code == 5 and "bereits verwendet" in twice.output
    status = json.loads(cli("survey", "status", run_id, "--json").output)
    assert (status["invited"], status["answered"]) == (3, 3)
    frame = tmp_path / "rahmen.csv"
    frame.write_text("groessenklasse;land;anzahl\nA;NW;60\nB;NW;30\nA;BY;10\n", encoding="utf-8")
    analysis = json.loads(cli("survey", "analyse", run_id, "--frame", str(frame), "--out-dir", str(tmp_path / "out"),
                              "--json").output)
    item = next(i for i in analysis["items"] if i["id"] == "ef2_gesamtstrategie")
    total = next(g for g in item["groups"] if g["group"] == "alle")
    ja = next(o for o in total["options"] if o["value"] == "ja")
    # weights 60, 30, 10 → ja = (60 + 10) / 100 = 70 %; unweighted 2 of 3 = 66.7 %
    assert (total["n"], ja["share"], ja["weighted_share"]) == (3, 66.7, 70.0)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        f"befragung-{run_id}-gemeindetyp.csv", f"befragung-{run_id}-rohdaten.csv"]


def test_survey_weighted_to_the_area_register_without_a_register_says_so(cli, tmp_path):
    created = json.loads(cli("survey", "create", "erfolgsfaktoren", "--tenant", "institut", "--tenant-name",
                             "Institut (fiktiv)", "--title", "Befragung", "--json").output)
    missing = cli("survey", "analyse", str(created["run_id"]), "--frame-register")
    assert missing.exit_code == 3 and "zuerst ein Gemeindeverzeichnis importieren" in missing.output
    frame = tmp_path / "rahmen.csv"
    frame.write_text("groessenklasse;land;anzahl\nA;NW;1\n", encoding="utf-8")
    both = cli("survey", "analyse", str(created["run_id"]), "--frame", str(frame), "--frame-register")
    assert both.exit_code == 2 and "nicht beides" in both.output


def _grossstaedte(workbook: Path) -> dict[str, int]:
    """Großstädte per Land key, counted straight from the Gemeindeverzeichnis."""
    import openpyxl

    book = openpyxl.load_workbook(workbook, read_only=True, data_only=True)
    counts: dict[str, int] = {}
    for row in book.worksheets[1].iter_rows(values_only=True, max_col=10):
        if row[0] == "60" and isinstance(row[9], int) and row[9] >= 100_000:
            counts[row[2]] = counts.get(row[2], 0) + 1
    book.close()
    return counts


@pytest.mark.data
@pytest.mark.slow
def test_survey_invited_and_weighted_from_the_area_register(cli, tmp_path, data_dir):
    workbook = data_dir / "gemeinden" / "destatis_gv_auszug" / "31122017_Auszug_GV.xlsx"
    assert cli("import", "gv", str(workbook)).exit_code == 0
    created = json.loads(cli("survey", "create", "erfolgsfaktoren", "--tenant", "institut", "--tenant-name",
                             "Institut (fiktiv)", "--title", "Großstadtbefragung (fiktiv)", "--json").output)
    run_id = str(created["run_id"])
    towns = tmp_path / "kommunen.csv"  # AGS only: type, Land and size class come from the register
    towns.write_text("code;name;gemeindetyp;land;groessenklasse\n05315000;Köln;;;\n01002000;Kiel;;;\n"
                     "01003000;Lübeck;;;\n", encoding="utf-8")
    invited = json.loads(cli("survey", "invite", run_id, str(towns), "--from-register", "--out",
                             str(tmp_path / "codes.csv"), "--json").output)
    assert invited["notes"] == []
    with (tmp_path / "codes.csv").open(encoding="utf-8") as handle:
        tokens = {row["name"]: row["zugangscode"] for row in csv.DictReader(handle, delimiter=";")}
    for name, answer in (("Köln", "ja"), ("Kiel", "nein"), ("Lübeck", "ja")):
        answers = tmp_path / f"{name}.yaml"
        answers.write_text(f"answers:\n  ef2_gesamtstrategie: {answer}\n", encoding="utf-8")
        assert cli("survey", "respond", tokens[name], str(answers)).exit_code == 0
    status = json.loads(cli("survey", "status", run_id, "--json").output)
    assert status["by_land"] == {"NW": {"eingeladen": 1, "beantwortet": 1}, "SH": {"eingeladen": 2, "beantwortet": 2}}
    analysis = json.loads(cli("survey", "analyse", run_id, "--by", "land", "--frame-register", "--json").output)
    assert analysis["weighting"]["frame_source"].startswith("Gebietsregister, Gebietsstand 31.12.2017")
    item = next(i for i in analysis["items"] if i["id"] == "ef2_gesamtstrategie")
    groups = {g["group"]: g for g in item["groups"]}
    big = _grossstaedte(workbook)
    nw, sh = big["05"], big["01"]
    # weights: Köln stands for all nw Großstädte of NRW, Kiel and Lübeck for sh / 2 each
    ja = (nw + sh / 2) / (nw + sh)
    shares = {o["value"]: o["weighted_share"] for o in groups["alle"]["options"]}
    assert shares["ja"] == round(100 * ja, 1)
    assert (groups["alle"]["weighted_n"], groups["SH"]["weighted_n"]) == (float(nw + sh), float(sh))
    assert next(o["share"] for o in groups["alle"]["options"] if o["value"] == "ja") == 66.7

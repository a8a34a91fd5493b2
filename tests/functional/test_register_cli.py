# SPDX-License-Identifier: EUPL-1.2
"""``stellwerk register derive|tables|synth`` end to end through the command line."""
from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from stellwerk.cli import main
from stellwerk.register.schema import read_extract, write_frame

from ..unit.register.helpers import extract, person


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def small(tmp_path):
    rows = []
    for i in range(60):
        area = "101" if i < 30 else "102"
        if i % 3 == 0:
            rows.append(person(f"p{i}", area=area, citizenship_1="TUR", german_by="", sex="m"))
        elif i % 5 == 0:
            rows.append(person(f"p{i}", area=area, german_by="naturalisation"))
        else:
            rows.append(person(f"p{i}", area=area, sex="m" if i % 2 else "w"))
    path = tmp_path / "auszug.csv"
    write_frame(extract(*rows), path)
    return path


def test_derive_writes_rows_plus_derived_columns(runner, small, tmp_path):
    out = tmp_path / "abgeleitet.parquet"
    result = runner.invoke(main, ["register", "derive", str(small), "--out", str(out), "--stichjahr", "2020",
                                  "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["persons"] == 60 and summary["derivation"]["undecidable"]["migrationshintergrund"] == 0
    derived = read_extract(out)
    assert {"migrationshintergrund", "mh_gruppe", "einwanderungsgeschichte", "bezugsland"} <= set(derived.columns)
    assert (derived.loc[derived["citizenship_1"] == "TUR", "mh_gruppe"] == "auslaender").all()


def test_tables_json_contract(runner, small):
    result = runner.invoke(main, ["register", "tables", str(small), "--threshold", "3", "--stichjahr", "2020",
                                  "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    names = [t["name"] for t in document["tables"]]
    assert names == ["migrationsstatus", "einwanderungsgeschichte"]
    table = document["tables"][0]
    assert table["dimensions"] == ["area", "sex", "age_group", "migrationsstatus"]
    cells = table["cells"]
    grand = [c for c in cells if all(c[d] == "total" for d in table["dimensions"])]
    assert grand[0]["value"] == 60 and grand[0]["flag"] is None
    for cell in cells:
        assert set(cell) == set(table["dimensions"]) | {"value", "flag"}
        if cell["flag"] == "s":
            assert cell["value"] is None
        else:
            assert cell["value"] == 0 or cell["value"] >= 3


def _cells_by_key(table):
    return {tuple(c[d] for d in table["dimensions"]): c for c in table["cells"]}


def test_tables_json_contract_exact_shape_and_totals(runner, small, tmp_path):
    """The document of issue 5: {"tables": [{"name", "dimensions", "cells": [{dims…, "value", "flag"}]}]}."""
    areas = tmp_path / "gebiete.csv"
    areas.write_text("code,parent\n101,bezirk-1\n102,bezirk-1\n", encoding="utf-8")
    result = runner.invoke(main, ["register", "tables", str(small), "--threshold", "0", "--stichjahr", "2020",
                                  "--gebiete", str(areas), "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert set(document) == {"tables", "reference_year", "persons", "skipped", "undecidable", "disclosure"}
    assert document["persons"] == 60 and document["skipped"] == 0
    expected_dims = {"migrationsstatus": ["area", "sex", "age_group", "migrationsstatus"],
                     "einwanderungsgeschichte": ["area", "sex", "age_group", "einwanderungsgeschichte"]}
    for table in document["tables"]:
        assert set(table) == {"name", "dimensions", "cells"}
        dims = table["dimensions"]
        assert dims == expected_dims[table["name"]]
        for c in table["cells"]:
            assert set(c) == set(dims) | {"value", "flag"}
            assert all(isinstance(c[d], str) and c[d] for d in dims)
            assert isinstance(c["value"], int) and c["flag"] is None  # threshold 0: nothing hidden
        cells = _cells_by_key(table)
        assert len(cells) == len(table["cells"]), "a cell occurs twice"
        nodes = [sorted({c[d] for c in table["cells"]}) for d in dims]
        assert len(cells) == np.prod([len(n) for n in nodes]), "the cube is incomplete"
        assert all("total" in n for n in nodes)
        assert cells[("total",) * len(dims)]["value"] == 60
        # Totals are sums: area total = Stadtbezirk = its two Stadtteile; sex and age are flat.
        children = {0: {"total": ["bezirk-1"], "bezirk-1": ["101", "102"]},
                    1: {"total": [n for n in nodes[1] if n != "total"]},
                    2: {"total": [n for n in nodes[2] if n != "total"]}}
        last = {"migrationsstatus": {"total": ["ohne_mh", "mit_mh"], "mit_mh": ["auslaender", "deutsche_mit_mh"],
                                     "deutsche_mit_mh": ["eingebuergert", "aussiedler", "familiaer"]},
                "einwanderungsgeschichte": {"total": ["mit_eg", "ohne_eg"]}}[table["name"]]
        children[3] = last
        assert set(nodes[3]) == set(last) | {v for vs in last.values() for v in vs}
        checked = 0
        for key, cell in cells.items():
            for axis, tree in children.items():
                if key[axis] in tree:
                    parts = [cells[key[:axis] + (child,) + key[axis + 1:]]["value"] for child in tree[key[axis]]]
                    assert cell["value"] == sum(parts), (table["name"], key, axis)
                    checked += 1
        assert checked > len(cells)
    status = _cells_by_key(document["tables"][0])
    assert status[("101", "total", "total", "auslaender")]["value"] == 10
    assert status[("total", "m", "total", "eingebuergert")]["value"] == 0


def test_tables_with_rounding(runner, small):
    result = runner.invoke(main, ["register", "tables", str(small), "--threshold", "3", "--round", "5",
                                  "--stichjahr", "2020", "--json"])
    assert result.exit_code == 0, result.output
    cells = json.loads(result.stdout)["tables"][0]["cells"]
    assert all(c["value"] is None or c["value"] % 5 == 0 for c in cells)
    assert any(c["flag"] == "g" for c in cells)


def test_bad_input_exits_non_zero_and_writes_nothing(runner, tmp_path):
    source = tmp_path / "kaputt.csv"
    write_frame(extract(person("a"), person("a"), person("b", mother_id="zz")), source)
    out = tmp_path / "out.csv"
    result = runner.invoke(main, ["register", "derive", str(source), "--out", str(out), "--stichjahr", "2020"])
    assert result.exit_code == 2
    assert "Personenkennung doppelt" in result.stderr and "Zeile 3" in result.stderr
    assert "fehlt" in result.stderr
    assert not out.exists()


def test_skip_invalid_says_what_it_skipped(runner, tmp_path):
    source = tmp_path / "kaputt.csv"
    write_frame(extract(person("a"), person("b", birth_year="2999"), person("c")), source)
    out = tmp_path / "out.csv"
    result = runner.invoke(main, ["register", "derive", str(source), "--out", str(out), "--stichjahr", "2020",
                                  "--skip-invalid"])
    assert result.exit_code == 0, result.output
    assert "Übersprungen: 1" in result.stderr and "Zeile 3" in result.stderr
    assert list(read_extract(out)["person_id"]) == ["a", "c"]


def test_missing_columns_are_reported(runner, tmp_path):
    source = tmp_path / "spalten.csv"
    source.write_text("person_id,area\n1,101\n", encoding="utf-8")
    result = runner.invoke(main, ["register", "tables", str(source), "--json"])
    assert result.exit_code == 2
    assert "Pflichtspalten fehlen" in result.stderr and result.stdout == ""


@pytest.mark.data
@pytest.mark.slow
def test_synth_then_tables_for_koeln(runner, tmp_path, data_dir, monkeypatch):
    monkeypatch.setenv("STELLWERK_DATA_DIR", str(data_dir))
    from stellwerk import config

    if hasattr(config.get_settings, "cache_clear"):
        config.get_settings.cache_clear()
    out = tmp_path / "koeln.parquet"
    result = runner.invoke(main, ["register", "synth", "--city", "koeln", "--persons", "3000", "--out", str(out),
                                  "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["synthetic"] is True
    result = runner.invoke(main, ["register", "tables", str(out), "--stichjahr", "2012", "--stadt", "koeln",
                                  "--threshold", "3", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    cells = document["tables"][0]["cells"]
    city = [c for c in cells if c["area"] == "total" and c["sex"] == "total" and c["age_group"] == "total"]
    assert {c["migrationsstatus"] for c in city} >= {"total", "mit_mh", "auslaender", "deutsche_mit_mh"}
    assert document["persons"] == 3000
    for c in cells:  # 3000 persons in 86 Stadtteile: most cells are small, many are hidden
        assert (c["value"] is None) == (c["flag"] == "s")
    assert any(c["area"] == "bezirk-1" for c in cells)


# kind of bad input → (rows of the extract, message on stderr, example row, ids that --skip-invalid drops)
BAD_INPUT = {
    "unbekannter-schluessel": ([person("a"), person("b", sex="x"), person("c", citizenship_1="ZZZ")],
                               "Unbekannter Geschlechtsschlüssel", "Zeile 3", {"b", "c"}),
    "elternverweis-ins-leere": ([person("a"), person("b", mother_id="nobody", birth_year="2010")],
                                "Verweis auf eine Person, die im Auszug fehlt (Spalte mother_id)", "Zeile 3", {"b"}),
    "zyklus": ([person("a", mother_id="b"), person("b", mother_id="a"), person("c")],
               "Zyklus in den Eltern-Verweisen", "Zeile 2, 3", {"a", "b"}),
    "geburtsjahr-in-der-zukunft": ([person("a"), person("b"), person("c", birth_year="2031")],
                                   "Geburtsjahr nach dem Stichjahr 2020", "Zeile 4", {"c"}),
    "doppelte-kennung": ([person("a"), person("b"), person("b"), person("c")],
                         "Personenkennung doppelt", "Zeile 4", {"b#2"}),
}


@pytest.mark.parametrize("command", ["derive", "tables"])
@pytest.mark.parametrize("kind", list(BAD_INPUT))
def test_bad_input_is_reported_with_count_and_row_and_nothing_is_written(runner, tmp_path, kind, command):
    rows, message, where, dropped = BAD_INPUT[kind]
    source = tmp_path / "kaputt.csv"
    write_frame(extract(*rows), source)
    out = tmp_path / "out.csv"
    args = ["register", command, str(source), "--stichjahr", "2020", "--json"]
    args += ["--out", str(out)] if command == "derive" else ["--threshold", "0"]
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    assert message in result.stderr and where in result.stderr
    assert f"{len(dropped)} fehlerhafte Zeile(n); nichts geschrieben" in result.stderr
    assert result.stdout == "" and not out.exists()


@pytest.mark.parametrize("kind", list(BAD_INPUT))
def test_skip_invalid_says_what_it_skipped_for_each_kind(runner, tmp_path, kind):
    rows, message, where, dropped = BAD_INPUT[kind]
    source = tmp_path / "kaputt.csv"
    write_frame(extract(*rows), source)
    out = tmp_path / "out.csv"
    result = runner.invoke(main, ["register", "derive", str(source), "--out", str(out), "--stichjahr", "2020",
                                  "--skip-invalid"])
    assert result.exit_code == 0, result.output
    assert f"Übersprungen: {len(dropped)} fehlerhafte Person(en)" in result.stderr
    assert message in result.stderr and where in result.stderr
    written = list(read_extract(out)["person_id"])
    assert len(written) == len(rows) - len(dropped)
    assert not {d for d in dropped if "#" not in d} & set(written)


def test_skip_invalid_cannot_repair_missing_columns(runner, tmp_path):
    source = tmp_path / "spalten.csv"
    source.write_text("person_id,area,sex\n1,101,w\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = runner.invoke(main, ["register", "derive", str(source), "--out", str(out), "--skip-invalid"])
    assert result.exit_code == 2
    assert "Pflichtspalten fehlen" in result.stderr and "birth_year" in result.stderr and "spalten.csv" in result.stderr
    assert not out.exists()


def test_tables_with_skip_invalid_counts_only_valid_persons(runner, tmp_path):
    source = tmp_path / "kaputt.csv"
    write_frame(extract(person("a"), person("b", birth_year="2031"), person("c", sex="q"), person("d")), source)
    result = runner.invoke(main, ["register", "tables", str(source), "--stichjahr", "2020", "--threshold", "0",
                                  "--skip-invalid", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["persons"] == 2 and document["skipped"] == 2
    assert "Übersprungen: 2" in result.stderr
    table = document["tables"][0]
    grand = [c for c in table["cells"] if all(c[d] == "total" for d in table["dimensions"])]
    assert grand[0]["value"] == 2


def test_tables_with_cell_key_keeps_official_totals_and_zeros(runner, small):
    args = ["register", "tables", str(small), "--threshold", "0", "--stichjahr", "2020", "--json"]
    exact = json.loads(runner.invoke(main, args).stdout)["tables"][0]
    result = runner.invoke(main, args + ["--cell-key"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["disclosure"]["cell_key"] is True
    noisy = document["tables"][0]
    truth = _cells_by_key(exact)
    for key, cell in _cells_by_key(noisy).items():
        true_value = truth[key]["value"]
        if true_value == 0 or key[1:] == ("total", "total", "total"):  # zeros and area populations
            assert cell["value"] == true_value and cell["flag"] is None, key
        else:
            assert cell["flag"] == "u" and abs(cell["value"] - true_value) <= 2 and cell["value"] >= 1, key
    assert any(c["value"] != truth[k]["value"] for k, c in _cells_by_key(noisy).items())
    again = json.loads(runner.invoke(main, args + ["--cell-key"]).stdout)["tables"][0]
    assert again == noisy  # the same persons give the same noise

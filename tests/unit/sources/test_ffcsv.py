# SPDX-License-Identifier: EUPL-1.2
"""The flat-file CSV adapter, on a small ffcsv written from the JSON-stat download."""
from __future__ import annotations

from pathlib import Path

import pytest

from stellwerk.errors import InputError
from stellwerk.sources import genesis_ffcsv, jsonstat
from stellwerk.sources.importer import parse_file

pytestmark = pytest.mark.data


@pytest.fixture(scope="module")
def ffcsv_file(data_dir, tmp_path_factory) -> tuple[Path, list]:
    table = jsonstat.parse(data_dir / "national/destatis_12511-0006_einbuergerungen_jsonstat.json")
    table.cells = [c for c in table.cells if c.period in ("2022", "2023") and "ldrgr1=EUROPA|" in c.breakdown]
    path = tmp_path_factory.mktemp("ffcsv") / "12511-0006_flat.csv"
    genesis_ffcsv.write_from_table(table, path, ["GES", "BEVEB1", "RECGL1", "LDRGR1"], statistic_label="Einbürgerungen")
    return path, table.cells


def test_ffcsv_gives_the_same_cells_as_the_jsonstat_it_was_made_from(ffcsv_file):
    path, cells = ffcsv_file
    kind, table = parse_file(path)
    assert kind == "genesis-ffcsv" and table.table_code == "12511-0006"
    assert [(c.code, c.period, c.variable, c.breakdown, c.value, c.flag) for c in table.cells] == \
        [(c.code, c.period, c.variable, c.breakdown, c.value, c.flag) for c in cells]
    assert any(c.flag == "-" and c.value == 0 for c in table.cells)
    assert any(c.value and c.value > 1000 for c in table.cells)


def test_ffcsv_with_quality_column_and_decimal_comma(tmp_path):
    path = tmp_path / "12411-0010_flat.csv"
    path.write_text(
        ";".join(genesis_ffcsv.HEAD + ["1_variable_code", "1_variable_label", "1_variable_attribute_code",
                                       "1_variable_attribute_label"] + genesis_ffcsv.TAIL + ["value_q"]) + "\n"
        "12411;Bevölkerung;STAG;Stichtag;31.12.2022;DLAND;Länder;01;Schleswig-Holstein;2953270;Anzahl;BEVSTD;Bevölkerungsstand;p\n"
        "12411;Bevölkerung;STAG;Stichtag;31.12.2022;DLAND;Länder;02;Hamburg;.;Anzahl;BEVSTD;Bevölkerungsstand;\n",
        encoding="utf-8",
    )
    _, table = parse_file(path, "genesis-ffcsv")
    first, second = table.cells
    assert (first.level, first.code, first.period, first.value, first.flag) == ("land", "01", "2022-12-31", 2953270, "p")
    assert (second.value, second.flag) == (None, ".")


def test_ffcsv_rejects_a_short_row(ffcsv_file, tmp_path):
    path, _ = ffcsv_file
    broken = tmp_path / "broken.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    broken.write_text("\n".join(lines[:10] + [lines[10][:40]]) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        parse_file(broken)
    assert caught.value.row == 11

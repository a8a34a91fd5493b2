# SPDX-License-Identifier: EUPL-1.2
"""``stellwerk value`` end to end on the real table 12411-03-03-4, checked against the file itself."""
from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from stellwerk.cli import main

pytestmark = pytest.mark.data

KREISE = "kreise/destatis_gv_04-kreise_2018-12-31.xlsx"
T12411 = "kreise/regionalstatistik_12411-03-03-4_bevoelkerung_nationalitaet_kreise_2011.csv"


def _run(data_dir, *args: str):
    result = CliRunner().invoke(main, list(args), env={"STELLWERK_DATA_DIR": str(data_dir)})
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def db_url(tmp_path_factory, data_dir) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('real') / 'stellwerk.db'}"
    _run(data_dir, "init", "--database", url)
    _run(data_dir, "import", "kreise", str(data_dir / KREISE), "--database", url)
    _run(data_dir, "import", "genesis", str(data_dir / T12411), "--database", url)
    return url


def _insgesamt(data_dir, code: str) -> list[str]:
    """The 'Insgesamt' row of an area, read straight from the file (Latin-1, ';')."""
    with open(data_dir / T12411, encoding="latin-1", newline="") as handle:
        for row in csv.reader(handle, delimiter=";"):
            if len(row) > 11 and row[0] == code and row[2] == "Insgesamt":
                return row
    raise AssertionError(f"{code} not in {T12411}")


def test_value_auslaenderanteil_koeln_2011_is_the_hand_computation(db_url, data_dir):
    # columns: code; name; age; Insgesamt (total, m, w); Deutsche (total, m, w); Ausländer (total, m, w)
    row = _insgesamt(data_dir, "05315")
    total, foreigners = int(row[3]), int(row[9])
    doc = json.loads(_run(data_dir, "value", "auslaenderanteil", "05315", "2011", "--json", "--database", db_url).stdout)
    assert doc["area"]["code"] == "05315" and doc["area"]["level"] == "kreis"
    assert doc["numerator"] == foreigners and doc["denominator"] == total
    assert doc["value"] == pytest.approx(foreigners / total * 100, rel=1e-12)
    assert doc["flag"] is None and doc["note"] is None
    assert doc["unit"] == "%" and doc["factor"] == 100
    assert doc["definition_id"] == "bevoelkerung_demografie.yaml#auslaenderanteil"
    assert [d["table"] for d in doc["datasets"]] == ["12411-03-03-4"]
    assert "(dl-de/by-2-0)" in doc["datasets"][0]["licence"]
    assert doc["period"] == "2011-12-31"


def test_value_with_peers_on_real_kreise(db_url, data_dir):
    """Köln among Düsseldorf, Bonn and Essen: median and rank by hand from the file."""
    codes = ["05315", "05111", "05314", "05113"]
    shares = {c: int(_insgesamt(data_dir, c)[9]) / int(_insgesamt(data_dir, c)[3]) * 100 for c in codes}
    doc = json.loads(_run(data_dir, "value", "auslaenderanteil", "05315", "2011", "--peers", ",".join(codes[1:]),
                          "--json", "--database", db_url).stdout)
    peers = doc["peers"]
    ordered = sorted(shares.values())
    assert peers["n"] == 4
    assert peers["median"] == pytest.approx((ordered[1] + ordered[2]) / 2)
    assert peers["rank"] == 1 + sum(v > shares["05315"] for v in shares.values())
    assert [m["code"] for m in peers["members"]] == sorted(codes, key=shares.get, reverse=True)

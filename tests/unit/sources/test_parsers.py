# SPDX-License-Identifier: EUPL-1.2
"""Every official statistics file parses, and cells equal the raw file (read here independently)."""
from __future__ import annotations

import csv
import io
from collections import defaultdict

import pytest

from tests.unit.sources.conftest import EXPECTED_KIND, STATISTICS_FILES, statistics_path

pytestmark = pytest.mark.data


def _raw_rows(path, encoding="latin-1", delimiter=";"):
    return list(csv.reader(io.StringIO(path.read_bytes().decode(encoding)), delimiter=delimiter))


def _cell(table, code, period, variable, breakdown=""):
    found = [c for c in table.cells if c.code == code and c.period == period and c.variable == variable
             and c.breakdown == breakdown]
    assert len(found) == 1, (code, period, variable, breakdown, len(found))
    return found[0]


@pytest.mark.parametrize("key", sorted(STATISTICS_FILES))
def test_every_statistics_file_is_recognised_and_parsed(parsed, key):
    kind, table = parsed(key)
    assert kind == EXPECTED_KIND.get(key, "genesis")
    assert table.cells and table.row_count > 0
    assert len(table.file_sha256) == 64
    assert all(spec.label and spec.unit for spec in table.variables.values())


def test_12411_auslaender_of_every_kreis_on_31_12_2011_equals_the_file(parsed, data_dir):
    _, table = parsed("12411-03-03-4")
    raw = {row[0]: int(row[9]) for row in _raw_rows(statistics_path(data_dir, "12411-03-03-4"))
           if len(row) == 12 and len(row[0]) == 5 and row[0].isdigit() and row[2] == "Insgesamt" and row[9] != "-"}
    assert len(raw) > 390
    parsed_values = {c.code: c.value for c in table.cells if c.level == "kreis" and c.period == "2011-12-31"
                     and c.breakdown == "nationality=auslaender"}
    assert {code: parsed_values[code] for code in raw} == raw
    # Flagged cells: Kreise that did not exist in 2011 (Göttingen new, Aachen) carry "-" (zero) and keep it.
    dashed = [row[0] for row in _raw_rows(statistics_path(data_dir, "12411-03-03-4"))
              if len(row) == 12 and row[2] == "Insgesamt" and row[9] == "-"]
    assert {"03159", "05354", "11001001"} <= set(dashed)
    for code in dashed:
        cell = _cell(table, code, "2011-12-31", "bevoelkerung", "nationality=auslaender")
        assert (cell.value, cell.flag) == (0.0, "-"), code
    assert _cell(table, "03152", "2011-12-31", "bevoelkerung", "nationality=auslaender").value == 14865


def test_12411_spot_cells(parsed):
    _, table = parsed("12411-03-03-4")
    assert _cell(table, "DG", "2011-12-31", "bevoelkerung").value == 80327900
    assert _cell(table, "01001", "2011-12-31", "bevoelkerung", "age=0-3|nationality=auslaender|sex=w").value == 39
    assert _cell(table, "01002", "2011-12-31", "bevoelkerung", "nationality=deutsche|sex=m").value == 106259
    berlin_mitte = _cell(table, "11001001", "2011-12-31", "bevoelkerung")
    assert (berlin_mitte.value, berlin_mitte.flag) == (0.0, "-")


def test_13211_spot_cells_with_rates_and_flags(parsed):
    _, table = parsed("13211")
    assert _cell(table, "DG", "2017", "arbeitslose", "nationality=auslaender").value == 655249
    assert _cell(table, "01", "2017", "arbeitslosenquote", "nationality=auslaender").value == 21.5
    secret = _cell(table, "01001", "2017", "arbeitslosenquote", "nationality=auslaender")
    assert (secret.value, secret.flag) == (None, ".")
    old_mv = _cell(table, "13001", "2009", "arbeitslose")
    assert (old_mv.value, old_mv.flag) == (0.0, "-")
    assert _cell(table, "13001", "2009", "arbeitslosenquote").value == 13.7
    assert table.variables["arbeitslosenquote"].unit == "%"


def test_13211_2019_short_layout(parsed):
    _, table = parsed("13211-2019")
    assert table.table_code == "13211-02-05-4"
    assert _cell(table, "01001", "2019", "arbeitslose", "nationality=auslaender").value == 995
    assert _cell(table, "16077", "2019", "arbeitslose", "group=langzeitarbeitslos").value == 1267
    assert any(c.flag == "." for c in table.cells)


def test_12531_keeps_secret_flags_of_berlin_and_saarland(parsed):
    _, table = parsed("12531")
    assert _cell(table, "DG", "2018-12-31", "schutzsuchende").value == 1781750
    assert _cell(table, "01001", "2018-12-31", "schutzsuchende").value == 3170
    for code in ["10041", "10042", "10043", "10044", "10045", "10046", "11001001", "11012012"]:
        cell = _cell(table, code, "2018-12-31", "schutzsuchende")
        assert (cell.value, cell.flag) == (None, "."), code


def test_12111_zensus_2011(parsed):
    _, table = parsed("12111")
    assert _cell(table, "DG", "2011-05-09", "bevoelkerung", "nationality=auslaender").value == 6180013
    assert _cell(table, "01001", "2011-05-09", "bevoelkerung", "religion=evangelisch").value == 40867
    assert _cell(table, "16077", "2011-05-09", "bevoelkerung", "nationality=auslaender").value == 1079


def test_asylblg_and_sozialhilfe(parsed):
    _, asyl = parsed("asylblg")
    assert _cell(asyl, "DG", "2019-12-31", "asylblg_empfaenger").value == 385307
    dash = _cell(asyl, "16074", "2019-12-31", "asylblg_empfaenger", "sex=w")
    assert (dash.value, dash.flag) == (0.0, "-")
    _, sozial = parsed("sozialhilfe")
    assert _cell(sozial, "01001", "2019-12-31", "sozialhilfe_empfaenger").value == 627
    assert _cell(sozial, "01001", "2019-12-31", "sozialhilfe_ausserhalb_einrichtungen").value == 335
    assert "sozialhilfeempfaenger_maennlich" in sozial.variables
    secret = _cell(sozial, "16066", "2019-12-31", "sozialhilfe_ausserhalb_einrichtungen", "nationality=auslaender")
    assert (secret.value, secret.flag) == (None, ".")


def test_12411_0015_by_reference_date_columns(parsed):
    _, table = parsed("12411-0015")
    assert _cell(table, "01001", "2009-12-31", "bevoelkerung").value == 88502
    assert _cell(table, "16077", "2016-12-31", "bevoelkerung").value == 91607
    gone = _cell(table, "03152", "2016-12-31", "bevoelkerung")
    assert (gone.value, gone.flag) == (0.0, "-")


def test_jsonstat_cells(parsed):
    _, table = parsed("jsonstat-12521")
    assert table.table_code == "12521-0008"
    first = table.cells[0]
    assert (first.period, first.breakdown, first.value) == ("1998-12-31", "ldrgr1=EUROPA|recgl3=REC-EU-FZKB|sex=m", 1043027)
    zero = table.cells[1]
    assert (zero.value, zero.flag) == (0.0, "-")
    _, einb = parsed("jsonstat-12511")
    assert len(einb.cells) == 2 * 3 * 24 * 32 * 41


def test_long_tables(parsed):
    _, table = parsed("long-12511-laender")
    assert _cell(table, "DG", "2000", "einbuergerungen", "country_group=Afrika").value == 12091
    assert _cell(table, "DG", "2000", "einbuergerungen").value == 186672
    _, hist = parsed("long-12521-staat")
    assert _cell(hist, "DG", "1967-09-30", "auslaender", "citizenship=Ägypten").value == 4554
    assert _cell(hist, "DG", "1967-09-30", "auslaender", "citizenship=Äquatorialguinea").value == 0


def test_zensus2022_shares_and_suppressed_cells(parsed, data_dir):
    _, table = parsed("zensus2022")
    assert _cell(table, "01001000", "2022-05-15", "bevoelkerung").value == 95015
    assert _cell(table, "01001000", "2022-05-15", "anteil_auslaender").value == 15.5
    assert table.variables["anteil_auslaender"].unit == "%"
    raw = list(csv.DictReader(io.StringIO(statistics_path(data_dir, "zensus2022").read_text("utf-8"))))
    blank = [r["ags"] for r in raw if r["share_foreign_census22"] == ""]
    assert len(blank) == 344
    cell = _cell(table, blank[0], "2022-05-15", "anteil_auslaender")
    assert (cell.value, cell.flag) == (None, ".")
    assert table.meta["geheim_gehaltene_zellen"]["anteil_auslaender"] == 344
    assert table.meta["geheim_gehaltene_zellen"]["anteil_migrationshintergrund"] == 100


def test_inkar(parsed):
    _, table = parsed("inkar")
    assert _cell(table, "01001", "1995", "inkar_share_foreign").value == 7.76
    assert _cell(table, "01001", "1998", "inkar_unemployment_rate").value == 14.6
    assert not [c for c in table.cells if c.variable == "inkar_unemployment_rate" and c.period == "1995"]


@pytest.mark.parametrize("year", range(2009, 2016))
def test_ba_gemeinden_of_a_kreis_add_up_to_the_kreis(parsed, year):
    """Every row is a yearly average rounded on its own, so the Gemeinden of a Kreis add up to the
    Kreis row within half a person per Gemeinde (and exactly in about a third of all cells)."""
    _, table = parsed(f"ba-{year}")
    kreise: dict[tuple[str, str], float | None] = {}
    sums: dict[tuple[str, str], float] = defaultdict(float)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    suppressed: set[tuple[str, str]] = set()
    for c in table.cells:
        if c.level == "kreis":
            kreise[(c.code, c.breakdown)] = c.value
            if c.flag:
                suppressed.add((c.code, c.breakdown))
        elif c.level == "gemeinde":
            key = (c.code[:5], c.breakdown)
            if c.flag:
                suppressed.add(key)
            else:
                sums[key] += c.value
                counts[key] += 1
    checked = exact = 0
    for key, value in kreise.items():
        if key in suppressed:
            continue
        assert counts[key] > 0, key
        assert abs(sums[key] - value) <= 0.5 * counts[key], (key, sums[key], value)
        exact += sums[key] == value
        checked += 1
    assert checked >= (250 * 30 if year < 2015 else 3000)
    assert exact > checked / 5


def test_ba_spot_cells(parsed):
    _, table = parsed("ba-2009")
    assert _cell(table, "DG", "2009", "arbeitslose").value == 3414531
    assert _cell(table, "01051001", "2009", "arbeitslose").value == 165
    assert _cell(table, "01", "2009", "arbeitslose", "nationality=auslaender|rechtskreis=sgb2").value == 9690
    _, later = parsed("ba-2015")
    blank = _cell(later, "01051002", "2015", "arbeitslose", "age=15-20")
    assert (blank.value, blank.flag) == (None, ".")


def test_more_flagged_cells(parsed):
    _, short = parsed("13211-2019")
    gone = _cell(short, "03152", "2019", "arbeitslose", "nationality=auslaender")
    assert (gone.value, gone.flag) == (0.0, "-")
    _, zensus = parsed("12111")
    dash = _cell(zensus, "03159", "2011-05-09", "bevoelkerung", "religion=evangelisch")
    assert (dash.value, dash.flag) == (0.0, "-")


def test_jsonstat_12511_cells_equal_the_raw_json(parsed, data_dir):
    """Look the cells up in the raw JSON-stat by computing the row-major position here."""
    import json

    _, table = parsed("jsonstat-12511")
    raw = json.loads(statistics_path(data_dir, "jsonstat-12511").read_text(encoding="utf-8"))["data"][0]
    by_key = {(c.period, c.breakdown): c for c in table.cells}

    def position(choice: dict[str, str]) -> int:
        index = 0
        for dim, size in zip(raw["id"], raw["size"]):
            categories = raw["dimension"][dim]["category"]["index"]
            index = index * size + (categories[choice[dim]] if dim in choice else 0)
        return index

    for year, sex, group, basis in [("2023", "GESW", "EUROPA", "RECS-10-1"), ("2000", "GESM", "AFRIKA", "RECS-10-1"),
                                    ("2023", "GESM", "EUROPA", "RECS-10-1"), ("2015", "GESW", "ASIEN", "RECS-8")]:
        at = position({"JAHR": year, "GES": sex, "BEVEB1": "EINBUERG01", "RECGL1": basis, "LDRGR1": group})
        cell = by_key[(year, f"beveb1=EINBUERG01|ldrgr1={group}|recgl1={basis}|sex={'w' if sex == 'GESW' else 'm'}")]
        assert cell.value == raw["value"][at]
        assert cell.flag == (None if raw["status"][at] == "e" else raw["status"][at])
    assert any(c.flag == "-" for c in table.cells)

# SPDX-License-Identifier: EUPL-1.2
"""Exports of a selection: Excel, tidy CSV, Open SDG and Frictionless on real data."""
from __future__ import annotations

import csv
import json
import re

import pytest
import yaml
from openpyxl import load_workbook

from tests.functional.reports.conftest import KOELN, _cli

pytestmark = [pytest.mark.data, pytest.mark.slow, pytest.mark.xdist_group("areas")]
SELECTION = ["--indicator", "auslaenderanteil", "--area", KOELN, "--area", "05158", "--years", "2010-2012"]


@pytest.fixture(scope="module")
def exported(report_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("export")
    results = {}
    for fmt, target in (("xlsx", out / "a.xlsx"), ("csv", out / "a.csv"), ("opensdg", out / "sdg"),
                        ("frictionless", out / "fl")):
        result = _cli("export", *SELECTION, "--format", fmt, "--out", str(target), "--json", "--database", report_db)
        assert result.exit_code == 0, result.stderr
        results[fmt] = (target, json.loads(result.stdout))
    return results


def test_csv_holds_exactly_the_selection(exported):
    path, summary = exported["csv"]
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = list(csv.DictReader(line for line in lines if not line.lstrip('"').startswith("# ")))
    # Köln from its Stadtteile 2010–2012; Mettmann only in the 2011 table of foreigners by Kreis
    assert summary["rows"] == len(rows) == 4
    assert sorted((r["schluessel"], r["jahr"]) for r in rows) == [
        ("05158", "2011"), (KOELN, "2010"), (KOELN, "2011"), (KOELN, "2012")]
    assert all(r["wert"] for r in rows)
    assert any(line.lstrip('"').startswith("# Quelle: Stadt Köln") for line in lines)


def test_workbook_reads_back_with_sources(exported):
    book = load_workbook(exported["xlsx"][0], read_only=True)
    assert book.sheetnames == ["auslaenderanteil", "Zeichenerklärung", "Quellen"]
    values = [r for r in book["auslaenderanteil"].iter_rows(min_row=4, values_only=True)]
    assert len(values) == 4 and all(isinstance(r[3], float) for r in values)
    assert len(list(book["Quellen"].iter_rows(values_only=True))) >= 2


def test_opensdg_csv_and_metadata(exported):
    folder, _ = exported["opensdg"]
    (data,) = list((folder / "data").glob("indicator_*.csv"))
    rows = list(csv.DictReader(data.read_text(encoding="utf-8").splitlines()))
    assert list(rows[0])[0] == "Year" and "Value" in rows[0] and "Gebiet" in rows[0]
    headline = [r for r in rows if r["Gebiet"] == ""]
    assert len(headline) == 3 and {r["GeoCode"] for r in headline} == {KOELN}
    meta = yaml.safe_load((folder / "meta" / (data.stem.removeprefix("indicator_") + ".yml")).read_text(encoding="utf-8"))
    assert meta["stellwerk_id"] == "auslaenderanteil" and meta["REC_USE_LIM"] and meta["STAT_CONC_DEF"]


def _valid_cell(value: str, field: dict, missing: list[str]) -> bool:
    if value in missing:
        return True
    try:
        if field["type"] == "integer":
            int(value)
        elif field["type"] == "number":
            float(value)
    except ValueError:
        return False
    return True


def test_frictionless_package_is_valid(exported):
    """The descriptor follows the Tabular Data Package profile and the data fit its Table Schema."""
    folder, summary = exported["frictionless"]
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package"
    assert re.fullmatch(r"[a-z0-9._-]+", package["name"])
    assert package["licenses"] and all(lic.get("name") or lic.get("path") for lic in package["licenses"])
    assert package["sources"] and all(src["title"] for src in package["sources"])
    (resource,) = package["resources"]
    assert resource["profile"] == "tabular-data-resource" and re.fullmatch(r"[a-z0-9._-]+", resource["name"])
    schema = resource["schema"]
    names = [f["name"] for f in schema["fields"]]
    assert len(set(names)) == len(names)
    assert {f["type"] for f in schema["fields"]} <= {"string", "number", "integer"}
    assert set(schema["primaryKey"]) <= set(names)
    rows = list(csv.reader((folder / resource["path"]).read_text(encoding="utf-8").splitlines()))
    assert rows[0] == names and len(rows) - 1 == summary["rows"] == 4
    keys = set()
    for row in rows[1:]:
        assert len(row) == len(names)
        for value, field in zip(row, schema["fields"]):
            assert _valid_cell(value, field, schema["missingValues"]), (field["name"], value)
        record = dict(zip(names, row))
        key = tuple(record[k] for k in schema["primaryKey"])
        assert all(key) and key not in keys
        keys.add(key)


def test_opensdg_disaggregation_column(exported):
    folder, _ = exported["opensdg"]
    (data,) = list((folder / "data").glob("indicator_*.csv"))
    rows = list(csv.DictReader(data.read_text(encoding="utf-8").splitlines()))
    assert list(rows[0]) == ["Year", "Gebiet", "GeoCode", "Units", "Value", "COMMENT_OBS"]
    disaggregated = [r for r in rows if r["Gebiet"]]
    assert {(r["Gebiet"], r["GeoCode"], r["Year"]) for r in disaggregated} == {("Mettmann", "05158", "2011")}
    assert all(float(r["Value"]) > 0 and int(r["Year"]) for r in rows)


def test_unknown_indicator_is_rejected(report_db, tmp_path):
    result = _cli("export", "--indicator", "gibtsnicht", "--area", KOELN, "--format", "csv", "--out",
                  str(tmp_path / "x.csv"), "--database", report_db)
    assert result.exit_code != 0 and "gibtsnicht" in result.stderr

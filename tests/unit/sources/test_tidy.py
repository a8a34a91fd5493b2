# SPDX-License-Identifier: EUPL-1.2
"""A municipality's own tidy table with a mapping file: import, revisions, small areas, bad input."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from openpyxl import Workbook
from sqlalchemy import func, select

from stellwerk.cli import main
from stellwerk.errors import InputError
from stellwerk.geo.models import Area
from stellwerk.observations import store
from stellwerk.observations.models import Dataset, Variable
from stellwerk.sources.importer import import_file, import_files, parse_file
from stellwerk.sources.tidy_mapping import load_mapping
from stellwerk.workspace import open_workspace
from tests.unit.sources.conftest import statistics_path, table_counts

pytestmark = pytest.mark.data

EXAMPLE = Path(__file__).resolve().parents[3] / "content" / "examples" / "tidy"
CSV, MAPPING = EXAMPLE / "kita_beispielkreis.csv", EXAMPLE / "kita_beispielkreis.yaml"


def _options(mapping: Path = MAPPING) -> dict:
    return {"mapping": mapping}


def _value(session, ags: str, breakdown: str, variable: str = "kita_kinder"):
    area_id = session.scalar(select(Area.id).where(Area.ags == ags))
    rows = store.read_observations(session, variable, area_ids=[area_id], period="2024-03-01", breakdown=breakdown)
    assert len(rows) == 1, rows
    return rows[0]["value"], rows[0]["flag"]


def test_the_example_imports_with_flags_and_provenance(areas_session):
    result = import_file(areas_session, CSV, "tidy", options=_options())
    assert result.status == "imported" and result.observations == 16 and result.created_areas == []
    assert result.flags == {".": 1, "p": 1, "-": 1}
    assert _value(areas_session, "01056015", "age=0-3") == (512, None)
    assert _value(areas_session, "01056015", "age=3-6|migration=mit_mh") == (497, None)
    assert _value(areas_session, "01056039", "age=0-3|migration=mit_mh") == (None, ".")
    assert _value(areas_session, "01056039", "age=3-6|migration=mit_mh") == (338, "p")
    assert _value(areas_session, "01056048", "age=0-3|migration=mit_mh") == (0, "-")
    dataset = areas_session.get(Dataset, result.dataset_id)
    assert (dataset.table_code, dataset.reference_date, dataset.importer) == (
        "Beispielkreis-Kita-Betreuung", dt.date(2024, 3, 1), "tidy")
    assert dataset.source.startswith("Kreis Beispiel") and dataset.licence.startswith("Datenlizenz")
    assert dataset.meta["mapping"] == "kita_beispielkreis.yaml" and len(dataset.meta["mapping_sha256"]) == 64
    variable = areas_session.get(Variable, "kita_kinder")
    assert (variable.label, variable.unit) == ("Kinder in Kindertagesbetreuung", "Personen")


def test_reimport_is_a_no_op_and_a_changed_file_or_mapping_is_a_revision(areas_session, tmp_path):
    first = import_file(areas_session, CSV, "tidy", options=_options())
    assert import_file(areas_session, CSV, "tidy", options=_options()).status == "unchanged"
    changed = tmp_path / "kita.csv"
    changed.write_text(CSV.read_text(encoding="utf-8").replace(";512;", ";515;"), encoding="utf-8")
    second = import_file(areas_session, changed, "tidy", options=_options())
    assert second.status == "revised" and second.supersedes_id == first.dataset_id
    assert _value(areas_session, "01056015", "age=0-3") == (515, None)
    # The same file read through a corrected mapping replaces the values read through the old one.
    mapping = yaml.safe_load(MAPPING.read_text(encoding="utf-8"))
    mapping["recode"]["age"]["unter 3 Jahre"] = "0-3-korrigiert"
    corrected = tmp_path / "korrigiert.yaml"
    corrected.write_text(yaml.safe_dump(mapping, allow_unicode=True), encoding="utf-8")
    third = import_file(areas_session, changed, "tidy", options=_options(corrected))
    assert third.status == "revised" and third.supersedes_id == second.dataset_id
    assert _value(areas_session, "01056015", "age=0-3-korrigiert") == (515, None)
    statuses = areas_session.scalars(select(Dataset.status).order_by(Dataset.id)).all()
    assert statuses == ["superseded", "superseded", "active"]


def test_dry_run_writes_nothing(areas_session):
    result = import_file(areas_session, CSV, "tidy", dry_run=True, options=_options())
    assert result.status == "dry-run" and result.observations == 16 and result.dataset_id is None
    assert areas_session.scalar(select(func.count()).select_from(Dataset)) == 0


def test_xlsx_with_numeric_codes_and_date_cells_reads_like_the_csv(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Kita"
    lines = [line.split(";") for line in CSV.read_text(encoding="utf-8").splitlines()]
    sheet.append(lines[0])
    for row in lines[1:]:
        # Spreadsheets turn AGS into numbers (leading zero lost) and dates into date cells.
        sheet.append([int(row[0]), row[1], dt.datetime(2024, 3, 1), row[3], row[4],
                      int(row[5]) if row[5] else None, row[6] or None])
    path = tmp_path / "kita.xlsx"
    workbook.save(path)
    mapping = yaml.safe_load(MAPPING.read_text(encoding="utf-8"))
    mapping["file"] = {"sheet": "Kita"}
    mapping_path = tmp_path / "kita.yaml"
    mapping_path.write_text(yaml.safe_dump(mapping, allow_unicode=True), encoding="utf-8")
    _, from_xlsx = parse_file(path, "tidy", _options(mapping_path))
    _, from_csv = parse_file(CSV, "tidy", _options())
    key = lambda c: (c.code, c.period, c.variable, c.breakdown, c.value, c.flag, c.line)  # noqa: E731
    assert [key(c) for c in from_xlsx.cells] == [key(c) for c in from_csv.cells]
    assert from_xlsx.meta["sheet"] == "Kita"


def test_local_small_area_numbers_with_a_prefix(areas_session, data_dir, tmp_path):
    import_file(areas_session, statistics_path(data_dir, "hamburg"))
    path = tmp_path / "schulen.csv"
    path.write_text("Nr;Jahr;Schulen\n101;2023;2\n1;2023;38\n", encoding="utf-8")
    mapping = tmp_path / "schulen.yaml"
    mapping.write_text(yaml.safe_dump({
        "dataset": {"table_code": "HH-Schulen", "title": "Schulen", "source": "Bezirksamt", "licence": "dl-de/by-2-0",
                    "attribution": "© Bezirksamt"},
        "columns": {"area": "Nr", "period": "Jahr", "value": "Schulen"},
        "variable": "hamburg_grundschulen", "areas": {"prefix": "02000000-"},
        "variables": {"hamburg_grundschulen": {"label": "Grundschulen", "unit": "Schulen"}},
    }), encoding="utf-8")
    result = import_file(areas_session, path, "tidy", options=_options(mapping))
    assert result.observations == 2 and str(result.reference_date) == "2023-12-31"
    path.write_text("Nr;Jahr;Schulen\n101;2023;2\n199;2023;1\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        import_file(areas_session, path, "tidy", options=_options(mapping))
    assert caught.value.row == 3 and caught.value.column == "A (Nr)"
    assert "02000000-199" in caught.value.message and "02000000-1" in (caught.value.expected or "")


_GOOD = CSV.read_text(encoding="utf-8")


def _broken(tmp_path, case: str) -> tuple[Path, Path, int | None, str | None, list[str]]:
    """(file, mapping, row, column, words) of one broken input."""
    path, mapping = tmp_path / f"{case}.csv", MAPPING
    text = _GOOD
    row, column, words = None, None, []
    if case == "unknown-area":
        text, row, column, words = _GOOD.replace("01056050;", "01056950;", 1), 14, "A (AGS)", ["01056950", "01056050"]
    elif case == "not-a-number":
        text, row, column, words = _GOOD.replace(";1388;", ";viele;"), 4, "F (Kinder)", ["keine Zahl"]
    elif case == "duplicate":
        lines = _GOOD.splitlines(keepends=True)
        text, row, column, words = "".join(lines[:4] + [lines[3]] + lines[4:]), 5, "A (AGS)", ["Doppelte Zeile",
                                                                                           "Zeile 4"]
    elif case == "formula-in-text":
        text, row, column, words = (_GOOD.replace("Wedel, Stadt", "=cmd|' /C calc'!A0", 1), 14, "B (Gemeinde)",
                                    ["Tabellenformel"])
    elif case == "formula-in-value":
        text, row, column, words = _GOOD.replace(";298;", ";=1+1;"), 14, "F (Kinder)", ["Tabellenformel"]
    elif case == "wrong-encoding":
        path.write_bytes(_GOOD.replace("Elmshorn", "Elmshörn").encode("cp1252"))
        return path, mapping, 2, None, ["0xf6", "utf-8"]
    elif case == "unknown-flag":
        text, row, column, words = _GOOD.replace(";338;p", ";338;q"), 9, "G (Zeichen)", ["Unbekanntes Zeichen"]
    elif case == "flag-with-number":
        text, row, column, words = _GOOD.replace("mit MH;;.", "mit MH;12;."), 7, "F (Kinder)", ["kein Zahlenwert"]
    elif case == "missing-value":
        text, row, column, words = _GOOD.replace(";164;", ";;"), 10, "F (Kinder)", ["Wert fehlt"]
    elif case == "bad-period":
        text, row, column, words = _GOOD.replace("01.03.2024", "März 2024", 1), 2, "C (Stichtag)", ["Zeitpunkt"]
    elif case == "missing-column":
        text, row, words = _GOOD.replace(";Kinder;", ";Anzahl;", 1), 1, ["Kinder", "fehlt"]
    elif case == "truncated":
        text, row, words = _GOOD[: _GOOD.index("Pinneberg") + 30], 6, ["Felder", "abgeschnitten"]
    elif case == "mapping-missing-key":
        data = yaml.safe_load(MAPPING.read_text(encoding="utf-8"))
        del data["dataset"]["licence"]
        mapping = tmp_path / "ohne-lizenz.yaml"
        mapping.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        path.write_text(_GOOD, encoding="utf-8")
        return path, mapping, None, "dataset.licence", ["dataset.licence"]
    elif case == "undefined-variable":
        data = yaml.safe_load(MAPPING.read_text(encoding="utf-8"))
        data["variable"], data["variables"] = "kita_plaetze", {}
        mapping = tmp_path / "ohne-variable.yaml"
        mapping.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        path.write_text(_GOOD, encoding="utf-8")
        return path, mapping, 2, None, ["kita_plaetze", "variables.kita_plaetze"]
    else:
        raise AssertionError(case)
    path.write_text(text, encoding="utf-8")
    return path, mapping, row, column, words


CASES = ["unknown-area", "not-a-number", "duplicate", "formula-in-text", "formula-in-value", "wrong-encoding",
         "unknown-flag", "flag-with-number", "missing-value", "bad-period", "missing-column", "truncated",
         "mapping-missing-key", "undefined-variable"]


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_rejected_precisely_and_changes_nothing(sources_engine, tmp_path, case):
    path, mapping, row, column, words = _broken(tmp_path, case)
    workspace = open_workspace(sources_engine.url.render_as_string(hide_password=False))
    before = table_counts(sources_engine)
    try:
        with pytest.raises(InputError) as caught:
            loaded = load_mapping(mapping)
            with workspace.session() as session:
                import_file(session, CSV, "tidy", options=_options())  # rolled back with the broken one
                import_files(session, [path], "tidy", options={"mapping": loaded})
                raise AssertionError("the broken input was accepted")  # never commit into the shared database
    finally:
        workspace.engine.dispose()
    assert table_counts(sources_engine) == before
    error = caught.value
    text = str(error)
    assert error.file in (path.name, mapping.name), text
    assert error.row == row, text
    if column is not None:
        assert error.column == column, text
    for word in words:
        assert word in text, text


def test_cli_dry_run_prints_one_json_document(sources_engine):
    url = sources_engine.url.render_as_string(hide_password=False)
    before = table_counts(sources_engine)
    result = CliRunner().invoke(main, ["import", "tidy", str(CSV), "--mapping", str(MAPPING), "--dry-run", "--json",
                                       "--database", url])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["dry_run"] is True and document["imports"][0]["status"] == "dry-run"
    assert document["imports"][0]["observations"] == 16 and document["imports"][0]["kind"] == "tidy"
    assert table_counts(sources_engine) == before


def test_cli_needs_the_mapping_and_lists_every_kind():
    result = CliRunner().invoke(main, ["import", "tidy", str(CSV)])
    assert result.exit_code == 2 and "--mapping" in result.output
    listing = CliRunner().invoke(main, ["import", "--help"]).output
    for kind in ("auto", "genesis", "genesis-ffcsv", "jsonstat", "ba-gemeinden", "gv", "kreise", "zensus2022", "inkar",
                 "berlin-lor", "koeln", "hamburg", "tidy", "crosswalk", "geometries"):
        assert f"  {kind} " in listing, kind

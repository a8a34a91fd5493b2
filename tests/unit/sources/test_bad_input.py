# SPDX-License-Identifier: EUPL-1.2
"""Broken files stop the import with a German message naming file, line and column; nothing is written."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from stellwerk.cli import main
from stellwerk.errors import InputError
from stellwerk.sources.importer import import_files
from stellwerk.workspace import open_workspace
from tests.unit.sources.conftest import statistics_path, table_counts

pytestmark = pytest.mark.data

SCHUTZ = "12531"


def _latin1(data_dir, key=SCHUTZ) -> bytes:
    return statistics_path(data_dir, key).read_bytes()


def _broken(data_dir, tmp_path, case: str):
    """Write one broken copy of a real file; returns (path, expected row, expected column, words)."""
    raw = _latin1(data_dir)
    path = tmp_path / f"{case}.csv"
    if case == "utf16":
        path.write_bytes(raw.decode("latin-1").encode("utf-16"))
        return path, 1, None, ["UTF-16"]
    if case == "mixed-encoding":
        text = raw.decode("latin-1").encode("utf-8")
        path.write_bytes(text.replace(b"Kiel", b"K\xe4el", 1))  # one Latin-1 byte inside UTF-8
        return path, 5, "Zeichen", ["Kodierung", "0xe4"]
    if case == "truncated":
        path.write_bytes(_latin1(data_dir, "12411-03-03-4")[:40000])
        return path, None, None, ["Felder", "abgeschnitten"]
    if case == "unknown-layout":
        path.write_bytes(_latin1(data_dir, "12411-0015").replace(b"12411-0015", b"99999-0001", 1))
        return path, 1, None, ["Tabellenlayout", "99999-0001"]
    if case == "unknown-area":
        path.write_bytes(raw.replace(b";1002;", b";1092;"))
        return path, 5, "D", ["01092", "01002"]
    if case == "not-a-number":
        path.write_bytes(raw.replace(b";3170\r\n", b";3.170,5x\r\n").replace(b";3170\n", b";3.170,5x\n"))
        return path, 4, "D", ["keine Zahl"]
    if case == "duplicate":
        lines = raw.split(b"\n")
        path.write_bytes(b"\n".join(lines[:5] + [lines[4]] + lines[5:]))
        return path, 6, "D", ["Doppelte Zeile"]
    if case == "formula":
        path.write_bytes(raw.replace(b";3170", b";=cmd|' /C calc'!A0", 1))
        return path, 4, "D", ["Tabellenformel"]
    raise AssertionError(case)


CASES = ["utf16", "mixed-encoding", "truncated", "unknown-layout", "unknown-area", "not-a-number", "duplicate",
         "formula"]


@pytest.mark.parametrize("case", CASES)
def test_broken_file_is_rejected_and_the_database_is_unchanged(sources_engine, data_dir, tmp_path, case):
    path, row, column, words = _broken(data_dir, tmp_path, case)
    workspace = open_workspace(sources_engine.url.render_as_string(hide_password=False))
    good = statistics_path(data_dir, "12411-0015")
    before = table_counts(sources_engine)
    try:
        with pytest.raises(InputError) as caught:
            with workspace.session() as session:
                # A good file first: its work must be rolled back together with the broken one.
                import_files(session, [good, path], "auto", crosswalk_dir=data_dir / "crosswalks")
                raise AssertionError("the broken file was accepted")  # never commit into the shared database
    finally:
        workspace.engine.dispose()
    assert table_counts(sources_engine) == before
    error = caught.value
    assert error.file == path.name
    if row is not None:
        assert error.row == row
    else:
        assert error.row is not None
    if column is not None:
        assert column in (error.column or "")
    text = str(error)
    for word in words:
        assert word in text, text
    assert text.startswith(f"Datei {path.name}")


def test_cli_reports_the_error_on_stderr_and_exits_non_zero(sources_engine, data_dir, tmp_path):
    path, *_ = _broken(data_dir, tmp_path, "formula")
    url = sources_engine.url.render_as_string(hide_password=False)
    before = table_counts(sources_engine)
    result = CliRunner().invoke(main, ["import", "auto", str(path), "--database", url, "--json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Tabellenformel" in result.stderr and "Zeile 4" in result.stderr and "Spalte D" in result.stderr
    assert table_counts(sources_engine) == before


def test_cli_dry_run_reports_without_writing(sources_engine, data_dir):
    url = sources_engine.url.render_as_string(hide_password=False)
    before = table_counts(sources_engine)
    result = CliRunner().invoke(main, ["import", "genesis", str(statistics_path(data_dir, SCHUTZ)), "--dry-run",
                                       "--json", "--database", url])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["dry_run"] is True
    report = document["imports"][0]
    assert report["status"] == "dry-run" and report["table_code"] == "12531" and report["observations"] > 400
    assert report["flags"]["."] >= 6
    assert table_counts(sources_engine) == before


def test_auto_rejects_a_file_of_no_known_format(tmp_path):
    path = tmp_path / "notizen.csv"
    path.write_text("Name;Wert\nA;1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "auto", str(path), "--database", f"sqlite:///{tmp_path}/x.db"])
    assert result.exit_code == 2
    assert "Format nicht erkannt" in result.stderr and "notizen.csv" in result.stderr


RECORDED = Path(__file__).parent / "recorded"
# One realistic breakage of every other official format: (file, search, replacement, row, column, words).
FORMAT_CASES = {
    "ba-gemeinden": ("ba-2012", b'01001000," Flensburg, Stadt","5,127 "', b'01001000," Flensburg, Stadt","5,1x7 "',
                     21, "C", ["keine Zahl"]),
    "zensus2022": ("zensus2022", b'01001000,"Flensburg, Stadt",95015.0,', b'01001000,"Flensburg, Stadt",95O15.0,', 2,
                   "C", ["keine Zahl"]),
    "inkar": ("inkar", b"01001,1995,17.45,", b"01001,1995,=cmd|' /C calc'!A0,", 2, "C", ["Tabellenformel"]),
    "destatis-long": ("long-12511-recht", b"Staatsang.\",1144\n", b"Staatsang.\",11x44\n", 2, "D", ["keine Zahl"]),
    "jsonstat": ("jsonstat-12511", b'"value":[0.0,', b'"value":["viele",', None, "value[0]", ["viele", "keine Zahl"]),
    "genesis-ffcsv": (None, b";739770;Anzahl;", b";739.770,5x;Anzahl;", 2, None, ["keine Zahl"]),
}


@pytest.mark.parametrize("kind", sorted(FORMAT_CASES))
def test_a_broken_copy_of_every_format_is_rejected_and_changes_nothing(sources_engine, data_dir, tmp_path, kind):
    key, search, replacement, row, column, words = FORMAT_CASES[kind]
    source = statistics_path(data_dir, key) if key else RECORDED / "genesis_tablefile_12521-0008.ffcsv.csv"
    raw = source.read_bytes()
    assert raw.count(search) >= 1, "the breakage must hit the real file"
    path = tmp_path / f"kaputt-{source.name}"
    path.write_bytes(raw.replace(search, replacement, 1))
    workspace = open_workspace(sources_engine.url.render_as_string(hide_password=False))
    before = table_counts(sources_engine)
    try:
        with pytest.raises(InputError) as caught:
            with workspace.session() as session:
                import_files(session, [statistics_path(data_dir, "12411-0015")], "auto",
                             crosswalk_dir=data_dir / "crosswalks")
                import_files(session, [path], kind, crosswalk_dir=data_dir / "crosswalks")
                raise AssertionError("the broken file was accepted")  # never commit into the shared database
    finally:
        workspace.engine.dispose()
    assert table_counts(sources_engine) == before
    error = caught.value
    text = str(error)
    assert error.file == path.name and text.startswith(f"Datei {path.name}"), text
    if row is not None:
        assert error.row == row, text
    if column is not None:
        assert error.column == column, text
    for word in words:
        assert word in text, text

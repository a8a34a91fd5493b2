# SPDX-License-Identifier: EUPL-1.2
"""The demo finds every statistics file by content and imports each on its own."""
from __future__ import annotations

import shutil
from collections import Counter

import pytest

from stellwerk.cli.demo import _import_statistics
from stellwerk.config import load_settings
from stellwerk.sources.registry import find_statistics_files
from stellwerk.workspace import Workspace
from tests.unit.sources.conftest import STATISTICS_FILES, statistics_path

pytestmark = pytest.mark.data


def test_every_statistics_file_of_the_data_dir_is_found(data_dir):
    found = find_statistics_files(data_dir)
    names = {path.name for kind, path in found if kind != "berlin-lor"}  # 200 files: see test_berlin_lor
    assert names == {statistics_path(data_dir, key).name for key in STATISTICS_FILES}
    kinds = Counter(kind for kind, _ in found)
    assert kinds["ba-gemeinden"] == 7 and kinds["genesis"] == 8 and kinds["jsonstat"] == 2
    assert kinds["berlin-lor"] == 200 and kinds["hamburg"] == 1
    # The third party's CSV export of the Hamburg workbook is not a second copy of the same data.
    assert not any(path.name.endswith("_utf8.csv") for _, path in found)


def test_demo_step_imports_and_reports_broken_files_without_stopping(gv_engines, data_dir, tmp_path):
    database = tmp_path / "demo.db"
    shutil.copy(gv_engines["sqlite"].url.database, database)
    small = tmp_path / "data"
    (small / "kreise").mkdir(parents=True)
    shutil.copy(statistics_path(data_dir, "12531"), small / "kreise")
    hamburg = statistics_path(data_dir, "hamburg")
    (small / "hamburg").mkdir()
    shutil.copy(hamburg, small / "hamburg")
    shutil.copy(hamburg.parent / "statistik-nord_Stadtteilprofile_2014_utf8.csv", small / "hamburg")
    (small / "kreise" / "kaputt.csv").write_bytes(b"GENESIS-Tabelle: 12411-0015\n;;x\n")
    settings = load_settings({"STELLWERK_DATABASE_URL": f"sqlite:///{database}", "STELLWERK_DATA_DIR": str(small),
                              "STELLWERK_WORKSPACE": str(tmp_path / "ws")})
    workspace = Workspace(settings)
    lines: list[str] = []
    try:
        _import_statistics(workspace, small, lines.append)
    finally:
        workspace.engine.dispose()
    assert any(line.startswith("  kaputt.csv: übersprungen") for line in lines)
    assert any("schutzsuchende_kreise_2018-12-31.csv: 12531" in line and "imported" in line for line in lines)
    assert [line for line in lines if "Hamburg-Stadtteilprofile" in line] == [
        f"  {hamburg.name}: Hamburg-Stadtteilprofile, 7.276 Werte (imported)"]
    assert not any("_utf8.csv" in line for line in lines)
    assert lines[-1].startswith("  3 Tabellen, ")  # 12531, Hamburg and the broken file; not the CSV export


def test_demo_fills_the_indicator_cache_after_the_imports(gv_engines, data_dir, tmp_path):
    """Start pages and reports read the cache; the demo leaves it filled, and a second run skips."""
    from sqlalchemy import func, select

    from stellwerk.cli.demo import _compute_indicators
    from stellwerk.indicators.models import IndicatorValue

    database = tmp_path / "demo.db"
    shutil.copy(gv_engines["sqlite"].url.database, database)
    small = tmp_path / "data"
    (small / "kreise").mkdir(parents=True)
    shutil.copy(statistics_path(data_dir, "12531"), small / "kreise")
    settings = load_settings({"STELLWERK_DATABASE_URL": f"sqlite:///{database}", "STELLWERK_DATA_DIR": str(small),
                              "STELLWERK_WORKSPACE": str(tmp_path / "ws")})
    workspace = Workspace(settings)
    lines: list[str] = []
    try:
        _import_statistics(workspace, small, lines.append)
        _compute_indicators(workspace, small, lines.append)
        with workspace.session() as session:
            cached = session.scalar(select(func.count()).select_from(IndicatorValue))
    finally:
        workspace.engine.dispose()
    assert cached > 0
    assert lines[-1].startswith("  ") and "mit Werten" in lines[-1] and "Zwischenspeicher" in lines[-1]

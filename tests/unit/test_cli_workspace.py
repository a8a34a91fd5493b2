# SPDX-License-Identifier: EUPL-1.2
from click.testing import CliRunner
from sqlalchemy import create_engine, inspect

from stellwerk.cli import main


def test_init_creates_workspace_and_migrated_sqlite_database(tmp_path, monkeypatch):
    from stellwerk.config import get_settings

    monkeypatch.setenv("STELLWERK_WORKSPACE", str(tmp_path / "ws"))
    monkeypatch.delenv("STELLWERK_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(main, ["init"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "Arbeitsbereich bereit" in result.output
    db = tmp_path / "ws" / "stellwerk.db"
    assert db.exists()
    assert "area" in inspect(create_engine(f"sqlite:///{db}")).get_table_names()


def test_demo_without_data_dir_says_how_to_get_the_data(tmp_path, monkeypatch):
    from stellwerk.config import get_settings

    monkeypatch.setenv("STELLWERK_WORKSPACE", str(tmp_path / "ws"))
    monkeypatch.setenv("STELLWERK_DATA_DIR", str(tmp_path / "nowhere"))
    monkeypatch.delenv("STELLWERK_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(main, ["demo", "--no-serve"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "Kein Datenverzeichnis gefunden" in result.output

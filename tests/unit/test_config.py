# SPDX-License-Identifier: EUPL-1.2
from pathlib import Path

from stellwerk.config import load_settings


def test_default_database_is_a_sqlite_file_in_the_workspace(tmp_path):
    settings = load_settings({"STELLWERK_WORKSPACE": str(tmp_path / "ws")})
    assert settings.database_url == f"sqlite:///{tmp_path / 'ws' / 'stellwerk.db'}"
    assert settings.is_sqlite


def test_database_url_from_environment_wins(tmp_path):
    url = "postgresql+psycopg://postgres@127.0.0.1:5432/x"
    settings = load_settings({"STELLWERK_DATABASE_URL": url, "STELLWERK_WORKSPACE": str(tmp_path)})
    assert settings.database_url == url
    assert not settings.is_sqlite


def test_explicit_data_dir_is_used(tmp_path):
    settings = load_settings({"STELLWERK_DATA_DIR": str(tmp_path)})
    assert settings.data_dir == Path(tmp_path).resolve()

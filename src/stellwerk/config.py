# SPDX-License-Identifier: EUPL-1.2
"""Every setting of Stellwerk, declared once with its default and help text.

Settings come from environment variables. Nothing else in the package reads
``os.environ`` for configuration; code asks :func:`get_settings` instead.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

__all__ = ["Setting", "SETTINGS", "Settings", "get_settings", "find_data_dir"]


@dataclass(frozen=True)
class Setting:
    env: str
    default: str | None
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "STELLWERK_WORKSPACE",
        "workspace",
        "Arbeitsverzeichnis mit der eingebetteten SQLite-Datenbank, Caches und Ausgaben "
        "(relativ zum aktuellen Verzeichnis).",
    ),
    Setting(
        "STELLWERK_DATABASE_URL",
        None,
        "SQLAlchemy-URL der Datenbank, z. B. postgresql+psycopg://user@host/db. "
        "Ohne Angabe: sqlite:///<Arbeitsverzeichnis>/stellwerk.db.",
    ),
    Setting(
        "STELLWERK_DATA_DIR",
        None,
        "Verzeichnis mit den amtlichen Tabellen (siehe docs/data.md). "
        "Ohne Angabe: ../shared/data, wo es existiert.",
    ),
    Setting(
        "STELLWERK_GENESIS_URL",
        "https://www-genesis.destatis.de/genesisWS/rest/2020/",
        "Basisadresse der GENESIS-REST-Schnittstelle für stellwerk fetch genesis "
        "(Regionaldatenbank: https://www.regionalstatistik.de/genesisws/rest/2020/).",
    ),
    Setting(
        "STELLWERK_GENESIS_USER",
        None,
        "Benutzerkennung oder API-Token für GENESIS-Online bzw. die Regionaldatenbank.",
    ),
    Setting(
        "STELLWERK_GENESIS_PASSWORD",
        None,
        "Passwort zur GENESIS-Benutzerkennung (bei einem API-Token leer lassen).",
    ),
    Setting(
        "STELLWERK_SECRET_KEY",
        None,
        "Geheimer Schlüssel für Sitzungs-Cookies und CSRF-Token. Ohne Angabe wird "
        "einer im Arbeitsverzeichnis erzeugt und dort aufbewahrt.",
    ),
    Setting(
        "STELLWERK_COOKIE_SECURE",
        "auto",
        "Cookies nur über HTTPS senden: 1, 0 oder auto (sicher außer bei Aufrufen über "
        "localhost/127.0.0.1, damit die lokale Demo über http funktioniert).",
    ),
    Setting(
        "STELLWERK_MAX_UPLOAD_MB",
        "20",
        "Größte angenommene Anfrage (Formulare, Uploads) in Megabyte.",
    ),
)


def find_data_dir(explicit: str | None = None) -> Path | None:
    """Return the directory of official tables, or None where none exists."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    candidates = [
        Path.cwd() / ".." / "shared" / "data",
        Path(__file__).resolve().parents[3] / ".." / "shared" / "data",
    ]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate.resolve()
    return None


@dataclass(frozen=True)
class Settings:
    workspace: Path
    database_url: str
    data_dir: Path | None
    secret_key: str | None = field(default=None, repr=False)
    genesis_url: str = "https://www-genesis.destatis.de/genesisWS/rest/2020/"
    genesis_user: str | None = None
    genesis_password: str | None = field(default=None, repr=False)
    cookie_secure: str = "auto"
    max_upload_mb: float = 20.0

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def _read(env: dict[str, str], name: str) -> str | None:
    value = env.get(name)
    if value is None or value.strip() == "":
        for setting in SETTINGS:
            if setting.env == name:
                return setting.default
    return value


def load_settings(env: dict[str, str] | None = None) -> Settings:
    """Build settings from an environment mapping (``os.environ`` by default)."""
    env = dict(os.environ if env is None else env)
    workspace = Path(_read(env, "STELLWERK_WORKSPACE") or "workspace").expanduser().resolve()
    database_url = _read(env, "STELLWERK_DATABASE_URL") or f"sqlite:///{workspace / 'stellwerk.db'}"
    return Settings(
        workspace=workspace,
        database_url=database_url,
        data_dir=find_data_dir(_read(env, "STELLWERK_DATA_DIR")),
        secret_key=_read(env, "STELLWERK_SECRET_KEY"),
        genesis_url=_read(env, "STELLWERK_GENESIS_URL") or "",
        genesis_user=_read(env, "STELLWERK_GENESIS_USER"),
        genesis_password=_read(env, "STELLWERK_GENESIS_PASSWORD"),
        cookie_secure=_cookie_secure(_read(env, "STELLWERK_COOKIE_SECURE") or "auto"),
        max_upload_mb=float(_read(env, "STELLWERK_MAX_UPLOAD_MB") or "20"),
    )


def _cookie_secure(value: str) -> str:
    value = value.strip().lower()
    mapping = {"1": "1", "true": "1", "ja": "1", "0": "0", "false": "0", "nein": "0", "auto": "auto"}
    if value not in mapping:
        raise ValueError(f"STELLWERK_COOKIE_SECURE: {value!r} (erwartet: 1, 0 oder auto)")
    return mapping[value]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return load_settings()

# SPDX-License-Identifier: EUPL-1.2
"""Fetching tables from the GENESIS REST interface (GENESIS-Online, Regionaldatenbank).

The client asks ``data/tablefile`` for a table as flat-file CSV (``ffcsv``)
and saves the answer; importing it is the ffcsv adapter's job. Credentials
come from the settings (``STELLWERK_GENESIS_USER``/``…_PASSWORD``) and travel
in request headers, never in the address. Tests inject an
``httpx.MockTransport`` with recorded answers.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

import httpx

from stellwerk.config import Settings
from stellwerk.errors import StellwerkError

__all__ = ["GenesisClient", "FetchError", "SERVICES"]

log = logging.getLogger(__name__)

SERVICES = {
    "destatis": "https://www-genesis.destatis.de/genesisWS/rest/2020/",
    "regionalstatistik": "https://www.regionalstatistik.de/genesisws/rest/2020/",
}


class FetchError(StellwerkError):
    """The web service could not be reached or refused the request."""

    exit_code = 5


@dataclass
class GenesisClient:
    base_url: str
    user: str | None
    password: str | None
    transport: httpx.BaseTransport | None = None
    timeout: float = 120.0

    @classmethod
    def from_settings(cls, settings: Settings, service: str | None = None,
                      transport: httpx.BaseTransport | None = None) -> GenesisClient:
        base = SERVICES[service] if service else (settings.genesis_url or SERVICES["destatis"])
        return cls(base, settings.genesis_user, settings.genesis_password, transport)

    def _client(self) -> httpx.Client:
        headers = {"username": self.user or "", "password": self.password or ""}
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=self.timeout, transport=self.transport)

    def download_table(self, table: str, target: Path, *, regional_level: str | None = None,
                       start_year: int | None = None, end_year: int | None = None) -> Path:
        """Fetch ``table`` as ffcsv and write it to ``target``; returns the path."""
        if not self.user:
            raise FetchError(
                "Für den Abruf fehlen Zugangsdaten: STELLWERK_GENESIS_USER (Kennung oder API-Token) und "
                "gegebenenfalls STELLWERK_GENESIS_PASSWORD setzen. Ohne Zugang: die Tabelle auf der Website "
                "als CSV herunterladen und mit 'stellwerk import auto DATEI' importieren."
            )
        form = {"name": table, "area": "all", "compress": "false", "format": "ffcsv", "language": "de"}
        if regional_level:
            form["regionalvariable"] = regional_level
        if start_year:
            form["startyear"] = str(start_year)
        if end_year:
            form["endyear"] = str(end_year)
        try:
            with self._client() as client:
                response = client.post("data/tablefile", data=form)
        except httpx.TransportError as error:
            raise FetchError(
                f"Keine Verbindung zu {self.base_url} ({type(error).__name__}). Ohne Internet: die Tabelle "
                "anderswo herunterladen und mit 'stellwerk import auto DATEI' importieren."
            ) from None
        if response.status_code in (401, 403):
            raise FetchError("Der Webdienst hat die Zugangsdaten abgelehnt (STELLWERK_GENESIS_USER/-PASSWORD prüfen).")
        if response.status_code != 200:
            raise FetchError(f"Der Webdienst antwortete mit HTTP {response.status_code}.")
        content_type = response.headers.get("content-type", "")
        if "json" in content_type or response.content.lstrip().startswith(b"{"):
            raise FetchError(_status_message(response.content, table))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(response.content)
        log.info("fetched %s (%d bytes) into %s", table, len(response.content), target)
        return target


def _status_message(content: bytes, table: str) -> str:
    """The service's own explanation when it answers with a status document instead of a table."""
    try:
        document = json.loads(content)
    except ValueError:
        return f"Unerwartete Antwort des Webdienstes für {table}."
    status = document.get("Status") or document
    code = status.get("Code")
    text = status.get("Content") or status.get("Type") or "ohne Begründung"
    if code == 98:
        return f"Tabelle {table} ist zu groß für einen direkten Abruf (Code 98): {text}. Regionale Tiefe oder Jahre einschränken."
    return f"Der Webdienst lieferte keine Tabelle für {table} (Code {code}): {text}"

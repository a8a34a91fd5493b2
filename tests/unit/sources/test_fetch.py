# SPDX-License-Identifier: EUPL-1.2
"""``stellwerk fetch genesis`` against recorded answers (no network)."""
from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from stellwerk.config import load_settings
from stellwerk.sources.fetch import FetchError, GenesisClient
from stellwerk.sources.importer import parse_file

RECORDED = Path(__file__).parent / "recorded"


def _client(handler, user="token-123") -> GenesisClient:
    settings = load_settings({"STELLWERK_GENESIS_USER": user} if user else {})
    return GenesisClient.from_settings(settings, service="regionalstatistik", transport=httpx.MockTransport(handler))


def test_download_sends_the_table_request_and_saves_an_importable_ffcsv(tmp_path):
    seen = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen["url"] = str(request.url)
        seen["headers"] = dict(request.headers)
        seen["form"] = dict(httpx.QueryParams(request.content.decode()))
        return httpx.Response(200, content=(RECORDED / "genesis_tablefile_12521-0008.ffcsv.csv").read_bytes(),
                              headers={"content-type": "text/csv; charset=utf-8"})

    path = _client(handler).download_table("12521-0008", tmp_path / "12521-0008.csv", regional_level="DINSG",
                                           start_year=2023)
    assert seen["url"] == "https://www.regionalstatistik.de/genesisws/rest/2020/data/tablefile"
    assert seen["headers"]["username"] == "token-123"
    assert "token-123" not in seen["url"]
    assert seen["form"] == {"name": "12521-0008", "area": "all", "compress": "false", "format": "ffcsv",
                            "language": "de", "regionalvariable": "DINSG", "startyear": "2023"}
    kind, table = parse_file(path)
    assert kind == "genesis-ffcsv" and table.table_code == "12521-0008"
    assert len(table.cells) == 24 and table.cells[0].variable == "auslaender"


def test_status_document_instead_of_a_table_becomes_a_clear_message(tmp_path):
    def handler(request):
        return httpx.Response(200, content=(RECORDED / "genesis_status_98.json").read_bytes(),
                              headers={"content-type": "application/json"})

    with pytest.raises(FetchError, match="zu groß"):
        _client(handler).download_table("12411-02-03-5", tmp_path / "x.csv")
    assert not (tmp_path / "x.csv").exists()


def test_without_network_the_message_says_what_to_do(tmp_path):
    def handler(request):
        raise httpx.ConnectError("Name or service not known", request=request)

    with pytest.raises(FetchError) as caught:
        _client(handler).download_table("12411-0015", tmp_path / "x.csv")
    assert "Keine Verbindung" in str(caught.value) and "stellwerk import" in str(caught.value)


def test_missing_credentials_are_named(tmp_path):
    with pytest.raises(FetchError, match="STELLWERK_GENESIS_USER"):
        _client(lambda r: httpx.Response(200), user=None).download_table("12411-0015", tmp_path / "x.csv")


def test_rejected_credentials(tmp_path):
    with pytest.raises(FetchError, match="abgelehnt"):
        _client(lambda r: httpx.Response(401)).download_table("12411-0015", tmp_path / "x.csv")

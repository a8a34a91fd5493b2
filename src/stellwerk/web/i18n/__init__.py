# SPDX-License-Identifier: EUPL-1.2
"""A tiny gettext-like catalogue of UI strings: German is the source, English a translation.

Templates write ``{{ _("Anmelden") }}``. Translations live in ``<lang>/*.yaml``
next to this file, one file per module (``en/web.yaml``, ``en/network.yaml`` …)
so modules add strings without touching each other's files. A missing
translation falls back to the German text.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import yaml
from starlette.requests import Request

__all__ = ["LANGUAGES", "DEFAULT_LANGUAGE", "LANG_COOKIE", "catalogue", "translator", "language_of"]

LANGUAGES = {"de": "Deutsch", "en": "English"}
DEFAULT_LANGUAGE = "de"
LANG_COOKIE = "stellwerk_lang"
HERE = Path(__file__).parent


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    """All translations into ``lang`` (empty for German)."""
    merged: dict[str, str] = {}
    folder = HERE / lang
    if lang == DEFAULT_LANGUAGE or not folder.is_dir():
        return merged
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
            raise ValueError(f"{path.name}: erwartet eine Zuordnung deutscher Text → Übersetzung")
        merged.update(data)
    return merged


def translator(lang: str) -> Callable[..., str]:
    """The ``_`` function for ``lang``; keyword arguments fill ``{placeholders}``."""
    table = catalogue(lang)

    def _(text: str, **values: object) -> str:
        result = table.get(text, text)
        return result.format(**values) if values else result

    return _


def language_of(request: Request) -> str:
    """Cookie first, then Accept-Language, German by default."""
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    header = request.headers.get("accept-language", "")
    for part in header.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE

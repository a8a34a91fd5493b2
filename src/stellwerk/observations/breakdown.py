# SPDX-License-Identifier: EUPL-1.2
"""Canonical breakdown keys: ``{"sex": "w", "nationality": "auslaender"}`` ↔ ``"nationality=auslaender|sex=w"``."""
from __future__ import annotations

from collections.abc import Mapping

__all__ = ["TOTAL", "encode", "decode"]

TOTAL = ""


# Adapters encode the same few combinations for every cell: remember them (bounded).
_KNOWN: dict[tuple, str] = {}
_KNOWN_MAX = 65_536


def encode(parts: Mapping[str, str] | None) -> str:
    """Sorted ``dim=value`` pairs joined by ``|``; dimensions with value ``total`` are dropped."""
    if not parts:
        return TOTAL
    signature = tuple(parts.items())
    try:
        known = _KNOWN.get(signature)
    except TypeError:  # an unhashable value: no caching
        return _encode(parts)
    if known is None:
        known = _encode(parts)
        if len(_KNOWN) < _KNOWN_MAX:
            _KNOWN[signature] = known
    return known


def _encode(parts: Mapping[str, str]) -> str:
    items = sorted((k, v) for k, v in parts.items() if v not in (None, "", "total"))
    for key, value in items:
        if any(ch in str(key) + str(value) for ch in "|="):
            raise ValueError(f"breakdown part may not contain '|' or '=': {key}={value}")
    return "|".join(f"{k}={v}" for k, v in items)


def decode(key: str) -> dict[str, str]:
    if not key:
        return {}
    return dict(part.split("=", 1) for part in key.split("|"))

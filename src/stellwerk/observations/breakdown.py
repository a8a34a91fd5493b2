# SPDX-License-Identifier: EUPL-1.2
"""Canonical breakdown keys: ``{"sex": "w", "nationality": "auslaender"}`` ↔ ``"nationality=auslaender|sex=w"``."""
from __future__ import annotations

from collections.abc import Mapping

__all__ = ["TOTAL", "encode", "decode"]

TOTAL = ""


def encode(parts: Mapping[str, str] | None) -> str:
    """Sorted ``dim=value`` pairs joined by ``|``; dimensions with value ``total`` are dropped."""
    if not parts:
        return TOTAL
    items = sorted((k, v) for k, v in parts.items() if v not in (None, "", "total"))
    for key, value in items:
        if any(ch in str(key) + str(value) for ch in "|="):
            raise ValueError(f"breakdown part may not contain '|' or '=': {key}={value}")
    return "|".join(f"{k}={v}" for k, v in items)


def decode(key: str) -> dict[str, str]:
    if not key:
        return {}
    return dict(part.split("=", 1) for part in key.split("|"))

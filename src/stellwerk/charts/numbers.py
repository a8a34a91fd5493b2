# SPDX-License-Identifier: EUPL-1.2
"""German number formatting shared by charts, web pages and reports."""
from __future__ import annotations

__all__ = ["number_de"]


def number_de(value: float | int | None, digits: int = 0) -> str:
    """1234567.8 → '1.234.567,8'; None → '–'."""
    if value is None:
        return "–"
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")

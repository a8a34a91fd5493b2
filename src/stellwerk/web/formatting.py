# SPDX-License-Identifier: EUPL-1.2
"""German number formatting for templates."""
from __future__ import annotations

from stellwerk.charts.numbers import number_de

__all__ = ["number_de", "FILTERS"]

FILTERS = {"number_de": number_de}

# SPDX-License-Identifier: EUPL-1.2
"""The traffic light of a dataset (shared by ``stellwerk datasets`` and the web app)."""
from __future__ import annotations

import pytest

from stellwerk.observations.health import GREEN, GREY, RED, YELLOW, light


def _summary(**changes):
    return {"status": "active", "observations": 400, "age_days": 100, "flagged_share": 0.01, **changes}


@pytest.mark.parametrize(("changes", "colour", "reason"), [
    ({}, GREEN, "aktuell"),
    ({"age_days": 800}, YELLOW, "älter als 2 Jahre"),
    ({"age_days": 2000}, RED, "älter als 5 Jahre"),
    ({"age_days": None}, YELLOW, "ohne Stichtag"),
    ({"flagged_share": 0.2}, YELLOW, "20 % der Zellen"),
    ({"flagged_share": 0.6}, RED, "60 % der Zellen"),
    ({"age_days": 800, "flagged_share": 0.6}, RED, "älter als 2 Jahre"),
    ({"observations": 0}, RED, "keine Werte"),
    ({"status": "superseded"}, GREY, "ersetzt"),
])
def test_light(changes, colour, reason):
    found, reasons = light(_summary(**changes))
    assert found == colour
    assert any(reason in r for r in reasons), reasons

# SPDX-License-Identifier: EUPL-1.2
"""Fill in population and area of higher levels by summing the lowest level of a file.

The GV-ISys "Auszug" gives figures only for Gemeinden; Kreise, Länder and the
Bund get the sums of their Gemeinden (which is how the official totals are
formed). Where one contributing Gemeinde has no number, the sum is unknown too.
"""
from __future__ import annotations

from stellwerk.geo.models import Level
from stellwerk.geo.records import BUND_CODE, AreaRecord

__all__ = ["fill_aggregates", "bund_record"]

_PREFIX_LENGTHS = (2, 3, 4, 5, 9)


def bund_record() -> AreaRecord:
    """The synthetic Germany record every Gebietsstand carries."""
    return AreaRecord(level=Level.BUND, code=BUND_CODE, name="Deutschland", row=0, type="Bund", ags=None)


def fill_aggregates(records: list[AreaRecord], base_level: str) -> None:
    """Give every record above ``base_level`` without figures the sums of its base records."""
    sums: dict[str, list[float | int | None]] = {}
    missing: dict[str, str] = {}

    def add(key: str, record: AreaRecord) -> None:
        total = sums.setdefault(key, [0.0, 0, 0, 0])
        if record.area_km2 is None:
            total[0] = None
        elif total[0] is not None:
            total[0] += record.area_km2
        for i, value in enumerate((record.population, record.population_m, record.population_w), start=1):
            if value is None:
                total[i] = None
                missing.setdefault(key, record.population_flag or ".")
            elif total[i] is not None:
                total[i] += value

    for record in records:
        if record.level != base_level:
            continue
        add(BUND_CODE, record)
        for length in _PREFIX_LENGTHS:
            if len(record.code) > length:
                add(record.code[:length], record)
    for record in records:
        if record.level == base_level or record.population is not None or record.population_flag:
            continue
        total = sums.get(record.code)
        if total is None:
            continue
        if record.area_km2 is None and total[0] is not None:
            record.area_km2 = round(total[0], 2)
        record.population, record.population_m, record.population_w = total[1], total[2], total[3]
        if record.population is None:
            record.population_flag = missing.get(record.code)

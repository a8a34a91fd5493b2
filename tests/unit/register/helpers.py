# SPDX-License-Identifier: EUPL-1.2
"""Build tiny register extracts in tests."""
from __future__ import annotations

import pandas as pd

from stellwerk.register.schema import COLUMNS

REFERENCE_YEAR = 2020


def person(pid: str, **fields: str) -> dict[str, str]:
    """A German-by-birth adult born in Germany, without links, unless fields say otherwise."""
    row = {column: "" for column in COLUMNS}
    row.update(person_id=pid, household_id=f"h{pid}", birth_year="1980", sex="w", area="101",
               citizenship_1="DEU", german_by="birth", birth_country="DEU")
    row.update(fields)
    return row


def extract(*rows: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=list(COLUMNS)).astype("string")

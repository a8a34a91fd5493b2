# SPDX-License-Identifier: EUPL-1.2
"""Statistical disclosure control for tables that leave Stellwerk.

:func:`protect` applies, in this order: primary and secondary suppression on
the true counts (flag ``s``), optional cell-key perturbation (flag ``u``) and
optional rounding to a base (flag ``g``). The true counts stay in
``cells["value"]``; what may be published is ``cells["published"]`` with
``cells["flag"]``. See docs/disclosure.md.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from stellwerk.disclosure.perturb import perturb, round_to_base
from stellwerk.disclosure.suppression import suppress
from stellwerk.disclosure.table import TOTAL, Hierarchy, Table, build_table

__all__ = ["protect", "Table", "Hierarchy", "build_table", "TOTAL", "SUPPRESSED", "ROUNDED", "PERTURBED"]

SUPPRESSED, ROUNDED, PERTURBED = "s", "g", "u"


def protect(
    tables: Sequence[Table],
    *,
    threshold: int = 3,
    round_base: int | None = None,
    cell_key: bool = False,
    audit: bool = True,
) -> list[Table]:
    """Fill ``published`` and ``flag`` of every cell; tables are protected together (shared cells)."""
    if threshold < 0:
        raise ValueError("threshold must not be negative")
    if round_base is not None and round_base < 2:
        raise ValueError("round_base must be at least 2")
    masks = suppress(tables, threshold, audit=audit) if threshold > 1 else [
        np.zeros(len(t.cells), dtype=bool) for t in tables
    ]
    for table, mask in zip(tables, masks):
        cells = table.cells
        values = cells["value"].to_numpy(dtype=np.int64)
        flags = np.full(len(cells), None, dtype=object)
        if cell_key:
            exempt = np.zeros(len(cells), dtype=bool)
            if table.official_dim:
                others = [d for d in table.dimensions if d != table.official_dim]
                exempt = np.all([cells[d].to_numpy() == TOTAL for d in others], axis=0) if others else ~exempt
            values, touched = perturb(values, cells["rkey"].to_numpy(), exempt)
            flags[touched] = PERTURBED
        if round_base:
            values, rounded = round_to_base(values, round_base)
            flags[rounded] = ROUNDED
        published = values.astype(object)
        published[mask] = None
        flags[mask] = SUPPRESSED
        cells["published"] = pd.Series(published, index=cells.index, dtype=object)
        cells["flag"] = pd.Series(flags, index=cells.index, dtype=object)
    return list(tables)

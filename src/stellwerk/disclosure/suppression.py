# SPDX-License-Identifier: EUPL-1.2
"""Primary and secondary cell suppression across linked tables.

1. Primary: every cell with ``0 < value < threshold`` is suppressed. Zeros are
   shown (a zero reveals nobody).
2. Secondary, heuristic: a line (a total and its children along one dimension
   and level) with exactly one suppressed cell would reveal it by subtraction,
   so the smallest other non-zero cell of that line is suppressed too. This
   repeats over all dimensions and levels, and across tables for logically
   identical cells, until nothing changes.
3. Audit and repair: the heuristic does not catch every pattern (a cell can be
   recovered from a combination of lines). :func:`stellwerk.disclosure.audit.recoverable`
   solves the linear system of all published cells; every recoverable cell gets
   one more suppression partner in one of its lines, and steps 2–3 repeat.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np

from stellwerk.disclosure.audit import identity_codes, recoverable
from stellwerk.disclosure.lines import Lines, lines
from stellwerk.disclosure.table import Table
from stellwerk.errors import StellwerkError

__all__ = ["primary", "secondary", "suppress", "DisclosureError"]

log = logging.getLogger(__name__)

MAX_ROUNDS = 15


class DisclosureError(StellwerkError):
    """A table cannot be protected by suppression (far too many small cells)."""

REPAIR_ROUNDS = 6


def primary(table: Table, threshold: int) -> np.ndarray:
    """Cells below the threshold (but not zero)."""
    value = table.cells["value"].to_numpy()
    return (value > 0) & (value < threshold)


def _partners(member: Lines, value: np.ndarray, suppressed: np.ndarray, wanted_lines: np.ndarray) -> np.ndarray:
    """For each wanted line, the smallest non-zero unsuppressed cell (children before the total)."""
    pick = wanted_lines[member.line] & ~suppressed[member.cell] & (value[member.cell] > 0)
    if not pick.any():
        return np.zeros(0, dtype=np.int64)
    cand_line = member.line[pick]
    cand_cell = member.cell[pick]
    order = np.lexsort((cand_cell, member.is_total[pick], value[cand_cell], cand_line))
    first = np.unique(cand_line[order], return_index=True)[1]
    return cand_cell[order][first]


def secondary(table: Table, suppressed: np.ndarray, member: Lines | None = None) -> np.ndarray:
    """No line with exactly one suppressed cell: the heuristic fixpoint for one table."""
    member = member or lines(table)
    value = table.cells["value"].to_numpy()
    suppressed = suppressed.copy()
    for _ in range(10_000):
        per_line = np.bincount(member.line, weights=suppressed[member.cell], minlength=member.count)
        single = per_line == 1
        if not single.any():
            break
        chosen = _partners(member, value, suppressed, single)
        if len(chosen) == 0 or suppressed[chosen].all():
            break
        suppressed[chosen] = True
    return suppressed


def _repair(member: Lines, value: np.ndarray, mask: np.ndarray, leak: np.ndarray) -> int:
    """Suppress one more open cell near each recoverable cell; returns how many were added.

    First the lines of the recoverable cells are searched; when all their non-zero cells are
    suppressed already, the search widens to the lines of every cell in those lines.
    """
    near = leak.copy()
    for _ in range(4):
        wanted = np.zeros(member.count, dtype=bool)
        wanted[member.line[near[member.cell]]] = True
        chosen = _partners(member, value, mask, wanted)
        if len(chosen):
            # One partner in every line of a recoverable cell: one partner alone rarely frees it.
            mask[chosen] = True
            return len(chosen)
        near = np.zeros(len(mask), dtype=bool)
        near[member.cell[wanted[member.line]]] = True
    return 0


def _sync(identities: Sequence[np.ndarray], masks: list[np.ndarray]) -> bool:
    """Suppress a cell in every table if it is suppressed in one; True if anything changed."""
    size = max(int(ident.max()) + 1 for ident in identities if len(ident))
    hidden = np.zeros(size, dtype=bool)
    for ident, mask in zip(identities, masks):
        hidden[ident[mask]] = True
    changed = False
    for ident, mask in zip(identities, masks):
        more = hidden[ident] & ~mask
        if more.any():
            mask |= more
            changed = True
    return changed


def _last_resort(member: Lines, mask: np.ndarray, leak: np.ndarray) -> int:
    """Suppress every cell, zeros included, of the lines around a recoverable cell.

    Starts with the cell's own lines and widens ring by ring (lines of the cells of those lines)
    until something new is suppressed.
    """
    near = leak.copy()
    for _ in range(8):
        wanted = np.zeros(member.count, dtype=bool)
        wanted[member.line[near[member.cell]]] = True
        cells = np.unique(member.cell[wanted[member.line]])
        added = int((~mask[cells]).sum())
        if added:
            mask[cells] = True
            return added
        near = np.zeros(len(mask), dtype=bool)
        near[cells] = True
    return 0


def suppress(tables: Sequence[Table], threshold: int = 3, *, audit: bool = True) -> list[np.ndarray]:
    """Masks of suppressed cells per table (primary, secondary, synchronised, audited).

    Repair rounds add partners next to recoverable cells. Published zeros can pin a value
    (a line "total = cell + 0 + 0"), so after ``REPAIR_ROUNDS`` the lines of cells that are
    still recoverable are suppressed whole, zeros included; this last resort is logged.
    """
    memberships = [lines(t) for t in tables]
    identities = identity_codes(tables)
    masks = [primary(t, threshold) for t in tables]
    for round_number in range(MAX_ROUNDS):
        while True:
            masks = [secondary(t, m, member) for t, m, member in zip(tables, masks, memberships)]
            if len(tables) < 2 or not _sync(identities, masks):
                break
        if not audit:
            break
        # A recoverable zero reveals nothing that the rules would not show anyway.
        leaks = [leak & (t.cells["value"].to_numpy() > 0)
                 for t, leak in zip(tables, recoverable(tables, masks, memberships, identities))]
        if not any(leak.any() for leak in leaks):
            break
        added = 0
        last_resort = round_number >= REPAIR_ROUNDS
        for table, mask, member, leak in zip(tables, masks, memberships, leaks):
            if not leak.any():
                continue
            if last_resort:
                added += _last_resort(member, mask, leak)
            else:
                added += _repair(member, table.cells["value"].to_numpy(), mask, leak)
        if last_resort:
            log.warning("suppression: %d recoverable cells; their lines suppressed whole (zeros included)",
                        sum(int(x.sum()) for x in leaks))
        if not added:
            raise DisclosureError("Die Tabelle lässt sich nicht sicher veröffentlichen; bitte gröber gliedern.")
        log.debug("suppression round %d: %d cells", round_number, sum(int(m.sum()) for m in masks))
    else:
        raise DisclosureError(
            "Die Geheimhaltung konvergiert nicht: zu viele kleine Felder. Bitte gröber gliedern "
            "(weniger Gebiete oder Merkmale) oder die Mindestfallzahl prüfen."
        )
    return masks

# SPDX-License-Identifier: EUPL-1.2
"""Which suppressed cells can be recovered from the published cells of a set of tables?

The unknowns are the suppressed cells (logically identical cells of different
tables are one unknown). Every line with a suppressed cell gives one equation
``sum(suppressed children) - suppressed total = published total - published
children``. A suppressed cell is recoverable exactly when every solution of
the homogeneous system ``A z = 0`` is zero in that cell (its unit vector lies in
the row space of ``A``). Because suppressed cells are positive, a non-zero
null-space direction can be followed a little way while staying non-negative,
so "not in the row space" also means "not pinned by x ≥ 0".

The null space is sampled without forming it: for random ``r``,
``z = ε (AᵀA + εI)⁻¹ r`` keeps the null-space part of ``r`` (factor 1) and damps
the row-space part by ``ε / (λ + ε)`` (λ ≥ the smallest non-zero eigenvalue of
AᵀA). With ε = 1e-10 the two are ten orders of magnitude apart; one sparse LU
factorisation serves all samples. Small systems use an exact SVD instead.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.linalg import null_space
from scipy.sparse.linalg import splu

from stellwerk.disclosure.lines import Lines, lines
from stellwerk.disclosure.table import Table

__all__ = ["recoverable", "DENSE_LIMIT", "identity_codes"]

log = logging.getLogger(__name__)

DENSE_LIMIT = 400
_EPSILON = 1e-10
_SAMPLES = 4
_TOLERANCE = 1e-6


def identity_codes(tables: Sequence[Table]) -> list[np.ndarray]:
    """Integer identity per cell, shared by logically identical cells of different tables."""
    identities = [t.identity().to_numpy(dtype=object) for t in tables]
    codes, _ = pd.factorize(np.concatenate(identities)) if identities else (np.zeros(0, dtype=np.int64), None)
    bounds = np.cumsum([0] + [len(i) for i in identities])
    return [codes[bounds[i]:bounds[i + 1]].astype(np.int64) for i in range(len(tables))]


def _system(suppressed: Sequence[np.ndarray], memberships: Sequence[Lines], identities: Sequence[np.ndarray]):
    """Sparse matrix (equations × unknowns) and, per table, each cell's unknown number (-1: published)."""
    hidden = np.unique(np.concatenate([ident[mask] for ident, mask in zip(identities, suppressed)]))
    rows, cols, data = [], [], []
    offset = 0
    unknown_of = []
    for ident, mask, member in zip(identities, suppressed, memberships):
        unknown = np.full(len(mask), -1, dtype=np.int64)
        unknown[mask] = np.searchsorted(hidden, ident[mask])
        unknown_of.append(unknown)
        hit = unknown[member.cell] >= 0
        rows.append(member.line[hit] + offset)
        cols.append(unknown[member.cell][hit])
        data.append(np.where(member.is_total[hit], -1.0, 1.0))
        offset += member.count
    matrix = sparse.csr_matrix(
        (np.concatenate(data), (np.concatenate(rows), np.concatenate(cols))), shape=(offset, len(hidden))
    )
    return matrix, unknown_of


def _determined(matrix: sparse.csr_matrix) -> np.ndarray:
    """Unknowns fixed by the equations."""
    n = matrix.shape[1]
    if n <= DENSE_LIMIT:
        used = matrix[np.asarray(matrix.getnnz(axis=1)).ravel() > 0].toarray()
        if used.shape[0] == 0:
            return np.zeros(n, dtype=bool)
        basis = null_space(used)
        if basis.size == 0:
            return np.ones(n, dtype=bool)
        return np.abs(basis).max(axis=1) < _TOLERANCE
    normal = (matrix.T @ matrix).tocsc() + _EPSILON * sparse.identity(n, format="csc")
    samples = np.random.default_rng(0).standard_normal((n, _SAMPLES))
    projected = _EPSILON * splu(normal).solve(samples)
    return np.abs(projected).max(axis=1) < _TOLERANCE


def recoverable(
    tables: Sequence[Table],
    suppressed: Sequence[np.ndarray],
    memberships: Sequence[Lines] | None = None,
    identities: Sequence[np.ndarray] | None = None,
) -> list[np.ndarray]:
    """Per table, a mask of suppressed cells that the published cells determine exactly."""
    memberships = list(memberships) if memberships is not None else [lines(t) for t in tables]
    identities = list(identities) if identities is not None else identity_codes(tables)
    result = [np.zeros(len(mask), dtype=bool) for mask in suppressed]
    if not any(mask.any() for mask in suppressed):
        return result
    matrix, unknown_of = _system(suppressed, memberships, identities)
    fixed = _determined(matrix)
    for unknown, out in zip(unknown_of, result):
        hit = unknown >= 0
        out[hit] = fixed[unknown[hit]]
    if fixed.any():
        log.info("audit: %d of %d suppressed cells recoverable", int(fixed.sum()), len(fixed))
    return result

# SPDX-License-Identifier: EUPL-1.2
"""Rounding to a base and cell-key perturbation of published counts.

Cell-key method (as in Zensus 2022, simplified): every person has a record key,
a 32-bit hash of the person id. A cell's key is the sum of its persons' record
keys modulo 2**32, scaled to [0, 1). The noise is read from a fixed
perturbation table with that key, so the same persons give the same noise in
every table. True zeros and the official population totals of the areas (all
other dimensions at "total") stay unchanged; no positive count becomes zero.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["record_keys", "cell_keys", "NOISE", "perturb", "round_to_base"]

#: Perturbation table: noise value → probability (symmetric, mean 0, max. deviation 2).
NOISE: dict[int, float] = {-2: 0.05, -1: 0.20, 0: 0.50, 1: 0.20, 2: 0.05}


def record_keys(person_ids: pd.Series) -> np.ndarray:
    """A stable 32-bit key per person (hash of the person id; the same id gives the same key)."""
    hashed = pd.util.hash_pandas_object(person_ids.astype(str), index=False, hash_key="stellwerk-ckm-v1")
    return (hashed.to_numpy(dtype=np.uint64) & np.uint64(0xFFFFFFFF)).astype(np.uint64)


def cell_keys(rkey_sums: np.ndarray) -> np.ndarray:
    """Cell keys in [0, 1) from the sums of record keys."""
    return (np.asarray(rkey_sums, dtype=np.uint64) & np.uint64(0xFFFFFFFF)).astype(np.float64) / 2.0**32


def perturb(values: np.ndarray, rkey_sums: np.ndarray, exempt: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Perturbed values and the mask of cells that went through perturbation."""
    noise_values = np.array(sorted(NOISE))
    cumulative = np.cumsum([NOISE[v] for v in noise_values])
    keys = cell_keys(rkey_sums)
    noise = noise_values[np.minimum(np.searchsorted(cumulative, keys, side="right"), len(noise_values) - 1)]
    values = np.asarray(values, dtype=np.int64)
    touched = (values > 0) & ~exempt
    result = np.where(touched, np.maximum(values + noise, 1), values)
    return result, touched


def round_to_base(values: np.ndarray, base: int) -> tuple[np.ndarray, np.ndarray]:
    """Round half up to a multiple of ``base``; returns values and the mask of rounded (non-zero) cells."""
    values = np.asarray(values, dtype=np.int64)
    rounded = ((values + base // 2) // base) * base if base % 2 else ((2 * values + base) // (2 * base)) * base
    return rounded, values != 0

# SPDX-License-Identifier: EUPL-1.2
"""Fast, vectorised access to the text columns of an extract (pyarrow compute underneath).

Extracts of millions of persons are held as Arrow-backed text columns; turning
them into Python objects would cost seconds, so comparisons, year parsing and
dictionary encoding go through these helpers.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["as_text", "equals", "within", "years", "encode"]


def as_text(values: pd.Series | np.ndarray) -> pd.Series:
    """A text column (Arrow-backed), empty string for missing."""
    series = values if isinstance(values, pd.Series) else pd.Series(values)
    return series.astype("string").fillna("")


def equals(series: pd.Series, value: str) -> np.ndarray:
    """Boolean mask ``series == value``."""
    return (series == value).to_numpy(dtype=bool, na_value=False)


def within(series: pd.Series, values) -> np.ndarray:
    """Boolean mask ``series in values``."""
    return series.isin(list(values)).to_numpy(dtype=bool, na_value=False)


def years(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Parse a year column: values (NaN where empty or unparseable) and the mask of unparseable cells."""
    array = pa.array(series.astype("string"), type=pa.large_string())
    empty = pc.equal(array, "")
    try:
        parsed = pc.cast(pc.if_else(empty, pa.scalar(None, pa.large_string()), array), pa.float64())
        values = parsed.to_numpy(zero_copy_only=False).astype(np.float64)
        bad = np.zeros(len(values), dtype=bool)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        numbers = pd.to_numeric(series, errors="coerce")
        values = numbers.to_numpy(dtype="float64", na_value=np.nan)
        bad = (~empty.to_numpy(zero_copy_only=False)) & np.isnan(values)
    fractional = ~np.isnan(values) & (values % 1 != 0)
    values[fractional] = np.nan
    return values, bad | fractional


def encode(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Dictionary-encode a column: integer codes and the distinct values (object array)."""
    codes, uniques = pd.factorize(series)
    return codes.astype(np.int64), np.asarray(uniques, dtype=object)

"""Typing at the boundary: values from Neo4j rows become plain pandas dtypes once, here."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd


def to_utc(values: Any) -> pd.Series:
    """Epoch milliseconds, Neo4j ``DateTime`` values or ISO strings (or None) as a tz-aware UTC Series.

    Queries return times as ``.epochMillis`` where there are many: the driver decodes temporal values slowly.
    """
    values = list(values)
    if all(v is None or isinstance(v, int) for v in values):
        # Integers only, converted where present: the nullable-float route multiplies NA fillers, which
        # overflows (and raises under numpy's errstate "raise", as pandas sets it in places).
        out = pd.Series(pd.NaT, index=range(len(values)), dtype="datetime64[ns, UTC]")
        present = [i for i, v in enumerate(values) if v is not None]
        if present:
            millis = np.array([values[i] for i in present], dtype=np.int64)
            out.iloc[present] = pd.to_datetime(millis, unit="ms", utc=True)
        return out
    native = [v.to_native() if hasattr(v, "to_native") else v for v in values]
    return pd.Series(pd.to_datetime(native, utc=True, format="ISO8601" if _all_str(native) else None))


def _all_str(values: list[Any]) -> bool:
    present = [v for v in values if v is not None]
    return bool(present) and all(isinstance(v, str) for v in present)


def to_number(values: Any) -> pd.Series:
    """Numbers (or None) as float64 with NaN for missing."""
    return pd.Series(pd.to_numeric(pd.Series(list(values), dtype=object), errors="coerce"), dtype="float64")


def to_int(values: Any) -> pd.Series:
    """Counts (or None) as nullable Int64."""
    return pd.Series(pd.to_numeric(pd.Series(list(values), dtype=object), errors="coerce")).astype("Int64")


def to_bool(values: Any) -> pd.Series:
    """Booleans (or None) as nullable boolean."""
    return pd.Series(list(values), dtype="boolean")


def to_str(values: Any) -> pd.Series:
    """Text (or None) as pandas' string dtype."""
    return pd.Series([None if v is None else str(v) for v in values], dtype="string")

"""What the writers share: time formatting and the per-file tally that goes into ``truth.json``."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv


def iso_ms(t: int) -> str:
    """Twitter API style: ``2022-10-05T12:00:00.000Z``."""
    return datetime.fromtimestamp(int(t), UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def iso_z(t: int) -> str:
    """``2022-10-05T12:00:00Z``."""
    return datetime.fromtimestamp(int(t), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def utc_times(t: np.ndarray) -> pd.Series:
    """Epoch seconds as a tz-aware UTC datetime column."""
    return pd.Series(pd.to_datetime(np.asarray(t, dtype=np.int64), unit="s", utc=True))


def ids(a: np.ndarray) -> np.ndarray:
    """Integer ids as strings (ids overflow float64, so they are never written as numbers to parse)."""
    return np.asarray(a, dtype=np.int64).astype(str).astype(object)


@dataclass
class Tally:
    """Rows written per file and records per type, for one format; becomes part of ``truth.json``."""

    files: dict[str, int] = field(default_factory=dict)
    records: dict[str, int] = field(default_factory=dict)

    def file(self, path: Path, root: Path, rows: int) -> None:
        self.files[path.relative_to(root).as_posix()] = rows

    def add(self, name: str, n: int) -> None:
        self.records[name] = self.records.get(name, 0) + int(n)


def write_csv_rows(path: Path, header: list[str], rows: Iterable[list[Any]]) -> int:
    """Write a CSV (RFC 4180 quoting, ``\\n`` line ends) and return the number of data rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        for row in rows:
            w.writerow(row)
            n += 1
    return n


def seconds_text(t: np.ndarray) -> np.ndarray:
    """Epoch seconds as ``2022-10-05T12:00:00Z`` strings, vectorised."""
    return np.datetime_as_string(np.asarray(t, dtype="datetime64[s]"), unit="s", timezone="UTC")


def write_frame_csv(path: Path, frame: pd.DataFrame) -> int:
    """Write ``frame`` as CSV: UTC times as ``...Z``, nulls empty, booleans ``true``/``false``.

    pyarrow's CSV writer rather than pandas': it is several times faster on millions of rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    cols = {}
    for name in frame.columns:
        col = frame[name]
        if isinstance(col.dtype, pd.DatetimeTZDtype):
            text = seconds_text(col.to_numpy(dtype="datetime64[s]")).astype(object)
            text[col.isna().to_numpy()] = None
            cols[name] = pa.array(text, type=pa.string())
        else:
            cols[name] = pa.array(col.to_numpy(), from_pandas=True)
    table = pa.table(cols)
    pacsv.write_csv(table, path, pacsv.WriteOptions(quoting_style="needed"))
    return len(frame)

"""Pickled pandas DataFrames as the scraper and the Danish 2022 study saved them, read by their columns.

Unpickling runs code, so nothing here is called unless the user passed ``--trust-pickles``; an untrusted
pickle is passed over with :data:`UNTRUSTED` as the reason. A trusted frame is read when its columns are
those of a format graphcli reads (Botometer v4 and Lite results, user look-ups, later tweet counts; the
scraper's final harvests are read by ``pull_folders``); any other pickle (delta logs, binary matrices,
bins, time series, feature frames) is passed over with a reason that names what it is.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graphcli.loaders import botometer, lookups
from graphcli.loaders.later_counts import LATER_COLUMNS, later_count_records
from graphcli.loaders.options import ReadOptions
from graphcli.model.records import Record, Reject, Row

PICKLE_SUFFIXES = (".pkl", ".pickle")
UNTRUSTED = "pickle file: rerun with --trust-pickles (unpickling runs code: only for your own files)"
_PICKLE_MAGIC = b"\x80"  # protocol 2 and later start with the PROTO opcode


def is_pickle(path: Path) -> bool:
    """True for a file named ``*.pkl``/``*.pickle`` or starting with a pickle protocol marker."""
    if not path.is_file():
        return False
    if path.suffix.lower() in PICKLE_SUFFIXES:
        return True
    try:
        with open(path, "rb") as handle:
            return handle.read(1) == _PICKLE_MAGIC
    except OSError:
        return False


def load(path: Path) -> Any:
    """The unpickled object; ValueError with the reason when it cannot be read. Only for trusted
    files."""
    import pandas as pd

    try:
        with warnings.catch_warnings():
            # Frames pickled under numpy 1.x (the study used pandas 1.5) name ``numpy.core``, which
            # numpy 2 still unpickles but warns about; the warning says nothing about the data.
            warnings.simplefilter("ignore", DeprecationWarning)
            return pd.read_pickle(path)
    except Exception as exc:  # a broken pickle can raise almost anything; it is one bad file
        raise ValueError(f"unreadable pickle ({type(exc).__name__}: {exc})") from None


def frame_rows(path: Path, frame: Any, options: ReadOptions) -> Iterator[Row | Reject] | None:
    """The rows of a DataFrame whose columns make it a Botometer, look-up or later-counts table, or
    None when it is none of those (see :func:`what_is`)."""
    import pandas as pd

    if not isinstance(frame, pd.DataFrame) or frame.empty:
        return None
    columns = [str(c) for c in frame.columns]
    if "binsize" in columns:
        return None
    platform = options.platform_or(botometer.PLATFORM)
    if botometer.is_score_table(columns):
        at = botometer.default_time(path, options)
        at.report(options)
        return _rows(path, frame, lambda f: botometer.score_records(f, platform, at.value))
    if "error_title" in columns and (frame.index.name == "username" or "username" in columns):
        checked = lookups.default_check_time(path, options)
        options.tell(f"{path.name}: rows carry no check time; checked_at = {checked.isoformat()}")
        return _rows(path, frame.reset_index(), lambda f: lookups.table_records(f, platform, checked))
    if set(LATER_COLUMNS) <= set(columns) and frame.index.name == "id":
        checked = lookups.default_check_time(path, options)
        options.tell(f"{path.name}: later counts carry no time; observed_at = {checked.isoformat()}")
        return _rows(path, frame.reset_index(), lambda f: later_count_records(f, platform, checked))
    return None


def what_is(frame: Any) -> str:
    """Why a trusted pickle is passed over: what it holds, in words."""
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        return f"a pickled {type(frame).__name__}, not a table graphcli reads (e.g. the study's bins)"
    if frame.empty:
        return "an empty DataFrame (a Botometer Lite run whose every batch failed leaves one)"
    columns = [str(c) for c in frame.columns]
    if "binsize" in columns:
        return "an analysis feature frame (bin sizes joined with look-ups and scores): load its sources"
    if "saved_at" in columns:
        return "a delta log of the live pull (its counts are in the snapshot CSVs)"
    if frame.index.name == "tweet":
        return "a binary matrix of tweets by users (an analysis step; the likes are in the pull)"
    shown = ", ".join(columns[:5]) + (", ..." if len(columns) > 5 else "")
    return f"a DataFrame graphcli does not read (columns {shown})"


def _rows(path: Path, frame: Any, convert: Any) -> Iterator[Row | Reject]:
    name = str(path)
    for number, values in enumerate(frame.to_dict("records"), start=1):
        fields = {str(k): v for k, v in values.items()}
        try:
            records: tuple[Record, ...] = convert(fields)
            yield Row(name, number, records)
        except ValueError as exc:
            yield Reject(name, number, str(exc), repr(fields)[:2000])

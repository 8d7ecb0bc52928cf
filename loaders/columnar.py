"""Reading tables a column at a time with pyarrow, for the readers that yield :class:`Block` s.

A reader converts whole columns here and vouches only for cells whose conversion is certain (a
plain ISO time, an epoch second, digits); anything else is marked doubtful and that row goes through
the reader's per-row converter, which gives the same record or the reject and its reason. So the
rules stay in the per-row converters, and these helpers only decide the common case faster.

A CSV file is read by pyarrow only when every data row sits on one line of its own (no line breaks
inside quoted fields), the file is valid UTF-8 and every row has the header's width: then row ``i``
is the ``i``-th non-blank line after the header, so line numbers and rejects' raw text are exact.
Otherwise the caller reads the file with the csv module, row by row, as before.
"""

from __future__ import annotations

import csv
import gzip
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from graphcli.loaders.textio import is_gzip
from graphcli.model.records import Block, Reject, Row

BLOCK_ROWS = 10_000  # input rows per block (the pipeline's batch size)

# Times pyarrow parses exactly as parse_time does: ISO 8601 with seconds (zone or none: naive is
# UTC), and whole epoch seconds.
_ISO_ZONED = re.compile(r"[1-9]\d{3}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})")
_ISO_NAIVE = re.compile(r"[1-9]\d{3}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d{1,6})?")
_EPOCH_SECONDS = re.compile(r"[+-]?\d{1,11}")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class CsvTable:
    """A CSV file read by pyarrow: its columns (header names stripped), and per data row its line
    number and raw text (with its line ending, as the row path keeps it)."""

    table: Any  # pyarrow.Table of strings
    lines: list[int]
    raw: list[bytes]

    def batches(self) -> Iterator[tuple[Any, list[int], list[bytes]]]:
        """(record batch, lines, raw) in slices of :data:`BLOCK_ROWS` rows."""
        for start in range(0, self.table.num_rows, BLOCK_ROWS):
            end = start + BLOCK_ROWS
            yield self.table.slice(start, BLOCK_ROWS), self.lines[start:end], self.raw[start:end]


def read_csv_table(path: Path) -> CsvTable | None:
    """The file as a table of strings, or None when it must be read row by row (see the module's
    docstring)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    opener: Callable[..., Any] = gzip.open if is_gzip(path) else open
    with opener(path, "rb") as handle:
        data: bytes = handle.read()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    physical = data.splitlines(keepends=True)
    if not physical or data.startswith((b"\n", b"\r")):
        return None
    if any(blank in data for blank in (b"\n\n", b"\r\r", b"\n\r\n", b"\r\n\r")):
        nonblank: Sequence[int] = [i for i, line in enumerate(physical) if line.strip(b"\r\n")]
    else:
        nonblank = range(len(physical))
    try:
        header = next(csv.reader([physical[0].decode("utf-8")]))
        names = [name.strip() for name in header]
        if len(set(names)) != len(names) or not all(names):
            return None
        table = pacsv.read_csv(
            pa.BufferReader(data),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError, StopIteration, csv.Error):
        return None
    # Each row takes at least one non-blank line and no two rows share one: when the counts agree,
    # row i is the i-th non-blank line (a quoted line break would make a row take two).
    rows = nonblank[1:]
    if table.num_rows != len(rows):
        return None
    return CsvTable(
        table, [i + 1 for i in rows], [physical[i] for i in rows] if isinstance(rows, list) else physical[1:]
    )


_CELL_SPACE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"  # what str.strip removes from an ASCII cell


def strings(column: Any) -> list[str | None]:
    """Cells stripped, empty as None (what ``textio.cell`` gives for a string). Arrow strips ASCII
    cells; a column with other cells is stripped by Python, whose idea of white space is wider."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if pc.all(pc.string_is_ascii(column)).as_py():
        trimmed = pc.utf8_trim(column, _CELL_SPACE)
        return pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, pa.string()), trimmed).to_pylist()
    return [None if v is None else (v.strip() or None) for v in column.to_pylist()]


def ids(values: list[str | None]) -> list[str | None]:
    """Ids as ``textio.to_id`` gives them from stripped strings (pandas' ``123.0`` becomes ``123``)."""
    if not any(v is not None and v[-2:] == ".0" for v in values):
        return values
    return [v[:-2] if v is not None and v.endswith(".0") and v[:-2].isdigit() else v for v in values]


def times(
    column: Any, doubtful: set[int], fallback: Callable[[str], datetime | None]
) -> list[datetime | None]:
    """A string column's cells as UTC datetimes: ISO 8601 and whole epoch seconds converted by pyarrow;
    every other non-empty cell by ``fallback`` (the per-row converter's), and a cell it refuses
    (ValueError) adds its row to ``doubtful`` (value None)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    trimmed = pc.utf8_trim(column, _CELL_SPACE)
    micro = pa.timestamp("us", "UTC")
    parsed = pa.nulls(len(column), micro)
    for pattern, convert in (
        (_ISO_ZONED, lambda a: pc.cast(a, micro)),
        (_ISO_NAIVE, lambda a: pc.cast(pc.cast(a, pa.timestamp("us")), micro)),
        (_EPOCH_SECONDS, lambda a: pc.cast(pc.multiply(pc.cast(a, pa.int64()), 1_000_000), micro)),
    ):
        matches = pc.match_substring_regex(trimmed, f"^(?:{pattern.pattern})$")
        if not pc.any(matches).as_py():
            continue
        try:
            stamps = convert(pc.if_else(matches, trimmed, pa.scalar(None, pa.string())))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # out of range, Feb 30...: per cell
            continue
        parsed = pc.coalesce(parsed, stamps)
    out = instants(parsed)
    left = pc.and_(pc.is_null(parsed), pc.not_equal(trimmed, ""))
    for i in pc.indices_nonzero(left).to_pylist():
        value = column[i].as_py().strip()
        if not value:
            continue
        try:
            out[i] = fallback(value)
        except ValueError:
            doubtful.add(i)
    return out


def instants(column: Any) -> list[datetime | None]:
    """A timestamp column (seconds to microseconds; naive is UTC) as UTC datetimes. Made from the
    integers: pyarrow's own conversion with a time zone is 5x slower."""
    import pyarrow as pa
    import pyarrow.compute as pc

    micros = pc.cast(pc.cast(column, pa.timestamp("us", column.type.tz)), pa.int64()).to_pylist()
    return [None if v is None else _EPOCH + timedelta(microseconds=v) for v in micros]


def integers(
    values: list[str | None], doubtful: set[int], fallback: Callable[[str], int | None]
) -> list[int | None]:
    """Stripped string cells as integers: digits directly, anything else by ``fallback`` (ValueError:
    the row is doubtful)."""
    out: list[int | None] = []
    for i, v in enumerate(values):
        if v is None:
            out.append(None)
        elif v.isdigit() and v.isascii() and len(v) < 19:
            out.append(int(v))
        else:
            try:
                number = fallback(v)
            except ValueError:
                doubtful.add(i)
                number = None
            out.append(number)
    return out


def as_rows(items: Iterable[Row | Reject | Block]) -> Iterator[Row | Reject]:
    """``items`` with each block replaced by its rows: what the row path reads."""
    for item in items:
        if isinstance(item, Block):
            yield from item.rows()
        else:
            yield item


def convert_one(
    name: str, batch: Any, i: int, line: int, raw: bytes, convert: Callable[[dict[str, Any]], tuple[Any, ...]]
) -> Row | Reject:
    """Row ``i`` of a CSV batch through the reader's per-row converter, as ``textio.convert_rows``
    does it: its records, or a Reject with the converter's reason and the row's raw text."""
    fields = {column: values[0] for column, values in batch.slice(i, 1).to_pydict().items()}
    try:
        return Row(name, line, convert(fields))
    except ValueError as exc:
        return Reject(name, line, str(exc), raw.decode("utf-8"))


def runs(size: int, doubtful: set[int]) -> Iterator[tuple[int, int, bool]]:
    """(start, end, doubtful) for the runs of rows ``0..size`` that are all doubtful or all not."""
    if not doubtful:
        if size:
            yield 0, size, False
        return
    start = 0
    while start < size:
        bad = start in doubtful
        end = start + 1
        while end < size and (end in doubtful) == bad:
            end += 1
        yield start, end, bad
        start = end

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
from dataclasses import MISSING, dataclass, field, fields
from datetime import UTC, datetime, timedelta
from operator import attrgetter
from pathlib import Path
from typing import Any

from graphcli.loaders.textio import csv_header, is_gzip, to_int
from graphcli.model.normalize import ZONE_OFFSETS_HOURS
from graphcli.model.records import Account, Block, Blocks, Engagement, Post, Reject, Row, Share

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
        if len(set(names)) != len(names):  # one may be empty (pandas' index column)
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
    if ".0\x00" not in "\x00".join(filter(None, values)) + "\x00":  # no value ends in .0 (one C pass)
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
    parsed = pc.coalesce(parsed, _zone_abbreviated(trimmed))
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


# ``2022-10-05 00:00:28 UTC``, as CrowdTangle writes times: parse_time's last form, a plain ISO time
# and a zone abbreviation it knows (by its offset).
_ZONES = sorted(ZONE_OFFSETS_HOURS, key=len, reverse=True)
_ISO_ABBREVIATED = (
    r"^(?P<head>[1-9]\d{3}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?) (?P<zone>(?i:"
    + "|".join(_ZONES)
    + "))$"
)


def _zone_abbreviated(trimmed: Any) -> Any:
    """The cells in the ``YYYY-MM-DD hh:mm:ss ZONE`` form as UTC timestamps (null elsewhere)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    micro = pa.timestamp("us", "UTC")
    matches = pc.match_substring_regex(trimmed, _ISO_ABBREVIATED)
    if not pc.any(matches).as_py():
        return pa.nulls(len(trimmed), micro)
    parts = pc.extract_regex(pc.if_else(matches, trimmed, pa.scalar(None, pa.string())), _ISO_ABBREVIATED)
    try:
        naive = pc.cast(pc.cast(pc.struct_field(parts, [0]), pa.timestamp("us")), pa.int64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # Feb 30...: per cell
        return pa.nulls(len(trimmed), micro)
    zones = pc.utf8_upper(pc.struct_field(parts, [1]))
    hours = pc.take(
        pa.array([ZONE_OFFSETS_HOURS[z] for z in _ZONES], pa.int64()),
        pc.index_in(zones, value_set=pa.array(_ZONES)),
    )
    return pc.cast(pc.subtract(naive, pc.multiply(hours, 3_600_000_000)), micro)


def instants(column: Any) -> list[datetime | None]:
    """A timestamp column (seconds to microseconds; naive is UTC) as UTC datetimes. Made from the
    integers: pyarrow's own conversion with a time zone is 5x slower."""
    import pyarrow as pa
    import pyarrow.compute as pc

    micros = pc.cast(pc.cast(column, pa.timestamp("us", column.type.tz)), pa.int64())
    distinct = pc.unique(micros)
    if len(distinct) * 2 > len(micros):
        return [None if v is None else _EPOCH + timedelta(microseconds=v) for v in micros.to_pylist()]
    # Times repeat (a file's observation time...): one datetime per distinct value.
    made = [None if v is None else _EPOCH + timedelta(microseconds=v) for v in distinct.to_pylist()]
    return [made[i] for i in pc.index_in(micros, value_set=distinct, skip_nulls=False).to_pylist()]


def integer_column(
    column: Any, doubtful: set[int], fallback: Callable[[str], int | None]
) -> list[int | None]:
    """A string column's cells as :func:`integers` gives them; a column of plain digits (and empty
    cells) converted by Arrow in one step."""
    import pyarrow as pa
    import pyarrow.compute as pc

    trimmed = pc.utf8_trim(column, _CELL_SPACE)
    empty = pc.equal(trimmed, "")
    if pc.all(pc.or_(empty, pc.match_substring_regex(trimmed, "^[0-9]{1,18}$"))).as_py():
        cells = pc.if_else(empty, pa.scalar(None, pa.string()), trimmed)
        out: list[int | None] = pc.cast(cells, pa.int64()).to_pylist()
        return out
    return integers(strings(column), doubtful, fallback)


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
        elif v[-2:] == ".0" and v[:-2].isdigit() and v.isascii() and len(v) < 21:  # pandas' 12.0
            out.append(int(v[:-2]))
        else:
            try:
                number = fallback(v)
            except ValueError:
                doubtful.add(i)
                number = None
            out.append(number)
    return out


def as_rows(items: Iterable[Row | Reject | Block | Blocks]) -> Iterator[Row | Reject]:
    """``items`` with each block (or group of blocks) replaced by its rows: what the row path reads."""
    for item in items:
        if isinstance(item, Block | Blocks):
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


def column_of(batch: Any, name: str) -> list[str | None]:
    """A string column's cells stripped (empty as None); all None when the batch has no such column."""
    if name not in batch.schema.names:
        return [None] * batch.num_rows
    return strings(batch.column(name))


def block_of(name: str, kind: type, values: list[tuple[Any, ...]], lines: list[int]) -> Block:
    """A block of ``kind`` from its records' field values (one tuple a record, in field order)."""
    width = len(fields(kind))
    columns = tuple(map(list, zip(*values, strict=True))) if values else tuple([] for _ in range(width))
    return Block(name, kind, columns, lines)


def header_checked(rows: Iterator[Row | Reject]) -> None:
    """Run a row reader's checks of the file (its header, its columns), which raise before its first
    row, and close it: a columnar reader's checks stay the row reader's."""
    next(rows, None)
    getattr(rows, "close", lambda: None)()


def shape_runs(start: int, end: int, shapes: Sequence[object]) -> Iterator[tuple[int, int]]:
    """(i, j) for the runs of rows ``start..end`` whose ``shapes`` are equal (a reader groups rows of
    one shape only: an account named by id, or by name only, say)."""
    i = start
    while i < end:
        j = i + 1
        while j < end and shapes[j] == shapes[i]:
            j += 1
        yield i, j
        i = j


def count_cells(values: list[str | None], doubtful: set[int], column: str) -> list[int | None]:
    """:func:`integers` with ``to_int`` naming ``column`` as the fallback."""
    return integers(values, doubtful, lambda v: to_int(v, column))


def csv_by_column(path: Path, rows: Iterator[Row | Reject]) -> CsvTable | None:
    """A CSV file as a table for a columnar reader, after its row reader ``rows`` checked the file
    (then closed); None when it must be read row by row (``rows`` is left as it was)."""
    header = csv_header(path) if path.suffix.lower() == ".csv" else []
    table = read_csv_table(path) if header else None
    if table is None or table.table.column_names != header:
        return None
    header_checked(rows)
    return table


Item = Row | Reject | Block | Blocks


def by_runs(
    name: str,
    batch: Any,
    lines: list[int],
    raw: list[bytes],
    doubtful: set[int],
    convert: Callable[[dict[str, Any]], tuple[Any, ...]],
    good: Callable[[int, int], Iterator[Item]],
) -> Iterator[Item]:
    """The rows of a batch: runs of rows that are not doubtful as ``good(start, end)`` gives them,
    each doubtful row through the reader's per-row ``convert`` (its records, or its reject)."""
    for start, end, bad in runs(batch.num_rows, doubtful):
        if not bad:
            yield from good(start, end)
            continue
        for i in range(start, end):
            yield convert_one(name, batch, i, lines[i], raw[i], convert)


_SHARE_VALUES = attrgetter(*(f.name for f in fields(Share)))


def values_of(kind: type, **given: Any) -> tuple[Any, ...]:
    """A record's field values in field order: those given, the defaults for the others."""
    return tuple(given.get(f.name, None if f.default is MISSING else f.default) for f in fields(kind))


@dataclass
class PostRows:
    """The Account, Post and Shares of each row of a run of export rows (CrowdTangle, the Meta
    Content Library), as field values, then as one group of blocks."""

    name: str
    keep_text: bool
    accounts: list[tuple[Any, ...]] = field(default_factory=list)
    posts: list[tuple[Any, ...]] = field(default_factory=list)
    shares: list[tuple[Any, ...]] = field(default_factory=list)
    share_lines: list[int] = field(default_factory=list)

    def add(
        self,
        line: int,
        account: dict[str, Any],
        post: dict[str, Any],
        content: dict[str, Any],
        more: Iterable[tuple[Any, ...]] = (),
    ) -> None:
        """One row's records: its Account's and its Post's fields, the shares of its ``content``
        (``content_shares``' keywords) and ``more`` shares' field values."""
        from graphcli.loaders.shares import content_shares

        self.accounts.append(values_of(Account, **account))
        self.posts.append(values_of(Post, **post))
        platform, author, post_id, at = post["platform"], post["author_id"], post["id"], post["created_at"]
        for share in content_shares(platform, author, post_id, at, keep_text=self.keep_text, **content):
            self.shares.append(_SHARE_VALUES(share))
            self.share_lines.append(line)
        for values in more:
            self.shares.append(values)
            self.share_lines.append(line)

    def group(self, lines: list[int]) -> Blocks:
        """The group of blocks; ``lines`` are the rows' lines."""
        blocks = [
            block_of(self.name, Account, self.accounts, lines),
            block_of(self.name, Post, self.posts, lines),
        ]
        if self.shares:
            blocks.append(block_of(self.name, Share, self.shares, self.share_lines))
        return Blocks(self.name, tuple(blocks))


def read_by_column(
    path: Path, rows: Iterator[Row | Reject], groups: Callable[[Any, list[int], list[bytes]], Iterator[Item]]
) -> Iterator[Item]:
    """A CSV file's rows as ``groups(batch, lines, raw)`` gives them batch by batch, or as its row
    reader ``rows`` gives them when it must be read row by row (see :func:`csv_by_column`)."""
    table = csv_by_column(path, rows)
    if table is None:
        yield from rows
        return
    for batch, lines, raw in table.batches():
        yield from groups(batch, lines, raw)


_VALUES: dict[type, Callable[[Any], tuple[Any, ...]]] = {
    kind: attrgetter(*(f.name for f in fields(kind))) for kind in (Account, Post, Share, Engagement)
}


def grouped(row: Row) -> Blocks:
    """A row whose records come type by type as a group of blocks, one per type (see ``Blocks``)."""
    blocks: list[Block] = []
    start = 0
    records = row.records
    while start < len(records):
        kind = type(records[start])
        end = start + 1
        while end < len(records) and type(records[end]) is kind:
            end += 1
        values = _VALUES.get(kind) or attrgetter(*(f.name for f in fields(kind)))
        blocks.append(
            block_of(row.file, kind, [values(rec) for rec in records[start:end]], [row.line] * (end - start))
        )
        start = end
    return Blocks(row.file, tuple(blocks))

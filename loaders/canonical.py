"""CSV and Parquet files of the canonical tables, for any source without its own loader.

The file name says the table (``accounts``, ``posts``, ``likes``, ``retweets``, ``shares``, ``bot_scores``,
``statuses``, optionally followed by ``_``, ``-`` or ``.`` and more, e.g. ``likes-2024.parquet``) and
the columns are the fields of the record types in ``graphcli.model.records`` (docs/formats.md lists
them). Unknown columns are ignored, except in ``bot_scores`` where every other column is a score.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from graphcli.loaders.columnar import (
    BLOCK_ROWS,
    as_rows,
    convert_one,
    ids,
    instants,
    integer_column,
    read_csv_table,
    runs,
    strings,
    times,
)
from graphcli.loaders.options import ReadOptions
from graphcli.loaders.textio import (
    INT64_MAX,
    cell,
    check_columns,
    convert_rows,
    csv_header,
    read_csv,
    to_bool,
    to_float,
    to_id,
    to_int,
    to_time,
)
from graphcli.model.errors import InputError
from graphcli.model.normalize import parse_time
from graphcli.model.records import (
    SHARE_KINDS,
    Account,
    AccountStatus,
    Block,
    BotScore,
    Engagement,
    Post,
    Record,
    Reject,
    Row,
    Share,
)

NAME = "canonical"
SNIFF_RULE = "a .csv or .parquet file named after a canonical table (accounts, posts, likes, ...)"

TABLES: dict[str, type] = {
    "accounts": Account,
    "posts": Post,
    "likes": Engagement,
    "retweets": Engagement,
    "shares": Share,
    "bot_scores": BotScore,
    "statuses": AccountStatus,
}
# Columns that must be non-empty in every row, and sets of which one must be.
REQUIRED: dict[str, tuple[str, ...]] = {
    "accounts": (),
    "posts": ("id",),
    "likes": ("post_id",),
    "retweets": ("post_id",),
    "shares": ("account_id", "kind", "key", "at", "post_id"),
    "bot_scores": ("version",),
    "statuses": ("status",),
}
ONE_OF: dict[str, tuple[str, ...]] = {
    "accounts": ("id", "screen_name"),
    "likes": ("account_id", "screen_name"),
    "retweets": ("account_id", "screen_name"),
    "bot_scores": ("account_id", "screen_name"),
    "statuses": ("account_id", "screen_name"),
}
TIME_FIELDS = {"created_at", "observed_at", "at", "scored_at", "checked_at"}
INT_FIELDS = {
    "followers_count",
    "following_count",
    "tweet_count",
    "listed_count",
    "like_count",
    "retweet_count",
    "reply_count",
    "quote_count",
    "share_count",
    "comment_count",
}
BOOL_FIELDS = {"protected", "verified"}
ID_FIELDS = {"id", "account_id", "post_id", "author_id", "tweet_id"}
ALLOWED: dict[str, tuple[str, ...]] = {
    "kind": SHARE_KINDS,
    "version": ("v4", "lite"),
    "status": ("active", "not_found", "suspended", "protected", "unknown"),
    "availability": ("deleted", "unknown"),
}


def table_of(path: Path) -> str | None:
    """The canonical table a file name stands for, or None."""
    stem = path.name.lower().removesuffix(".parquet").removesuffix(".csv")
    for table in TABLES:
        if stem == table or stem.startswith((f"{table}_", f"{table}-", f"{table}.")):
            return table
    return None


def sniff(path: Path) -> bool:
    """True for a .csv or .parquet file whose name starts with a canonical table's name."""
    return path.suffix.lower() in (".csv", ".parquet") and table_of(path) is not None


def read(path: Path, options: ReadOptions) -> Iterator[Row | Reject]:
    """A Row with one record per table row. For Parquet files ``line`` is the 1-based row number."""
    return as_rows(_read(path, options, blocks=False))


def read_blocks(path: Path, options: ReadOptions) -> Iterator[Row | Reject | Block]:
    """What :func:`read` gives, as blocks of records read a column at a time, with a Row or Reject
    for each row the columns could not vouch for (see ``loaders.columnar``)."""
    return _read(path, options, blocks=True)


def _read(path: Path, options: ReadOptions, blocks: bool) -> Iterator[Row | Reject | Block]:
    table = table_of(path)
    if table is None:
        raise InputError(
            f"{path}: the file name names no canonical table",
            hint=f"start it with one of {', '.join(TABLES)}",
        )
    if path.suffix.lower() == ".parquet":
        yield from _read_parquet(path, table, options)
        return
    header = csv_header(path)
    _check(path, table, header, options)
    by_column = _read_csv_by_column(path, table, header, options) if blocks else None
    if by_column is not None:
        yield from by_column
        return
    yield from convert_rows(path, read_csv(path), _converter(table, header, options))


def _check(path: Path, table: str, header: list[str], options: ReadOptions) -> None:
    if not header:
        raise InputError(f"{path}: empty file, no header", hint="is this the right file?")
    required = list(REQUIRED[table]) + ([] if options.platform else ["platform"])
    check_columns(path, header, required, ONE_OF.get(table, ()))


def _converter(
    table: str, columns: Iterable[str], options: ReadOptions
) -> Callable[[dict[str, Any]], tuple[Record]]:
    cls = TABLES[table]
    names = {f.name for f in dataclasses.fields(cls)}
    score_columns = [c for c in columns if c not in names and c != "kind"] if table == "bot_scores" else []

    def convert(row: dict[str, Any]) -> tuple[Record]:
        values: dict[str, Any] = {}
        for name in names - {"scores", "kind" if table in ("likes", "retweets") else ""}:
            if name in row:
                values[name] = _value(name, row[name])
        if table in ("likes", "retweets"):
            values["kind"] = "like" if table == "likes" else "retweet"
        values["platform"] = values.get("platform") or options.platform
        if "text" in values and not options.keep_text:
            values["text"] = None  # original texts are kept only when asked for
        for name in (*REQUIRED[table], "platform"):
            if values.get(name) is None:
                raise ValueError(f"empty {name}")
        one_of = ONE_OF.get(table, ())
        if one_of and all(values.get(name) is None for name in one_of):
            raise ValueError(f"needs one of {', '.join(one_of)}")
        if table == "bot_scores":
            scores = {c: to_float(row.get(c), c) for c in score_columns}
            values["scores"] = {c: v for c, v in scores.items() if v is not None}
        for field in dataclasses.fields(cls):  # nullable fields without a default
            if field.name not in values and field.default is dataclasses.MISSING and field.name != "scores":
                values[field.name] = None
            elif values.get(field.name) is None and isinstance(field.default, str):
                values[field.name] = field.default
        return (cls(**values),)

    return convert


def _value(name: str, raw: Any) -> Any:
    if name in TIME_FIELDS:
        return to_time(raw, name)
    if name in INT_FIELDS:
        return to_int(raw, name)
    if name in BOOL_FIELDS:
        return to_bool(raw, name)
    if name in ID_FIELDS:
        return to_id(raw)
    value = cell(raw)
    if value is not None and name in ALLOWED and value not in ALLOWED[name]:
        raise ValueError(f"bad {name} {value!r} (one of {', '.join(ALLOWED[name])})")
    return value


def _read_parquet(path: Path, table: str, options: ReadOptions) -> Iterator[Row | Reject | Block]:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several error types for a file that is not Parquet
        raise InputError(f"{path}: not a readable Parquet file ({exc})") from None
    columns = list(parquet.schema_arrow.names)
    _check(path, table, columns, options)
    convert = _converter(table, columns, options)
    number = 0
    batches = parquet.iter_batches(batch_size=BLOCK_ROWS)
    while True:
        try:
            batch = next(batches)
        except StopIteration:
            return
        except Exception as exc:  # pyarrow raises OSError, ArrowInvalid... for a corrupt page
            # The rest of the file cannot be read: one reject says so and the load goes on.
            left = parquet.metadata.num_rows - number
            reason = f"unreadable Parquet data: {left:,} row(s) from row {number + 1} on lost ({exc})"
            yield Reject(str(path), number + 1, reason, "")
            return
        if table == "bot_scores":  # a few rows per account, each with dozens of score columns
            yield from _rows_one_by_one(str(path), batch.to_pylist(), number, convert)
        else:
            lines = list(range(number + 1, number + batch.num_rows + 1))
            yield from _rows_by_column(str(path), batch, lines, None, table, convert, options)
        number += batch.num_rows


def _read_csv_by_column(
    path: Path, table: str, header: list[str], options: ReadOptions
) -> Iterator[Row | Reject | Block] | None:
    """The rows of a CSV file read by pyarrow (see ``columnar``), or None to read it row by row."""
    if table == "bot_scores":
        return None
    read = read_csv_table(path)
    if read is None or read.table.column_names != header:
        return None
    convert = _converter(table, header, options)

    def items() -> Iterator[Row | Reject | Block]:
        for batch, lines, raw in read.batches():
            yield from _rows_by_column(str(path), batch, lines, raw, table, convert, options)

    return items()


def _rows_one_by_one(
    name: str, rows: list[dict[str, Any]], before: int, convert: Callable[[dict[str, Any]], tuple[Record]]
) -> Iterator[Row | Reject]:
    for number, row in enumerate(rows, start=before + 1):
        try:
            yield Row(name, number, convert(row))
        except ValueError as exc:
            yield Reject(name, number, str(exc), repr(row)[:2000])


def _rows_by_column(
    name: str,
    batch: Any,
    lines: list[int],
    raw: list[bytes] | None,
    table: str,
    convert: Callable[[dict[str, Any]], tuple[Record]],
    options: ReadOptions,
) -> Iterator[Row | Reject | Block]:
    """The rows of one batch (Parquet, or a CSV read by pyarrow), converted a column at a time into
    blocks (the per-row converter costs about 35 us a row, most of a load's client time). A row this
    cannot vouch for (an empty required value, a value outside its allowed set, a cell its column's
    converter refuses) goes through the per-row converter instead, which gives the same record or the
    reject with its reason: one set of rules, and ``tests/loaders/test_canonical.py`` checks that
    both paths agree. ``raw`` is the CSV rows' text (a reject's raw), None for Parquet."""
    cls = TABLES[table]
    size = batch.num_rows
    present = set(batch.schema.names)
    doubtful: set[int] = set()
    per_field: list[list[Any]] = []  # the values of each record field, in the dataclass's order
    for field in dataclasses.fields(cls):
        if field.name == "kind" and table in ("likes", "retweets"):
            per_field.append(["like" if table == "likes" else "retweet"] * size)
        elif field.name not in present or (field.name == "text" and not options.keep_text):
            default = field.default if isinstance(field.default, str) else None
            per_field.append([options.platform if field.name == "platform" else default] * size)
        else:
            values = _column_values(field.name, batch.column(field.name), doubtful)
            if field.name == "platform" and options.platform:
                values = [v or options.platform for v in values]
            elif isinstance(field.default, str):
                values = [field.default if v is None else v for v in values]
            per_field.append(values)
    index = _FIELD_INDEX[cls]
    for required in (*REQUIRED[table], "platform"):
        values = per_field[index[required]]
        if None in values:
            doubtful.update(i for i, v in enumerate(values) if v is None)
    one_of = [per_field[index[n]] for n in ONE_OF.get(table, ())]
    if one_of and all(None in values for values in one_of):
        doubtful.update(i for i, refs in enumerate(zip(*one_of, strict=True)) if all(r is None for r in refs))
    for start, end, bad in runs(size, doubtful):
        if not bad:
            yield Block(name, cls, tuple(values[start:end] for values in per_field), lines[start:end])
            continue
        for i in range(start, end):
            if raw is None:
                yield from _rows_one_by_one(name, batch.slice(i, 1).to_pylist(), lines[i] - 1, convert)
                continue
            yield convert_one(name, batch, i, lines[i], raw[i], convert)


_FIELD_INDEX = {cls: {f.name: i for i, f in enumerate(dataclasses.fields(cls))} for cls in TABLES.values()}


def _column_values(name: str, column: Any, doubtful: set[int]) -> list[Any]:
    """One column's cells converted as :func:`_value` does; rows whose cell it refuses are added to
    ``doubtful`` (their value here is None). Columns of the expected Arrow type take a shortcut with
    the same result (strings stripped, empty as None; ids without pandas' ``.0``; times in UTC)."""
    import pyarrow as pa

    kind = column.type
    plain = name not in TIME_FIELDS | INT_FIELDS | BOOL_FIELDS
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        if name in TIME_FIELDS:
            out: list[Any] = times(column, doubtful, lambda v: _value(name, v))
        elif name in INT_FIELDS:
            out = integer_column(column, doubtful, lambda v: _value(name, v))
        elif plain:
            out = strings(column)
            if name in ID_FIELDS:
                out = ids(out)
        else:
            out = _cell_by_cell(name, column.to_pylist(), doubtful)
    elif pa.types.is_timestamp(kind) and name in TIME_FIELDS:
        out = (
            instants(column)
            if kind.unit != "ns"
            else [None if v is None else parse_time(v) for v in column.to_pylist()]
        )
    elif pa.types.is_integer(kind) and name in INT_FIELDS:
        out = raw = column.to_pylist()
        if kind == pa.uint64():  # the only integer type that can exceed what Neo4j stores
            doubtful.update(i for i, v in enumerate(raw) if v is not None and v > INT64_MAX)
            out = [None if v is not None and v > INT64_MAX else v for v in raw]
    elif pa.types.is_boolean(kind) and name in BOOL_FIELDS:
        out = column.to_pylist()
    else:
        out = _cell_by_cell(name, column.to_pylist(), doubtful)
    allowed = ALLOWED.get(name)
    if allowed is not None:
        doubtful.update(i for i, v in enumerate(out) if v is not None and v not in allowed)
    return out


def _cell_by_cell(name: str, raw: list[Any], doubtful: set[int]) -> list[Any]:
    out = []
    for i, value in enumerate(raw):
        try:
            out.append(None if value is None else _value(name, value))
        except ValueError:
            doubtful.add(i)
            out.append(None)
    return out

"""CSV and Parquet files of the canonical tables, for any source without its own loader.

The file name says the table (``accounts``, ``posts``, ``likes``, ``retweets``, ``shares``, ``bot_scores``,
``statuses``, optionally followed by ``_``, ``-`` or ``.`` and more, e.g. ``likes-2024.parquet``) and
the columns are the fields of the record types in ``graphcli.loaders.records`` (docs/formats.md lists
them). Unknown columns are ignored, except in ``bot_scores`` where every other column is a score.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from graphcli.errors import InputError
from graphcli.loaders.options import ReadOptions
from graphcli.loaders.records import (
    SHARE_KINDS,
    Account,
    AccountStatus,
    BotScore,
    Engagement,
    Post,
    Record,
    Reject,
    Row,
    Share,
)
from graphcli.loaders.textio import (
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


def _read_parquet(path: Path, table: str, options: ReadOptions) -> Iterator[Row | Reject]:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several error types for a file that is not Parquet
        raise InputError(f"{path}: not a readable Parquet file ({exc})") from None
    columns = list(parquet.schema_arrow.names)
    _check(path, table, columns, options)
    convert = _converter(table, columns, options)
    number = 0
    for batch in parquet.iter_batches(batch_size=10_000):
        for row in batch.to_pylist():
            number += 1
            try:
                yield Row(str(path), number, convert(row))
            except ValueError as exc:
                yield Reject(str(path), number, str(exc), repr(row)[:2000])

"""Share tables: who shared what, when, already reduced to one row per share.

Two forms are read:
- the 4-column form ``object_id, account_id, content_id, timestamp_share`` used by coordination tools
  (one kind of object per file; the kind comes from ``ReadOptions.share_kind``);
- the wide multi-modal form ``account_id, post_id, timestamp`` (epoch seconds) plus any of ``url_id``,
  ``domain_id``, ``hashtag_id``, ``phash_id`` (kinds link, domain, hashtag, image_hash).
Accounts are keyed under ``ReadOptions.platform``; by default ``facebook``, except a 4-column table of
``retweet`` shares, which can only come from Twitter. A table with a ``platform`` column (a mixed
Facebook/Twitter table) keys each row under its own platform; an empty cell falls back to the above.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from graphcli.loaders.columnar import convert_one, ids, read_csv_table, runs, strings, times
from graphcli.loaders.options import ReadOptions
from graphcli.loaders.shares import object_key
from graphcli.loaders.textio import cell, convert_rows, csv_header, read_csv, to_id, to_time
from graphcli.model.errors import InputError
from graphcli.model.records import SHARE_KINDS, Block, Record, Reject, Row, Share, ShareKind

NAME = "share-tables"
SNIFF_RULE = (
    "a CSV with object_id, account_id, content_id, timestamp_share, or account_id, post_id, timestamp, *_id"
)
PLATFORM = "facebook"
RETWEET_PLATFORM = "twitter"

NARROW = ("object_id", "account_id", "content_id", "timestamp_share")
WIDE = ("account_id", "post_id", "timestamp")
WIDE_KINDS: dict[str, ShareKind] = {
    "url_id": "link",
    "domain_id": "domain",
    "hashtag_id": "hashtag",
    "phash_id": "image_hash",
}
_KEEP_TEXT_KINDS = ("link", "message", "image_text")
PLATFORM_COLUMN = "platform"
_PLATFORM_NAME = re.compile(r"[a-z][a-z0-9_]*")


def sniff(path: Path) -> bool:
    """True for a CSV in the 4-column or the wide share-table form."""
    if path.suffix.lower() != ".csv":
        return False
    header = set(csv_header(path))
    return set(NARROW) <= header or (set(WIDE) <= header and bool(header & set(WIDE_KINDS)))


def read(path: Path, options: ReadOptions) -> Iterator[Row | Reject]:
    """A Row per table row with its Share(s); a wide row with no object yields an empty Row."""
    platform = options.platform_or(PLATFORM)
    header = set(csv_header(path))
    if "object_id" in header or "timestamp_share" in header:
        kind = options.share_kind or kind_from_name(path)
        if kind is None or kind not in SHARE_KINDS:
            raise InputError(
                f"{path}: a 4-column share table holds one kind of object and none was given",
                hint=f"say which with --kind ({', '.join(SHARE_KINDS)}), or name the file <kind>.csv",
            )
        platform = options.platform_or(RETWEET_PLATFORM if kind == "retweet" else PLATFORM)
        rows = read_csv(path, required=NARROW)
        yield from convert_rows(path, rows, lambda fields: _narrow(fields, kind, platform, options.keep_text))
        return
    rows = read_csv(path, required=WIDE, any_of=tuple(WIDE_KINDS))
    yield from convert_rows(path, rows, lambda fields: _wide(fields, platform))


def read_blocks(path: Path, options: ReadOptions) -> Iterator[Row | Reject | Block]:
    """What :func:`read` gives, as blocks of shares read a column at a time (see ``loaders.columnar``);
    a row the columns cannot vouch for (an empty id, an odd time or platform, no object, a wide row
    with no object) goes through the per-row converter."""
    header = set(csv_header(path))
    narrow = "object_id" in header or "timestamp_share" in header
    read_rows = read(path, options)
    table = read_csv_table(path) if header else None
    if table is None or set(table.table.column_names) != header:
        yield from read_rows  # its checks of the header run first, as always
        return
    next(read_rows, None)  # the header's checks (and the kind's) raise here, before any block
    getattr(read_rows, "close", lambda: None)()  # the generator's file
    platform = options.platform_or(PLATFORM)
    kind: ShareKind | None = None
    if narrow:
        kind = options.share_kind or kind_from_name(path)
        assert kind is not None  # read() refused the file otherwise
        platform = options.platform_or(RETWEET_PLATFORM if kind == "retweet" else PLATFORM)
    keys: dict[tuple[ShareKind, str, str], str | None] = {}
    name = str(path)
    for batch, lines, raw in table.batches():
        if narrow and kind is not None:
            items = _narrow_blocks(name, batch, lines, raw, kind, platform, options.keep_text, keys)
        else:
            items = _wide_blocks(name, batch, lines, raw, platform, keys)
        yield from items


def _platforms(batch: Any, default: str, doubtful: set[int]) -> list[str]:
    """Each row's platform as :func:`_row_platform` gives it; rows it would refuse are doubtful."""
    if PLATFORM_COLUMN not in batch.schema.names:
        return [default] * batch.num_rows
    out: list[str] = []
    for i, value in enumerate(strings(batch.column(PLATFORM_COLUMN))):
        name = default if value is None else value.lower()
        if value is not None and not _PLATFORM_NAME.fullmatch(name):
            doubtful.add(i)
        out.append(name)
    return out


def _keys(
    kind: ShareKind,
    values: list[str | None],
    platforms: list[str],
    cache: dict[tuple[ShareKind, str, str], str | None],
) -> list[str | None]:
    """The object key of each value (:func:`object_key`, once per distinct value: they repeat)."""
    out: list[str | None] = []
    for value, platform in zip(values, platforms, strict=True):
        if value is None:
            out.append(None)
            continue
        found = cache.get((kind, value, platform), _UNSEEN)
        if found is _UNSEEN:
            found = cache[(kind, value, platform)] = object_key(kind, value, platform)
        out.append(found)  # type: ignore[arg-type]
    return out


_UNSEEN = object()


def _who_columns(
    batch: Any, post_column: str, doubtful: set[int]
) -> tuple[list[str | None], list[str | None]]:
    accounts = ids(strings(batch.column("account_id")))
    posts = ids(strings(batch.column(post_column)))
    doubtful.update(i for i, (a, p) in enumerate(zip(accounts, posts, strict=True)) if a is None or p is None)
    return accounts, posts


def _when_column(batch: Any, column: str, doubtful: set[int]) -> list[datetime | None]:
    at = times(batch.column(column), doubtful, lambda v: to_time(v, column))
    doubtful.update(i for i, v in enumerate(at) if v is None)
    return at


def _narrow_blocks(
    name: str,
    batch: Any,
    lines: list[int],
    raw: list[bytes],
    kind: ShareKind,
    default: str,
    keep_text: bool,
    cache: dict[tuple[ShareKind, str, str], str | None],
) -> Iterator[Row | Reject | Block]:
    doubtful: set[int] = set()
    platforms = _platforms(batch, default, doubtful)
    accounts, posts = _who_columns(batch, "content_id", doubtful)
    at = _when_column(batch, "timestamp_share", doubtful)
    values = strings(batch.column("object_id"))
    keys = _keys(kind, values, platforms, cache)
    doubtful.update(i for i, key in enumerate(keys) if key is None)
    texts = values if keep_text and kind in _KEEP_TEXT_KINDS else [None] * len(values)
    columns = (platforms, accounts, [kind] * len(values), keys, at, posts, texts)

    def convert(fields: dict[str, str]) -> tuple[Record, ...]:
        return _narrow(fields, kind, default, keep_text)

    for start, end, bad in runs(batch.num_rows, doubtful):
        if not bad:
            yield Block(name, Share, tuple(c[start:end] for c in columns), lines[start:end])
            continue
        for i in range(start, end):
            yield convert_one(name, batch, i, lines[i], raw[i], convert)


def _wide_blocks(
    name: str,
    batch: Any,
    lines: list[int],
    raw: list[bytes],
    default: str,
    cache: dict[tuple[ShareKind, str, str], str | None],
) -> Iterator[Row | Reject | Block]:
    doubtful: set[int] = set()
    platforms = _platforms(batch, default, doubtful)
    accounts, posts = _who_columns(batch, "post_id", doubtful)
    at = _when_column(batch, "timestamp", doubtful)
    present = [(column, kind) for column, kind in WIDE_KINDS.items() if column in batch.schema.names]
    keys = [_keys(kind, strings(batch.column(column)), platforms, cache) for column, kind in present]
    shares = [sum(key is not None for key in row) for row in zip(*keys, strict=True)] if keys else []
    doubtful.update(i for i, n in enumerate(shares) if n == 0)  # an empty Row: the row path gives it

    def convert(fields: dict[str, str]) -> tuple[Record, ...]:
        return _wide(fields, default)

    for start, end, bad in runs(batch.num_rows, doubtful):
        if bad:
            for i in range(start, end):
                yield convert_one(name, batch, i, lines[i], raw[i], convert)
            continue
        columns: tuple[list[Any], ...] = ([], [], [], [], [], [], [])
        block_lines: list[int] = []
        for i in range(start, end):
            for (_, kind), column_keys in zip(present, keys, strict=True):
                key = column_keys[i]
                if key is not None:
                    for target, value in zip(
                        columns, (platforms[i], accounts[i], kind, key, at[i], posts[i], None), strict=True
                    ):
                        target.append(value)
                    block_lines.append(lines[i])
        yield Block(name, Share, columns, block_lines)


def kind_from_name(path: Path) -> ShareKind | None:
    """The kind a file's name states, e.g. ``link.csv`` or ``shares_image_text.csv``; None if none does."""
    stem = path.stem.lower()
    named = [k for k in SHARE_KINDS if stem == k or stem.endswith(("_" + k, "-" + k))]
    return max(named, key=len) if named else None  # type: ignore[arg-type]  # "image_text" over "text"-like overlaps


def _narrow(fields: dict[str, str], kind: ShareKind, platform: str, keep_text: bool) -> tuple[Record, ...]:
    account, post = _who(fields, "content_id")
    at = _when(fields, "timestamp_share")
    value = cell(fields.get("object_id"))
    platform = _row_platform(fields, platform)
    key = object_key(kind, value, platform) if value else None
    if value is None or key is None:
        raise ValueError(f"object_id gives no {kind} key: {value!r}")
    text = value if keep_text and kind in _KEEP_TEXT_KINDS else None
    return (Share(platform, account, kind, key, at, post, text),)


def _wide(fields: dict[str, str], platform: str) -> tuple[Record, ...]:
    platform = _row_platform(fields, platform)
    account, post = _who(fields, "post_id")
    at = _when(fields, "timestamp")
    shares: list[Record] = []
    for column, kind in WIDE_KINDS.items():
        value = cell(fields.get(column))
        key = object_key(kind, value, platform) if value else None
        if key is not None:
            shares.append(Share(platform, account, kind, key, at, post))
    return tuple(shares)


def _row_platform(fields: dict[str, str], default: str) -> str:
    """The row's own ``platform`` cell (lower case), else ``default``."""
    value = cell(fields.get(PLATFORM_COLUMN))
    if value is None:
        return default
    name = value.strip().lower()
    if not _PLATFORM_NAME.fullmatch(name):
        raise ValueError(f"platform {value!r} is not a platform name (e.g. facebook, twitter)")
    return name


def _who(fields: dict[str, str], post_column: str) -> tuple[str, str]:
    account, post = to_id(fields.get("account_id")), to_id(fields.get(post_column))
    if account is None or post is None:
        raise ValueError(f"row without account_id or {post_column}")
    return account, post


def _when(fields: dict[str, str], column: str) -> datetime:
    at = to_time(fields.get(column), column)
    if at is None:
        raise ValueError(f"row without {column}")
    return at

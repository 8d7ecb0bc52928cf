"""The canonical tables, as CSV and/or Parquet, with columns named after the fields of
``graphcli.model.records`` (accounts=Account, posts=Post, likes/retweets=Engagement, shares=Share,
statuses=AccountStatus; bot_scores=BotScore with ``scores`` spread into one column per score key).
Ids are strings; times are UTC (``...Z`` in CSV, timestamps with time zone UTC in Parquet); empty = null.

Tables are built as Arrow tables straight from the world's arrays: ten million likes as Python strings
in pandas would need several GiB, as Arrow columns a few hundred MiB.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from graphcli.synth.world import CATEGORIES, ERROR_TITLES, STATUS_NAMES, World
from graphcli.synth.writers.common import Tally
from graphcli.synth.writers.lookups import error_object

SOURCE = "synth"
TIME = pa.timestamp("s", tz="UTC")


def _ids(a: np.ndarray) -> pa.Array:
    return pc.cast(pa.array(np.asarray(a, dtype=np.int64)), pa.string())


def _times(a: np.ndarray) -> pa.Array:
    return pa.array(np.asarray(a, dtype=np.int64)).cast(TIME)


def _text(a: Any, empty_is_null: bool = False) -> pa.Array:
    arr = pa.array(np.asarray(a, dtype=object), pa.string())
    return pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr) if empty_is_null else arr


def _take(values: pa.Array, idx: np.ndarray) -> pa.Array:
    return values.take(pa.array(np.asarray(idx, dtype=np.int64)))


def _const(value: Any, n: int, type_: pa.DataType) -> pa.Array:
    return pa.nulls(n, type_) if value is None else pa.repeat(pa.scalar(value, type_), n)


def _table(columns: dict[str, Any], n: int) -> pa.Table:
    """A table from arrays or constants ``(value, type)``."""
    return pa.table({k: _const(v[0], n, v[1]) if isinstance(v, tuple) else v for k, v in columns.items()})


def tables(w: World, shares: pd.DataFrame) -> Iterator[tuple[str, pa.Table]]:
    """(name, table) for each canonical table, built one at a time to bound memory."""
    yield "accounts", _accounts(w)
    yield "posts", _posts(w)
    yield from _engagements(w)
    yield "shares", _shares(shares)
    yield "bot_scores", _bot_scores(w)
    yield "statuses", _statuses(w)


def _accounts(w: World) -> pa.Table:
    tw, fb = w.twitter, w.facebook
    n, m = len(tw.acc_id), len(fb.page_id)
    i64 = pa.int64()
    return pa.concat_tables(
        [
            _table(
                {
                    "platform": ("twitter", pa.string()),
                    "id": _ids(tw.acc_id),
                    "screen_name": _text(tw.screen),
                    "name": _text(tw.name),
                    "created_at": _times(tw.created),
                    "description": _text(tw.description),
                    "location": _text(tw.location, True),
                    "protected": pa.array(tw.protected),
                    "verified": pa.array(tw.verified),
                    "followers_count": pa.array(tw.followers),
                    "following_count": pa.array(tw.following),
                    "tweet_count": pa.array(tw.tweet_count),
                    "listed_count": pa.array(tw.listed),
                },
                n,
            ),
            _table(
                {
                    "platform": ("facebook", pa.string()),
                    "id": _ids(fb.page_id),
                    "screen_name": _text(fb.handle),
                    "name": _text(fb.page_name),
                    "created_at": _times(fb.page_created),
                    "description": (None, pa.string()),
                    "location": (None, pa.string()),
                    "protected": (False, pa.bool_()),
                    "verified": (False, pa.bool_()),
                    "followers_count": pa.array(fb.page_followers),
                    "following_count": (None, i64),
                    "tweet_count": (None, i64),
                    "listed_count": (None, i64),
                },
                m,
            ),
        ]
    )


def _posts(w: World) -> pa.Table:
    tw, fb = w.twitter, w.facebook
    i64 = pa.int64()
    k, f = len(tw.post_id), len(fb.post_id)
    end = (w.schedule.end, TIME)
    return pa.concat_tables(
        [
            _table(
                {
                    "platform": ("twitter", pa.string()),
                    "id": _ids(tw.post_id),
                    "author_id": _ids(tw.acc_id[tw.post_author]),
                    "author_screen_name": _text(tw.screen[tw.post_author]),
                    "created_at": _times(tw.post_created),
                    "lang": _text(tw.post_lang),
                    "text": _text(tw.post_text),
                    "like_count": pa.array(tw.like_count),
                    "retweet_count": pa.array(tw.retweet_count),
                    "reply_count": pa.array(tw.like_count // 20),
                    "quote_count": pa.array(tw.like_count // 50),
                    "share_count": (None, i64),
                    "comment_count": (None, i64),
                    "source": _text(tw.post_source),
                    "geo": _text(np.where(tw.post_geo == " ", "", tw.post_geo), True),
                    "observed_at": end,
                    "availability": _text(np.where(tw.post_deleted_pull >= 0, "deleted", ""), True),
                },
                k,
            ),
            _table(
                {
                    "platform": ("facebook", pa.string()),
                    "id": _ids(fb.post_id),
                    "author_id": _ids(fb.page_id[fb.post_page]),
                    "author_screen_name": _text(fb.handle[fb.post_page]),
                    "created_at": _times(fb.post_at),
                    "lang": (None, pa.string()),
                    "text": _text(fb.message, True),
                    "like_count": (None, i64),
                    "retweet_count": (None, i64),
                    "reply_count": (None, i64),
                    "quote_count": (None, i64),
                    "share_count": (None, i64),
                    "comment_count": (None, i64),
                    "source": (None, pa.string()),
                    "geo": (None, pa.string()),
                    "observed_at": end,
                    "availability": (None, pa.string()),
                },
                f,
            ),
        ]
    )


def _engagements(w: World) -> Iterator[tuple[str, pa.Table]]:
    """The likes and the retweets tables."""
    tw = w.twitter
    screens, acc_ids, post_ids = _text(tw.screen), _ids(tw.acc_id), _ids(tw.post_id)
    for name, kind, post, acc, at, observed in (
        ("likes", "like", tw.like_post, tw.like_acc, None, tw.like_at),
        ("retweets", "retweet", tw.rt_post, tw.rt_acc, tw.rt_at, tw.rt_at),
    ):
        yield (
            name,
            _table(
                {
                    "platform": ("twitter", pa.string()),
                    "kind": (kind, pa.string()),
                    "post_id": _take(post_ids, post),
                    "account_id": _take(acc_ids, acc),
                    "screen_name": _take(screens, acc),
                    "observed_at": _times(observed),
                    "at": _times(at) if at is not None else (None, TIME),
                    "source": (SOURCE, pa.string()),
                },
                len(post),
            ),
        )


def _shares(shares: pd.DataFrame) -> pa.Table:
    return pa.table(
        {
            **{
                c: pa.array(shares[c].to_numpy(), pa.string())
                for c in ("platform", "account_id", "kind", "key")
            },
            "at": _times(shares["at"].to_numpy()),
            "post_id": pa.array(shares["post_id"].to_numpy(), pa.string()),
            "text": pa.array(shares["text"].to_numpy(), pa.string()),
        }
    )


def _bot_scores(w: World) -> pa.Table:
    tw, b = w.twitter, w.bots
    n, m = len(b.acc), len(b.lite_acc)
    f64 = pa.float64()
    v4: dict[str, Any] = {
        "platform": ("twitter", pa.string()),
        "account_id": _ids(tw.acc_id[b.acc]),
        "screen_name": _text(tw.screen[b.acc]),
        "version": ("v4", pa.string()),
        "scored_at": _times(b.scored_at),
        "majority_lang": _text(b.majority_lang),
        "tweet_id": (None, pa.string()),
    }
    lite: dict[str, Any] = {
        "platform": ("twitter", pa.string()),
        "account_id": _ids(tw.acc_id[b.lite_acc]),
        "screen_name": (None, pa.string()),  # Lite names the user by id only, as its own results do
        "version": ("lite", pa.string()),
        "scored_at": _times(b.lite_scored_at),
        "majority_lang": (None, pa.string()),
        "tweet_id": _ids(b.lite_tweet),
    }
    for li, lang in enumerate(("english", "universal")):
        for ci, cat in enumerate(CATEGORIES):
            v4[f"raw_{lang}_{cat}"] = pa.array(b.raw[:, li, ci])
            v4[f"display_{lang}_{cat}"] = pa.array(np.round(b.raw[:, li, ci] * 5, 1))
            lite[f"raw_{lang}_{cat}"] = lite[f"display_{lang}_{cat}"] = (None, f64)
    for li, lang in enumerate(("english", "universal")):
        v4[f"cap_{lang}"] = pa.array(b.cap[:, li])
        lite[f"cap_{lang}"] = (None, f64)
    v4["lite"] = (None, f64)
    lite["lite"] = pa.array(b.lite_score)
    return pa.concat_tables([_table(v4, n), _table(lite, m)])


def _statuses(w: World) -> pa.Table:
    tw = w.twitter
    names = STATUS_NAMES[w.status]
    err = [
        error_object(n, s) if s in ERROR_TITLES else None
        for n, s in zip(tw.screen_scraped, names, strict=True)
    ]
    return _table(
        {
            "platform": ("twitter", pa.string()),
            "account_id": _ids(tw.acc_id),
            "screen_name": _text(tw.screen),
            "status": _text(names),
            "checked_at": (w.status_checked_at, TIME),
            "error_title": pa.array([e["title"] if e else None for e in err], pa.string()),
            "error_detail": pa.array([e["detail"] if e else None for e in err], pa.string()),
        },
        len(names),
    )


def write_csv(table: pa.Table, path: Path) -> None:
    """CSV with times as ``2022-10-05T12:00:00Z``, nulls empty, booleans ``true``/``false``."""
    cols = [
        pc.strftime(c, format="%Y-%m-%dT%H:%M:%SZ") if pa.types.is_timestamp(c.type) else c
        for c in table.columns
    ]
    pacsv.write_csv(pa.table(cols, names=table.column_names), path)


def write(w: World, out: Path, tally: Tally, shares: pd.DataFrame, csv: bool, parquet: bool) -> None:
    root = out / "canonical"
    root.mkdir(parents=True, exist_ok=True)
    for name, table in tables(w, shares):
        if csv:
            write_csv(table, root / f"{name}.csv")
            tally.file(root / f"{name}.csv", out, table.num_rows)
        if parquet:
            pq.write_table(table, root / f"{name}.parquet", compression="zstd")
            tally.file(root / f"{name}.parquet", out, table.num_rows)
        tally.add(name, table.num_rows)

"""The canonical tables, as CSV and/or Parquet, with columns named after the fields of
``graphcli.loaders.records`` (accounts=Account, posts=Post, likes/retweets=Engagement, shares=Share,
statuses=AccountStatus; bot_scores=BotScore with ``scores`` spread into one column per score key).
Ids are strings; times are UTC (``...Z`` in CSV, timestamp[us, UTC] in Parquet); empty = null."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
from graphcli.loaders.synth.world import CATEGORIES, ERROR_TITLES, STATUS_NAMES, World
from graphcli.loaders.synth.writers.common import Tally, utc_times, write_frame_csv
from graphcli.loaders.synth.writers.lookups import error_object

SOURCE = "synth"


def tables(w: World, shares: pd.DataFrame) -> Iterator[tuple[str, pd.DataFrame]]:
    """(name, frame) for each canonical table, built one at a time to bound memory."""
    tw, fb = w.twitter, w.facebook
    yield (
        "accounts",
        pd.concat(
            [
                pd.DataFrame(
                    {
                        "platform": "twitter",
                        "id": tw.acc_id.astype(str),
                        "screen_name": tw.screen,
                        "name": tw.name,
                        "created_at": utc_times(tw.created),
                        "description": tw.description,
                        "location": pd.Series(tw.location).replace("", None),
                        "protected": tw.protected,
                        "verified": tw.verified,
                        "followers_count": tw.followers,
                        "following_count": tw.following,
                        "tweet_count": tw.tweet_count,
                        "listed_count": tw.listed,
                    }
                ),
                pd.DataFrame(
                    {
                        "platform": "facebook",
                        "id": fb.page_id.astype(str),
                        "screen_name": fb.handle,
                        "name": fb.page_name,
                        "created_at": utc_times(fb.page_created),
                        "description": None,
                        "location": None,
                        "protected": False,
                        "verified": False,
                        "followers_count": fb.page_followers,
                        "following_count": None,
                        "tweet_count": None,
                        "listed_count": None,
                    }
                ),
            ],
            ignore_index=True,
        ),
    )
    end = utc_times(np.array([w.schedule.end]))[0]
    yield (
        "posts",
        pd.concat(
            [
                pd.DataFrame(
                    {
                        "platform": "twitter",
                        "id": tw.post_id.astype(str),
                        "author_id": tw.acc_id[tw.post_author].astype(str),
                        "author_screen_name": tw.screen[tw.post_author],
                        "created_at": utc_times(tw.post_created),
                        "lang": tw.post_lang,
                        "text": tw.post_text,
                        "like_count": tw.like_count,
                        "retweet_count": tw.retweet_count,
                        "reply_count": tw.like_count // 20,
                        "quote_count": tw.like_count // 50,
                        "share_count": None,
                        "comment_count": None,
                        "source": tw.post_source,
                        "geo": pd.Series(tw.post_geo).replace(" ", None),
                        "observed_at": end,
                        "availability": pd.Series(np.where(tw.post_deleted_pull >= 0, "deleted", "")).replace(
                            "", None
                        ),
                    }
                ),
                pd.DataFrame(
                    {
                        "platform": "facebook",
                        "id": fb.post_id.astype(str),
                        "author_id": fb.page_id[fb.post_page].astype(str),
                        "author_screen_name": fb.handle[fb.post_page],
                        "created_at": utc_times(fb.post_at),
                        "lang": None,
                        "text": pd.Series(fb.message).replace("", None),
                        "like_count": None,
                        "retweet_count": None,
                        "reply_count": None,
                        "quote_count": None,
                        "share_count": None,
                        "comment_count": None,
                        "source": None,
                        "geo": None,
                        "observed_at": end,
                        "availability": None,
                    }
                ),
            ],
            ignore_index=True,
        ),
    )
    for name, kind, post, acc, at in (
        ("likes", "like", tw.like_post, tw.like_acc, None),
        ("retweets", "retweet", tw.rt_post, tw.rt_acc, tw.rt_at),
    ):
        observed = tw.like_at if at is None else at
        yield (
            name,
            pd.DataFrame(
                {
                    "platform": "twitter",
                    "kind": kind,
                    "post_id": tw.post_id[post].astype(str),
                    "account_id": tw.acc_id[acc].astype(str),
                    "screen_name": tw.screen[acc],
                    "observed_at": utc_times(observed),
                    "at": utc_times(at)
                    if at is not None
                    else pd.Series(pd.NaT, index=range(len(post)), dtype="datetime64[ns, UTC]"),
                    "source": SOURCE,
                }
            ),
        )
    yield (
        "shares",
        pd.DataFrame(
            {
                **{c: shares[c] for c in ("platform", "account_id", "kind", "key")},
                "at": utc_times(shares["at"].to_numpy()),
                "post_id": shares["post_id"],
                "text": shares["text"],
            }
        ),
    )
    yield "bot_scores", _bot_scores(w)
    yield "statuses", _statuses(w)


def _bot_scores(w: World) -> pd.DataFrame:
    tw, b = w.twitter, w.bots
    v4 = {
        "platform": "twitter",
        "account_id": tw.acc_id[b.acc].astype(str),
        "screen_name": tw.screen[b.acc],
        "version": "v4",
        "scored_at": utc_times(b.scored_at),
        "majority_lang": b.majority_lang,
        "tweet_id": None,
    }
    for li, lang in enumerate(("english", "universal")):
        for ci, cat in enumerate(CATEGORIES):
            v4[f"raw_{lang}_{cat}"] = b.raw[:, li, ci]
            v4[f"display_{lang}_{cat}"] = np.round(b.raw[:, li, ci] * 5, 1)
        v4[f"cap_{lang}"] = b.cap[:, li]
    lite = pd.DataFrame(
        {
            "platform": "twitter",
            "account_id": tw.acc_id[b.lite_acc].astype(str),
            "screen_name": tw.screen[b.lite_acc],
            "version": "lite",
            "scored_at": utc_times(b.lite_scored_at),
            "majority_lang": None,
            "tweet_id": b.lite_tweet.astype(str),
            "lite": b.lite_score,
        }
    )
    return pd.concat([pd.DataFrame(v4), lite], ignore_index=True)


def _statuses(w: World) -> pd.DataFrame:
    tw = w.twitter
    names = STATUS_NAMES[w.status]
    err = [
        error_object(n, s) if s in ERROR_TITLES else None
        for n, s in zip(tw.screen_scraped, names, strict=True)
    ]
    return pd.DataFrame(
        {
            "platform": "twitter",
            "account_id": tw.acc_id.astype(str),
            "screen_name": tw.screen,
            "status": names,
            "checked_at": utc_times(np.full(len(names), w.status_checked_at)),
            "error_title": [e["title"] if e else None for e in err],
            "error_detail": [e["detail"] if e else None for e in err],
        }
    )


def write(w: World, out: Path, tally: Tally, shares: pd.DataFrame, csv: bool, parquet: bool) -> None:
    root = out / "canonical"
    root.mkdir(parents=True, exist_ok=True)
    for name, frame in tables(w, shares):
        if csv:
            tally.file(root / f"{name}.csv", out, write_frame_csv(root / f"{name}.csv", frame))
        if parquet:
            frame.to_parquet(root / f"{name}.parquet", index=False, engine="pyarrow", compression="zstd")
            tally.file(root / f"{name}.parquet", out, len(frame))
        tally.add(name, len(frame))

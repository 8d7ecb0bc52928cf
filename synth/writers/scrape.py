"""Live-scrape pull folders, as the get-twitter-likers-data scraper wrote them.

Per pull ``k`` (``Pull-<session>/CSVs/<time>.csv``) every tracked tweet is listed with its counts at that
time, so one tweet appears in several files with growing counts. A tweet whose like (retweet) count grew
since it was last saved raises an alarm: a row in ``Likers_of_alarms_<time>.csv`` with the delta and the
100 most recent likers, newest first, as a Python list literal of screen names (the API's cap). Likers
who came and went behind 100 newer ones between two pulls are never seen, exactly as in the real data.
A tweet deleted at pull ``k`` is listed at ``k`` and its alarm holds the deleted-tweet sentinel; a few
alarms hold the unknown-case sentinel instead of the likers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from graphcli.synth.twitter import Twitter
from graphcli.synth.world import World
from graphcli.synth.writers.common import Tally, iso_ms, write_csv_rows

CAP = 100
SENTINELS = {
    "like": (
        "AwarenessRequired_Liking_Users_of_Deleted_Tweet",
        "AwarenessRequired_Liking_Users_Unknown_Case",
    ),
    "retweet": ("AwarenessRequired_Retweeters_of_Deleted_Tweet", "AwarenessRequired_Retweeters_Unknown_Case"),
}
TWEET_COLUMNS = [
    "author id",
    "created_at",
    "geo",
    "id",
    "lang",
    "like_count",
    "quote_count",
    "reply_count",
    "retweet_count",
    "source",
    "tweet",
]


@dataclass
class Tracked:
    """One row per (tweet, pull) where the tweet is listed: positions ``post``, pull index ``pull``."""

    post: np.ndarray
    pull: np.ndarray


@dataclass
class Alarms:
    """Alarm rows of one kind: tweet, pull, count now, delta, and 0 = likers / 1 = deleted / 2 = unknown."""

    post: np.ndarray
    pull: np.ndarray
    count: np.ndarray
    delta: np.ndarray
    sentinel: np.ndarray
    visible: np.ndarray  # per engagement of the world: seen in at least one likers list


def tracked_rows(w: World) -> Tracked:
    tw, sched = w.twitter, w.schedule
    first = np.searchsorted(sched.pull_times, tw.post_created, side="left")
    stop = np.searchsorted(sched.pull_times, tw.post_created + sched.track_s, side="left")
    stop = np.where(tw.post_deleted_pull >= 0, np.minimum(stop, tw.post_deleted_pull + 1), stop)
    n = stop - first
    post = np.repeat(np.arange(len(first)), n)
    offset = np.arange(len(post)) - np.repeat(np.cumsum(n) - n, n)
    return Tracked(post, first[post] + offset)


def counts_at(w: World, tr: Tracked, e_post: np.ndarray, e_at: np.ndarray) -> np.ndarray:
    """How many engagements each tracked tweet had at each pull (engagements sorted by post, time)."""
    base = w.schedule.start
    key = e_post.astype(np.int64) << 33 | (e_at - base)
    q = tr.post.astype(np.int64) << 33 | (w.schedule.pull_times[tr.pull] - base)
    start = np.searchsorted(e_post, tr.post, side="left")
    return np.searchsorted(key, q, side="right") - start


def alarms(w: World, tr: Tracked, count: np.ndarray, e_post: np.ndarray, rng: np.random.Generator) -> Alarms:
    tw = w.twitter
    prev = np.concatenate([[0], count[:-1]])
    new_post = np.concatenate([[True], tr.post[1:] != tr.post[:-1]])
    delta = count - np.where(new_post, 0, prev)
    is_deleted_row = tw.post_deleted_pull[tr.post] == tr.pull
    raised = (delta > 0) | is_deleted_row
    post, pull, cnt, dlt = tr.post[raised], tr.pull[raised], count[raised], delta[raised]
    sentinel = np.where(is_deleted_row[raised], 1, 0).astype(np.int8)
    # the unknown case: one alarm of about 1 in 100 ordinary tweets returned neither users nor an error
    candidates = np.flatnonzero((sentinel == 0) & ~tw.post_dedicated[post] & (tw.post_deleted_pull[post] < 0))
    chosen = candidates[rng.random(len(candidates)) < 0.01 / 3]
    sentinel[chosen] = 2
    ok = sentinel == 0
    # an engagement of rank r is seen iff the first ordinary list with count > r reaches back to r
    rank = np.arange(len(e_post)) - np.searchsorted(e_post, e_post, side="left")
    rkey = post[ok].astype(np.int64) << 32 | cnt[ok]
    ekey = e_post.astype(np.int64) << 32 | rank
    i = np.searchsorted(rkey, ekey, side="right")
    inside = i < len(rkey)
    i = np.minimum(i, len(rkey) - 1)
    visible = (
        inside & (post[ok][i] == e_post) & (cnt[ok][i] - CAP <= rank) if len(rkey) else np.zeros(0, bool)
    )
    return Alarms(post, pull, cnt, np.maximum(dlt, 1), sentinel, visible)


def write(w: World, out: Path, tally: Tally) -> dict[str, Alarms]:
    """Write the pull folders under ``out/scrape``; returns the alarms (the tests' and truth's view)."""
    tw, sched = w.twitter, w.schedule
    root = out / "scrape"
    tr = tracked_rows(w)
    like_n = counts_at(w, tr, tw.like_post, tw.like_at)
    rt_n = counts_at(w, tr, tw.rt_post, tw.rt_at)
    rng = w.stream(1)
    result = {
        "like": alarms(w, tr, like_n, tw.like_post, rng),
        "retweet": alarms(w, tr, rt_n, tw.rt_post, rng),
    }
    quoted = np.array([f"'{s}'" for s in tw.screen_scraped], dtype=object)
    per_session = len(sched.pull_times) // sched.sessions
    order = np.lexsort((-tw.post_id[tr.post], tr.pull))
    bounds = np.searchsorted(tr.pull[order], np.arange(len(sched.pull_times) + 1))
    for k, t in enumerate(sched.pull_times.tolist()):
        folder = root / f"Pull-{k // per_session + 1}" / "CSVs"
        stamp = iso_ms(t)
        rows = order[bounds[k] : bounds[k + 1]]
        path = folder / f"{stamp}.csv"
        tally.file(path, out, write_csv_rows(path, TWEET_COLUMNS, _tweet_rows(tw, tr, rows, like_n, rt_n)))
        tally.add("tweet_rows", len(rows))
        for kind, sub, col in (
            ("like", "Likers_of_alarms", "likers"),
            ("retweet", "Retweeters_of_alarms", "retweeters"),
        ):
            al = result[kind]
            sel = np.flatnonzero(al.pull == k)
            if not len(sel):
                continue  # the scraper writes no file when no alarm is raised
            sel = sel[np.argsort(-al.delta[sel], kind="stable")]  # it sorts alarms by delta, highest first
            e_acc = tw.like_acc if kind == "like" else tw.rt_acc
            e_start = np.searchsorted(
                tw.like_post if kind == "like" else tw.rt_post, al.post[sel], side="left"
            )
            path = folder / sub / f"{sub}_{stamp}.csv"
            body = []
            for j, s0 in zip(sel.tolist(), e_start.tolist(), strict=True):
                if al.sentinel[j]:
                    names = f"['{SENTINELS[kind][al.sentinel[j] - 1]}']"
                else:
                    c = int(al.count[j])
                    names = "[" + ", ".join(quoted[e_acc[s0 + max(0, c - CAP) : s0 + c][::-1]]) + "]"
                body.append([str(tw.post_id[al.post[j]]), f"{float(al.delta[j])}", names])
            tally.file(path, out, write_csv_rows(path, ["", "delta", col], body))
            tally.add(f"{col}_rows", len(body))
    for kind in ("like", "retweet"):
        al = result[kind]
        _e_post, e_acc = (tw.like_post, tw.like_acc) if kind == "like" else (tw.rt_post, tw.rt_acc)
        tally.add(f"visible_{kind}s", int(al.visible.sum()))
        tally.add(f"{kind}_deleted_sentinels", int((al.sentinel == 1).sum()))
        tally.add(f"{kind}_unknown_sentinels", int((al.sentinel == 2).sum()))
        tally.add(f"{kind}_visible_accounts", len(np.unique(e_acc[al.visible])))
    tally.add("distinct_tweets", len(np.unique(tr.post)))
    return result


def _tweet_rows(
    tw: Twitter, tr: Tracked, rows: np.ndarray, like_n: np.ndarray, rt_n: np.ndarray
) -> list[list[str]]:
    from datetime import UTC, datetime

    out = []
    for r in rows.tolist():
        p = tr.post[r]
        likes = int(like_n[r])
        out.append(
            [
                str(tw.acc_id[tw.post_author[p]]),
                datetime.fromtimestamp(int(tw.post_created[p]), UTC).isoformat(sep=" "),
                tw.post_geo[p],
                str(tw.post_id[p]),
                tw.post_lang[p],
                likes,
                likes // 50,
                likes // 20,
                int(rt_n[r]),
                tw.post_source[p],
                tw.post_text[p],
            ]
        )
    return out

"""The Twitter half of the world: accounts, original tweets, likes and retweets, with planted groups.

Everything is vectorised on numpy arrays indexed by account/post position; ids are int64 and become
strings only when written. Planted accounts act only in their group and like/retweet only their own
dedicated posts, which no background account touches, so binning accounts by their exact like (or
retweet) set recovers each planted group exactly and never mixes planted with background accounts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from graphcli.synth.profiles import Profile
from graphcli.synth.text import FIRST, LANGS, LAST, SOURCES, sentences

TWITTER_EPOCH_MS = 1_288_834_974_657
ROLE_BACKGROUND, ROLE_LIKE_SET, ROLE_RETWEET_SET, ROLE_RETWEET_COORD = 0, 1, 2, 3


@dataclass
class Schedule:
    """When the scraper pulled: ``pull_times`` (epoch s, ascending); a tweet is tracked by every pull
    within ``track_s`` after its creation; likes and retweets happen within ``active_s`` of it."""

    start: int
    end: int
    pull_times: np.ndarray
    sessions: int
    track_s: int
    active_s: int


@dataclass
class Twitter:
    """Column arrays of the Twitter world (see module docstring)."""

    acc_id: np.ndarray
    screen: np.ndarray  # canonical case, as look-ups return it
    screen_scraped: np.ndarray  # as the scraper saw it (lower case for a few accounts)
    name: np.ndarray
    description: np.ndarray
    location: np.ndarray
    created: np.ndarray
    protected: np.ndarray
    verified: np.ndarray
    followers: np.ndarray
    following: np.ndarray
    tweet_count: np.ndarray
    listed: np.ndarray
    role: np.ndarray
    post_id: np.ndarray
    post_author: np.ndarray
    post_created: np.ndarray
    post_lang: np.ndarray
    post_text: np.ndarray
    post_source: np.ndarray
    post_geo: np.ndarray
    post_dedicated: np.ndarray
    post_deleted_pull: np.ndarray  # index of the pull at which the tweet was found deleted, -1 if never
    like_post: np.ndarray = field(default_factory=lambda: np.empty(0, np.int32))
    like_acc: np.ndarray = field(default_factory=lambda: np.empty(0, np.int32))
    like_at: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    rt_post: np.ndarray = field(default_factory=lambda: np.empty(0, np.int32))
    rt_acc: np.ndarray = field(default_factory=lambda: np.empty(0, np.int32))
    rt_at: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    rt_id: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    like_count: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))  # final, per post
    retweet_count: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    planted: list[dict[str, Any]] = field(default_factory=list)


def snowflake(at_s: np.ndarray, seq: np.ndarray) -> np.ndarray:
    """Twitter-like ids: creation milliseconds shifted left 22 bits, a unique sequence in the low bits."""
    if len(seq) and int(seq.max()) >= 1 << 22:
        raise ValueError("too many ids for the snowflake sequence bits")
    return ((at_s.astype(np.int64) * 1000 - TWITTER_EPOCH_MS) << 22) + seq.astype(np.int64)


def make_schedule(p: Profile, start: int) -> Schedule:
    span = p.days * 86_400
    n_pulls = p.sessions * p.pulls_per_session
    dt = span // n_pulls
    pulls = start + dt * np.arange(1, n_pulls + 1, dtype=np.int64)
    return Schedule(start, start + span, pulls, p.sessions, track_s=4 * dt, active_s=3 * dt)


def _accounts(p: Profile, rng: np.random.Generator, role: np.ndarray) -> dict[str, Any]:
    n = len(role)
    planted = role != ROLE_BACKGROUND
    created = rng.integers(1_230_000_000, 1_662_000_000, size=n)  # 2008 .. Sep 2022
    created[planted] = rng.integers(1_654_000_000, 1_664_000_000, size=int(planted.sum()))  # mid 2022
    old = created < 1_420_000_000  # before 2015: short numeric ids, after: snowflakes
    idx = np.arange(n, dtype=np.int64)
    acc_id = np.where(old, 10_000_000 + idx * 997, snowflake(created, idx))
    first = FIRST[rng.integers(0, len(FIRST), n)]
    last = LAST[rng.integers(0, len(LAST), n)]
    screen = np.array([f"{f}_{s}{i}" for f, s, i in zip(first, last, range(n), strict=True)], dtype=object)
    bot_names = np.array(
        [f"{f}{10_000_000 + 7919 * i}" for f, i in zip(first, range(n), strict=True)], dtype=object
    )
    screen[planted] = bot_names[planted]
    variant = (rng.random(n) < 0.03) & ~planted
    scraped = screen.copy()
    scraped[variant] = np.array([s.lower() for s in screen[variant]], dtype=object)
    followers = np.round(rng.lognormal(4.5, 1.6, n)).astype(np.int64)
    followers[planted] = rng.integers(0, 40, int(planted.sum()))
    return {
        "acc_id": acc_id,
        "screen": screen,
        "screen_scraped": scraped,
        "name": np.array([f"{f} {s}." for f, s in zip(first, last, strict=True)], dtype=object),
        "description": np.array(sentences(rng, n, 3, 9), dtype=object),
        "location": np.where(rng.random(n) < 0.6, "Danmark", ""),
        "created": created.astype(np.int64),
        "protected": rng.random(n) < 0.04,
        "verified": (rng.random(n) < 0.01) & ~planted,
        "followers": followers,
        "following": np.round(rng.lognormal(5.0, 1.1, n)).astype(np.int64),
        "tweet_count": np.round(rng.lognormal(6.5, 1.8, n)).astype(np.int64),
        "listed": rng.poisson(1.5, n).astype(np.int64),
    }


def _zipf_weights(rng: np.random.Generator, n: int, exponent: float) -> np.ndarray:
    """Weights 1/rank^exponent over a random order of ``n`` items, summing to one."""
    ranks = rng.permutation(n) + 1
    w = 1.0 / ranks.astype(np.float64) ** exponent
    return w / w.sum()


def _sample_pairs(
    rng: np.random.Generator,
    n: int,
    items: np.ndarray,
    item_w: np.ndarray,
    accs: np.ndarray,
    acc_w: np.ndarray,
    n_acc_total: int,
) -> tuple[np.ndarray, np.ndarray]:
    """About ``n`` distinct (item, account) pairs, items and accounts drawn by weight."""
    draw = int(n * 1.15) + 10
    key = rng.choice(items, draw, p=item_w).astype(np.int64) * n_acc_total + rng.choice(accs, draw, p=acc_w)
    key = np.unique(key)
    if len(key) > n:
        key = np.sort(rng.choice(key, n, replace=False))
    return (key // n_acc_total).astype(np.int32), (key % n_acc_total).astype(np.int32)


def build_twitter(p: Profile, rng: np.random.Generator, sched: Schedule) -> Twitter:
    """The Twitter world for profile ``p`` (see module docstring for what is planted)."""
    n_like = sum(m for m, _ in p.like_set_groups)
    n_rtset = sum(m for m, _ in p.retweet_set_groups)
    n_coord = sum(m for m, _, _ in p.share_groups)
    n_bg = p.accounts - n_like - n_rtset - n_coord
    role = np.repeat(
        np.array([ROLE_BACKGROUND, ROLE_LIKE_SET, ROLE_RETWEET_SET, ROLE_RETWEET_COORD], np.int8),
        [n_bg, n_like, n_rtset, n_coord],
    )
    acc = _accounts(p, rng, role)

    # Original tweets, by background accounts, created so that every like falls before a tracked pull.
    n_posts = p.posts
    author_w = _zipf_weights(rng, n_bg, 0.8)
    author = rng.choice(n_bg, n_posts, p=author_w).astype(np.int32)
    created = np.sort(rng.integers(sched.start, sched.end - sched.track_s, n_posts))
    post_id = snowflake(created, np.arange(n_posts))
    n_dedicated = (
        sum(k for _, k in p.like_set_groups)
        + sum(k for _, k in p.retweet_set_groups)
        + sum(k for _, k, _ in p.share_groups)
    )
    dedicated_idx = rng.choice(n_posts, n_dedicated, replace=False)
    dedicated = np.zeros(n_posts, bool)
    dedicated[dedicated_idx] = True
    geo = np.where(
        rng.random(n_posts) < 0.03,
        np.array([f"{x:016x}" for x in rng.integers(0, 1 << 62, n_posts)], dtype=object),
        " ",
    )
    tw = Twitter(
        **acc,
        role=role,
        post_id=post_id,
        post_author=author,
        post_created=created,
        post_lang=LANGS[rng.integers(0, len(LANGS), n_posts)],
        post_text=np.array(sentences(rng, n_posts), dtype=object),
        post_source=SOURCES[rng.integers(0, len(SOURCES), n_posts)],
        post_geo=geo,
        post_dedicated=dedicated,
        post_deleted_pull=np.full(n_posts, -1, np.int32),
    )
    bg_posts = np.flatnonzero(~dedicated)
    first_pull = np.searchsorted(sched.pull_times, created, side="left")
    deleted = rng.choice(bg_posts, max(1, len(bg_posts) // 50), replace=False)
    tw.post_deleted_pull[deleted] = first_pull[deleted] + rng.integers(1, 3, len(deleted))

    dt = int(sched.pull_times[1] - sched.pull_times[0])
    bg_acc = np.arange(n_bg)
    acc_w = rng.lognormal(0.0, 1.2, n_bg)
    acc_w /= acc_w.sum()
    planted_likes = sum(m * k for m, k in p.like_set_groups)
    lp, la = _sample_pairs(
        rng,
        p.likes - planted_likes,
        bg_posts,
        _zipf_weights(rng, len(bg_posts), 1.0),
        bg_acc,
        acc_w,
        p.accounts,
    )
    l_at = created[lp] + np.minimum(rng.exponential(0.8 * dt, len(lp)).astype(np.int64) + 1, sched.active_s)
    planted_rts = sum(m * k for m, k in p.retweet_set_groups) + sum(m * k for m, k, _ in p.share_groups)
    rp, ra = _sample_pairs(
        rng,
        p.retweets - planted_rts,
        bg_posts,
        _zipf_weights(rng, len(bg_posts), 1.1),
        bg_acc,
        acc_w,
        p.accounts,
    )
    r_at = created[rp] + np.minimum(rng.exponential(0.6 * dt, len(rp)).astype(np.int64) + 30, sched.active_s)

    likes = [(lp, la, l_at)]
    rts = [(rp, ra, r_at)]
    _plant(tw, p, rng, sched, first_member=n_bg, dedicated=iter(dedicated_idx.tolist()), likes=likes, rts=rts)

    tw.like_post, tw.like_acc, tw.like_at = _finish(tw, sched, likes)
    tw.rt_post, tw.rt_acc, tw.rt_at = _finish(tw, sched, rts)
    seq = np.arange(n_posts, n_posts + len(tw.rt_post))
    tw.rt_id = snowflake(tw.rt_at, seq)
    tw.like_count = np.bincount(tw.like_post, minlength=n_posts).astype(np.int64)
    tw.retweet_count = np.bincount(tw.rt_post, minlength=n_posts).astype(np.int64)
    return tw


Engagements = list[tuple[np.ndarray, np.ndarray, np.ndarray]]  # (post index, account index, epoch s) arrays


def _plant(
    tw: Twitter,
    p: Profile,
    rng: np.random.Generator,
    sched: Schedule,
    first_member: int,
    dedicated: Iterator[int],
    likes: Engagements,
    rts: Engagements,
) -> None:
    """Add the planted groups' likes and retweets (each group on its own dedicated posts, members
    numbered from ``first_member`` on) to ``likes`` / ``rts``, and describe each group in ``tw.planted``."""
    created = tw.post_created

    def block(m: int, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The next ``m`` members and ``k`` dedicated posts, and every (post, member) pair of them."""
        nonlocal first_member
        members = np.arange(first_member, first_member + m)
        items = np.array([next(dedicated) for _ in range(k)])
        first_member += m
        pp, aa = (x.ravel() for x in np.meshgrid(items, members, indexing="ij"))
        return members, items, pp.astype(np.int32), aa.astype(np.int32)

    for gi, (m, k) in enumerate(p.like_set_groups):
        members, items, pp, aa = block(m, k)
        likes.append((pp, aa, created[pp] + rng.integers(1, sched.active_s, len(pp))))
        tw.planted.append(
            _group(f"like_set-{gi + 1}", "like_set", members, items, {"members": m, "items": k})
        )
    for gi, (m, k) in enumerate(p.retweet_set_groups):
        members, items, pp, aa = block(m, k)
        # spread over hours: identical sets, but no burst (that is the retweet co-sharing groups' signal)
        rts.append((pp, aa, created[pp] + rng.integers(60, sched.active_s, len(pp))))
        planted = _group(f"retweet_set-{gi + 1}", "retweet_set", members, items, {"members": m, "items": k})
        tw.planted.append(planted)
    for gi, (m, k, window) in enumerate(p.share_groups):
        members, items, pp, aa = block(m, k)
        base = created[items] + rng.integers(60, sched.active_s // 2, k)
        rts.append((pp, aa, np.repeat(base, m) + rng.integers(0, window + 1, len(pp))))
        tw.planted.append(
            {
                "id": f"share-retweet-{gi + 1}",
                "kind": "share",
                "share_kind": "retweet",
                "members": members,
                "items": items,
                "base_times": base,
                "parameters": {"members": m, "objects": k, "window_s": window},
            }
        )


def _group(
    group_id: str, kind: str, members: np.ndarray, items: np.ndarray, parameters: dict[str, int]
) -> dict[str, Any]:
    """One planted group as ``truth`` describes it."""
    return {"id": group_id, "kind": kind, "members": members, "items": items, "parameters": parameters}


def _finish(
    tw: Twitter, sched: Schedule, parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Concatenated engagements without those after their tweet was deleted, sorted by (post, time)."""
    post = np.concatenate([x[0] for x in parts])
    accs = np.concatenate([x[1] for x in parts])
    at = np.concatenate([x[2] for x in parts]).astype(np.int64)
    dpull = tw.post_deleted_pull[post]
    keep = (dpull < 0) | (at <= sched.pull_times[np.maximum(dpull, 0)])
    post, accs, at = post[keep], accs[keep], at[keep]
    order = np.lexsort((accs, at, post))
    return post[order], accs[order], at[order]

"""One synthetic world, built deterministically from a seed: Twitter accounts, tweets, likes, retweets,
Facebook pages and posts, bot scores and later account statuses, with planted coordination.

Each part draws from its own random stream (``default_rng([seed, part])``), so a part's content does not
depend on which formats are written or on the order parts are built in.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from graphcli.model.progress import Messages, silent
from graphcli.synth.facebook import Facebook, build_facebook
from graphcli.synth.profiles import Profile
from graphcli.synth.twitter import ROLE_BACKGROUND, Schedule, Twitter, build_twitter, make_schedule

START = 1_664_928_000  # 2022-10-05T00:00:00Z, the weeks before the Danish general election
CATEGORIES = ("overall", "astroturf", "fake_follower", "financial", "other", "self_declared", "spammer")
STATUS_NAMES = np.array(["active", "protected", "not_found", "suspended"], dtype=object)
ERROR_TITLES = {"not_found": "Not Found Error", "suspended": "Forbidden"}


@dataclass
class BotScores:
    """Botometer v4 (``acc``, ``raw`` [n, 2 langs, 7 categories], ``cap`` [n, 2]) and Lite scores."""

    acc: np.ndarray
    raw: np.ndarray
    cap: np.ndarray
    majority_lang: np.ndarray
    scored_at: np.ndarray
    lite_acc: np.ndarray
    lite_tweet: np.ndarray  # tweet id scored through
    lite_score: np.ndarray
    lite_scored_at: np.ndarray


@dataclass
class World:
    profile: Profile
    seed: int
    schedule: Schedule
    twitter: Twitter
    facebook: Facebook
    status: np.ndarray  # per Twitter account, index into STATUS_NAMES
    status_checked_at: int
    bots: BotScores

    def stream(self, part: int) -> np.random.Generator:
        """A random stream for a writer that needs its own randomness (e.g. scraper quirks)."""
        return np.random.default_rng([self.seed, 100 + part])


def build_world(profile: Profile, seed: int, progress: Messages | None = None) -> World:
    """Build the whole world for ``profile`` from ``seed`` (same seed, same world)."""
    note = progress or silent
    sched = make_schedule(profile, START)
    note("twitter accounts, tweets, likes, retweets")
    tw = build_twitter(profile, np.random.default_rng([seed, 1]), sched)
    note("facebook pages and posts")
    fb = build_facebook(profile, np.random.default_rng([seed, 2]), sched)
    note("statuses and bot scores")
    rng = np.random.default_rng([seed, 3])
    planted = tw.role != ROLE_BACKGROUND
    n = len(tw.acc_id)
    u = rng.random(n)
    status = np.where(
        planted,
        np.searchsorted([0.45, 0.45, 0.60], u, side="right"),
        np.searchsorted([0.90, 0.94, 0.97], u, side="right"),
    ).astype(np.int8)
    tw.protected = status == 1
    return World(profile, seed, sched, tw, fb, status, sched.end + 30 * 86_400, _bot_scores(rng, tw, sched))


def _bot_scores(rng: np.random.Generator, tw: Twitter, sched: Schedule) -> BotScores:
    planted = tw.role != ROLE_BACKGROUND
    n = len(tw.acc_id)
    chosen = np.flatnonzero(np.where(planted, rng.random(n) < 0.9, rng.random(n) < 0.25))
    is_p = planted[chosen]
    # planted accounts score high on average, with enough noise that scores alone do not separate them
    a = np.where(is_p, 6.0, 1.5)[:, None, None]
    b = np.where(is_p, 3.0, 6.0)[:, None, None]
    raw = rng.beta(a, b, (len(chosen), 2, len(CATEGORIES)))
    raw[:, :, 0] = raw[:, :, 1:].max(axis=2)  # overall follows the strongest category
    raw = np.round(raw, 2)
    cap = np.round(np.clip(raw[:, :, 0] ** 2.5 + rng.normal(0, 0.02, (len(chosen), 2)), 0, 1), 6)
    lang = np.where(rng.random(len(chosen)) < 0.8, "da", "en").astype(object)
    scored_at = sched.end + 2 * 86_400 + np.arange(len(chosen), dtype=np.int64) * 3
    # Lite scores an account through one of its tweets: its first retweet
    first_rt = np.unique(tw.rt_acc, return_index=True)
    accs, idx = first_rt
    keep = np.where(planted[accs], rng.random(len(accs)) < 0.9, rng.random(len(accs)) < 0.3)
    accs, idx = accs[keep], idx[keep]
    lite = np.round(
        np.clip(rng.beta(np.where(planted[accs], 5.0, 1.5), np.where(planted[accs], 2.5, 5.0)), 0, 1), 4
    )
    return BotScores(
        chosen,
        raw,
        cap,
        lang,
        scored_at,
        accs,
        tw.rt_id[idx],
        lite,
        sched.end + 3 * 86_400 + np.arange(len(accs), dtype=np.int64),
    )

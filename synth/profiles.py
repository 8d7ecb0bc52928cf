"""Sizes of the synthetic worlds `graphcli synth` can build."""

from __future__ import annotations

from dataclasses import dataclass

from graphcli.model.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Profile:
    """How big a world is and what is planted in it.

    Group tuples: like/retweet sets are ``(members, items)``; share groups are
    ``(members, objects, window_seconds)`` and are planted once per share kind.
    """

    name: str
    accounts: int  # Twitter accounts
    posts: int  # original tweets (the scraped "alarm" tweets)
    likes: int
    retweets: int
    pages: int  # Facebook pages
    fb_posts: int
    days: int
    sessions: int  # Pull-<n> folders
    pulls_per_session: int
    like_set_groups: tuple[tuple[int, int], ...]
    retweet_set_groups: tuple[tuple[int, int], ...]
    share_groups: tuple[tuple[int, int, int], ...]
    slow_decoys: int  # slow coincidences per share kind
    # Facebook pages that coordinate on several kinds at once, one object per kind and occasion, too
    # little on any one kind to stand out: ``(members, occasions)`` (synth/facebook.py).
    multimodal_groups: tuple[tuple[int, int], ...] = ()
    # Facebook pages with the same rare hashtags and domains in their posts, each posted at its own time
    # (never within minutes of another): ``(members, tokens)`` (synth/facebook.py).
    trace_groups: tuple[tuple[int, int], ...] = ()
    # Sets of Facebook page groups that co-share messages day after day (synth/facebook.py
    # _persistence_groups): one persists, one grows, one reappears with new pages after a day away, and
    # two decoys for the matching (a one-day group; two groups on different days sharing one page).
    persistence_sets: int = 0


_SMALL_LIKES = ((2, 1), (3, 1), (5, 1), (4, 2), (8, 3), (13, 5), (21, 8), (40, 12))
_SMALL_RTS = ((3, 1), (5, 2), (8, 4), (15, 6))
_SMALL_SHARES = ((3, 3, 10), (5, 4, 20), (8, 5, 30))
_SMALL_MULTIMODAL = ((4, 1), (6, 1), (8, 1))
_SMALL_TRACES = ((5, 15), (8, 15), (12, 15))

# A planted like-set group of at most 100 members: the scraper's 100-likers cap never hides one.
PROFILES: dict[str, Profile] = {
    p.name: p
    for p in (
        Profile(
            name="tiny",
            accounts=1_000,
            posts=300,
            likes=8_000,
            retweets=2_000,
            pages=300,
            fb_posts=3_000,
            days=2,
            sessions=2,
            pulls_per_session=6,
            like_set_groups=((2, 1), (3, 1), (5, 2), (8, 3), (12, 5)),
            retweet_set_groups=((3, 1), (4, 2), (6, 4)),
            share_groups=((3, 4, 10), (5, 5, 20)),
            slow_decoys=2,
            multimodal_groups=((4, 1), (6, 1)),
            trace_groups=((5, 15), (8, 15)),
        ),
        Profile(
            name="small",
            accounts=20_000,
            posts=4_000,
            likes=200_000,
            retweets=50_000,
            pages=2_000,
            fb_posts=30_000,
            days=4,
            sessions=3,
            pulls_per_session=8,
            like_set_groups=_SMALL_LIKES,
            retweet_set_groups=_SMALL_RTS,
            share_groups=_SMALL_SHARES,
            slow_decoys=4,
            multimodal_groups=_SMALL_MULTIMODAL,
            trace_groups=_SMALL_TRACES,
            persistence_sets=1,
        ),
        # Coordination is a large part of the data and groups differ a lot in size and weight (2 to 40
        # objects), as in real election share data: a weight percentile then lands among the planted
        # groups' weights and cuts the light ones, which the chance test keeps (docs/detection.md).
        Profile(
            name="weights",
            accounts=3_000,
            posts=800,
            likes=20_000,
            retweets=6_000,
            pages=900,
            fb_posts=16_000,
            days=2,
            sessions=2,
            pulls_per_session=6,
            like_set_groups=((3, 1), (5, 2)),
            retweet_set_groups=((3, 1), (4, 2)),
            share_groups=((3, 2, 10), (4, 3, 10), (6, 4, 20), (10, 12, 30), (12, 25, 30), (20, 40, 30)),
            slow_decoys=2,
        ),
        Profile(
            name="medium",
            accounts=200_000,
            posts=30_000,
            likes=2_000_000,
            retweets=500_000,
            pages=20_000,
            fb_posts=250_000,
            days=7,
            sessions=4,
            pulls_per_session=10,
            like_set_groups=_SMALL_LIKES * 3,
            retweet_set_groups=_SMALL_RTS * 3,
            share_groups=_SMALL_SHARES * 2,
            slow_decoys=8,
            multimodal_groups=_SMALL_MULTIMODAL * 2,
            trace_groups=_SMALL_TRACES * 2,
            persistence_sets=2,
        ),
        Profile(
            name="large",
            accounts=1_000_000,
            posts=150_000,
            likes=10_000_000,
            retweets=2_500_000,
            pages=100_000,
            fb_posts=900_000,
            days=7,
            sessions=4,
            pulls_per_session=10,
            like_set_groups=_SMALL_LIKES * 6,
            retweet_set_groups=_SMALL_RTS * 6,
            share_groups=_SMALL_SHARES * 4,
            slow_decoys=12,
            multimodal_groups=_SMALL_MULTIMODAL * 4,
            trace_groups=_SMALL_TRACES * 4,
            persistence_sets=4,
        ),
    )
}


def get_profile(name: str) -> Profile:
    """The named profile, or a :class:`ConfigError` listing the known ones."""
    try:
        return PROFILES[name]
    except KeyError:
        raise ConfigError(f"unknown profile {name!r}", hint=f"use one of {', '.join(PROFILES)}") from None

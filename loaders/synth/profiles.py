"""Sizes of the synthetic worlds `graphcli synth` can build."""

from __future__ import annotations

from dataclasses import dataclass

from graphcli.errors import ConfigError


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


_SMALL_LIKES = ((2, 1), (3, 1), (5, 1), (4, 2), (8, 3), (13, 5), (21, 8), (40, 12))
_SMALL_RTS = ((3, 1), (5, 2), (8, 4), (15, 6))
_SMALL_SHARES = ((3, 3, 10), (5, 4, 20), (8, 5, 30))

PROFILES: dict[str, Profile] = {
    "tiny": Profile(
        "tiny",
        1_000,
        300,
        8_000,
        2_000,
        150,
        1_500,
        2,
        2,
        6,
        ((2, 1), (3, 1), (5, 2), (8, 3), (12, 5)),
        ((3, 1), (4, 2), (6, 4)),
        ((3, 3, 10), (5, 4, 20)),
        2,
    ),
    "small": Profile(
        "small",
        20_000,
        4_000,
        200_000,
        50_000,
        2_000,
        30_000,
        4,
        3,
        8,
        _SMALL_LIKES,
        _SMALL_RTS,
        _SMALL_SHARES,
        4,
    ),
    "medium": Profile(
        "medium",
        200_000,
        30_000,
        2_000_000,
        500_000,
        20_000,
        250_000,
        7,
        4,
        10,
        _SMALL_LIKES * 3,
        _SMALL_RTS * 3,
        _SMALL_SHARES * 2,
        8,
    ),
    "large": Profile(
        "large",
        1_000_000,
        150_000,
        10_000_000,
        2_500_000,
        100_000,
        600_000,
        7,
        4,
        10,
        _SMALL_LIKES * 6,
        _SMALL_RTS * 6,
        _SMALL_SHARES * 4,
        12,
    ),
}


def get_profile(name: str) -> Profile:
    """The named profile, or a :class:`ConfigError` listing the known ones."""
    try:
        return PROFILES[name]
    except KeyError:
        raise ConfigError(f"unknown profile {name!r}", hint=f"use one of {', '.join(PROFILES)}") from None

"""What this run has already seen: decides whether a record is new, and whether it must be written.

Two questions, answered separately. *Is the record new?* A post is the same post whatever counts it
shows, a like the same like whenever it was observed; a row is a duplicate when none of its records is
new. *Must it be written?* A post seen again with a later ``observed_at`` carries newer counts, and a
like observed outside the times seen so far widens first/last seen; those are written even though
they are not new. Everything else seen before is skipped, which keeps hundreds of repeated pull files
cheap.

Memory grows with the number of distinct records of a run (a few hundred bytes each).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, fields
from datetime import datetime
from operator import attrgetter

from graphcli.model.keys import utc
from graphcli.model.records import BotScore, Engagement, Post, Record

_COUNTS = {"like_count", "retweet_count", "reply_count", "quote_count", "share_count", "comment_count"}
# A post's identity: every field but its counts and when they were seen. Read with one attrgetter
# (dataclasses.replace per row was the largest client-side cost of a load).
_COUNTS_OF = attrgetter(*sorted(_COUNTS))
_POST_IDENTITY = attrgetter(*(f.name for f in fields(Post) if f.name not in _COUNTS | {"observed_at"}))


@dataclass(frozen=True)
class Verdict:
    new: bool
    write: bool


class Deduper:
    """Remembers every record identity of one run."""

    def __init__(self) -> None:
        self._plain: set[Hashable] = set()
        self._latest: dict[Hashable, datetime | None] = {}  # a post's latest observed_at
        self._window: dict[Hashable, tuple[datetime | None, datetime | None]] = {}  # a like's first, last
        self._untimed: dict[Hashable, tuple[int | None, ...]] = {}  # a post's counts written without a time

    def admit(self, rec: Record) -> Verdict:
        """Record ``rec`` as seen and say whether it is new and whether it must be written."""
        key = identity(rec)
        if isinstance(rec, Post):
            return self._admit_latest(key, utc(rec.observed_at), _COUNTS_OF(rec))
        if isinstance(rec, Engagement):
            return self._admit_window(key, utc(rec.observed_at))
        if key in self._plain:
            return Verdict(new=False, write=False)
        self._plain.add(key)
        return Verdict(new=True, write=True)

    def _admit_latest(
        self, key: Hashable, observed: datetime | None, counts: tuple[int | None, ...]
    ) -> Verdict:
        untimed_news = (
            observed is None and any(c is not None for c in counts) and self._untimed.get(key) != counts
        )
        if untimed_news:
            # Counts without a time may fill counts a timed observation lacked: write them once.
            self._untimed[key] = counts
        if key not in self._latest:
            self._latest[key] = observed
            return Verdict(new=True, write=True)
        latest = self._latest[key]
        if observed is not None and (latest is None or observed > latest):
            self._latest[key] = observed
            return Verdict(new=False, write=True)
        return Verdict(new=False, write=untimed_news)

    def _admit_window(self, key: Hashable, observed: datetime | None) -> Verdict:
        if key not in self._window:
            self._window[key] = (observed, observed)
            return Verdict(new=True, write=True)
        first, last = self._window[key]
        if observed is None or (first is not None and last is not None and first <= observed <= last):
            return Verdict(new=False, write=False)
        self._window[key] = (
            observed if first is None else min(first, observed),
            observed if last is None else max(last, observed),
        )
        return Verdict(new=False, write=True)


def identity(rec: Record) -> Hashable:
    """What makes two records the same thing: a post regardless of its counts and when they were seen,
    an engagement regardless of when and where it was observed, anything else the whole record."""
    if isinstance(rec, Post):
        return (Post, _POST_IDENTITY(rec))
    if isinstance(rec, Engagement):
        name = rec.screen_name.lower() if rec.screen_name else None
        return (Engagement, rec.platform, rec.kind, rec.post_id, rec.account_id, name, rec.at)
    if isinstance(rec, BotScore):  # its scores dict is not hashable
        return (
            BotScore,
            rec.platform,
            rec.account_id,
            rec.screen_name,
            rec.version,
            rec.scored_at,
            tuple(sorted(rec.scores.items())),
            rec.majority_lang,
            rec.tweet_id,
        )
    return rec

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
from typing import Any

from graphcli.model.keys import utc
from graphcli.model.records import (
    Account,
    AccountStatus,
    Block,
    BotScore,
    CountObservation,
    Engagement,
    NameSeen,
    Post,
    Record,
    Share,
)

_COUNTS = {"like_count", "retweet_count", "reply_count", "quote_count", "share_count", "comment_count"}
# A post's identity: every field but its counts and when they were seen. Read with one attrgetter
# (dataclasses.replace per row was the largest client-side cost of a load).
_COUNTS_OF = attrgetter(*sorted(_COUNTS))
_POST_IDENTITY = attrgetter(*(f.name for f in fields(Post) if f.name not in _COUNTS | {"observed_at"}))
# Records of the other types are the same when every field is: their identity is the tuple of fields.
_POST_IDENTITY_NAMES = tuple(f.name for f in fields(Post) if f.name not in _COUNTS | {"observed_at"})
_PLAIN = (Account, Share, AccountStatus, CountObservation, NameSeen)
_ALL_FIELDS: dict[type, Any] = {cls: attrgetter(*(f.name for f in fields(cls))) for cls in _PLAIN}


@dataclass(frozen=True)
class Verdict:
    new: bool
    write: bool


_NEW = Verdict(new=True, write=True)
_SEEN = Verdict(new=False, write=False)
_NEWER = Verdict(new=False, write=True)


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
            return _SEEN
        self._plain.add(key)
        return _NEW

    def admit_block(self, block: Block) -> tuple[list[bool], list[bool]]:
        """:meth:`admit` for every record of ``block`` in order, read from its columns: (new, write)
        per record. The identities are the ones :func:`identity` gives the same records."""
        kind, columns = block.kind, block.columns
        if kind is Post:
            index = {f.name: i for i, f in enumerate(fields(Post))}
            keys = zip(*(columns[index[n]] for n in _POST_IDENTITY_NAMES), strict=True)
            counts = zip(*(columns[index[n]] for n in sorted(_COUNTS)), strict=True)
            observed = columns[index["observed_at"]]
            verdicts = [
                self._admit_latest((Post, key), utc(seen), count)
                for key, seen, count in zip(keys, observed, counts, strict=True)
            ]
        elif kind is Engagement:
            platform, what, post, account, name, seen, at, _ = columns
            verdicts = [
                self._admit_window((Engagement, p, k, post_id, a, n.lower() if n else None, t), utc(o))
                for p, k, post_id, a, n, o, t in zip(
                    platform, what, post, account, name, seen, at, strict=True
                )
            ]
        elif kind in _ALL_FIELDS:
            new = []
            plain = self._plain
            for values in zip(*columns, strict=True):
                key = (kind, values)
                if key in plain:
                    new.append(False)
                else:
                    plain.add(key)
                    new.append(True)
            return new, new
        else:
            verdicts = [self.admit(rec) for rec in block.records()]
        return [v.new for v in verdicts], [v.write for v in verdicts]

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
            return _NEW
        latest = self._latest[key]
        if observed is not None and (latest is None or observed > latest):
            self._latest[key] = observed
            return _NEWER
        return _NEWER if untimed_news else _SEEN

    def _admit_window(self, key: Hashable, observed: datetime | None) -> Verdict:
        if key not in self._window:
            self._window[key] = (observed, observed)
            return _NEW
        first, last = self._window[key]
        if observed is None or (first is not None and last is not None and first <= observed <= last):
            return _SEEN
        self._window[key] = (
            observed if first is None else min(first, observed),
            observed if last is None else max(last, observed),
        )
        return _NEWER


def identity(rec: Record) -> Hashable:
    """What makes two records the same thing: a post regardless of its counts and when they were seen,
    an engagement regardless of when and where it was observed, anything else the whole record."""
    if isinstance(rec, Post):
        return (Post, _POST_IDENTITY(rec))
    getter = _ALL_FIELDS.get(type(rec))
    if getter is not None:
        return (type(rec), getter(rec))
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

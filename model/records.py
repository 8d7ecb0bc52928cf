"""Canonical records: what every source format is parsed into, and what the writer loads.

A format module reads a file and yields, per input row (line, CSV row, JSON page...), either a
:class:`Row` holding the records that row gave, or a :class:`Reject` saying why the row was refused.
The pipeline then counts each input row exactly once as loaded, rejected or duplicate, so that
``read = loaded + rejected + duplicate`` always holds.

All datetimes are timezone-aware UTC. Ids are strings (Twitter ids overflow float64 and lose digits).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, fields
from datetime import datetime
from operator import attrgetter
from typing import Any, Literal

from graphcli.model.errors import ConfigError

ShareKind = Literal["link", "domain", "message", "image_text", "hashtag", "image_hash", "retweet"]
SHARE_KINDS: tuple[ShareKind, ...] = (
    "link",
    "domain",
    "message",
    "image_text",
    "hashtag",
    "image_hash",
    "retweet",
)
_SHARE_KIND_NAMES: dict[str, ShareKind] = {kind: kind for kind in SHARE_KINDS}


def parse_share_kind(text: str) -> ShareKind:
    """The share kind called ``text``; ConfigError naming the kinds otherwise."""
    try:
        return _SHARE_KIND_NAMES[text]
    except KeyError:
        raise ConfigError(
            f"unknown share kind {text!r}", hint=f"choose one of {', '.join(SHARE_KINDS)}"
        ) from None


Status = Literal["active", "not_found", "suspended", "protected", "unknown"]


@dataclass(frozen=True, slots=True)
class Account:
    """A user account. ``id`` may be None for raw scrapes that name users by screen name only."""

    platform: str
    id: str | None
    screen_name: str | None = None
    name: str | None = None
    created_at: datetime | None = None
    description: str | None = None
    location: str | None = None
    protected: bool | None = None
    verified: bool | None = None
    followers_count: int | None = None
    following_count: int | None = None
    tweet_count: int | None = None
    listed_count: int | None = None


@dataclass(frozen=True, slots=True)
class Post:
    """A tweet or Facebook post. Counts are as observed at ``observed_at`` (latest observation wins)."""

    platform: str
    id: str
    author_id: str | None = None
    author_screen_name: str | None = None
    created_at: datetime | None = None
    lang: str | None = None
    text: str | None = None  # only kept with --keep-text
    like_count: int | None = None
    retweet_count: int | None = None
    reply_count: int | None = None
    quote_count: int | None = None
    share_count: int | None = None
    comment_count: int | None = None
    source: str | None = None
    geo: str | None = None
    observed_at: datetime | None = None
    # from the scraper's sentinel users, or a later look-up's error ("unavailable": not authorised)
    availability: Literal["deleted", "unknown", "unavailable"] | None = None


@dataclass(frozen=True, slots=True)
class Engagement:
    """An account liked or retweeted a post. Likes carry no true time: only when they were observed."""

    platform: str
    kind: Literal["like", "retweet"]
    post_id: str
    account_id: str | None = None
    screen_name: str | None = None
    observed_at: datetime | None = None
    at: datetime | None = None  # the true time, where the source has it (retweets as tweets)
    source: str = ""


@dataclass(frozen=True, slots=True)
class Share:
    """An account shared an object (link, domain, message, ...) at a time, in a post."""

    platform: str
    account_id: str
    kind: ShareKind
    key: str  # normalised link/domain/hashtag/phash, or the hash of the normalised text
    at: datetime
    post_id: str
    text: str | None = None  # the original text or URL, only kept with --keep-text


@dataclass(frozen=True, slots=True)
class BotScore:
    """One scoring of an account by Botometer v4 or Botometer Lite. Nothing from the input is dropped:
    ``scores`` holds every number, keyed e.g. ``raw_universal_astroturf``, ``display_english_overall``,
    ``cap_english``, ``cap_universal``, ``lite``."""

    platform: str
    account_id: str | None
    screen_name: str | None
    version: Literal["v4", "lite"]
    scored_at: datetime | None
    scores: dict[str, float] = field(default_factory=dict)
    majority_lang: str | None = None
    tweet_id: str | None = None  # Botometer Lite scores a user through one tweet


@dataclass(frozen=True, slots=True)
class AccountStatus:
    """What a later look-up said of an account."""

    platform: str
    account_id: str | None
    screen_name: str | None
    status: Status
    checked_at: datetime | None
    error_title: str | None = None
    error_detail: str | None = None


@dataclass(frozen=True, slots=True)
class CountObservation:
    """The counts a post showed at one time, as one source saw them: a pull snapshot, a final
    harvest (the highest count the live pull saw), a later look-up. Kept side by side, unlike the
    post's own counts (the latest wins), so that "highest seen vs later" is a query."""

    platform: str
    post_id: str
    observed_at: datetime | None
    source: str  # "pull snapshot", "final harvest (highest seen)", "later look-up"
    like_count: int | None = None
    retweet_count: int | None = None
    reply_count: int | None = None
    quote_count: int | None = None
    error: str | None = None  # the look-up's error when the post could not be seen


@dataclass(frozen=True, slots=True)
class NameSeen:
    """An account was seen under a screen name at a time (a look-up by that name found it, Botometer
    scored it under it). Kept for every name, so that renames and case changes stay visible although the
    account keeps one node and its latest name."""

    platform: str
    account_id: str
    screen_name: str
    seen_at: datetime | None
    source: str  # "look-up", "botometer"


Record = Account | Post | Engagement | Share | BotScore | AccountStatus | CountObservation | NameSeen


def _pickled_by_fields(cls: type) -> None:
    """Pickle ``cls`` as its class and field values: unpickling then calls the constructor once,
    half the cost of a frozen dataclass's default, which sets each field through ``object.__setattr__``
    (worker processes send every record they read back to the loading one)."""
    getter = attrgetter(*(f.name for f in fields(cls)))

    def reduce(self: Any) -> tuple[type, tuple[Any, ...]]:
        return cls, getter(self)

    cls.__reduce__ = reduce  # type: ignore[method-assign,assignment]


for _cls in (Account, Post, Engagement, Share, BotScore, AccountStatus, CountObservation, NameSeen):
    _pickled_by_fields(_cls)


@dataclass(frozen=True, slots=True)
class Row:
    """The records one input row gave. ``line`` is 1-based (the header is line 1 in CSV files)."""

    file: str
    line: int
    records: tuple[Record, ...]


@dataclass(frozen=True, slots=True)
class Reject:
    """An input row that could not be used, and why. Written to the rejects file as JSON lines."""

    file: str
    line: int
    reason: str
    raw: str


@dataclass(frozen=True, slots=True, eq=False)
class Block:
    """Records of one type from consecutive input rows of one file, held column-wise: what a columnar
    reader yields instead of one :class:`Row` per input row (a Python object per row costs more than
    reading it). ``columns`` holds one list per field of ``kind`` in the dataclass's field order, and
    ``lines`` the input line of each record; records of one input row are adjacent and share its line
    (a wide share table gives up to four shares a row). Only rows whose every record the reader could
    vouch for go into a block; the others come as Row or Reject, in file order between the blocks."""

    file: str
    kind: type[Record]
    columns: tuple[list[Any], ...]
    lines: list[int]

    def __len__(self) -> int:
        return len(self.lines)

    def records(self) -> list[Record]:
        """The block's records as dataclasses (the row path's view of it)."""
        return [self.kind(*values) for values in zip(*self.columns, strict=True)]

    def rows(self) -> list[Row]:
        """The input rows of the block, as the row path reads them."""
        rows: list[Row] = []
        records = self.records()
        start = 0
        for end in range(1, len(records) + 1):
            if end == len(records) or self.lines[end] != self.lines[start]:
                rows.append(Row(self.file, self.lines[start], tuple(records[start:end])))
                start = end
        return rows

    def take(self, keep: list[bool]) -> Block:
        """The records whose ``keep`` is true, in order."""
        if all(keep):
            return self
        columns = tuple([v for v, k in zip(col, keep, strict=True) if k] for col in self.columns)
        return Block(self.file, self.kind, columns, [n for n, k in zip(self.lines, keep, strict=True) if k])

    def slice(self, start: int, end: int) -> Block:
        """Records ``start`` to ``end`` (exclusive)."""
        return Block(self.file, self.kind, tuple(c[start:end] for c in self.columns), self.lines[start:end])


@dataclass(frozen=True, slots=True, eq=False)
class Blocks:
    """Records of several types from the same consecutive input rows of one file, one :class:`Block`
    per type, in the order the row path gives a row's records (a CrowdTangle row gives its Account,
    then its Post, then its Shares): the records of an input row are its records in ``blocks[0]``,
    then in ``blocks[1]``, and so on, and each row has at least one. The pipeline counts each row once
    and folds the blocks type by type; a reader groups only rows for which that folds what row by row
    would (its property test checks it), and gives other rows as Row or Reject."""

    file: str
    blocks: tuple[Block, ...]

    def __len__(self) -> int:
        return sum(len(block) for block in self.blocks)

    def lines(self) -> list[int]:
        """The input rows' lines, in order (each once)."""
        return sorted({line for block in self.blocks for line in block.lines})

    def rows(self) -> list[Row]:
        """The input rows, as the row path reads them."""
        by_line: dict[int, list[Record]] = {}
        for block in self.blocks:
            for line, rec in zip(block.lines, block.records(), strict=True):
                by_line.setdefault(line, []).append(rec)
        return [Row(self.file, line, tuple(by_line[line])) for line in sorted(by_line)]

    def between(self, first: int, last: int) -> Blocks:
        """The rows whose line is ``first`` to ``last`` (inclusive)."""
        parts = []
        for block in self.blocks:
            part = block.slice(bisect_left(block.lines, first), bisect_right(block.lines, last))
            if len(part):
                parts.append(part)
        return Blocks(self.file, tuple(parts))

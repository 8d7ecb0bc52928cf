"""Later tweet counts: the Danish 2022 study's look-up of every tracked tweet months after the pull.

``fv22.latercounts`` (through ``process_lookup_tweets``) saves a DataFrame indexed by tweet ``id`` with
``like_count, retweet_count, reply_count, quote_count, referenced_tweet, referenced_tweet:_type, error``
(pickled, or with ``to_csv``). A tweet the look-up could not see has only ``error``: "Could not find
tweet ..." means deleted, "not authorized" means its author is suspended or protected. Each row gives
the post (its counts, or its availability) and a :class:`CountObservation` from source
``later look-up``, so that the highest count the pull saw and the later one can be compared. The rows
carry no time: ``options.scored_at`` or the file's modification time is used (said in a notice).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from graphcli.loaders.lookups import default_check_time
from graphcli.loaders.options import ReadOptions
from graphcli.loaders.textio import cell, convert_rows, csv_header, read_csv, to_id
from graphcli.loaders.twitter_v2 import tweet_counts
from graphcli.model.records import CountObservation, Post, Record, Reject, Row

NAME = "later-counts"
SNIFF_RULE = "a CSV with id, like_count, retweet_count, reply_count, quote_count and error (later look-up)"
PLATFORM = "twitter"
LATER_COLUMNS = ("like_count", "retweet_count", "reply_count", "quote_count", "error")
SOURCE = "later look-up"


def sniff(path: Path) -> bool:
    """True for a CSV of later counts (the study's ``latercounts`` written with ``to_csv``)."""
    if path.suffix.lower() != ".csv":
        return False
    header = set(csv_header(path))
    return "id" in header and set(LATER_COLUMNS) <= header


def read(path: Path, options: ReadOptions) -> Iterator[Row | Reject]:
    """A Row per tweet: its Post and its later CountObservation."""
    platform = options.platform_or(PLATFORM)
    checked = default_check_time(path, options)
    rows = read_csv(path, required=("id", *LATER_COLUMNS))
    yield from convert_rows(path, rows, lambda fields: later_count_records(fields, platform, checked))
    options.tell(f"{path.name}: later counts carry no time; observed_at = {checked.isoformat()}")


def availability(error: str | None) -> Literal["deleted", "unavailable"] | None:
    """What a look-up error says of a tweet: deleted, or not visible (its author suspended/protected)."""
    if error is None:
        return None
    return "deleted" if error.startswith("Could not find") else "unavailable"


def later_count_records(
    fields: dict[str, Any], platform: str, observed: datetime | None
) -> tuple[Record, ...]:
    """The Post and CountObservation of one later-counts row (CSV or DataFrame row)."""
    post_id = to_id(fields.get("id"))
    if post_id is None:
        raise ValueError("no tweet id")
    error = cell(fields.get("error"))
    counts = tweet_counts(fields)
    post = Post(platform, post_id, availability=availability(error), observed_at=observed)
    if error is None:
        post = Post(platform, post_id, **counts, observed_at=observed)
    return (post, CountObservation(platform, post_id, observed, SOURCE, **counts, error=error))

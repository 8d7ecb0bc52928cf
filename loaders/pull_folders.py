"""Live-scrape pull folders of the get-twitter-likers-data scraper (the Danish 2022 data).

A pull folder ``Pull-*/`` holds ``CSVs/<UTC time>.csv`` snapshots of tweets, and
``CSVs/Likers_of_alarms/Likers_of_alarms_<time>.csv`` and
``CSVs/Retweeters_of_alarms/Retweeters_of_alarms_<time>.csv``, with an unnamed first column (the tweet
id), ``delta`` and a Python list literal of screen names. The time of observation is the time in the
file name (names contain colons). Every snapshot row also gives a CountObservation (source
``pull snapshot``), so the count history is kept beside the post's latest counts.

Pickles sit next to them; they are only unpickled with ``trust_pickles`` because unpickling runs
code. Then final harvests (``likers_final_harvest_complete.pkl``: tweet id index, a ``likers`` or
``retweeters`` list column, the highest count seen) are read here, their time taken from the
harvest's printout log (``Script done on ...``) or else the file's modification time; the study's
Botometer, look-up and later-count frames are read by their columns (``loaders.pickles``). Every other
file in the folder (untrusted pickles, delta logs, binary matrices, logs, plots) is reported as
skipped with its reason.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from graphcli.loaders import pickles
from graphcli.loaders.columnar import (
    Item,
    block_of,
    by_runs,
    column_of,
    count_cells,
    ids,
    read_by_column,
    shape_runs,
    times,
    values_of,
)
from graphcli.loaders.options import ReadOptions
from graphcli.loaders.textio import cell, convert_rows, csv_header, read_csv, to_id, to_int, to_time
from graphcli.loaders.twitter_v2 import tweet_counts
from graphcli.model.errors import InputError
from graphcli.model.normalize import extract_hashtags, parse_time, text_key
from graphcli.model.records import Blocks, CountObservation, Engagement, Post, Record, Reject, Row, Share

NAME = "pull-folders"
SNIFF_RULE = (
    "a Pull-* folder (or one with CSVs/), or a scraper CSV: columns 'author id'/'tweet' or likers/retweeters"
)
PLATFORM = "twitter"

TWEET_COLUMNS = ("author id", "created_at", "geo", "id", "lang", "like_count", "quote_count", "reply_count")
LIKERS_PREFIX = "Likers_of_alarms_"
RETWEETERS_PREFIX = "Retweeters_of_alarms_"
PICKLE_SUFFIXES = pickles.PICKLE_SUFFIXES
SNAPSHOT = "pull snapshot"
HARVEST = "final harvest (highest seen)"
# The last line the util-linux `script` command writes to a printout log.
_SCRIPT_DONE_RE = re.compile(r"Script done on (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[+-]\d\d:?\d\d)")
# A list literal of plain quoted screen names (letters, digits, underscores), as pandas writes it.
_SIMPLE_LIST_RE = re.compile(r"\[\s*(?:'\w*'\s*,\s*)*(?:'\w*'\s*,?\s*)?\]")
_QUOTED_RE = re.compile(r"'(\w*)'")

# The scraper writes these pseudo-users in place of the real list when it could not get one.
SENTINELS: dict[str, Literal["deleted", "unknown"]] = {
    "AwarenessRequired_Liking_Users_of_Deleted_Tweet": "deleted",
    "AwarenessRequired_Retweeters_of_Deleted_Tweet": "deleted",
    "AwarenessRequired_Liking_Users_Unknown_Case": "unknown",
    "AwarenessRequired_Retweeters_Unknown_Case": "unknown",
}


def sniff(path: Path) -> bool:
    """True for a pull folder (``Pull-*``, ``IncompletePull-*`` or any folder with ``CSVs/``), a CSV
    written by the scraper, or a pickle (read by its columns, and only with ``--trust-pickles``). A
    folder holding several pull folders is not one source: detect each."""
    if path.is_dir():
        return path.name.startswith(("Pull-", "IncompletePull-")) or (path / "CSVs").is_dir()
    if pickles.is_pickle(path):
        return True
    if path.suffix.lower() != ".csv":
        return False
    header = csv_header(path)
    if path.name.startswith((LIKERS_PREFIX, RETWEETERS_PREFIX)):
        return True
    return "author id" in header or ("tweet" in header and "id" in header and "like_count" in header)


def read(path: Path, options: ReadOptions) -> Iterator[Row | Reject]:
    """Rows of a pull folder (all its files, in the time order of their names) or of one scraper file.

    A file that cannot be read at all inside a folder becomes one Reject, so one bad file does not stop
    the folder; a single file given on its own raises InputError instead. Skipped pickles are reported
    in one notice at the end."""
    return _read(path, options, _read_file)  # type: ignore[return-value]  # rows only


def read_blocks(path: Path, options: ReadOptions) -> Iterator[Item]:
    """What :func:`read` gives, the scraper's CSVs read a column at a time into blocks (see
    ``loaders.columnar``): a snapshot's Posts, CountObservations and Shares, a likers or retweeters
    file's Engagements (with the Post of a sentinel). A row the columns cannot vouch for goes
    through the per-row converter; pickles are read as by :func:`read`."""
    return _read(path, options, _read_file_by_column)


def _read(
    path: Path, options: ReadOptions, read_file: Callable[[Path, ReadOptions, list[Path]], Iterator[Item]]
) -> Iterator[Item]:
    skipped: list[Path] = []
    if not path.is_dir():
        yield from read_file(path, options, skipped)
    else:
        files = _files_in_time_order(path)
        for other in _other_files(path, files):
            options.skipped(str(other), _why_not_read(path, other))
        for file in files:
            try:
                yield from read_file(file, options, skipped)
            except InputError as exc:
                yield Reject(str(file), 1, exc.message, "")
    if skipped:
        names = ", ".join(p.name for p in skipped[:3]) + (", ..." if len(skipped) > 3 else "")
        why = (
            "not tables graphcli reads; each is listed with its reason"
            if options.trust_pickles
            else "unpickling runs code; use --trust-pickles for your own files"
        )
        options.tell(f"skipped {len(skipped)} pickle file(s) in {path} ({names}): {why}")


def file_time(path: Path) -> datetime | None:
    """The UTC time in a scraper file's name, or None when the name holds no time."""
    stem = path.stem
    for prefix in (LIKERS_PREFIX, RETWEETERS_PREFIX):
        stem = stem.removeprefix(prefix)
    for candidate in (stem, stem.replace("_", " ")):
        try:
            return parse_time(candidate)
        except ValueError:
            continue
    return None


def _files_in_time_order(folder: Path) -> list[Path]:
    """The scraper's files in a pull folder: CSVs under ``CSVs/`` and pickles anywhere in it."""
    csvs = [p for p in (folder / "CSVs").rglob("*.csv") if p.is_file()]
    pickles = [p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in PICKLE_SUFFIXES]
    files = csvs + pickles
    far_future = datetime.max.replace(tzinfo=parse_time(0).tzinfo)
    return sorted(files, key=lambda p: (file_time(p) or far_future, _kind_rank(p), str(p)))


def _other_files(folder: Path, read: list[Path]) -> list[Path]:
    """The files in a pull folder that are neither snapshot/alarm CSVs nor pickles."""
    taken = set(read)
    return sorted(p for p in folder.rglob("*") if p.is_file() and p not in taken)


def _why_not_read(folder: Path, path: Path) -> str:
    if path.name.endswith("_printouts.log"):
        return "a printout log of the scraper (read only for the final harvest's time)"
    if path.suffix.lower() == ".csv":
        if "binsize" in csv_header(path):
            return "an analysis feature frame (bin sizes joined with look-ups and scores): load its sources"
        return f"a CSV outside {folder.name}/CSVs/, not the scraper's (load it on its own with load auto)"
    return f"not a file of the scraper or the study ({path.suffix or 'no suffix'})"


def harvest_time(path: Path) -> tuple[datetime, str]:
    """When a final harvest was taken, and from where: the ``Script done on`` line of its printout log
    (``likers_final_harvest_printouts.log`` beside ``likers_final_harvest_complete.pkl``), else the
    file's modification time."""
    kind = path.name.split("_final_harvest")[0]
    log = path.with_name(f"{kind}_final_harvest_printouts.log")
    if log.is_file():
        with open(log, encoding="utf-8", errors="replace") as handle:
            for match in _SCRIPT_DONE_RE.finditer(handle.read()):
                return parse_time(match.group(1)), f"the end of {log.name}"
    return datetime.fromtimestamp(path.stat().st_mtime, UTC), "the file's modification time"


def _kind_rank(path: Path) -> int:
    # At equal times tweets come before the likes and retweets observed on them.
    if path.name.startswith(LIKERS_PREFIX):
        return 1
    if path.name.startswith(RETWEETERS_PREFIX):
        return 2
    return 0


def _read_file(path: Path, options: ReadOptions, skipped: list[Path]) -> Iterator[Row | Reject]:
    if pickles.is_pickle(path):
        if options.trust_pickles:
            yield from _read_pickle(path, options, skipped)
        else:
            skipped.append(path)
            options.skipped(str(path), pickles.UNTRUSTED)
        return
    observed = file_time(path)
    header = csv_header(path)
    list_column = _list_column(path, header)
    platform = options.platform_or(PLATFORM)
    if list_column is not None:
        id_column = header[0] if header else ""

        def engagements(fields: dict[str, Any]) -> tuple[Record, ...]:
            return _engagement_records(fields, id_column, list_column, observed, platform)

        yield from convert_rows(path, read_csv(path, required=[list_column]), engagements)
    else:

        def tweet(fields: dict[str, Any]) -> tuple[Record, ...]:
            return _tweet_records(fields, observed, platform, options.keep_text)

        yield from convert_rows(path, read_csv(path, required=["id"]), tweet)


def _read_file_by_column(path: Path, options: ReadOptions, skipped: list[Path]) -> Iterator[Item]:
    rows = _read_file(path, options, skipped)
    if pickles.is_pickle(path):
        yield from rows
        return
    observed = file_time(path)
    list_column = _list_column(path, csv_header(path))
    platform = options.platform_or(PLATFORM)

    def groups(batch: Any, lines: list[int], raw: list[bytes]) -> Iterator[Item]:
        if list_column is not None:
            return _engagement_groups(str(path), batch, lines, raw, list_column, observed, platform)
        return _tweet_groups(str(path), batch, lines, raw, observed, platform, options.keep_text)

    yield from read_by_column(path, rows, groups)


def _tweet_groups(
    name: str,
    batch: Any,
    lines: list[int],
    raw: list[bytes],
    observed: datetime | None,
    platform: str,
    keep_text: bool,
) -> Iterator[Item]:
    doubtful: set[int] = set()
    post_ids, authors = ids(column_of(batch, "id")), ids(column_of(batch, "author id"))
    doubtful.update(i for i, post_id in enumerate(post_ids) if post_id is None)
    created: list[datetime | None] = [None] * batch.num_rows
    if "created_at" in batch.schema.names:
        created = times(batch.column("created_at"), doubtful, lambda v: to_time(v, "created_at"))
    counts = [count_cells(column_of(batch, c), doubtful, c) for c in _COUNT_NAMES]
    texts, langs = column_of(batch, "tweet"), column_of(batch, "lang")
    sources, geos = column_of(batch, "source"), column_of(batch, "geo")

    def convert(fields: dict[str, Any]) -> tuple[Record, ...]:
        return _tweet_records(fields, observed, platform, keep_text)

    def group(start: int, end: int) -> Iterator[Item]:
        posts: list[tuple[Any, ...]] = []
        seen: list[tuple[Any, ...]] = []
        seen_lines: list[int] = []
        shares: list[tuple[Any, ...]] = []
        share_lines: list[int] = []
        for i in range(start, end):
            post_id, author, at, text = post_ids[i], authors[i], created[i], texts[i]
            like, retweet, reply, quote = (column[i] for column in counts)
            posts.append(
                values_of(
                    Post,
                    platform=platform,
                    id=post_id,
                    author_id=author,
                    created_at=at,
                    lang=langs[i],
                    text=text if keep_text else None,
                    like_count=like,
                    retweet_count=retweet,
                    reply_count=reply,
                    quote_count=quote,
                    source=sources[i],
                    geo=geos[i],
                    observed_at=observed,
                )
            )
            if observed is not None and (like, retweet, reply, quote) != (None, None, None, None):
                seen.append((platform, post_id, observed, SNAPSHOT, like, retweet, reply, quote, None))
                seen_lines.append(lines[i])
            if author is None or at is None or text is None:
                continue
            key = text_key(text)
            if key is not None:
                shares.append((platform, author, "message", key, at, post_id, text if keep_text else None))
                share_lines.append(lines[i])
            for tag in extract_hashtags(text):
                shares.append((platform, author, "hashtag", tag, at, post_id, None))
                share_lines.append(lines[i])
        blocks = [block_of(name, Post, posts, lines[start:end])]
        if seen:
            blocks.append(block_of(name, CountObservation, seen, seen_lines))
        if shares:
            blocks.append(block_of(name, Share, shares, share_lines))
        yield Blocks(name, tuple(blocks))

    return by_runs(name, batch, lines, raw, doubtful, convert, group)


_COUNT_NAMES = ("like_count", "retweet_count", "reply_count", "quote_count")


def _engagement_groups(
    name: str,
    batch: Any,
    lines: list[int],
    raw: list[bytes],
    list_column: str,
    observed: datetime | None,
    platform: str,
) -> Iterator[Item]:
    doubtful: set[int] = set()
    id_column = batch.schema.names[0]
    post_ids = ids(column_of(batch, id_column))
    cells = column_of(batch, list_column)
    lists: list[list[str]] = []
    for i, (post_id, value) in enumerate(zip(post_ids, cells, strict=True)):
        try:
            lists.append(_screen_names(value, list_column))
        except ValueError:
            lists.append([])
            doubtful.add(i)
        if post_id is None or not lists[-1]:
            doubtful.add(i)  # no id, or an empty Row: the row path gives it
    availability = [next((SENTINELS[n] for n in names if n in SENTINELS), None) for names in lists]
    kind = "like" if list_column == "likers" else "retweet"
    source = f"pull:{list_column}"

    def convert(fields: dict[str, Any]) -> tuple[Record, ...]:
        return _engagement_records(fields, id_column, list_column, observed, platform)

    def group(start: int, end: int) -> Iterator[Item]:
        # Rows with a sentinel's Post apart from those without: folded type by type, a Post before
        # the engagements of earlier rows would change the order of the posts.
        for i, j in shape_runs(start, end, availability):
            posts: list[tuple[Any, ...]] = []
            engagements: list[tuple[Any, ...]] = []
            engagement_lines: list[int] = []
            for k in range(i, j):
                if availability[k] is not None:
                    posts.append(
                        values_of(
                            Post,
                            platform=platform,
                            id=post_ids[k],
                            observed_at=observed,
                            availability=availability[k],
                        )
                    )
                for screen_name in lists[k]:
                    if screen_name not in SENTINELS:
                        engagements.append(
                            (platform, kind, post_ids[k], None, screen_name, observed, None, source)
                        )
                        engagement_lines.append(lines[k])
            blocks = []
            if posts:
                blocks.append(block_of(name, Post, posts, lines[i:j]))
            if engagements:
                blocks.append(block_of(name, Engagement, engagements, engagement_lines))
            yield Blocks(name, tuple(blocks))

    return by_runs(name, batch, lines, raw, doubtful, convert, group)


def _list_column(path: Path, header: list[str]) -> str | None:
    for column in ("likers", "retweeters"):
        if column in header:
            return column
    if path.name.startswith(LIKERS_PREFIX):
        return "likers"
    if path.name.startswith(RETWEETERS_PREFIX):
        return "retweeters"
    return None


def _tweet_records(
    fields: dict[str, Any], observed: datetime | None, platform: str, keep_text: bool
) -> tuple[Record, ...]:
    post_id = to_id(fields.get("id"))
    if post_id is None:
        raise ValueError("no tweet id")
    author = to_id(fields.get("author id"))
    created = to_time(fields.get("created_at"), "created_at")
    text = cell(fields.get("tweet"))
    post = Post(
        platform=platform,
        id=post_id,
        author_id=author,
        created_at=created,
        lang=cell(fields.get("lang")),
        text=text if keep_text else None,
        **tweet_counts(fields),
        source=cell(fields.get("source")),
        geo=cell(fields.get("geo")),  # the scraper writes a single space when there is none
        observed_at=observed,
    )
    counts = tweet_counts(fields)
    records: list[Record] = [post]
    if observed is not None and any(v is not None for v in counts.values()):
        records.append(CountObservation(platform, post_id, observed, SNAPSHOT, **counts))
    if author is not None and created is not None and text is not None:
        key = text_key(text)
        if key is not None:
            records.append(
                Share(platform, author, "message", key, created, post_id, text if keep_text else None)
            )
        for tag in extract_hashtags(text):
            records.append(Share(platform, author, "hashtag", tag, created, post_id))
    return tuple(records)


def _engagement_records(
    fields: dict[str, Any], id_column: str, list_column: str, observed: datetime | None, platform: str
) -> tuple[Record, ...]:
    post_id = to_id(fields.get(id_column))
    if post_id is None:
        raise ValueError("no tweet id in the first column")
    names = _screen_names(fields.get(list_column), list_column)
    kind: Literal["like", "retweet"] = "like" if list_column == "likers" else "retweet"
    records: list[Record] = []
    availability = next((SENTINELS[name] for name in names if name in SENTINELS), None)
    if availability is not None:
        records.append(Post(platform, post_id, observed_at=observed, availability=availability))
    for name in names:
        if name not in SENTINELS:
            records.append(
                Engagement(
                    platform,
                    kind,
                    post_id,
                    screen_name=name,
                    observed_at=observed,
                    source=f"pull:{list_column}",
                )
            )
    return tuple(records)


def _screen_names(value: Any, column: str) -> list[str]:
    """The screen names of a likers/retweeters cell: a Python list literal, parsed without eval."""
    if isinstance(value, list | tuple):
        items: Any = value
    else:
        text = cell(value)
        if text is None:
            return []
        if _SIMPLE_LIST_RE.fullmatch(text):  # the usual case, ten times faster than literal_eval
            return [name for name in _QUOTED_RE.findall(text) if name]
        try:
            items = ast.literal_eval(text)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            raise ValueError(f"{column} is not a Python list literal: {text[:60]!r}") from None
        if isinstance(items, str):
            items = [items]
    if not isinstance(items, list | tuple) or not all(isinstance(item, str) for item in items):
        raise ValueError(f"{column} is not a list of screen names")
    return [item.strip() for item in items if item.strip()]


def _read_pickle(path: Path, options: ReadOptions, skipped: list[Path]) -> Iterator[Row | Reject]:
    """Rows of a trusted pickle: a final harvest (a DataFrame indexed by tweet id with a ``likers`` or
    ``retweeters`` column of lists, ``likers_final_harvest_complete.pkl``) read here, a Botometer,
    look-up or later-counts frame read by ``loaders.pickles``. Anything else is skipped with a reason."""
    import pandas as pd

    name = str(path)
    try:
        frame = pickles.load(path)
    except ValueError as exc:
        yield Reject(name, 1, str(exc), "")
        return
    list_column = None
    if isinstance(frame, pd.DataFrame):
        list_column = next((c for c in ("likers", "retweeters") if c in frame.columns), None)
    if list_column is None:
        rows = pickles.frame_rows(path, frame, options)
        if rows is None:
            skipped.append(path)
            options.skipped(name, pickles.what_is(frame))
        else:
            yield from rows
        return
    assert isinstance(frame, pd.DataFrame)  # a list column was found in it
    id_column = next((c for c in ("", "Unnamed: 0", "tweet_id", "id") if c in frame.columns), None)
    if id_column is None:  # the tweet id is the frame's index, as the scraper saves it
        frame = frame.reset_index()
        id_column = str(frame.columns[0])
    observed, source = harvest_time(path)
    options.tell(f"{path.name}: a final harvest taken at {observed.isoformat()} (from {source})")
    platform = options.platform_or(PLATFORM)
    count_column = "like_count" if list_column == "likers" else "retweet_count"
    for number, values in enumerate(frame.to_dict("records"), start=1):
        fields = {str(k): v for k, v in values.items()}
        try:
            records = _engagement_records(fields, id_column, list_column, observed, platform)
            count = to_int(fields.get(count_column), count_column)
            if count is not None:
                post_id = records_post_id(fields, id_column)
                likes, retweets = (count, None) if list_column == "likers" else (None, count)
                records += (CountObservation(platform, post_id, observed, HARVEST, likes, retweets),)
            yield Row(name, number, records)
        except ValueError as exc:
            yield Reject(name, number, str(exc), repr(fields)[:2000])


def records_post_id(fields: dict[str, Any], id_column: str) -> str:
    post_id = to_id(fields.get(id_column))
    if post_id is None:
        raise ValueError("no tweet id in the first column")
    return post_id

"""twarc2 JSON lines: ``liking-users`` / ``retweeted-by`` output and tweet search/timeline pages.

Every line is one API response page: ``{"data": [...], "meta": {...}, "includes": {...}, "__twarc": {...}}``,
or one tweet with its ``author`` embedded (``twarc2 flatten`` output).
liking-users/retweeted-by write one file per tweet, named ``<tweet id>.jsonl`` (empty when nobody liked it);
whether a page lists likers or retweeters comes from ``__twarc.url`` (else from the folder name).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from graphcli.loaders.columnar import grouped
from graphcli.loaders.options import ReadOptions
from graphcli.loaders.textio import (
    SHAPE_ERRORS,
    data_suffix,
    first_line,
    is_gzip,
    open_text,
    read_json_lines,
    shape_reason,
    to_time,
)
from graphcli.loaders.twitter_v2 import PLATFORM, account_from_user, tweet_records
from graphcli.model.errors import InputError
from graphcli.model.records import Account, Blocks, Engagement, Post, Record, Reject, Row, Share

NAME = "twarc"
SNIFF_RULE = "JSON lines of twarc2 pages (data + meta/__twarc) or flattened tweets, <tweet id>.jsonl files"

_TWEET_FILE = re.compile(r"\d+\.jsonl?(\.gz)?")


def sniff(path: Path) -> bool:
    """True for a twarc2 JSONL file of tweets or of liking/retweeting users, or a folder of them."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
        if not files or not all(data_suffix(p) == ".jsonl" for p in files):
            return False
        if all(_TWEET_FILE.fullmatch(p.name) for p in files):  # liking-users / retweeted-by output
            return sniff(files[0])
        # Otherwise every file must be twarc output; checking each costs a read, so only small folders.
        return len(files) <= 200 and all(sniff(p) for p in files)
    if data_suffix(path) not in (".jsonl", ".json", ".ndjson"):
        return False
    page = _first_page(path)
    if page is None:
        return bool(_TWEET_FILE.fullmatch(path.name)) and _is_empty(path)
    url = str((page.get("__twarc") or {}).get("url", ""))
    if "liking_users" in url or "retweeted_by" in url or "/tweets" in url:
        return True
    data = page.get("data")
    if ("meta" in page and isinstance(data, list)) or (
        "text" in page and isinstance(page.get("author"), dict)
    ):
        return True
    return bool(_TWEET_FILE.fullmatch(path.name)) and "meta" in page


def read(path: Path, options: ReadOptions) -> Iterator[Row | Reject]:
    """Rows of one twarc2 file (one per page line), or of every ``*.jsonl`` file of a folder, by name.

    An empty ``<tweet id>.jsonl`` yields one Row with the bare Post: the tweet was looked at and had
    no likers or retweeters."""
    if path.is_dir():
        for file in sorted(p for p in path.iterdir() if p.is_file() and data_suffix(p) == ".jsonl"):
            yield from read(file, options)
        return
    platform = options.platform_or(PLATFORM)
    tweet_id = path.name.split(".")[0] if _TWEET_FILE.fullmatch(path.name) else None
    if _is_empty(path):
        if tweet_id is not None:
            yield Row(str(path), 1, (Post(platform, tweet_id),))
        return
    for line, raw, page, problem in _pages(path, options.columnar):
        if problem is not None or not isinstance(page, dict):
            yield Reject(str(path), line, problem or "a line is not a JSON object", raw)
            continue
        try:
            records = _page_records(page, path, tweet_id, platform, options.keep_text)
        except SHAPE_ERRORS as exc:
            yield Reject(str(path), line, shape_reason(exc), raw)
            continue
        yield Row(str(path), line, tuple(records))


def read_blocks(path: Path, options: ReadOptions) -> Iterator[Row | Reject | Blocks]:
    """What :func:`read` gives, each page's records held as a group of blocks, one per record type
    (a page's records come by type: Accounts, Posts, Shares, Engagements), which the pipeline
    checks, de-duplicates and folds a column at a time instead of a record at a time."""
    for item in read(path, options):
        yield grouped(item) if isinstance(item, Row) and item.records else item


def _page_records(
    page: dict[str, Any], path: Path, tweet_id: str | None, platform: str, keep_text: bool
) -> list[Record]:
    """The records of one page, by type (see :func:`by_type`)."""
    return by_type(_records_of_page(page, path, tweet_id, platform, keep_text))


_TYPE_ORDER = {Account: 0, Post: 1, Share: 2, Engagement: 3}


def by_type(records: list[Record]) -> list[Record]:
    """``records`` ordered by type (Accounts, Posts, Shares, Engagements), each type in its order: a
    page is then its blocks one after the other."""
    return sorted(records, key=lambda rec: _TYPE_ORDER[type(rec)])


def _records_of_page(
    page: dict[str, Any], path: Path, tweet_id: str | None, platform: str, keep_text: bool
) -> list[Record]:
    meta = page.get("__twarc") or {}
    retrieved = to_time(meta.get("retrieved_at"), "__twarc.retrieved_at")
    if "data" not in page and "text" in page and "id" in page:
        # `twarc2 flatten` output: one tweet per line, its author embedded under "author".
        author = page.get("author")
        includes = {"users": [author]} if isinstance(author, dict) else {}
        return _tweet_page({"includes": includes}, [page], platform, keep_text, retrieved)
    data = page.get("data") or []
    if not isinstance(data, list):
        data = [data]
    if any("text" in item for item in data if isinstance(item, dict)):
        return _tweet_page(page, data, platform, keep_text, retrieved)
    kind = _engagement_kind(str(meta.get("url", "")), path)
    post_id = tweet_id or _id_from_url(str(meta.get("url", "")))
    if post_id is None:
        raise ValueError("cannot tell which tweet these users engaged with (name the file <tweet id>.jsonl)")
    records: list[Record] = []
    for user in data:
        account = account_from_user(user, platform)
        records.append(account)
        records.append(
            Engagement(
                platform,
                kind,
                post_id,
                account_id=account.id,
                screen_name=account.screen_name,
                observed_at=retrieved,
                source="twarc:liking-users" if kind == "like" else "twarc:retweeted-by",
            )
        )
    return records


def _tweet_page(
    page: dict[str, Any], data: list[Any], platform: str, keep_text: bool, retrieved: datetime | None
) -> list[Record]:
    includes = page.get("includes") or {}
    records: list[Record] = [account_from_user(user, platform) for user in includes.get("users") or []]
    for tweet in data:
        records.extend(tweet_records(tweet, platform, keep_text, retrieved))
    # Included tweets (the originals of retweets, quoted tweets) are posts too, but not shared by anyone here.
    for tweet in includes.get("tweets") or []:
        records.extend(tweet_records(tweet, platform, keep_text, retrieved, with_shares=False))
    return list(dict.fromkeys(records))  # an included tweet is often also in data


def _engagement_kind(url: str, path: Path) -> Literal["like", "retweet"]:
    if "liking_users" in url:
        return "like"
    if "retweeted_by" in url:
        return "retweet"
    folder = path.parent.name.lower()
    if "retweet" in folder:
        return "retweet"
    if "lik" in folder:
        return "like"
    raise InputError(
        f"{path}: cannot tell likers from retweeters (no __twarc.url)",
        hint="put the files in a folder whose name says 'liking' or 'retweeted'",
    )


def _id_from_url(url: str) -> str | None:
    match = re.search(r"/tweets/(\d+)/(?:liking_users|retweeted_by)", url)
    return match.group(1) if match else None


def _is_empty(path: Path) -> bool:
    try:
        size = path.stat().st_size
        if size == 0:
            return True
        if is_gzip(path):
            with open_text(path) as handle:
                return not handle.read(64).strip()
        return size < 64 and not path.read_bytes().strip()
    except (OSError, EOFError):  # unreadable, or a gzip cut short: not empty; reading it says why
        return False


def _pages(path: Path, fast: bool = True) -> Iterator[tuple[int, str, Any | None, str | None]]:
    """(line, raw, page, problem) per page: one per JSON line, or, for a file saved as one JSON array of
    pages or tweets, one per element (``line`` is its 1-based position). ``fast``: JSON lines parsed
    by orjson (see ``read_json_lines``)."""
    if not _is_array(path):
        yield from read_json_lines(path, fast)
        return
    with open_text(path) as handle:
        text = handle.read()
    try:
        items = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not a valid JSON array ({exc.msg} at line {exc.lineno})") from None
    for position, item in enumerate(items, start=1):
        yield position, json.dumps(item, ensure_ascii=False)[:2000], item, None


def _is_array(path: Path) -> bool:
    with open_text(path) as handle:
        return handle.read(4096).lstrip().startswith("[")


def _first_page(path: Path) -> dict[str, Any] | None:
    if _is_array(path):
        try:
            first = next(iter(_pages(path)), None)
        except InputError:
            return None
        return first[2] if first is not None and isinstance(first[2], dict) else None
    line = first_line(path, limit=4 * 1024 * 1024)
    try:
        value = json.loads(line) if line.strip() else None
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None

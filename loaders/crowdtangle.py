"""CrowdTangle post CSV exports (Facebook pages and groups), as downloaded from a CrowdTangle list or search.

Columns are read by name; see docs/formats.md for the list and where the names come from. The export
has no post id column: the id is the post number in the post's ``URL`` (the same id the Meta Content
Library gives), or the normalised URL itself when it holds no number. Times such as
``2021-01-02 03:04:05 EST`` carry a zone abbreviation and are converted to UTC.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from graphcli.loaders.columnar import (
    Item,
    PostRows,
    by_runs,
    column_of,
    count_cells,
    ids,
    read_by_column,
    times,
)
from graphcli.loaders.options import ReadOptions
from graphcli.loaders.shares import content_shares
from graphcli.loaders.textio import cell, convert_rows, csv_header, read_csv, to_id, to_int, to_time
from graphcli.model.errors import InputError
from graphcli.model.normalize import normalize_link
from graphcli.model.records import Account, Post, Record, Reject, Row

NAME = "crowdtangle"
SNIFF_RULE = "a CSV with CrowdTangle columns 'Facebook Id' and 'Post Created' (or 'Post Created Date')"
PLATFORM = "facebook"

REQUIRED = ("Facebook Id", "URL")
NAME_COLUMNS = ("Page Name", "Group Name")


def sniff(path: Path) -> bool:
    """True for a CSV whose header has CrowdTangle's 'Facebook Id' and a 'Post Created' column."""
    if path.suffix.lower() != ".csv":
        return False
    header = csv_header(path)
    return "Facebook Id" in header and ("Post Created" in header or "Post Created Date" in header)


def read(path: Path, options: ReadOptions) -> Iterator[Row | Reject]:
    """A Row per exported post: the page/group Account, the Post (with like, comment and share counts)
    and its Shares (link, domain, message, image_text, hashtag)."""
    header = csv_header(path)
    if (
        header
        and "Post Created" not in header
        and not {"Post Created Date", "Post Created Time"} <= set(header)
    ):
        raise InputError(
            f"{path}: missing column 'Post Created' (or 'Post Created Date' and 'Post Created Time')",
            hint=f"found {', '.join(repr(h) for h in header)}",
        )
    platform = options.platform_or(PLATFORM)
    rows = read_csv(path, required=REQUIRED)
    yield from convert_rows(path, rows, lambda fields: _records(fields, platform, options.keep_text))


def read_blocks(path: Path, options: ReadOptions) -> Iterator[Item]:
    """What :func:`read` gives, as groups of blocks (the rows' Accounts, Posts and Shares) read a
    column at a time (see ``loaders.columnar``); a row the columns cannot vouch for (an empty id, URL
    or time, a cell its converter refuses) goes through the per-row converter."""
    platform = options.platform_or(PLATFORM)

    def groups(batch: Any, lines: list[int], raw: list[bytes]) -> Iterator[Item]:
        return _groups(str(path), batch, lines, raw, platform, options.keep_text)

    return read_by_column(path, read(path, options), groups)


def _groups(
    name: str, batch: Any, lines: list[int], raw: list[bytes], platform: str, keep_text: bool
) -> Iterator[Item]:
    size = batch.num_rows
    present = set(batch.schema.names)
    doubtful: set[int] = set()
    page_ids, urls = ids(column_of(batch, "Facebook Id")), column_of(batch, "URL")
    created: list[datetime | None] = [None] * size  # no 'Post Created': the row path joins date and time
    if "Post Created" in present:
        created = times(batch.column("Post Created"), doubtful, lambda v: to_time(v, "Post Created"))
    page_created: list[datetime | None] = [None] * size
    if "Page Created" in present:
        page_created = times(batch.column("Page Created"), doubtful, lambda v: to_time(v, "Page Created"))
    doubtful.update(
        i
        for i, (a, u, c) in enumerate(zip(page_ids, urls, created, strict=True))
        if a is None or u is None or c is None
    )
    likes, comments, shared = (
        count_cells(column_of(batch, c), doubtful, c) for c in ("Likes", "Comments", "Shares")
    )
    screen_names, descriptions = column_of(batch, "User Name"), column_of(batch, "Page Description")
    names = [
        a if a is not None else b for a, b in zip(*(column_of(batch, c) for c in NAME_COLUMNS), strict=True)
    ]
    messages, image_texts = column_of(batch, "Message"), column_of(batch, "Image Text")
    links = [a or b for a, b in zip(column_of(batch, "Final Link"), column_of(batch, "Link"), strict=True)]

    def convert(fields: dict[str, str]) -> tuple[Record, ...]:
        return _records(fields, platform, keep_text)

    def group(start: int, end: int) -> Iterator[Item]:
        run = PostRows(name, keep_text)
        for i in range(start, end):
            page, url, at, message = page_ids[i], urls[i], created[i], messages[i]
            assert page is not None and url is not None and at is not None  # else doubtful
            link = links[i]
            if link is not None and normalize_link(link) == normalize_link(url):
                link = None  # as _records: a photo or video post links to itself
            run.add(
                lines[i],
                {
                    "platform": platform,
                    "id": page,
                    "screen_name": screen_names[i],
                    "name": names[i],
                    "created_at": page_created[i],
                    "description": descriptions[i],
                },
                {
                    "platform": platform,
                    "id": post_id_from_url(url),
                    "author_id": page,
                    "author_screen_name": screen_names[i],
                    "created_at": at,
                    "text": message if keep_text else None,
                    "like_count": likes[i],
                    "comment_count": comments[i],
                    "share_count": shared[i],
                },
                {"links": (link,), "message": message, "image_text": image_texts[i]},
            )
        yield run.group(lines[start:end])

    return by_runs(name, batch, lines, raw, doubtful, convert, group)


def post_id_from_url(url: str) -> str:
    """The post number of a post URL (…/posts/N, …/videos/N, …/permalink/N, ?story_fbid=N, ?fbid=N),
    or the normalised URL when it holds no post number."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    number = next((query[k][0] for k in ("story_fbid", "fbid") if query.get(k)), None)
    if number is None:
        segments = [s for s in parts.path.split("/") if s]
        number = next((s for s in reversed(segments) if s.isdigit() or s.startswith("pfbid")), None)
    if number is None:
        return normalize_link(url) or url
    return number


def _records(fields: dict[str, str], platform: str, keep_text: bool) -> tuple[Record, ...]:
    page_id = to_id(fields.get("Facebook Id"))
    url = cell(fields.get("URL"))
    if page_id is None or url is None:
        raise ValueError("row without 'Facebook Id' or 'URL'")
    created = to_time(_created(fields), "Post Created")
    if created is None:
        raise ValueError("row without a post time")
    post_id = post_id_from_url(url)
    message, image_text = cell(fields.get("Message")), cell(fields.get("Image Text"))
    account = Account(
        platform=platform,
        id=page_id,
        screen_name=cell(fields.get("User Name")),
        name=next((cell(fields[c]) for c in NAME_COLUMNS if cell(fields.get(c))), None),
        created_at=to_time(fields.get("Page Created"), "Page Created"),
        description=cell(fields.get("Page Description")),
    )
    post = Post(
        platform=platform,
        id=post_id,
        author_id=page_id,
        author_screen_name=account.screen_name,
        created_at=created,
        text=message if keep_text else None,
        like_count=to_int(fields.get("Likes"), "Likes"),
        comment_count=to_int(fields.get("Comments"), "Comments"),
        share_count=to_int(fields.get("Shares"), "Shares"),
    )
    link = cell(fields.get("Final Link")) or cell(fields.get("Link"))
    if link is not None and normalize_link(link) == normalize_link(url):
        link = None  # photo and video posts link to themselves; that is not sharing an object
    shares = content_shares(
        platform,
        page_id,
        post_id,
        created,
        links=(link,),
        message=message,
        image_text=image_text,
        keep_text=keep_text,
    )
    return (account, post, *shares)


def _created(fields: dict[str, str]) -> str | None:
    created = cell(fields.get("Post Created"))
    if created is not None:
        return created
    date, time = cell(fields.get("Post Created Date")), cell(fields.get("Post Created Time"))
    return f"{date} {time}" if date and time else None

"""Meta Content Library CSV exports of Facebook (or Instagram) posts.

Columns are the Content Library's flattened field names (``id``, ``creation_time``, ``text``,
``link_attachment.link``, ``post_owner.id``, ``statistics.share_count``, ...); see docs/formats.md.
The posting account is ``post_owner.*`` (``surface.*`` when there is no owner, e.g. older exports).
A reshare (``shared_post_id``) is a share of kind ``retweet`` keyed by the original post's uid.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

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
from graphcli.model.records import Account, Post, Record, Reject, Row, Share

NAME = "meta-content-library"
SNIFF_RULE = "a CSV with Meta Content Library columns 'creation_time' and 'post_owner.id' or 'surface.id'"
PLATFORM = "facebook"

REQUIRED = ("id", "creation_time")
OWNER_PREFIXES = ("post_owner", "surface")
LINK_COLUMNS = ("link_attachment.link", "link_url")


def sniff(path: Path) -> bool:
    """True for a CSV with ``creation_time`` and ``post_owner.id`` or ``surface.id`` columns."""
    if path.suffix.lower() != ".csv":
        return False
    header = set(csv_header(path))
    return "creation_time" in header and bool(header & {"post_owner.id", "surface.id"})


def read(path: Path, options: ReadOptions) -> Iterator[Row | Reject]:
    """A Row per exported post: the owner's Account, the Post and its Shares (link, domain, message,
    image_text, hashtag, and retweet for reshares)."""
    platform = options.platform_or(PLATFORM)
    rows = read_csv(path, required=REQUIRED, any_of=("post_owner.id", "surface.id"))
    yield from convert_rows(path, rows, lambda fields: _records(fields, platform, options.keep_text))


def read_blocks(path: Path, options: ReadOptions) -> Iterator[Item]:
    """What :func:`read` gives, as groups of blocks (the rows' Accounts, Posts and Shares) read a
    column at a time (see ``loaders.columnar``); a row the columns cannot vouch for (an empty id,
    owner or time, a cell its converter refuses) goes through the per-row converter."""
    platform = options.platform_or(PLATFORM)

    def groups(batch: Any, lines: list[int], raw: list[bytes]) -> Iterator[Item]:
        return _groups(str(path), batch, lines, raw, platform, options.keep_text)

    return read_by_column(path, read(path, options), groups)


_COUNTS = ("statistics.like_count", "statistics.comment_count", "statistics.share_count")


def _groups(
    name: str, batch: Any, lines: list[int], raw: list[bytes], platform: str, keep_text: bool
) -> Iterator[Item]:
    size = batch.num_rows
    doubtful: set[int] = set()
    post_ids = ids(column_of(batch, "id"))
    created: list[datetime | None] = [None] * size
    if "creation_time" in batch.schema.names:
        created = times(batch.column("creation_time"), doubtful, lambda v: to_time(v, "creation_time"))
    # The owner: post_owner.* where it has an id, else surface.* (as _owner)
    owned = ids(column_of(batch, "post_owner.id"))
    owners = [
        a if a is not None else b for a, b in zip(owned, ids(column_of(batch, "surface.id")), strict=True)
    ]

    def owner_column(field: str) -> list[str | None]:
        by_owner, by_surface = column_of(batch, f"post_owner.{field}"), column_of(batch, f"surface.{field}")
        return [a if o is not None else b for o, a, b in zip(owned, by_owner, by_surface, strict=True)]

    handles, names = owner_column("username"), owner_column("name")
    doubtful.update(
        i
        for i, (p, o, c) in enumerate(zip(post_ids, owners, created, strict=True))
        if p is None or o is None or c is None
    )
    likes, comments, shared = (count_cells(column_of(batch, c), doubtful, c) for c in _COUNTS)
    texts, langs, image_texts = (
        column_of(batch, "text"),
        column_of(batch, "lang"),
        column_of(batch, "image_text"),
    )
    links = list(zip(*(column_of(batch, c) for c in LINK_COLUMNS), strict=True))
    originals = ids(column_of(batch, "shared_post_id"))

    def convert(fields: dict[str, str]) -> tuple[Record, ...]:
        return _records(fields, platform, keep_text)

    def group(start: int, end: int) -> Iterator[Item]:
        run = PostRows(name, keep_text)
        for i in range(start, end):
            post_id, owner, at, text = post_ids[i], owners[i], created[i], texts[i]
            assert post_id is not None and owner is not None and at is not None  # else doubtful
            original = originals[i]
            run.add(
                lines[i],
                {"platform": platform, "id": owner, "screen_name": handles[i], "name": names[i]},
                {
                    "platform": platform,
                    "id": post_id,
                    "author_id": owner,
                    "author_screen_name": handles[i],
                    "created_at": at,
                    "lang": langs[i],
                    "text": text if keep_text else None,
                    "like_count": likes[i],
                    "comment_count": comments[i],
                    "share_count": shared[i],
                },
                {"links": links[i], "message": text, "image_text": image_texts[i]},
                []
                if original is None
                else [(platform, owner, "retweet", f"{platform}:{original}", at, post_id, None)],
            )
        yield run.group(lines[start:end])

    return by_runs(name, batch, lines, raw, doubtful, convert, group)


def _records(fields: dict[str, str], platform: str, keep_text: bool) -> tuple[Record, ...]:
    post_id = to_id(fields.get("id"))
    if post_id is None:
        raise ValueError("row without id")
    prefix, owner_id = _owner(fields)
    created = to_time(fields.get("creation_time"), "creation_time")
    if created is None:
        raise ValueError("row without creation_time")
    text = cell(fields.get("text"))
    account = Account(
        platform=platform,
        id=owner_id,
        screen_name=cell(fields.get(f"{prefix}.username")),
        name=cell(fields.get(f"{prefix}.name")),
    )
    post = Post(
        platform=platform,
        id=post_id,
        author_id=owner_id,
        author_screen_name=account.screen_name,
        created_at=created,
        lang=cell(fields.get("lang")),
        text=text if keep_text else None,
        like_count=to_int(fields.get("statistics.like_count"), "statistics.like_count"),
        comment_count=to_int(fields.get("statistics.comment_count"), "statistics.comment_count"),
        share_count=to_int(fields.get("statistics.share_count"), "statistics.share_count"),
    )
    links = tuple(cell(fields.get(c)) for c in LINK_COLUMNS)
    shares: list[Record] = list(
        content_shares(
            platform,
            owner_id,
            post_id,
            created,
            links=links,
            message=text,
            image_text=cell(fields.get("image_text")),
            keep_text=keep_text,
        )
    )
    original = to_id(fields.get("shared_post_id"))
    if original is not None:
        shares.append(Share(platform, owner_id, "retweet", f"{platform}:{original}", created, post_id))
    return (account, post, *shares)


def _owner(fields: dict[str, str]) -> tuple[str, str]:
    """The column prefix and id of the posting account: ``post_owner`` when given, else ``surface``."""
    for prefix in OWNER_PREFIXES:
        owner_id = to_id(fields.get(f"{prefix}.id"))
        if owner_id is not None:
            return prefix, owner_id
    raise ValueError("row without post_owner.id or surface.id")

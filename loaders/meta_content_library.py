"""Meta Content Library CSV exports of Facebook (or Instagram) posts.

Columns are the Content Library's flattened field names (``id``, ``creation_time``, ``text``,
``link_attachment.link``, ``post_owner.id``, ``statistics.share_count``, ...); see docs/formats.md.
The posting account is ``post_owner.*`` (``surface.*`` when there is no owner, e.g. older exports).
A reshare (``shared_post_id``) is a share of kind ``retweet`` keyed by the original post's uid.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

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

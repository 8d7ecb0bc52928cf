"""CrowdTangle post CSV exports (Facebook pages and groups), as downloaded from a CrowdTangle list or search.

Columns are read by name; see docs/formats.md for the list and where the names come from. The export
has no post id column: the id is the post number in the post's ``URL`` (the same id the Meta Content
Library gives), or the normalised URL itself when it holds no number. Times such as
``2021-01-02 03:04:05 EST`` carry a zone abbreviation and are converted to UTC.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

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

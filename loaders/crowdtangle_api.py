"""CrowdTangle API responses (``/posts/search``, ``/links``, ``/posts``) and the tables flattened from them.

A response is ``{"status": 200, "result": {"posts": [...], "pagination": {...}}}``, one per file or
one per line (pages saved one after another). Each post gives the page or group Account (keyed by
``account.platformId``, the same id CrowdTangle's CSV exports call ``Facebook Id``; ``handle`` is the
screen name, absent for groups), the Post (keyed by the post number in ``postUrl``, as the CSV export's
reader keys it, with ``statistics.actual`` like, comment and share counts) and its Shares: every
``expandedLinks[].expanded`` link (and its domain), the ``message`` and the ``imageText``, which is
what VERA-AI's CLSB, CMSB and CITSB detectors co-share on. ``date`` is UTC.

The flattened table is what ``jsonlite::fromJSON(flatten=TRUE)`` makes of the same posts and VERA-AI and
CooRnet pass around: dotted column names (``account.platformId``, ``statistics.actual.likeCount``...),
``expandedLinks`` as a JSON list, or unnested into one ``expanded`` link per row (CLSB's ``ct_shares``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graphcli.loaders.crowdtangle import post_id_from_url
from graphcli.loaders.options import ReadOptions
from graphcli.loaders.shares import content_shares
from graphcli.loaders.textio import (
    SHAPE_ERRORS,
    cell,
    convert_rows,
    csv_header,
    open_text,
    read_csv,
    read_json_lines,
    shape_reason,
    to_bool,
    to_id,
    to_int,
    to_time,
)
from graphcli.model.errors import InputError
from graphcli.model.records import Account, Post, Record, Reject, Row

NAME = "crowdtangle-api"
SNIFF_RULE = (
    "CrowdTangle API JSON ({status, result: {posts}}), or a table of its posts flattened with dotted "
    "names (platformId, postUrl, account.platformId)"
)
PLATFORM = "facebook"
TABLE_COLUMNS = ("platformId", "postUrl", "account.platformId")


def sniff(path: Path) -> bool:
    """True for a CrowdTangle API response file or a flattened table of its posts."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return set(TABLE_COLUMNS) <= set(csv_header(path))
    if suffix not in (".json", ".jsonl", ".ndjson") or not path.is_file():
        return False
    with open_text(path) as handle:
        head = handle.read(65536)
    return '"result"' in head and '"posts"' in head and '"platformId"' in head


def read(path: Path, options: ReadOptions) -> Iterator[Row | Reject]:
    """A Row per post (``line`` is the post's 1-based position in the file) or per table row."""
    platform = options.platform_or(PLATFORM)
    if path.suffix.lower() == ".csv":
        rows = read_csv(path, required=TABLE_COLUMNS)
        yield from convert_rows(path, rows, lambda fields: post_records(fields, platform, options.keep_text))
        return
    position = 0
    for page in _pages(path):
        posts = (page.get("result") or {}).get("posts") if isinstance(page, dict) else None
        if not isinstance(posts, list):
            raise InputError(f"{path}: a response without result.posts (status {_status(page)})")
        for post in posts:
            position += 1
            raw = json.dumps(post, ensure_ascii=False)[:2000]
            if not isinstance(post, dict):
                yield Reject(str(path), position, "a post is not a JSON object", raw)
                continue
            try:
                yield Row(str(path), position, post_records(flatten(post), platform, options.keep_text))
            except SHAPE_ERRORS as exc:
                yield Reject(str(path), position, shape_reason(exc), raw)


def flatten(value: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested objects joined with dots, as ``jsonlite::fromJSON(flatten=TRUE)`` names them; lists
    (``expandedLinks``, ``media``, ``history``) stay lists."""
    flat: dict[str, Any] = {}
    for key, item in value.items():
        if isinstance(item, dict):
            flat.update(flatten(item, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = item
    return flat


def post_records(fields: dict[str, Any], platform: str, keep_text: bool) -> tuple[Record, ...]:
    """The Account, Post and Shares of one flattened post (an API post or a table row)."""
    page_id = to_id(fields.get("account.platformId"))
    url = cell(fields.get("postUrl"))
    if page_id is None or url is None:
        raise ValueError("post without account.platformId or postUrl")
    created = to_time(fields.get("date"), "date")
    if created is None:
        raise ValueError("post without a date")
    post_id = post_id_from_url(url)
    message, image_text = cell(fields.get("message")), cell(fields.get("imageText"))
    account = Account(
        platform=platform,
        id=page_id,
        screen_name=cell(fields.get("account.handle")),
        name=cell(fields.get("account.name")),
        created_at=to_time(fields.get("account.pageCreatedDate"), "account.pageCreatedDate"),
        description=cell(fields.get("account.pageDescription")),
        verified=to_bool(fields.get("account.verified"), "account.verified"),
    )
    post = Post(
        platform=platform,
        id=post_id,
        author_id=page_id,
        author_screen_name=account.screen_name,
        created_at=created,
        lang=cell(fields.get("languageCode")),
        text=message if keep_text else None,
        like_count=to_int(fields.get("statistics.actual.likeCount"), "statistics.actual.likeCount"),
        comment_count=to_int(fields.get("statistics.actual.commentCount"), "statistics.actual.commentCount"),
        share_count=to_int(fields.get("statistics.actual.shareCount"), "statistics.actual.shareCount"),
    )
    shares = content_shares(
        platform,
        page_id,
        post_id,
        created,
        links=_links(fields),
        message=message,
        image_text=image_text,
        keep_text=keep_text,
    )
    return (account, post, *shares)


def _links(fields: dict[str, Any]) -> tuple[str | None, ...]:
    """The expanded links of a post: ``expandedLinks`` (a list, or its JSON text in a table) or the
    unnested ``expanded`` column of CLSB's table."""
    expanded = cell(fields.get("expanded"))
    if expanded is not None:
        return (expanded,)
    value = fields.get("expandedLinks")
    if isinstance(value, str):
        text = value.strip()
        if not text or text.lower() in {"na", "null"}:
            return ()
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            raise ValueError(f"expandedLinks is not a JSON list: {text[:60]!r}") from None
    if not value:
        return ()
    if not isinstance(value, list):
        raise ValueError("expandedLinks is not a list")
    links: list[str | None] = []
    for item in value:
        link = item.get("expanded") or item.get("original") if isinstance(item, dict) else item
        links.append(cell(link))
    return tuple(dict.fromkeys(links))  # a post listing one link twice shares it once


def _pages(path: Path) -> Iterator[Any]:
    """Each response in the file: the whole file as one JSON value, else one per line."""
    with open_text(path) as handle:
        text = handle.read()
    try:
        yield json.loads(text)
        return
    except json.JSONDecodeError:
        pass
    for line, _raw, value, problem in read_json_lines(path):
        if problem is not None:
            raise InputError(f"{path}: line {line}: {problem}")
        yield value


def _status(page: Any) -> Any:
    return page.get("status") if isinstance(page, dict) else type(page).__name__

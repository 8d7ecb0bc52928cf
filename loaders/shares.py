"""Turning what a post contains (links, message, image text) into Share records, and keying shared objects."""

from __future__ import annotations

from datetime import datetime

from graphcli.model.normalize import (
    domain_of,
    extract_hashtags,
    normalize_hashtag,
    normalize_link,
    text_key,
)
from graphcli.model.records import Share, ShareKind


def content_shares(
    platform: str,
    account_id: str,
    post_id: str,
    at: datetime,
    *,
    links: tuple[str | None, ...] = (),
    message: str | None = None,
    image_text: str | None = None,
    keep_text: bool = False,
) -> list[Share]:
    """The shares of one post: each distinct normalised link and its domain, the message, the image text,
    and the hashtags of the message. Texts and URLs are kept on the shares only with ``keep_text``."""
    shares: list[Share] = []
    for raw in links:
        link = normalize_link(raw) if raw else None
        if raw is None or link is None:
            continue
        shares.append(Share(platform, account_id, "link", link, at, post_id, raw if keep_text else None))
        domain = domain_of(raw)
        if domain is not None:
            shares.append(Share(platform, account_id, "domain", domain, at, post_id))
    texts: tuple[tuple[ShareKind, str | None], ...] = (("message", message), ("image_text", image_text))
    for kind, text in texts:
        key = text_key(text)
        if key is not None:
            shares.append(Share(platform, account_id, kind, key, at, post_id, text if keep_text else None))
    for tag in extract_hashtags(message):
        shares.append(Share(platform, account_id, "hashtag", tag, at, post_id))
    # A post's link and final link are often the same object: one share per object and post.
    return list(dict.fromkeys(shares))


def object_key(kind: ShareKind, value: str, platform: str) -> str | None:
    """The key of a shared object given as a value in a share table: links normalised when they are
    URLs, domains lower-cased without ``www.``, hashtags normalised, texts hashed, retweets keyed by the
    post uid ``<platform>:<id>``. Values that are already ids (not URLs) are kept as they are."""
    value = value.strip()
    if not value:
        return None
    if kind == "link":
        return normalize_link(value) if _looks_like_link(value) else value
    if kind == "domain":
        return (domain_of(value) if "." in value else None) or value.lower()
    if kind == "hashtag":
        return normalize_hashtag(value)
    if kind in ("message", "image_text"):
        return text_key(value)
    if kind == "image_hash":
        return value.lower()
    return value if ":" in value else f"{platform}:{value}"


def _looks_like_link(value: str) -> bool:
    """True for ``scheme://...`` and for bare ``host.tld/path`` values; ids such as ``u17`` are not links."""
    return "://" in value or ("." in value.split("/", 1)[0] and not any(ch.isspace() for ch in value))

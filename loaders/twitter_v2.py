"""Twitter API v2 objects (users, tweets) as canonical records; shared by the twarc and look-up readers."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypedDict

from graphcli.loaders.textio import cell, to_bool, to_int, to_time
from graphcli.model.normalize import (
    domain_of,
    extract_hashtags,
    normalize_hashtag,
    normalize_link,
    text_key,
)
from graphcli.model.records import Account, Engagement, Post, Record, Share

PLATFORM = "twitter"


def account_from_user(user: dict[str, Any], platform: str) -> Account:
    """An Account from an API v2 user object; ValueError when it has no id."""
    user_id = cell(user.get("id"))
    if user_id is None:
        raise ValueError("user object without id")
    metrics = user.get("public_metrics") or {}
    return Account(
        platform=platform,
        id=user_id,
        screen_name=cell(user.get("username")),
        name=cell(user.get("name")),
        created_at=to_time(user.get("created_at"), "created_at"),
        description=cell(user.get("description")),
        location=cell(user.get("location")),
        protected=to_bool(user.get("protected"), "protected"),
        verified=to_bool(user.get("verified"), "verified"),
        followers_count=to_int(metrics.get("followers_count"), "followers_count"),
        following_count=to_int(metrics.get("following_count"), "following_count"),
        tweet_count=to_int(metrics.get("tweet_count"), "tweet_count"),
        listed_count=to_int(metrics.get("listed_count"), "listed_count"),
    )


def retweeted_id(tweet: dict[str, Any]) -> str | None:
    """The id of the tweet this one retweets, or None when it is not a retweet."""
    for ref in tweet.get("referenced_tweets") or []:
        if isinstance(ref, dict) and ref.get("type") == "retweeted":
            return cell(ref.get("id"))
    return None


class TweetCounts(TypedDict):
    """The public counts of a tweet, as a Post takes them."""

    like_count: int | None
    retweet_count: int | None
    reply_count: int | None
    quote_count: int | None


def tweet_counts(values: Mapping[str, Any]) -> TweetCounts:
    """The four public counts of a tweet, from the API's ``public_metrics`` or a scraper's columns of the
    same names."""
    return TweetCounts(
        like_count=to_int(values.get("like_count"), "like_count"),
        retweet_count=to_int(values.get("retweet_count"), "retweet_count"),
        reply_count=to_int(values.get("reply_count"), "reply_count"),
        quote_count=to_int(values.get("quote_count"), "quote_count"),
    )


def tweet_records(
    tweet: dict[str, Any], platform: str, keep_text: bool, observed: datetime | None, with_shares: bool = True
) -> list[Record]:
    """The Post of an API v2 tweet and, with ``with_shares``, what it shares: links, domains, hashtags and
    its message for an original tweet; for a retweet, a ``retweet`` share keyed by the retweeted post's uid
    plus a RETWEETED engagement at the retweet's true time."""
    tweet_id = cell(tweet.get("id"))
    if tweet_id is None:
        raise ValueError("tweet object without id")
    author = cell(tweet.get("author_id"))
    created = to_time(tweet.get("created_at"), "created_at")
    text = cell(tweet.get("text"))
    post = Post(
        platform=platform,
        id=tweet_id,
        author_id=author,
        created_at=created,
        lang=cell(tweet.get("lang")),
        text=text if keep_text else None,
        **tweet_counts(tweet.get("public_metrics") or {}),
        source=cell(tweet.get("source")),
        geo=_geo(tweet.get("geo")),
        observed_at=observed,
    )
    if not with_shares or author is None or created is None:
        return [post]
    original = retweeted_id(tweet)
    if original is not None:
        # A retweet repeats the original's text and entities: it shares the original post, nothing else.
        return [
            post,
            Share(platform, author, "retweet", f"{platform}:{original}", created, tweet_id),
            Engagement(
                platform,
                "retweet",
                original,
                account_id=author,
                observed_at=observed,
                at=created,
                source="twarc:tweets",
            ),
        ]
    shares = _original_shares(
        tweet.get("entities") or {}, text, platform, author, created, tweet_id, keep_text
    )
    return _distinct([post, *shares])


def _original_shares(
    entities: dict[str, Any],
    text: str | None,
    platform: str,
    author: str,
    created: datetime,
    tweet_id: str,
    keep_text: bool,
) -> list[Share]:
    """What an original tweet shares: its links and their domains, its hashtags, its message."""
    shares: list[Share] = []
    for item in entities.get("urls") or []:
        raw_url = cell(item.get("expanded_url")) or cell(item.get("url"))
        link = normalize_link(raw_url) if raw_url else None
        if link is None or raw_url is None:
            continue
        shares.append(
            Share(platform, author, "link", link, created, tweet_id, raw_url if keep_text else None)
        )
        domain = domain_of(raw_url)
        if domain is not None:
            shares.append(Share(platform, author, "domain", domain, created, tweet_id))
    for item in entities.get("hashtags") or []:
        tag = normalize_hashtag(str(item.get("tag") or ""))
        if tag is not None:
            shares.append(Share(platform, author, "hashtag", tag, created, tweet_id))
    if not entities.get("hashtags"):
        shares.extend(
            Share(platform, author, "hashtag", tag, created, tweet_id) for tag in extract_hashtags(text)
        )
    key = text_key(text)
    if key is not None:
        shares.append(Share(platform, author, "message", key, created, tweet_id, text if keep_text else None))
    return shares


def _geo(value: Any) -> str | None:
    if isinstance(value, dict):
        return cell(value.get("place_id")) or (str(value) if value else None)
    return cell(value)


def _distinct(records: list[Record]) -> list[Record]:
    # The same link can appear twice in one tweet (entity and card); one share per object and post.
    return list(dict.fromkeys(records))

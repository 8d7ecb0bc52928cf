"""Twitter API v2 objects (users, tweets) as canonical records; shared by the twarc and look-up readers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from graphcli.loaders.normalize import (
    domain_of,
    extract_hashtags,
    normalize_hashtag,
    normalize_link,
    text_key,
)
from graphcli.loaders.records import Account, Engagement, Post, Record, Share
from graphcli.loaders.textio import cell, to_bool, to_int, to_time

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
    metrics = tweet.get("public_metrics") or {}
    records: list[Record] = [
        Post(
            platform=platform,
            id=tweet_id,
            author_id=author,
            created_at=created,
            lang=cell(tweet.get("lang")),
            text=text if keep_text else None,
            like_count=to_int(metrics.get("like_count"), "like_count"),
            retweet_count=to_int(metrics.get("retweet_count"), "retweet_count"),
            reply_count=to_int(metrics.get("reply_count"), "reply_count"),
            quote_count=to_int(metrics.get("quote_count"), "quote_count"),
            source=cell(tweet.get("source")),
            geo=_geo(tweet.get("geo")),
            observed_at=observed,
        )
    ]
    if not with_shares or author is None or created is None:
        return records
    original = retweeted_id(tweet)
    if original is not None:
        # A retweet repeats the original's text and entities: it shares the original post, nothing else.
        records.append(Share(platform, author, "retweet", f"{platform}:{original}", created, tweet_id))
        records.append(
            Engagement(
                platform,
                "retweet",
                original,
                account_id=author,
                observed_at=observed,
                at=created,
                source="twarc:tweets",
            )
        )
        return records
    entities = tweet.get("entities") or {}
    for item in entities.get("urls") or []:
        raw_url = cell(item.get("expanded_url")) or cell(item.get("url"))
        link = normalize_link(raw_url) if raw_url else None
        if link is None or raw_url is None:
            continue
        records.append(
            Share(platform, author, "link", link, created, tweet_id, raw_url if keep_text else None)
        )
        domain = domain_of(raw_url)
        if domain is not None:
            records.append(Share(platform, author, "domain", domain, created, tweet_id))
    for item in entities.get("hashtags") or []:
        tag = normalize_hashtag(str(item.get("tag") or ""))
        if tag is not None:
            records.append(Share(platform, author, "hashtag", tag, created, tweet_id))
    if not entities.get("hashtags"):
        for tag in extract_hashtags(text):
            records.append(Share(platform, author, "hashtag", tag, created, tweet_id))
    key = text_key(text)
    if key is not None:
        records.append(
            Share(platform, author, "message", key, created, tweet_id, text if keep_text else None)
        )
    return _distinct(records)


def _geo(value: Any) -> str | None:
    if isinstance(value, dict):
        return cell(value.get("place_id")) or (str(value) if value else None)
    return cell(value)


def _distinct(records: list[Record]) -> list[Record]:
    # The same link can appear twice in one tweet (entity and card); one share per object and post.
    return list(dict.fromkeys(records))

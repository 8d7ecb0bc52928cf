"""twarc2 output: ``liking-users`` and ``retweeted-by`` (one file ``<tweet id>.jsonl`` per tweet, one API
page of at most 100 users per line, newest first; an empty file when a tweet has none or was deleted)
and tweet search pages (originals and retweets, newest first, with ``includes.users``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from graphcli.synth.twitter import Twitter
from graphcli.synth.world import World
from graphcli.synth.writers.common import Tally, iso_ms

PAGE = 100
TWARC_VERSION = "2.14.0"
USER_FIELDS = "created_at,description,location,protected,public_metrics,verified"


def user_object(tw: Twitter, i: int) -> dict[str, Any]:
    """API v2 user object of account position ``i``."""
    user: dict[str, Any] = {
        "id": str(tw.acc_id[i]),
        "name": tw.name[i],
        "username": tw.screen[i],
        "created_at": iso_ms(tw.created[i]),
        "description": tw.description[i],
    }
    if tw.location[i]:
        user["location"] = tw.location[i]
    user.update(
        {
            "protected": bool(tw.protected[i]),
            "verified": bool(tw.verified[i]),
            "public_metrics": {
                "followers_count": int(tw.followers[i]),
                "following_count": int(tw.following[i]),
                "tweet_count": int(tw.tweet_count[i]),
                "listed_count": int(tw.listed[i]),
            },
        }
    )
    return user


class UserJson:
    """JSON text of user objects, built once per account (pages repeat the same users many times)."""

    def __init__(self, tw: Twitter) -> None:
        self.tw = tw
        self.cache: dict[int, str] = {}

    def __call__(self, i: int) -> str:
        text = self.cache.get(i)
        if text is None:
            text = self.cache[i] = json.dumps(user_object(self.tw, i), ensure_ascii=False)
        return text


def _pages(users: list[str], url: str, retrieved: str, token_seed: int) -> list[str]:
    lines = []
    for start in range(0, len(users), PAGE):
        chunk = users[start : start + PAGE]
        meta: dict[str, Any] = {"result_count": len(chunk)}
        if start + PAGE < len(users):
            meta["next_token"] = f"{token_seed:x}{start // PAGE + 1:04d}"
        twarc = {"url": url, "version": TWARC_VERSION, "retrieved_at": retrieved}
        lines.append(
            '{"data": [' + ", ".join(chunk) + "], "
            f'"meta": {json.dumps(meta)}, "__twarc": {json.dumps(twarc)}}}'
        )
    return lines


def write(w: World, out: Path, tally: Tally) -> None:
    tw = w.twitter
    users = UserJson(tw)
    retrieved = iso_ms(w.schedule.end + 86_400)
    for kind, folder, endpoint, e_post, e_acc in (
        ("like", "liking-users", "liking_users", tw.like_post, tw.like_acc),
        ("retweet", "retweeted-by", "retweeted_by", tw.rt_post, tw.rt_acc),
    ):
        root = out / "twarc" / folder
        root.mkdir(parents=True, exist_ok=True)
        bounds = np.searchsorted(e_post, np.arange(len(tw.post_id) + 1))
        for p in range(len(tw.post_id)):
            tid = int(tw.post_id[p])
            path = root / f"{tid}.jsonl"
            if tw.post_deleted_pull[p] >= 0:
                accs: list[int] = []
            else:
                accs = e_acc[bounds[p] : bounds[p + 1]][::-1].tolist()
            url = (
                f"https://api.twitter.com/2/tweets/{tid}/{endpoint}?user.fields={USER_FIELDS}&max_results=100"
            )
            lines = _pages([users(a) for a in accs], url, retrieved, tid % 65_536)
            path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
            tally.add(f"{folder}_files", 1)
            tally.add(f"{folder}_empty_files", 0 if lines else 1)
            tally.add(f"{folder}_pages", len(lines))
            tally.add(f"{kind}s", len(accs))
    _search(w, out, tally, users, retrieved)


def _search(w: World, out: Path, tally: Tally, users: UserJson, retrieved: str) -> None:
    """Search pages holding every original tweet and every retweet, newest first."""
    tw = w.twitter
    n_orig = len(tw.post_id)
    tid = np.concatenate([tw.post_id, tw.rt_id])
    order = np.argsort(-tid, kind="stable")
    path = out / "twarc" / "search" / "tweets.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    url = "https://api.twitter.com/2/tweets/search/all?query=%23dkpol%20OR%20%23fv22&max_results=100"
    n_pages = 0
    with path.open("w", encoding="utf-8") as fh:
        for start in range(0, len(order), PAGE):
            rows = order[start : start + PAGE].tolist()
            tweets, authors = [], []
            for r in rows:
                if r < n_orig:
                    tweets.append(_original(tw, r))
                    authors.append(int(tw.post_author[r]))
                else:
                    j = r - n_orig
                    tweets.append(_retweet(tw, j))
                    authors.append(int(tw.rt_acc[j]))
            meta = {"newest_id": tweets[0]["id"], "oldest_id": tweets[-1]["id"], "result_count": len(tweets)}
            if start + PAGE < len(order):
                meta["next_token"] = f"b26v89c19zqg8o3f{start // PAGE + 1:06d}"
            inc = ", ".join(users(a) for a in dict.fromkeys(authors))
            twarc = {"url": url, "version": TWARC_VERSION, "retrieved_at": retrieved}
            fh.write(
                '{"data": '
                + json.dumps(tweets, ensure_ascii=False)
                + ', "includes": {"users": ['
                + inc
                + "]}, "
                f'"meta": {json.dumps(meta)}, "__twarc": {json.dumps(twarc)}}}\n'
            )
            n_pages += 1
    tally.file(path, out, n_pages)
    tally.add("search_tweets", n_orig)
    tally.add("search_retweets", len(tw.rt_id))


def _original(tw: Twitter, p: int) -> dict[str, Any]:
    return {
        "id": str(tw.post_id[p]),
        "author_id": str(tw.acc_id[tw.post_author[p]]),
        "created_at": iso_ms(tw.post_created[p]),
        "lang": tw.post_lang[p],
        "source": tw.post_source[p],
        "text": tw.post_text[p],
        "public_metrics": _metrics(tw, p),
    }


def _metrics(tw: Twitter, p: int) -> dict[str, int]:
    likes, rts = int(tw.like_count[p]), int(tw.retweet_count[p])
    return {"retweet_count": rts, "reply_count": likes // 20, "like_count": likes, "quote_count": likes // 50}


def _retweet(tw: Twitter, j: int) -> dict[str, Any]:
    p = int(tw.rt_post[j])
    text = f"RT @{tw.screen[tw.post_author[p]]}: {tw.post_text[p]}"
    return {
        "id": str(tw.rt_id[j]),
        "author_id": str(tw.acc_id[tw.rt_acc[j]]),
        "created_at": iso_ms(tw.rt_at[j]),
        "lang": tw.post_lang[p],
        "source": "Twitter for Android",
        "text": text,
        "referenced_tweets": [{"type": "retweeted", "id": str(tw.post_id[p])}],
        "public_metrics": {"retweet_count": 0, "reply_count": 0, "like_count": 0, "quote_count": 0},
    }

"""The twarc2 reader against hand-written liking-users, retweeted-by and search pages."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

from graphcli.loaders import twarc
from graphcli.loaders.options import ReadOptions
from graphcli.model.records import Account, Engagement, Post, Record, Reject, Row, Share

TWARC = Path(__file__).resolve().parent.parent / "fixtures" / "twarc"
T1 = "1580000000000000001"
LIKING = TWARC / "liking_users" / f"{T1}.jsonl"
EMPTY = TWARC / "liking_users" / "1580000000000000002.jsonl"
RETWEETED = TWARC / "retweeted_by" / f"{T1}.jsonl"
SEARCH = TWARC / "search" / "tweets.jsonl"


def account(n: int, name: str, protected: bool = False) -> Account:
    return Account(
        "twitter",
        str(1000 + n),
        screen_name=name,
        name=name.title(),
        created_at=datetime(2015, 3, n, 8, tzinfo=UTC),
        description=f"Bio of {name}",
        location="Danmark",
        protected=protected,
        verified=False,
        followers_count=10,
        following_count=20 + n,
        tweet_count=300 + n,
        listed_count=n,
    )


def like(n: int, name: str, seen: datetime) -> Engagement:
    return Engagement(
        "twitter",
        "like",
        T1,
        account_id=str(1000 + n),
        screen_name=name,
        observed_at=seen,
        source="twarc:liking-users",
    )


def test_liking_users_pages() -> None:
    seen1, seen2 = datetime(2022, 11, 1, 10, tzinfo=UTC), datetime(2022, 11, 1, 10, 0, 1, tzinfo=UTC)
    got = list(twarc.read(LIKING, ReadOptions()))
    assert got[:2] == [
        Row(
            str(LIKING),
            1,
            (  # a page's records come by type (so that a page is its blocks one after the other)
                account(1, "alice"),
                account(2, "bob", protected=True),
                like(1, "alice", seen1),
                like(2, "bob", seen1),
            ),
        ),
        Row(str(LIKING), 2, (account(3, "carol"), like(3, "carol", seen2))),
    ]
    assert len(got) == 3
    reject = got[2]
    assert isinstance(reject, Reject)
    assert (reject.line, reject.raw) == (3, '{"data": [{"id": "1004", "username": "dave"')
    assert reject.reason.startswith("not valid JSON")


def test_empty_file_means_a_tweet_without_likers() -> None:
    assert list(twarc.read(EMPTY, ReadOptions())) == [
        Row(str(EMPTY), 1, (Post("twitter", "1580000000000000002"),))
    ]


def test_retweeted_by() -> None:
    seen = datetime(2022, 11, 1, 11, tzinfo=UTC)
    assert list(twarc.read(RETWEETED, ReadOptions())) == [
        Row(
            str(RETWEETED),
            1,
            (
                account(4, "dave"),
                Engagement(
                    "twitter",
                    "retweet",
                    T1,
                    account_id="1004",
                    screen_name="dave",
                    observed_at=seen,
                    source="twarc:retweeted-by",
                ),
            ),
        )
    ]


def test_folder_reads_every_file_by_name() -> None:
    got = list(twarc.read(TWARC / "liking_users", ReadOptions()))
    assert [(Path(r.file).name, r.line) for r in got] == [
        (LIKING.name, 1),
        (LIKING.name, 2),
        (LIKING.name, 3),
        (EMPTY.name, 1),
    ]


def test_search_page() -> None:
    seen = datetime(2022, 11, 2, 9, tzinfo=UTC)
    created_orig = datetime(2022, 10, 31, 12, tzinfo=UTC)
    created_rt = datetime(2022, 10, 31, 12, 0, 5, tzinfo=UTC)
    created_plain = datetime(2022, 10, 31, 13, tzinfo=UTC)
    rt_id, plain_id = "1580000000000000003", "1580000000000000004"
    # Normalised by hand: no URL, no punctuation, case-folded.
    key_orig = hashlib.sha256("læs om valget det er vigtigt dkpol".encode()).hexdigest()
    key_plain = hashlib.sha256(b"godmorgen danmark").hexdigest()
    expected = (
        account(1, "alice"),
        account(4, "dave"),
        account(3, "carol"),
        Post(
            "twitter",
            T1,
            author_id="1001",
            created_at=created_orig,
            lang="da",
            like_count=3,
            retweet_count=1,
            reply_count=0,
            quote_count=0,
            source="Twitter for Android",
            observed_at=seen,
        ),
        Share("twitter", "1001", "link", "https://www.example.dk/valg?id=7", created_orig, T1),
        Share("twitter", "1001", "domain", "example.dk", created_orig, T1),
        Share("twitter", "1001", "hashtag", "dkpol", created_orig, T1),
        Share("twitter", "1001", "message", key_orig, created_orig, T1),
        Post(
            "twitter",
            rt_id,
            author_id="1004",
            created_at=created_rt,
            lang="da",
            like_count=0,
            retweet_count=1,
            reply_count=0,
            quote_count=0,
            source="Twitter for iPhone",
            observed_at=seen,
        ),
        Share("twitter", "1004", "retweet", f"twitter:{T1}", created_rt, rt_id),
        Engagement(
            "twitter",
            "retweet",
            T1,
            account_id="1004",
            observed_at=seen,
            at=created_rt,
            source="twarc:tweets",
        ),
        Post(
            "twitter",
            plain_id,
            author_id="1003",
            created_at=created_plain,
            lang="da",
            like_count=0,
            retweet_count=0,
            reply_count=0,
            quote_count=0,
            source="Twitter Web App",
            observed_at=seen,
        ),
        Share("twitter", "1003", "hashtag", "danmark", created_plain, plain_id),
        Share("twitter", "1003", "message", key_plain, created_plain, plain_id),
    )
    # A page's records come by type (Accounts, Posts, Shares, Engagements), each type in page order.
    order: list[type] = [Account, Post, Share, Engagement]
    by_type: tuple[Record, ...] = tuple(sorted(expected, key=lambda rec: order.index(type(rec))))
    got = list(twarc.read(SEARCH, ReadOptions()))
    assert got[0] == Row(str(SEARCH), 1, by_type)
    assert isinstance(got[1], Reject) and got[1].line == 2
    assert got[1].reason.startswith("created_at: unparsable timestamp '31/10/2022'")
    assert len(got) == 2


def test_flattened_tweets() -> None:
    path = TWARC / "search" / "flattened.jsonl"
    created, tweet_id = datetime(2022, 10, 31, 13, tzinfo=UTC), "1580000000000000004"
    post = Post(
        "twitter",
        tweet_id,
        author_id="1003",
        created_at=created,
        lang="da",
        like_count=0,
        retweet_count=0,
        reply_count=0,
        quote_count=0,
        source="Twitter Web App",
        observed_at=datetime(2022, 11, 2, 9, tzinfo=UTC),
    )
    key = hashlib.sha256(b"godmorgen danmark").hexdigest()
    assert list(twarc.read(path, ReadOptions())) == [
        Row(
            str(path),
            1,
            (
                account(3, "carol"),
                post,
                Share("twitter", "1003", "hashtag", "danmark", created, tweet_id),
                Share("twitter", "1003", "message", key, created, tweet_id),
            ),
        )
    ]
    assert twarc.sniff(path)


def test_keep_text_keeps_urls_and_texts() -> None:
    row = next(twarc.read(SEARCH, ReadOptions(keep_text=True)))
    assert isinstance(row, Row)
    texts = {r.kind: r.text for r in row.records if isinstance(r, Share) and r.post_id == T1}
    assert texts["link"] == "https://www.Example.dk/valg/?utm_source=twitter&id=7#top"
    assert texts["message"] == "Læs om valget, det er vigtigt #DKpol https://t.co/AbCdEf"


def test_sniff() -> None:
    assert twarc.sniff(LIKING)
    assert twarc.sniff(EMPTY)
    assert twarc.sniff(RETWEETED)
    assert twarc.sniff(SEARCH)
    assert twarc.sniff(TWARC / "liking_users")
    assert not twarc.sniff(TWARC.parent / "lookups" / "users.jsonl")

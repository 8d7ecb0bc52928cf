"""The pull-folder reader against a hand-written Pull-* folder; expected records are written out below."""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from graphcli.loaders import pull_folders
from graphcli.loaders.options import ReadOptions
from graphcli.model.errors import InputError
from graphcli.model.records import CountObservation, Engagement, Post, Reject, Row, Share

PULL = Path(__file__).resolve().parent.parent / "fixtures" / "pull_folders" / "Pull-31-10-2022-14:00:00"
CSVS = PULL / "CSVs"
TWEETS_1 = CSVS / "2022-10-31T14:05:03.000Z.csv"
TWEETS_2 = CSVS / "2022-10-31T14:20:00.000Z.csv"
LIKERS = CSVS / "Likers_of_alarms" / "Likers_of_alarms_2022-10-31T14:10:00.000Z.csv"
RETWEETERS = CSVS / "Retweeters_of_alarms" / "Retweeters_of_alarms_2022-10-31T14:10:00.000Z.csv"

T1 = datetime(2022, 10, 31, 14, 5, 3, tzinfo=UTC)
T_LIKES = datetime(2022, 10, 31, 14, 10, 0, tzinfo=UTC)
T2 = datetime(2022, 10, 31, 14, 20, 0, tzinfo=UTC)
CREATED_9001 = datetime(2022, 10, 31, 13, 59, 58, tzinfo=UTC)
CREATED_9002 = datetime(2022, 10, 31, 14, 1, 0, tzinfo=UTC)
# The normalised texts, worked out by hand from the fixture's tweets.
KEY_9001 = hashlib.sha256("stem på dkpol i dag".encode()).hexdigest()
KEY_9002 = hashlib.sha256(b"hej se her").hexdigest()


def post_9001(observed: datetime, likes: int, retweets: int, source: str | None, keep: bool = False) -> Post:
    return Post(
        "twitter",
        "9001",
        author_id="111",
        created_at=CREATED_9001,
        lang="da",
        text="Stem på #DKpol i dag! https://t.co/abc" if keep else None,
        like_count=likes,
        retweet_count=retweets,
        reply_count=1,
        quote_count=0,
        source=source,
        observed_at=observed,
    )


def counts(post_id: str, at: datetime, likes: int, retweets: int, replies: int) -> CountObservation:
    """What a snapshot row also says: the counts the post showed at the snapshot's time."""
    return CountObservation("twitter", post_id, at, "pull snapshot", likes, retweets, replies, 0)


SHARES_9001 = (
    Share("twitter", "111", "message", KEY_9001, CREATED_9001, "9001"),
    Share("twitter", "111", "hashtag", "dkpol", CREATED_9001, "9001"),
)

EXPECTED_FOLDER: list[Row | str] = [
    Row(
        str(TWEETS_1),
        2,
        (post_9001(T1, 5, 2, "Twitter for iPhone"), counts("9001", T1, 5, 2, 1), *SHARES_9001),
    ),
    Row(
        str(TWEETS_1),
        3,
        (
            Post(
                "twitter",
                "9002",
                author_id="222",
                created_at=CREATED_9002,
                lang="da",
                like_count=1,
                retweet_count=0,
                reply_count=0,
                quote_count=0,
                source="Twitter Web App",
                observed_at=T1,
            ),
            counts("9002", T1, 1, 0, 0),
            Share("twitter", "222", "message", KEY_9002, CREATED_9002, "9002"),
        ),
    ),
    "reject created_at",  # placeholder replaced in the test: only the reason's start is fixed
    Row(
        str(LIKERS),
        2,
        (
            Engagement(
                "twitter", "like", "9001", screen_name="alice", observed_at=T_LIKES, source="pull:likers"
            ),
            Engagement(
                "twitter", "like", "9001", screen_name="Bob", observed_at=T_LIKES, source="pull:likers"
            ),
        ),
    ),
    Row(str(LIKERS), 3, ()),
    Row(str(LIKERS), 4, (Post("twitter", "9004", observed_at=T_LIKES, availability="deleted"),)),
    "reject likers",
    Row(
        str(RETWEETERS),
        2,
        (
            Engagement(
                "twitter",
                "retweet",
                "9001",
                screen_name="carol",
                observed_at=T_LIKES,
                source="pull:retweeters",
            ),
        ),
    ),
    Row(
        str(RETWEETERS),
        3,
        (
            Post("twitter", "9006", observed_at=T_LIKES, availability="unknown"),
            Engagement(
                "twitter",
                "retweet",
                "9006",
                screen_name="dave",
                observed_at=T_LIKES,
                source="pull:retweeters",
            ),
        ),
    ),
    Row(str(TWEETS_2), 2, (post_9001(T2, 7, 3, None), counts("9001", T2, 7, 3, 1), *SHARES_9001)),
    "reject like_count",
    "reject truncated",
]
EXPECTED_REJECTS = {
    "reject created_at": (str(TWEETS_1), 4, "created_at: unparsable timestamp 'not a time'"),
    "reject likers": (str(LIKERS), 5, "likers is not a Python list literal"),
    "reject like_count": (str(TWEETS_2), 3, "bad number in like_count: 'abc'"),
    "reject truncated": (str(TWEETS_2), 4, "5 fields where the header has 9"),
}


def test_folder_yields_every_row_in_time_order() -> None:
    got = list(pull_folders.read(PULL, ReadOptions()))
    assert len(got) == len(EXPECTED_FOLDER)
    for item, expected in zip(got, EXPECTED_FOLDER, strict=True):
        if isinstance(expected, str):
            file, line, reason = EXPECTED_REJECTS[expected]
            assert isinstance(item, Reject), item
            assert (item.file, item.line) == (file, line)
            assert item.reason.startswith(reason)
        else:
            assert item == expected


def test_reject_keeps_the_raw_row() -> None:
    rejects = [r for r in pull_folders.read(TWEETS_2, ReadOptions()) if isinstance(r, Reject)]
    assert [r.raw for r in rejects] == [
        '222,2022-10-31 14:01:00+00:00,9002,da,abc,0,0,0,"Hej @bob, se her"\r\n',
        "444,2022-10-31 14:15:00+00:00,9007,da,1",
    ]


def test_keep_text_keeps_the_tweet() -> None:
    rows = list(pull_folders.read(TWEETS_1, ReadOptions(keep_text=True)))
    assert isinstance(rows[0], Row)
    assert rows[0].records[0] == post_9001(T1, 5, 2, "Twitter for iPhone", keep=True)
    message = rows[0].records[2]
    assert isinstance(message, Share) and message.text == "Stem på #DKpol i dag! https://t.co/abc"


def test_file_time_comes_from_names_with_colons() -> None:
    assert pull_folders.file_time(LIKERS) == T_LIKES
    assert pull_folders.file_time(Path("2022-10-31 14:05:03.123456.csv")) == datetime(
        2022, 10, 31, 14, 5, 3, 123456, tzinfo=UTC
    )
    assert pull_folders.file_time(Path("final_harvest.pkl")) is None


def test_platform_option_rekeys_everything() -> None:
    rows = [r for r in pull_folders.read(RETWEETERS, ReadOptions(platform="x")) if isinstance(r, Row)]
    assert {record.platform for row in rows for record in row.records} == {"x"}


class _Trap:
    """Unpickling this creates a file: proof that a pickle was (or was not) unpickled."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[Path]]:
        return (Path.touch, (self.marker,))


def test_pickles_are_never_unpickled_by_default(tmp_path: Path) -> None:
    folder = tmp_path / "Pull-x"
    shutil.copytree(PULL, folder)
    marker = tmp_path / "unpickled"
    (folder / "final.pkl").write_bytes(pickle.dumps(_Trap(marker)))
    notices: list[str] = []
    got = list(pull_folders.read(folder, ReadOptions(notice=notices.append)))
    assert not marker.exists()
    assert len(got) == len(EXPECTED_FOLDER)
    (folder / "tmp_Delta_logs").mkdir()
    (folder / "tmp_Delta_logs" / "2022-10-31T14:05:03.000Z.pkl").write_bytes(pickle.dumps(_Trap(marker)))
    assert notices == [
        f"skipped 1 pickle file(s) in {folder} (final.pkl): "
        "unpickling runs code; use --trust-pickles for your own files"
    ]
    notices.clear()
    assert len(list(pull_folders.read(folder, ReadOptions(notice=notices.append)))) == len(EXPECTED_FOLDER)
    assert not marker.exists()
    assert notices == [
        f"skipped 2 pickle file(s) in {folder} (2022-10-31T14:05:03.000Z.pkl, final.pkl): "
        "unpickling runs code; use --trust-pickles for your own files"
    ]


def test_trusted_final_harvest_pickle_is_read(tmp_path: Path) -> None:
    # The scraper's final harvest: tweet ids as the index (named id), like_count and a list of likers.
    frame = pd.DataFrame(
        {
            "like_count": [120, 3],
            "likers": [["erin", "frank"], ["AwarenessRequired_Liking_Users_Unknown_Case"]],
        },
        index=pd.Index([9010, 9011], name="id"),
    )
    path = tmp_path / "likers_final_harvest_complete.pkl"
    frame.to_pickle(path)
    # Without a printout log beside it, the harvest's time is the file's modification time.
    taken = datetime(2022, 10, 31, 15, 0, tzinfo=UTC)
    os.utime(path, (taken.timestamp(), taken.timestamp()))
    got = list(pull_folders.read(path, ReadOptions(trust_pickles=True)))
    highest = "final harvest (highest seen)"
    assert got == [
        Row(
            str(path),
            1,
            (
                Engagement("twitter", "like", "9010", None, "erin", taken, source="pull:likers"),
                Engagement("twitter", "like", "9010", None, "frank", taken, source="pull:likers"),
                CountObservation("twitter", "9010", taken, highest, like_count=120),
            ),
        ),
        Row(
            str(path),
            2,
            (
                Post("twitter", "9011", observed_at=taken, availability="unknown"),
                CountObservation("twitter", "9011", taken, highest, like_count=3),
            ),
        ),
    ]


def test_trusted_pickle_that_is_no_harvest_is_skipped(tmp_path: Path) -> None:
    log = pd.DataFrame({"like_count": [5], "saved_at": [0]}, index=pd.Index([9001], name="id"))
    path = tmp_path / "2022-10-31T14:05:03.000Z.pkl"
    log.to_pickle(path)
    notices: list[str] = []
    skips: list[tuple[str, str]] = []
    options = ReadOptions(trust_pickles=True, notice=notices.append, skip=lambda p, r: skips.append((p, r)))
    assert list(pull_folders.read(path, options)) == []
    assert notices == [
        f"skipped 1 pickle file(s) in {path} ({path.name}): not tables graphcli reads; each is listed "
        "with its reason"
    ]
    assert skips == [(str(path), "a delta log of the live pull (its counts are in the snapshot CSVs)")]


def test_folder_survives_an_empty_file_and_a_single_file_does_not(tmp_path: Path) -> None:
    folder = tmp_path / "Pull-y" / "CSVs"
    folder.mkdir(parents=True)
    (folder / "2022-10-31 15:00:00.csv").write_text("")
    got = list(pull_folders.read(folder.parent, ReadOptions()))
    assert len(got) == 1 and isinstance(got[0], Reject) and "empty file" in got[0].reason
    with pytest.raises(InputError, match="empty file"):
        list(pull_folders.read(folder / "2022-10-31 15:00:00.csv", ReadOptions()))


def test_tweet_file_without_id_column_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "2022-10-31 15:00:00.csv"
    path.write_text("author id,tweet\n1,hello\n")
    with pytest.raises(InputError, match=r"missing column\(s\) 'id'"):
        list(pull_folders.read(path, ReadOptions()))


def test_sniff() -> None:
    assert pull_folders.sniff(PULL)
    assert not pull_folders.sniff(PULL.parent)  # a folder of pull folders: each is detected on its own
    assert pull_folders.sniff(TWEETS_1)
    assert pull_folders.sniff(LIKERS)
    assert not pull_folders.sniff(PULL.parent.parent / "crowdtangle")

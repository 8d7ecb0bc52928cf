"""The canonical-table reader: one hand-written CSV per table, and Parquet written from a typed table."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphcli.loaders import canonical
from graphcli.loaders.options import ReadOptions
from graphcli.model.errors import InputError
from graphcli.model.records import (
    Account,
    AccountStatus,
    BotScore,
    Engagement,
    Post,
    Record,
    Reject,
    Row,
    Share,
)

CANONICAL = Path(__file__).resolve().parent.parent / "fixtures" / "canonical"
SEEN = datetime(2022, 10, 31, 14, 10, tzinfo=UTC)
CHECKED = datetime(2023, 2, 1, 9, 30, tzinfo=UTC)
SHARED = datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)


def read(
    name: str, options: ReadOptions | None = None
) -> tuple[dict[int, tuple[Record, ...]], dict[int, str]]:
    """The rows (by line) and the rejects' reasons (by line, without the parenthesised hint) of a fixture."""
    rows: dict[int, tuple[Record, ...]] = {}
    rejects: dict[int, str] = {}
    for item in canonical.read(CANONICAL / name, options or ReadOptions()):
        assert item.file == str(CANONICAL / name)
        if isinstance(item, Row):
            rows[item.line] = item.records
        else:
            rejects[item.line] = item.reason.split(" (")[0]
    return rows, rejects


def test_accounts() -> None:
    alice = Account(
        "twitter",
        "1001",
        "alice",
        "Alice",
        datetime(2015, 3, 1, 8, tzinfo=UTC),
        "Bio",
        "Danmark",
        False,
        False,
        10,
        21,
        301,
        1,
    )
    assert read("accounts.csv") == (
        {2: (alice,), 3: (Account("twitter", None, "Bob_DK"),)},
        {4: "bad true/false in protected: 'maybe'"},
    )


def test_posts() -> None:
    post = Post(
        "twitter",
        "9001",
        author_id="1001",
        author_screen_name="alice",
        created_at=datetime(2022, 10, 31, 13, 59, 58, tzinfo=UTC),
        lang="da",
        like_count=7,
        retweet_count=3,
        reply_count=1,
        quote_count=0,
        source="Twitter for iPhone",
        observed_at=datetime(2022, 10, 31, 14, 20, tzinfo=UTC),
    )
    assert read("posts.csv") == (
        {2: (post,), 3: (Post("twitter", "9004", observed_at=SEEN, availability="deleted"),)},
        {4: "bad availability 'gone'"},
    )


def test_likes_and_retweets() -> None:
    assert read("likes.csv") == (
        {
            2: (Engagement("twitter", "like", "9001", "1001", "alice", SEEN, source="survey"),),
            3: (Engagement("twitter", "like", "9001", None, "Bob_DK", SEEN),),
        },
        {4: "needs one of account_id, screen_name"},
    )
    retweet = Engagement(
        "twitter", "retweet", "9001", "1003", None, SEEN, datetime(2022, 10, 31, 14, 0, 1, tzinfo=UTC)
    )
    assert read("retweets.csv", ReadOptions(platform="twitter")) == ({2: (retweet,)}, {})


def test_table_without_platform_needs_the_option() -> None:
    with pytest.raises(InputError, match=r"retweets.csv: missing column\(s\) 'platform'"):
        read("retweets.csv")


def test_shares_keep_text_only_when_asked() -> None:
    share = Share("facebook", "acc1", "link", "https://example.org/a", SHARED, "post1")
    rejects = {3: "bad kind 'meme'", 4: "empty at"}
    assert read("shares.csv") == ({2: (share,)}, rejects)
    with_text = Share(
        "facebook",
        "acc1",
        "link",
        "https://example.org/a",
        SHARED,
        "post1",
        "https://example.org/a/?utm_source=x",
    )
    assert read("shares.csv", ReadOptions(keep_text=True)) == ({2: (with_text,)}, rejects)


def test_bot_scores_keep_every_score_column() -> None:
    v4 = BotScore(
        "twitter",
        "1001",
        "alice",
        "v4",
        datetime(2022, 11, 3, 12, tzinfo=UTC),
        {"raw_universal_overall": 0.24, "cap_universal": 0.6},
        majority_lang="da",
    )
    lite = BotScore("twitter", "1003", None, "lite", None, {"lite": 0.87}, tweet_id="1580000000000000004")
    assert read("bot_scores.csv") == ({2: (v4,), 3: (lite,)}, {})


def test_statuses() -> None:
    suspended = AccountStatus(
        "twitter", None, "spammy", "suspended", CHECKED, "Forbidden", "User has been suspended: [spammy]."
    )
    assert read("statuses.csv") == (
        {2: (suspended,), 3: (AccountStatus("twitter", "1001", "alice", "active", CHECKED),)},
        {4: "bad status 'vanished'"},
    )


def test_parquet_with_typed_columns(tmp_path: Path) -> None:
    table = pa.table(
        {
            "platform": ["twitter", "twitter"],
            "post_id": [9001, 9002],
            "account_id": ["1001", None],
            "screen_name": [None, None],
            "observed_at": pa.array([SEEN, SEEN], type=pa.timestamp("s", tz="UTC")),
        }
    )
    path = tmp_path / "likes-2022.parquet"
    pq.write_table(table, path)
    got = list(canonical.read(path, ReadOptions()))
    assert got[0] == Row(str(path), 1, (Engagement("twitter", "like", "9001", "1001", None, SEEN),))
    assert isinstance(got[1], Reject) and got[1].line == 2
    assert got[1].reason == "needs one of account_id, screen_name"


def test_broken_parquet_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "posts.parquet"
    path.write_bytes(b"PAR1 this is not parquet")
    with pytest.raises(InputError, match="not a readable Parquet file"):
        list(canonical.read(path, ReadOptions()))


def test_table_names() -> None:
    assert canonical.table_of(Path("likes-2022.parquet")) == "likes"
    assert canonical.table_of(Path("bot_scores.csv")) == "bot_scores"
    assert canonical.table_of(Path("posts_part1.csv")) == "posts"
    assert canonical.table_of(Path("postscript.csv")) is None
    assert canonical.sniff(CANONICAL / "statuses.csv")
    assert not canonical.sniff(CANONICAL.parent / "share_tables" / "wide.csv")


# --- Parquet: the column-at-a-time reader agrees with the per-row converter -------------------------

TEXT = st.one_of(
    st.none(),
    st.sampled_from(["", " ", "twitter", " facebook ", "7", "7.0", "12.5", "x.0", "like", "link", "bogus"]),
    st.text(max_size=4),
)
STAMP = st.one_of(st.none(), st.datetimes(timezones=st.just(UTC)), st.datetimes())
COLUMN_TYPES = {
    "platform": TEXT,
    "id": TEXT,
    "post_id": TEXT,
    "account_id": TEXT,
    "author_id": TEXT,
    "screen_name": TEXT,
    "kind": TEXT,
    "key": TEXT,
    "text": TEXT,
    "status": st.one_of(st.none(), st.sampled_from(["active", "suspended", "gone", " active"])),
    "availability": st.one_of(st.none(), st.sampled_from(["deleted", "unknown", "alive"])),
    "observed_at": STAMP,
    "at": STAMP,
    "created_at": STAMP,
    "checked_at": STAMP,
    "like_count": st.one_of(st.none(), st.integers(-5, 10**12)),
    "followers_count": st.one_of(st.none(), st.integers(0, 10)),
    "protected": st.one_of(st.none(), st.booleans()),
    "source": TEXT,
}
TABLE_COLUMNS = {
    "likes": ["platform", "post_id", "account_id", "screen_name", "observed_at", "at", "source"],
    "retweets": ["platform", "post_id", "account_id", "observed_at", "at"],
    "shares": ["platform", "account_id", "kind", "key", "at", "post_id", "text"],
    "accounts": ["platform", "id", "screen_name", "created_at", "followers_count", "protected"],
    "posts": ["platform", "id", "author_id", "created_at", "like_count", "observed_at", "availability"],
    "statuses": ["platform", "account_id", "screen_name", "status", "checked_at"],
}


@st.composite
def parquet_tables(draw: st.DrawFn) -> tuple[str, pa.Table, ReadOptions]:
    table = draw(st.sampled_from(sorted(TABLE_COLUMNS)))
    columns = [c for c in TABLE_COLUMNS[table] if c in canonical.REQUIRED[table] or draw(st.booleans())]
    if "platform" not in columns and not draw(st.booleans()):
        columns.append("platform")
    size = draw(st.integers(1, 8))
    data = {c: draw(st.lists(COLUMN_TYPES[c], min_size=size, max_size=size)) for c in columns}
    options = ReadOptions(platform=draw(st.sampled_from([None, "twitter"])), keep_text=draw(st.booleans()))
    return table, pa.table(data), options


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parquet_tables())
def test_parquet_columns_give_what_the_row_converter_gives(
    tmp_path: Path, case: tuple[str, pa.Table, ReadOptions]
) -> None:
    table, data, options = case
    path = tmp_path / f"{table}.parquet"
    pq.write_table(data, path)
    try:
        got = list(canonical.read(path, options))
    except InputError:  # a required column is missing: the check runs before either path
        return
    convert = canonical._converter(table, data.column_names, options)
    expected = list(canonical._rows_one_by_one(str(path), data.to_pylist(), 0, convert))
    assert got == expected
    for row in got:
        if isinstance(row, Row):
            for rec in row.records:
                for value in (getattr(rec, f) for f in rec.__slots__):
                    assert not isinstance(value, datetime) or value.tzinfo is UTC

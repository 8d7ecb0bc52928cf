"""The look-up reader: API v2 users look-up responses and the flattened look-up table."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from graphcli.loaders import lookups
from graphcli.loaders.options import ReadOptions
from graphcli.model.errors import InputError
from graphcli.model.records import Account, AccountStatus, NameSeen, Reject, Row

LOOKUPS = Path(__file__).resolve().parent.parent / "fixtures" / "lookups"
CHECKED_1 = datetime(2023, 2, 1, 9, 30, tzinfo=UTC)
CHECKED_2 = datetime(2023, 2, 1, 9, 31, tzinfo=UTC)
SUSPENDED = "User has been suspended: [spammy]."
NOT_FOUND = "Could not find user with usernames: [ghost]."


def account(n: int, name: str, protected: bool) -> Account:
    return Account(
        "twitter",
        str(1000 + n),
        screen_name=name,
        name=name.title(),
        created_at=datetime(2015, 3, n, 8, tzinfo=UTC),
        protected=protected,
        verified=False,
        followers_count=10 * n,
        following_count=20 + n,
        tweet_count=300 + n,
        listed_count=n,
    )


def test_api_responses() -> None:
    path = LOOKUPS / "users.jsonl"
    assert list(lookups.read(path, ReadOptions())) == [
        Row(
            str(path),
            1,
            (
                account(1, "alice", False),
                AccountStatus("twitter", "1001", "alice", "active", CHECKED_1),
                account(2, "bob", True),
                AccountStatus("twitter", "1002", "bob", "protected", CHECKED_1),
                AccountStatus("twitter", None, "ghost", "not_found", CHECKED_1, "Not Found Error", NOT_FOUND),
                AccountStatus("twitter", None, "spammy", "suspended", CHECKED_1, "Forbidden", SUSPENDED),
            ),
        ),
        Row(
            str(path),
            2,
            (
                AccountStatus(
                    "twitter",
                    "1009",
                    None,
                    "not_found",
                    CHECKED_2,
                    "Not Found Error",
                    "Could not find user with ids: [1009].",
                ),
                AccountStatus(
                    "twitter",
                    "1010",
                    None,
                    "unknown",
                    CHECKED_2,
                    "Authorization Error",
                    "Sorry, you are not authorized to see the user with id: [1010].",
                ),
            ),
        ),
    ]


def test_flattened_table() -> None:
    path = LOOKUPS / "lookup_table.csv"
    checked = datetime(2023, 1, 30, 9, tzinfo=UTC)  # the table has no checked_at column
    got = list(lookups.read(path, ReadOptions(scored_at=checked)))
    assert got[:4] == [
        Row(
            str(path),
            2,
            (
                account(1, "alice", False),
                AccountStatus("twitter", "1001", "alice", "active", checked),
                NameSeen("twitter", "1001", "alice", checked, "look-up"),
            ),
        ),
        Row(
            str(path),
            3,
            (AccountStatus("twitter", None, "spammy", "suspended", checked, "Forbidden", SUSPENDED),),
        ),
        Row(
            str(path),
            4,
            (AccountStatus("twitter", None, "ghost", "not_found", checked, "Not Found Error", NOT_FOUND),),
        ),
        Row(
            str(path),
            5,
            (
                account(2, "bob", True),
                AccountStatus("twitter", "1002", "bob", "protected", checked),
                NameSeen("twitter", "1002", "bob", checked, "look-up"),
            ),
        ),
    ]
    assert len(got) == 5
    assert isinstance(got[4], Reject) and got[4].line == 6
    assert got[4].reason == "bad number in followers_count: 'many'"


def test_classify() -> None:
    assert lookups.classify("Not Found Error", "Could not find user with ids: [1].") == "not_found"
    assert lookups.classify("Forbidden", "User has been suspended: [x].") == "suspended"
    assert lookups.classify("Forbidden", "Something else") == "unknown"
    assert lookups.classify(None, None) == "unknown"


def test_table_with_wrong_columns_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "lookups.csv"
    path.write_text("username,id,name\nalice,1,Alice\n")
    with pytest.raises(InputError, match=r"lookups.csv: missing column\(s\) 'error_title', 'error_detail'"):
        list(lookups.read(path, ReadOptions()))


def test_sniff() -> None:
    assert lookups.sniff(LOOKUPS / "users.jsonl")
    assert lookups.sniff(LOOKUPS / "lookup_table.csv")
    assert not lookups.sniff(LOOKUPS.parent / "twarc" / "liking_users" / "1580000000000000001.jsonl")

"""The share-table reader: the 4-column form (one kind per file) and the wide multi-modal form."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from graphcli.loaders import share_tables
from graphcli.loaders.options import ReadOptions
from graphcli.loaders.share_tables import kind_from_name
from graphcli.model.errors import InputError
from graphcli.model.records import Reject, Row, Share

TABLES = Path(__file__).resolve().parent.parent / "fixtures" / "share_tables"
NARROW = TABLES / "links_4col.csv"
WIDE = TABLES / "wide.csv"


def at(seconds: float) -> datetime:
    """Epoch seconds as UTC: 1700000000 is 2023-11-14 22:13:20 UTC and the fixtures count on from there."""
    return datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC) + timedelta(seconds=seconds - 1700000000)


def test_four_column_links() -> None:
    got = list(share_tables.read(NARROW, ReadOptions(share_kind="link")))
    assert got[:3] == [
        Row(
            str(NARROW),
            2,
            (Share("facebook", "acc1", "link", "https://example.org/a", at(1700000000), "post1"),),
        ),
        Row(
            str(NARROW),
            3,
            (Share("facebook", "acc2", "link", "https://example.org/a", at(1700000005), "post2"),),
        ),
        Row(
            str(NARROW),
            4,
            (Share("facebook", "acc3", "link", "http://example.org/b", at(1700000010), "post3"),),
        ),
    ]
    assert [(r.line, r.reason.split(" (")[0]) for r in got[3:] if isinstance(r, Reject)] == [
        (5, "timestamp_share: unparsable timestamp '16 Nov 2023'"),
        (6, "row without account_id or content_id"),
    ]
    assert len(got) == 5


def test_four_column_needs_a_kind() -> None:
    with pytest.raises(InputError, match="holds one kind of object and none was given"):
        list(share_tables.read(NARROW, ReadOptions()))


def test_four_column_hashtags_and_platform() -> None:
    row = next(
        share_tables.read(NARROW, ReadOptions(share_kind="hashtag", platform="twitter", keep_text=True))
    )
    assert isinstance(row, Row)
    share = row.records[0]
    assert isinstance(share, Share) and share.platform == "twitter" and share.text is None


def test_wide_form() -> None:
    got = list(share_tables.read(WIDE, ReadOptions()))
    assert got[:4] == [
        Row(
            str(WIDE),
            2,
            (
                Share("facebook", "acc1", "link", "u17", at(1700000000), "post1"),
                Share("facebook", "acc1", "domain", "example.org", at(1700000000), "post1"),
                Share("facebook", "acc1", "hashtag", "valg", at(1700000000), "post1"),
                Share("facebook", "acc1", "image_hash", "ff00aa11", at(1700000000), "post1"),
            ),
        ),
        Row(str(WIDE), 3, (Share("facebook", "acc2", "domain", "example.org", at(1700000003), "post2"),)),
        Row(str(WIDE), 4, ()),
        Row(
            str(WIDE),
            5,
            (
                Share("facebook", "acc4", "link", "u17", at(1700000009.5), "post4"),
                Share("facebook", "acc4", "image_hash", "ff00aa11", at(1700000009.5), "post4"),
            ),
        ),
    ]
    assert isinstance(got[4], Reject) and got[4].line == 6
    assert got[4].reason.startswith("timestamp: unparsable timestamp 'soon'")
    assert len(got) == 5


def test_sniff() -> None:
    assert share_tables.sniff(NARROW)
    assert share_tables.sniff(WIDE)
    assert not share_tables.sniff(TABLES.parent / "crowdtangle" / "posts.csv")


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("link.csv", "link"),
        ("shares_image_text.csv", "image_text"),
        ("2024-domain.csv", "domain"),
        ("links.csv", None),
        ("notes.csv", None),
    ],
)
def test_kind_from_name(name: str, kind: str | None) -> None:
    assert kind_from_name(Path(name)) == kind


def test_four_column_table_takes_its_kind_from_its_name(tmp_path: Path) -> None:
    table = tmp_path / "hashtag.csv"
    table.write_text("object_id,account_id,content_id,timestamp_share\n#Vote,a1,p1,1664928360\n")
    rows = list(share_tables.read(table, ReadOptions()))
    assert [getattr(r.records[0], "kind", None) for r in rows if isinstance(r, Row)] == ["hashtag"]


def test_a_platform_column_keys_each_row_under_its_own_platform(tmp_path: Path) -> None:
    # A mixed table: Facebook pages and Twitter accounts sharing the same links and hashtags.
    mixed = tmp_path / "mixed.csv"
    mixed.write_text(
        "account_id,post_id,timestamp,url_id,hashtag_id,platform\n"
        "page1,fb1,1700000000,https://example.org/a,Valg22,facebook\n"
        "user1,tw1,1700000005,https://example.org/a,valg22,Twitter\n"
        "user2,tw2,1700000009,,Valg22,\n"  # empty cell: the table's default platform
        "user3,tw3,1700000010,https://example.org/a,,not a platform\n",
        encoding="utf-8",
    )
    got = list(share_tables.read(mixed, ReadOptions()))
    rows = [r for r in got if isinstance(r, Row)]
    platforms = [{(s.platform, s.account_id) for s in r.records if isinstance(s, Share)} for r in rows]
    assert platforms == [{("facebook", "page1")}, {("twitter", "user1")}, {("facebook", "user2")}]
    (reject,) = [r for r in got if isinstance(r, Reject)]
    assert reject.line == 5 and "not a platform name" in reject.reason
    narrow = tmp_path / "link.csv"
    narrow.write_text(
        "object_id,account_id,content_id,timestamp_share,platform\n"
        "https://example.org/a,page1,fb1,1700000000,facebook\n"
        "https://example.org/a,user1,tw1,1700000005,twitter\n",
        encoding="utf-8",
    )
    shares = [s for r in share_tables.read(narrow, ReadOptions()) if isinstance(r, Row) for s in r.records]
    assert [(s.platform, s.account_id) for s in shares if isinstance(s, Share)] == [
        ("facebook", "page1"),
        ("twitter", "user1"),
    ]

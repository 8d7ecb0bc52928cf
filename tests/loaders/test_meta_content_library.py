"""The Meta Content Library reader against a hand-written export, one row with bytes that are not UTF-8."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from graphcli.loaders import meta_content_library as mcl
from graphcli.loaders.options import ReadOptions
from graphcli.model.errors import InputError
from graphcli.model.records import Account, Post, Reject, Row, Share

POSTS = Path(__file__).resolve().parent.parent / "fixtures" / "meta_content_library" / "posts.csv"
OWNER = "400000000000001"
GROUP = "400000000000002"
T1 = datetime(2024, 3, 1, 10, tzinfo=UTC)
T2 = datetime(2024, 3, 1, 10, 0, 30, tzinfo=UTC)
T3 = datetime(2024, 3, 1, 11, tzinfo=UTC)
KLIMA = Account("facebook", OWNER, screen_name="klimagruppen", name="Klimagruppen")
MESSAGE_KEY = hashlib.sha256("læs nyheden klima".encode()).hexdigest()
IMAGE_KEY = hashlib.sha256(b"stop the steal").hexdigest()

EXPECTED: list[Row | tuple[int, str]] = [
    Row(
        str(POSTS),
        2,
        (
            KLIMA,
            Post(
                "facebook",
                "300000000000001",
                author_id=OWNER,
                author_screen_name="klimagruppen",
                created_at=T1,
                lang="da",
                like_count=12,
                comment_count=3,
                share_count=4,
            ),
            Share("facebook", OWNER, "link", "https://klimanyt.dk/nyhed/42", T1, "300000000000001"),
            Share("facebook", OWNER, "domain", "klimanyt.dk", T1, "300000000000001"),
            Share("facebook", OWNER, "message", MESSAGE_KEY, T1, "300000000000001"),
            Share("facebook", OWNER, "hashtag", "klima", T1, "300000000000001"),
        ),
    ),
    Row(
        str(POSTS),
        3,
        (
            Account("facebook", GROUP, name="Grøn Gruppe"),
            Post(
                "facebook",
                "300000000000002",
                author_id=GROUP,
                created_at=T2,
                like_count=0,
                comment_count=0,
                share_count=0,
            ),
            Share("facebook", GROUP, "retweet", "facebook:300000000000001", T2, "300000000000002"),
        ),
    ),
    (4, "row without id"),
    (5, "invalid UTF-8 bytes"),
    Row(
        str(POSTS),
        6,
        (
            KLIMA,
            Post(
                "facebook",
                "300000000000003",
                author_id=OWNER,
                author_screen_name="klimagruppen",
                created_at=T3,
                lang="en",
                like_count=1,
                comment_count=0,
                share_count=2,
            ),
            Share("facebook", OWNER, "image_text", IMAGE_KEY, T3, "300000000000003"),
        ),
    ),
]


def test_export_rows() -> None:
    got = list(mcl.read(POSTS, ReadOptions()))
    assert len(got) == len(EXPECTED)
    for item, expected in zip(got, EXPECTED, strict=True):
        if isinstance(expected, tuple):
            assert isinstance(item, Reject)
            assert (item.line, item.reason) == expected
        else:
            assert item == expected


def test_reject_shows_bad_bytes_as_escapes() -> None:
    reject = next(r for r in mcl.read(POSTS, ReadOptions()) if isinstance(r, Reject) and r.line == 5)
    assert "Ugyldig \\xff\\xfe tekst" in reject.raw


def test_platform_option_for_instagram_exports() -> None:
    row = next(mcl.read(POSTS, ReadOptions(platform="instagram")))
    assert isinstance(row, Row) and {r.platform for r in row.records} == {"instagram"}


def test_export_without_owner_columns_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "mcl.csv"
    path.write_text("id,creation_time,text\n1,2024-01-01T00:00:00,hi\n")
    with pytest.raises(InputError, match=r"needs at least one of the columns 'post_owner\.id'"):
        list(mcl.read(path, ReadOptions()))


def test_sniff() -> None:
    assert mcl.sniff(POSTS)
    assert not mcl.sniff(POSTS.parent.parent / "crowdtangle" / "posts.csv")

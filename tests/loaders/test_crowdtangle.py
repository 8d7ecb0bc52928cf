"""The CrowdTangle reader against a hand-written export (with the BOM CrowdTangle writes)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from graphcli.loaders import crowdtangle
from graphcli.loaders.options import ReadOptions
from graphcli.model.errors import InputError
from graphcli.model.records import Account, Post, Reject, Row, Share

POSTS = Path(__file__).resolve().parent.parent / "fixtures" / "crowdtangle" / "posts.csv"
PAGE = "100000000000001"
GROUP = "200000000000002"
# Worked out by hand: both messages normalise to the same text, so the two pages co-share it.
MESSAGE_KEY = hashlib.sha256("læs artiklen valg2021".encode()).hexdigest()
IMAGE_KEY = hashlib.sha256(b"stop the steal").hexdigest()

NYHEDER = Account(
    "facebook",
    PAGE,
    screen_name="nyhederdk",
    name="Nyheder DK",
    created_at=datetime(2012, 5, 1, 10, tzinfo=UTC),
    description="Nyheder fra Danmark",
)
T_LINK = datetime(2021, 1, 2, 8, 4, 5, tzinfo=UTC)  # 03:04:05 EST
T_PHOTO = datetime(2021, 1, 2, 9, tzinfo=UTC)  # 10:00:00 CET
T_GROUP = datetime(2021, 1, 3, 12, tzinfo=UTC)
LINK_POST = "2222222222"
PHOTO_POST = "3333333333"
GROUP_POST = "5555555555"

EXPECTED_ROWS = {
    2: (
        NYHEDER,
        Post(
            "facebook",
            LINK_POST,
            author_id=PAGE,
            author_screen_name="nyhederdk",
            created_at=T_LINK,
            like_count=10,
            comment_count=2,
            share_count=3,
        ),
        Share("facebook", PAGE, "link", "https://www.example.dk/artikel?id=5", T_LINK, LINK_POST),
        Share("facebook", PAGE, "domain", "example.dk", T_LINK, LINK_POST),
        Share("facebook", PAGE, "message", MESSAGE_KEY, T_LINK, LINK_POST),
        Share("facebook", PAGE, "hashtag", "valg2021", T_LINK, LINK_POST),
    ),
    3: (
        NYHEDER,
        Post(
            "facebook",
            PHOTO_POST,
            author_id=PAGE,
            author_screen_name="nyhederdk",
            created_at=T_PHOTO,
            like_count=4,
            comment_count=0,
            share_count=0,
        ),
        Share("facebook", PAGE, "image_text", IMAGE_KEY, T_PHOTO, PHOTO_POST),
    ),
    5: (
        Account(
            "facebook", GROUP, name="Borgere for Klima", created_at=datetime(2019, 9, 9, 9, 9, 9, tzinfo=UTC)
        ),
        Post(
            "facebook",
            GROUP_POST,
            author_id=GROUP,
            created_at=T_GROUP,
            like_count=2,
            comment_count=1,
            share_count=0,
        ),
        Share("facebook", GROUP, "message", MESSAGE_KEY, T_GROUP, GROUP_POST),
        Share("facebook", GROUP, "hashtag", "valg2021", T_GROUP, GROUP_POST),
    ),
}


def test_export_rows() -> None:
    got = list(crowdtangle.read(POSTS, ReadOptions()))
    assert len(got) == 4
    rows = {item.line: item for item in got if isinstance(item, Row)}
    assert rows == {line: Row(str(POSTS), line, records) for line, records in EXPECTED_ROWS.items()}
    rejects = [item for item in got if isinstance(item, Reject)]
    assert [(r.line, r.reason.split(" (")[0]) for r in rejects] == [
        (4, "Post Created: unparsable timestamp 'yesterday'")
    ]


def test_keep_text_keeps_message_and_original_link() -> None:
    row = next(crowdtangle.read(POSTS, ReadOptions(keep_text=True)))
    assert isinstance(row, Row)
    texts = {r.kind: r.text for r in row.records if isinstance(r, Share)}
    assert texts["message"] == "Læs artiklen! #Valg2021 https://bit.ly/x1"
    assert texts["link"] == "https://www.Example.dk/artikel/?utm_source=facebook&id=5#top"
    post = row.records[1]
    assert isinstance(post, Post) and post.text == "Læs artiklen! #Valg2021 https://bit.ly/x1"


def test_post_ids_from_urls() -> None:
    assert crowdtangle.post_id_from_url("https://www.facebook.com/x/videos/987654/") == "987654"
    assert crowdtangle.post_id_from_url("https://www.facebook.com/groups/5/permalink/777/") == "777"
    assert crowdtangle.post_id_from_url("https://www.facebook.com/photo.php?fbid=42&set=a.1") == "42"
    assert crowdtangle.post_id_from_url("https://www.facebook.com/permalink.php?story_fbid=9&id=5") == "9"
    assert crowdtangle.post_id_from_url("https://www.facebook.com/x/posts/pfbid0abc") == "pfbid0abc"
    assert (
        crowdtangle.post_id_from_url("https://WWW.facebook.com/x/about/")
        == "https://www.facebook.com/x/about"
    )


def test_missing_time_column_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("Page Name,Facebook Id,URL\nA,1,https://www.facebook.com/a/posts/2\n")
    with pytest.raises(InputError, match=r"export\.csv: missing column 'Post Created'"):
        list(crowdtangle.read(path, ReadOptions()))


def test_sniff() -> None:
    assert crowdtangle.sniff(POSTS)
    assert not crowdtangle.sniff(POSTS.parent.parent / "lookups" / "lookup_table.csv")

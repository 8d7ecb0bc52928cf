"""Counting and de-duplication of the load pipeline (pure logic), and load_rows end to end."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphcli.cypher.gateway import Gateway
from graphcli.loaders.batch import build_params, record_problem
from graphcli.loaders.dedup import Deduper
from graphcli.loaders.pipeline import load_rows
from graphcli.model.errors import InputError
from graphcli.model.records import (
    Account,
    AccountStatus,
    Block,
    BotScore,
    Engagement,
    Post,
    Record,
    Reject,
    Row,
    Share,
)


def at(hour: int) -> datetime:
    return datetime(2022, 10, 1, hour, tzinfo=UTC)


def like(post: str, name: str, hour: int) -> Engagement:
    return Engagement("twitter", "like", post, screen_name=name, observed_at=at(hour), source="pull")


class ListSink:
    """Collects what the pipeline decides to write (the counting logic needs no database)."""

    def __init__(self) -> None:
        self.batches: list[list[Record]] = []

    def write(self, records: Sequence[Record | Block]) -> None:
        # Blocks as their records: these tests count records.
        self.batches.append(
            [r for item in records for r in (item.records() if isinstance(item, Block) else [item])]
        )

    def close(self) -> None:
        pass


# --- the deduper ----------------------------------------------------------------------------------


def test_a_post_seen_again_is_not_new_but_newer_counts_are_written() -> None:
    d = Deduper()
    first = d.admit(Post("twitter", "9", like_count=1, observed_at=at(2)))
    older = d.admit(Post("twitter", "9", like_count=0, observed_at=at(1)))
    newer = d.admit(Post("twitter", "9", like_count=5, observed_at=at(3)))
    assert (first.new, first.write) == (True, True)
    assert (older.new, older.write) == (False, False)
    assert (newer.new, newer.write) == (False, True)


def test_a_like_is_written_again_only_when_it_widens_first_or_last_seen() -> None:
    d = Deduper()
    verdicts = [
        d.admit(like("9", n, h)) for n, h in [("ann", 5), ("ANN", 5), ("ann", 7), ("ann", 6), ("ann", 1)]
    ]
    assert [(v.new, v.write) for v in verdicts] == [
        (True, True),
        (False, False),
        (False, True),
        (False, False),
        (False, True),
    ]


def test_bot_scores_with_their_dict_of_scores_are_deduplicated() -> None:
    d = Deduper()
    score = BotScore("twitter", "1", None, "v4", at(1), {"raw_english_overall": 0.2})
    assert d.admit(score).new
    assert not d.admit(BotScore("twitter", "1", None, "v4", at(1), {"raw_english_overall": 0.2})).new
    assert d.admit(BotScore("twitter", "1", None, "v4", at(1), {"raw_english_overall": 0.3})).new


# --- batch parameters -----------------------------------------------------------------------------


def test_batch_folds_records_by_key_and_drops_nulls() -> None:
    params = build_params(
        [
            Post("twitter", "9", lang="da", like_count=1, observed_at=at(3)),
            Post("twitter", "9", like_count=0, reply_count=4, observed_at=at(1)),
            like("9", "Ann", 2),
            like("9", "ann", 4),
            Account("twitter", "1", screen_name="ANN", followers_count=3),
        ]
    )
    (post,) = params["posts"]
    assert post["counts"] == {"like_count": 1} and post["observed_at"] == at(3).isoformat()
    assert post["props"] == {"platform": "twitter", "id": "9", "lang": "da"}
    (liked,) = params["liked"]
    assert (liked["account_uid"], liked["first_seen"], liked["last_seen"]) == (
        "twitter:@ann",
        "2022-10-01T02:00:00+00:00",
        "2022-10-01T04:00:00+00:00",
    )
    assert {a["uid"] for a in params["accounts"]} == {"twitter:@ann", "twitter:1"}
    assert params["handles"] == [
        {"placeholder_uid": "twitter:@ann", "platform": "twitter", "screen_name_lower": "ann"}
    ]


def test_times_become_utc() -> None:
    cet = timezone(timedelta(hours=2))
    params = build_params(
        [Share("twitter", "1", "link", "example.com", datetime(2022, 10, 1, 14, tzinfo=cet), "p")]
    )
    assert params["shared"][0]["at"] == "2022-10-01T12:00:00+00:00"


@pytest.mark.parametrize(
    ("rec", "reason"),
    [
        (Engagement("twitter", "like", "9"), "names no account"),
        (AccountStatus("twitter", None, None, "suspended", None), "names no account"),
        (Account("twitter", None), "neither id nor screen name"),
        (Share("twitter", "", "link", "x", at(1), "p"), "Share lacks"),
        (Engagement("twitter", "like", "", account_id="1"), "no post id"),
    ],
)
def test_records_the_graph_cannot_key_are_refused(rec: Record, reason: str) -> None:
    assert reason in (record_problem(rec) or "")


def test_good_records_pass() -> None:
    assert record_problem(like("9", "ann", 1)) is None
    assert record_problem(Post("twitter", "9")) is None


# --- load_rows ------------------------------------------------------------------------------------

ROWS: list[Row | Reject] = [
    Row("pull1.csv", 2, (Post("twitter", "9", like_count=1, observed_at=at(1)),)),
    Row("pull2.csv", 2, (Post("twitter", "9", like_count=4, observed_at=at(2)),)),  # duplicate, newer counts
    Row("likers1.csv", 2, (like("9", "ann", 1), like("9", "bob", 1))),
    Row("likers2.csv", 2, (like("9", "ANN", 2), like("9", "bob", 2))),  # duplicate
    Row("likers2.csv", 3, (like("9", "ann", 2), like("9", "cy", 2))),  # cy is new: loaded
    Reject("pull3.csv", 7, "unparsable created_at", "9,notatime"),
    Row("lookup.json", 1, (AccountStatus("twitter", None, None, "unknown", None),)),  # unusable: rejected
    Row("empty.jsonl", 1, ()),
]
# Expected: read 8 = loaded 4 (rows 1, 3, 5, 8) + duplicate 2 (rows 2, 4) + rejected 2.


@pytest.mark.neo4j
def test_every_row_is_loaded_duplicate_or_rejected(gw: Gateway, tmp_path: Path) -> None:
    sink = ListSink()
    rejects = tmp_path / "rejects.jsonl"
    summary = load_rows(
        gw, ROWS, source="test", files=[], format_name="test", batch_size=2, rejects_path=rejects, writer=sink
    )
    assert (summary.read, summary.loaded, summary.duplicate, summary.rejected) == (8, 4, 2, 2)
    assert summary.reconciles
    assert summary.records["Engagement"].read == 6 and summary.records["Engagement"].new == 3
    assert summary.records["Post"].read == 2 and summary.records["Post"].new == 1
    written = [r for batch in sink.batches for r in batch]
    # Newer post counts and later sightings of a like are written; a sighting within known times is not.
    assert Post("twitter", "9", like_count=4, observed_at=at(2)) in written
    assert like("9", "ANN", 2) in written and like("9", "bob", 2) in written
    assert like("9", "ann", 2) not in written
    assert summary.written == len(written)
    lines = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert [(r["file"], r["line"]) for r in lines] == [("pull3.csv", 7), ("lookup.json", 1)]
    assert lines[0] == {
        "file": "pull3.csv",
        "line": 7,
        "reason": "unparsable created_at",
        "raw": "9,notatime",
    }


@pytest.mark.neo4j
def test_more_rejects_than_allowed_fail(gw: Gateway, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="more than 1 rows rejected"):
        load_rows(
            gw,
            ROWS,
            source="t",
            files=[],
            rejects_path=tmp_path / "r.jsonl",
            max_rejects=1,
            writer=ListSink(),
        )
    summary = load_rows(gw, ROWS, source="t", files=[], rejects_path=None, max_rejects=2, writer=ListSink())
    assert summary.rejected == 2 and not (tmp_path / "none.jsonl").exists()


@pytest.mark.neo4j
def test_no_rejects_no_file(gw: Gateway, tmp_path: Path) -> None:
    load_rows(gw, ROWS[:2], source="t", files=[], rejects_path=tmp_path / "r.jsonl", writer=ListSink())
    assert not (tmp_path / "r.jsonl").exists()


@pytest.mark.neo4j
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["ann", "Ann", "bob"]),
            st.sampled_from(["1", "2"]),
            st.integers(0, 3),
            st.booleans(),
        ),
        max_size=25,
    )
)
def test_counts_always_reconcile(live_gateway: Gateway, spec: list[tuple[str, str, int, bool]]) -> None:
    rows: list[Row | Reject] = [
        Reject("f", i, "bad", "") if bad else Row("f", i, (like(post, name, hour),))
        for i, (name, post, hour, bad) in enumerate(spec)
    ]
    summary = load_rows(live_gateway, rows, source="t", files=[], batch_size=3, writer=ListSink())
    assert summary.read == len(rows) and summary.reconciles
    distinct = {(post, name.lower()) for name, post, _, bad in spec if not bad}
    assert summary.loaded == len(distinct)


@pytest.mark.neo4j
def test_progress_moves_through_runs_of_duplicates(gw: Gateway) -> None:
    calls: list[int] = []
    rows = [Row("f", i, (like("9", "ann", 1),)) for i in range(12_000)]
    summary = load_rows(gw, rows, source="t", files=[], writer=ListSink(), progress=calls.append)
    assert summary.duplicate == 11_999 and summary.loaded == 1
    assert sum(calls) == 12_000 and len(calls) >= 3

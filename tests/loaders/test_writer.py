"""The Bolt writer against the live server: keys, screen-name merging, idempotence, UTC, provenance,
and a load killed with SIGKILL and run again."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from graphcli.cypher.gateway import Gateway
from graphcli.cypher.queries import parse_query_file
from graphcli.cypher.schema import database_stats, init_schema, wipe
from graphcli.loaders.batch import BatchParams
from graphcli.loaders.bulk import BulkWriter, CsvFiles, finish_bulk, require_empty, resolve, write_csvs
from graphcli.loaders.pipeline import load_rows
from graphcli.model.errors import InputError
from graphcli.model.records import (
    Account,
    AccountStatus,
    BotScore,
    Engagement,
    Post,
    Reject,
    Row,
    Share,
)
from graphcli.model.settings import Settings
from tests.fingerprint import content_fingerprint

HERE = Path(__file__).parent


def at(hour: int) -> datetime:
    return datetime(2022, 10, 1, hour, tzinfo=UTC)


def query(gw: Gateway, tmp_path: Path, cypher: str, **params: Any) -> list[dict[str, Any]]:
    path = tmp_path / "q.cypher"
    path.write_text(cypher)
    return gw.run(parse_query_file(path), params).rows


def load(gw: Gateway, *rows: Row | Reject, batch_size: int = 1000) -> None:
    load_rows(gw, list(rows), source="test", files=[], format_name="test", batch_size=batch_size)


def counts(gw: Gateway) -> dict[str, dict[str, int]]:
    stats = database_stats(gw)
    return {kind: {k: v for k, v in names.items() if v} for kind, names in stats.items()}


# A scrape names likers by screen name; a later look-up gives ids. Expected after both:
# accounts twitter:1 (ann, also posted 9 and is suspended) and twitter:2 (bob); placeholder @cy stays.
SCRAPE = [
    Row("pull.csv", 2, (Post("twitter", "9", author_screen_name="ANN", like_count=2, observed_at=at(1)),)),
    Row(
        "likers.csv",
        2,
        (
            Engagement("twitter", "like", "9", screen_name="Ann", observed_at=at(1)),
            Engagement("twitter", "like", "9", screen_name="bob", observed_at=at(1)),
            Engagement("twitter", "like", "9", screen_name="cy", observed_at=at(1)),
        ),
    ),
    Row("likers2.csv", 2, (Engagement("twitter", "like", "9", screen_name="ann", observed_at=at(3)),)),
    Row("scores.json", 1, (BotScore("twitter", None, "ann", "v4", at(2), {"raw_english_overall": 0.9}),)),
    Row(
        "status.json",
        1,
        (AccountStatus("twitter", None, "ann", "suspended", at(4), "Forbidden", "suspended"),),
    ),
]
LOOKUP = [
    Row("users.json", 1, (Account("twitter", "1", screen_name="aNN", followers_count=5),)),
    Row("users.json", 2, (Account("twitter", "2", screen_name="Bob"),)),
    # An id-only like of the same post by ann must fold into the same LIKED relationship.
    Row("likes.jsonl", 1, (Engagement("twitter", "like", "9", account_id="1", observed_at=at(5)),)),
]
ACCOUNTS = (
    "MATCH (a:Account) RETURN a.uid AS uid, a.screen_name_lower AS name, a.status AS status ORDER BY uid"
)
LIKES = (
    "MATCH (a:Account)-[l:LIKED]->(p:Post) RETURN a.uid AS uid, p.uid AS post, l.first_seen AS first, "
    "l.last_seen AS last ORDER BY uid"
)


@pytest.mark.neo4j
@pytest.mark.parametrize("batch_size", [1, 1000])
def test_screen_name_accounts_fold_onto_their_id(gw: Gateway, tmp_path: Path, batch_size: int) -> None:
    load(gw, *SCRAPE, batch_size=batch_size)
    assert [r["uid"] for r in query(gw, tmp_path, ACCOUNTS)] == [
        "twitter:@ann",
        "twitter:@bob",
        "twitter:@cy",
    ]
    load(gw, *LOOKUP, batch_size=batch_size)
    accounts = query(gw, tmp_path, ACCOUNTS)
    assert accounts == [
        {"uid": "twitter:1", "name": "ann", "status": "suspended"},
        {"uid": "twitter:2", "name": "bob", "status": None},
        {"uid": "twitter:@cy", "name": "cy", "status": None},
    ]
    likes = query(gw, tmp_path, LIKES)
    assert [(r["uid"], r["first"].hour, r["last"].hour) for r in likes] == [
        ("twitter:1", 1, 5),
        ("twitter:2", 1, 1),
        ("twitter:@cy", 1, 1),
    ]
    rels = query(gw, tmp_path, "MATCH (a:Account {uid: 'twitter:1'})-[r]->() RETURN type(r) AS t ORDER BY t")
    assert [r["t"] for r in rels] == ["HAD_STATUS", "LIKED", "POSTED", "SCORED"]
    assert counts(gw)["nodes"]["Account"] == 3


@pytest.mark.neo4j
def test_a_screen_name_seen_after_its_id_leaves_no_placeholder(gw: Gateway, tmp_path: Path) -> None:
    load(gw, *LOOKUP)
    load(gw, *SCRAPE)
    assert [r["uid"] for r in query(gw, tmp_path, ACCOUNTS)] == ["twitter:1", "twitter:2", "twitter:@cy"]


@pytest.mark.neo4j
def test_reloading_changes_nothing(gw: Gateway) -> None:
    load(gw, *SCRAPE, *LOOKUP)
    before, fingerprint = counts(gw), content_fingerprint(gw)
    load(gw, *SCRAPE, *LOOKUP)
    assert content_fingerprint(gw) == fingerprint
    # Parts again, in another order: latest-seen properties (screen-name case) may change, counts do not.
    load(gw, *LOOKUP)
    load(gw, *SCRAPE)
    assert counts(gw) == before
    assert before["relationships"]["LIKED"] == 3 and before["nodes"]["Account"] == 3


@pytest.mark.neo4j
def test_latest_counts_win_in_any_order(gw: Gateway, tmp_path: Path) -> None:
    newer = Row("b", 1, (Post("twitter", "9", like_count=7, observed_at=at(5)),))
    older = Row("a", 1, (Post("twitter", "9", like_count=3, retweet_count=1, observed_at=at(2)),))
    load(gw, newer)
    load(gw, older)
    (post,) = query(
        gw,
        tmp_path,
        "MATCH (p:Post) RETURN p.like_count AS likes, p.retweet_count AS rts, p.observed_at AS seen",
    )
    assert (post["likes"], post["rts"], post["seen"].hour) == (7, None, 5)


@pytest.mark.neo4j
def test_times_are_stored_in_utc(gw: Gateway, tmp_path: Path) -> None:
    cest = timezone(timedelta(hours=2))
    load(
        gw,
        Row(
            "s",
            1,
            (Share("twitter", "1", "link", "example.com/a", datetime(2022, 10, 1, 14, tzinfo=cest), "p"),),
        ),
    )
    (row,) = query(gw, tmp_path, "MATCH ()-[s:SHARED]->() RETURN toString(s.at) AS at")
    assert row["at"] == "2022-10-01T12:00:00Z"


@pytest.mark.neo4j
def test_shares_objects_scores_and_statuses(gw: Gateway, tmp_path: Path) -> None:
    load(
        gw,
        Row(
            "s",
            1,
            (
                Share("facebook", "p1", "link", "example.com/a", at(1), "post1", text="Example.com/a?x"),
                Share("facebook", "p2", "link", "example.com/a", at(2), "post2"),
            ),
        ),
        Row("s", 2, (Share("facebook", "p1", "link", "example.com/a", at(3), "post3"),)),
        Row("b", 1, (BotScore("twitter", "5", "eve", "lite", at(1), {"lite": 0.7}, tweet_id="99"),)),
        Row(
            "u",
            1,
            (
                AccountStatus("twitter", "5", None, "active", at(1)),
                AccountStatus("twitter", "5", None, "not_found", at(3), "Not Found Error"),
                AccountStatus("twitter", "5", None, "suspended", at(2)),
            ),
        ),
    )
    shares = query(
        gw,
        tmp_path,
        "MATCH (a)-[s:SHARED]->(o:Object) RETURN a.uid AS a, s.post_id AS post, "
        "o.uid AS o, o.text AS text ORDER BY post",
    )
    assert [(r["a"], r["post"]) for r in shares] == [
        ("facebook:p1", "post1"),
        ("facebook:p2", "post2"),
        ("facebook:p1", "post3"),
    ]
    assert {r["o"] for r in shares} == {"link:example.com/a"} and shares[0]["text"] == "Example.com/a?x"
    (acc,) = query(
        gw,
        tmp_path,
        "MATCH (a:Account {uid: 'twitter:5'})-[:SCORED]->(b) "
        "RETURN a.status AS status, a.status_error_title AS title, b.lite AS lite, "
        "b.tweet_id AS tweet, COUNT { (a)-[:HAD_STATUS]->() } AS checks",
    )
    assert acc == {"status": "not_found", "title": "Not Found Error", "lite": 0.7, "tweet": "99", "checks": 3}


@pytest.mark.neo4j
def test_every_load_records_its_run_and_files(gw: Gateway, tmp_path: Path) -> None:
    data = tmp_path / "in.csv"
    data.write_text("id\n9\n")
    summary = load_rows(
        gw,
        [SCRAPE[0], Reject(str(data), 3, "bad", "x")],
        source="unit",
        files=[data],
        format_name="canonical",
    )
    (run,) = query(gw, tmp_path, "MATCH (r:LoadRun)-[:READ]->(f:SourceFile) RETURN r{.*} AS r, f{.*} AS f")
    assert run["r"]["id"] == summary.run_id and run["r"]["finished_at"] is not None
    assert {k: run["r"][k] for k in ("source", "format", "read", "loaded", "rejected", "duplicate")} == {
        "source": "unit",
        "format": "canonical",
        "read": 2,
        "loaded": 1,
        "rejected": 1,
        "duplicate": 0,
    }
    import hashlib

    assert run["f"] == {
        "sha256": hashlib.sha256(b"id\n9\n").hexdigest(),
        "path": str(data),
        "format": "canonical",
        "size": 5,
    }


@pytest.mark.neo4j
@pytest.mark.slow
def test_a_killed_load_run_again_gives_the_same_graph(gw: Gateway, tmp_path: Path) -> None:
    data = tmp_path / "input.bin"
    data.write_bytes(b"the same input")
    script = [sys.executable, str(HERE / "resume_load.py"), str(data)]
    subprocess.run(script, check=True, capture_output=True, timeout=600)
    expected_counts, expected = counts(gw), content_fingerprint(gw)
    assert expected_counts["nodes"]["Account"] > 100 and expected_counts["relationships"]["LIKED"] > 1000

    wipe(gw)
    init_schema(gw)
    with subprocess.Popen(script, stdout=subprocess.PIPE, text=True) as proc:
        assert proc.stdout is not None
        batches = 0
        for line in proc.stdout:
            batches += line.startswith("batch")
            if batches == 5:
                os.kill(proc.pid, signal.SIGKILL)
                break
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert counts(gw) != expected_counts  # really interrupted half-way
    (unfinished,) = query(gw, tmp_path, "MATCH (r:LoadRun) RETURN r.finished_at AS finished")
    assert unfinished["finished"] is None

    done = subprocess.run(script, check=True, capture_output=True, text=True, timeout=600)
    assert "done" in done.stdout
    assert counts(gw) == expected_counts
    assert content_fingerprint(gw) == expected


def test_bulk_csvs_say_when_a_value_holds_a_line_break(tmp_path: Path) -> None:
    def csvs(text: str, folder: str) -> CsvFiles:
        batch = BatchParams()
        batch.add(Post("twitter", "12", text=text))
        return write_csvs(resolve(batch), tmp_path / folder)

    one_line = csvs('one line, "quoted"', "a")
    assert not one_line.multiline and one_line.counts == {"Post": 1}
    two_lines = csvs("one\r\ntwo", "b")
    assert two_lines.multiline
    with open(two_lines.nodes["Post"][0], newline="", encoding="utf-8") as fh:
        (row,) = csv.DictReader(fh)
    assert row["text"] == "one\r\ntwo"


@pytest.mark.neo4j
@pytest.mark.slow
# ManagedServer.start leaves its detached server's Popen object to be collected while it runs.
@pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")
def test_bulk_import_gives_the_same_graph_as_bolt(gw: Gateway, settings: Settings, tmp_path: Path) -> None:
    rows = [
        *SCRAPE,
        *LOOKUP,
        Row(
            "s",
            1,
            (
                Share("twitter", "2", "hashtag", "dk", at(1), "77"),
                Share("twitter", "2", "hashtag", "dk", at(2), "78"),
            ),
        ),
        Row("b", 1, (BotScore("twitter", "5", "eve", "lite", at(1), {"lite": 0.7}, tweet_id="99"),)),
        Row(
            "u",
            1,
            (
                AccountStatus("twitter", "5", None, "active", at(1)),
                AccountStatus("twitter", "5", None, "not_found", at(3), "Not Found Error"),
                AccountStatus("twitter", None, "EVE", "suspended", at(2)),
            ),
        ),
        Row("r", 1, (Engagement("twitter", "retweet", "9", screen_name="eve", observed_at=at(4), at=at(3)),)),
        Row("p", 1, (Post("twitter", "12", text='a "quoted"\nsecond line, and a comma'),)),
    ]
    load_rows(gw, rows, source="test", files=[], format_name="test", batch_size=2)
    expected_counts, expected = counts(gw), content_fingerprint(gw)

    with pytest.raises(InputError, match="needs an empty database"):
        require_empty(gw)
    wipe(gw)
    init_schema(gw)
    require_empty(gw)
    writer = BulkWriter()
    summary = load_rows(gw, rows, source="test", files=[], format_name="test", batch_size=2, writer=writer)
    imported = finish_bulk(writer, gw, settings, tmp_path / "csv", [summary]).counts
    assert imported["LIKED"] == 3 and imported["Account"] == 4 and imported["HAD_STATUS"] == 4
    assert counts(gw) == expected_counts
    assert content_fingerprint(gw) == expected

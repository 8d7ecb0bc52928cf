"""The Bolt writer's passes: which pass queries a batch runs, and which already-written nodes it skips."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphcli.cypher.gateway import Gateway
from graphcli.cypher.queries import load_query, parse_query_file
from graphcli.cypher.schema import database_stats, init_schema, wipe
from graphcli.loaders.batch import PARAM_NAMES, build_params
from graphcli.loaders.pipeline import load_rows
from graphcli.loaders.resolve import NameResolver
from graphcli.loaders.writer import PASS_QUERY, WrittenNodes, batch_steps
from graphcli.model.errors import GraphcliError
from graphcli.model.records import Account, AccountStatus, BotScore, Engagement, Post, Record, Row, Share
from tests.fingerprint import content_fingerprint

SEEN = datetime(2022, 10, 1, 12, tzinfo=UTC)


def like(post: str, account_id: str | None = None, name: str | None = None) -> Engagement:
    return Engagement("twitter", "like", post, account_id=account_id, screen_name=name, observed_at=SEEN)


def test_every_parameter_list_has_a_pass_query_taking_it() -> None:
    for name in PARAM_NAMES:
        assert load_query(PASS_QUERY[name]).parameters == {name}


def test_a_batch_of_likes_runs_only_the_accounts_posts_and_likes_passes() -> None:
    steps = batch_steps(build_params([like("9", "1"), like("9", "2")]))
    assert [name for name, _ in steps] == ["load/pass/accounts", "load/pass/posts", "load/pass/liked"]
    assert [len(params["liked"]) for name, params in steps if name == "load/pass/liked"] == [2]


def test_passes_run_nodes_first_and_placeholder_folds_last() -> None:
    resolver = NameResolver()
    build_params([like("9", name="ann")], resolver)  # leaves placeholder twitter:@ann
    records: list[Record] = [
        Account("twitter", "1", screen_name="Ann"),
        Share("twitter", "1", "link", "x.org/a", SEEN, "9"),
        like("9", "1"),
    ]
    steps = batch_steps(build_params(records, resolver))
    assert [name.split("/")[-1] for name, _ in steps] == [
        "accounts",
        "posts",
        "objects",
        "liked",
        "shared",
        "handles",
    ]


def test_bare_references_to_nodes_written_before_are_dropped() -> None:
    written = WrittenNodes()
    first = written.drop_known(build_params([like("9", "1")]))
    assert [a["uid"] for a in first["accounts"]] == ["twitter:1"] and len(first["posts"]) == 1
    # The same account and post again, only by id: nothing new to say about either node.
    second = written.drop_known(build_params([like("10", "1"), like("9", "2")]))
    assert [a["uid"] for a in second["accounts"]] == ["twitter:2"]
    assert [p["uid"] for p in second["posts"]] == ["twitter:10"]
    assert len(second["liked"]) == 2
    # A profile or post counts are always written, even for nodes written before.
    third = written.drop_known(
        build_params([Account("twitter", "1", screen_name="ann"), Post("twitter", "9", like_count=3)])
    )
    assert [a["uid"] for a in third["accounts"]] == ["twitter:1"]
    assert [p["uid"] for p in third["posts"]] == ["twitter:9"]


def test_an_account_is_written_again_only_when_a_property_changes() -> None:
    written = WrittenNodes()

    def accounts(*records: Record) -> list[dict[str, object]]:
        return [a["props"] for a in written.drop_known(build_params(list(records)))["accounts"]]

    assert accounts(like("9", "1", "Ann")) == [
        {"platform": "twitter", "id": "1", "screen_name": "Ann", "screen_name_lower": "ann"}
    ]
    assert accounts(like("10", "1", "Ann"), like("11", "1")) == []  # nothing new about twitter:1
    assert accounts(like("10", "1", "Anne"))[0]["screen_name"] == "Anne"  # renamed
    assert accounts(like("10", "1", "Ann"))[0]["screen_name"] == "Ann"  # and back: written again
    assert accounts(Account("twitter", "1", screen_name="Ann", followers_count=3))[0]["followers_count"] == 3


def test_placeholders_are_always_written() -> None:
    written = WrittenNodes()
    resolver = NameResolver()
    for _ in range(2):
        params = written.drop_known(build_params([like("9", name="cy")], resolver))
        assert [a["uid"] for a in params["accounts"]] == ["twitter:@cy"]


REFERENCE = st.tuples(
    st.sampled_from(["9", "10", "11"]),
    st.sampled_from(["1", "2", "3", None]),
    st.sampled_from(["ann", "bob", None]),
    st.booleans(),  # an Account record with a profile in the same batch
)


@given(st.lists(st.lists(REFERENCE, max_size=6), max_size=6))
def test_every_node_a_relationship_needs_was_written_in_this_or_an_earlier_batch(
    batches: list[list[tuple[str, str | None, str | None, bool]]],
) -> None:
    written, resolver = WrittenNodes(), NameResolver()
    accounts: set[str] = set()
    posts: set[str] = set()
    for batch in batches:
        records: list[Record] = []
        for post, account_id, name, profile in batch:
            if account_id is None and name is None:
                continue
            records.append(like(post, account_id, name))
            if profile and account_id:
                records.append(Account("twitter", account_id, screen_name=name, followers_count=1))
        params = written.drop_known(build_params(records, resolver))
        accounts.update(a["uid"] for a in params["accounts"])
        posts.update(p["uid"] for p in params["posts"])
        for entry in params["liked"]:
            assert entry["account_uid"] in accounts and entry["post_uid"] in posts


# --- against the live server ----------------------------------------------------------------------

MIXED = [
    Row("pull.csv", 2, (Post("twitter", "9", author_screen_name="ANN", like_count=2, observed_at=SEEN),)),
    Row("likers.csv", 2, (like("9", name="Ann"), like("9", name="bob"), like("10", "3"))),
    Row("likes.csv", 2, (like("9", "3"), like("10", "4"))),
    Row("users.json", 1, (Account("twitter", "1", screen_name="aNN", followers_count=5),)),
    Row("likes.csv", 3, (like("10", "1"), like("11", "3"))),
    Row("shares.csv", 2, (Share("twitter", "3", "hashtag", "dk", SEEN, "77"),)),
    Row("shares.csv", 3, (Share("twitter", "4", "hashtag", "dk", SEEN, "78"),)),
    Row("scores.json", 1, (BotScore("twitter", "3", None, "lite", SEEN, {"lite": 0.7}),)),
    Row("users.csv", 1, (AccountStatus("twitter", "4", None, "suspended", SEEN),)),
    Row("rts.json", 1, (Engagement("twitter", "retweet", "9", account_id="4", observed_at=SEEN, at=SEEN),)),
]


def load(gw: Gateway, rows: list[Row], batch_size: int) -> None:
    load_rows(gw, rows, source="test", files=[], format_name="test", batch_size=batch_size)


@pytest.mark.neo4j
def test_one_record_per_batch_gives_the_same_graph_as_one_batch(gw: Gateway) -> None:
    load(gw, MIXED, batch_size=1000)
    expected = content_fingerprint(gw)
    stats = database_stats(gw)
    assert stats["nodes"]["Account"] == 4 and stats["relationships"]["LIKED"] == 7
    wipe(gw)
    init_schema(gw)
    load(gw, MIXED, batch_size=1)  # later batches skip the nodes earlier ones wrote
    assert content_fingerprint(gw) == expected


@pytest.mark.neo4j
def test_a_load_recreates_the_indexes_its_queries_name(gw: Gateway, tmp_path: Path) -> None:
    drop = tmp_path / "drop.cypher"
    drop.write_text("// Drop a constraint\n// Parameters: none.\nDROP CONSTRAINT account_uid")
    gw.run(parse_query_file(drop), access="write")
    load(gw, MIXED[:3], batch_size=1000)
    assert database_stats(gw)["relationships"]["LIKED"] == 5
    names = tmp_path / "names.cypher"
    names.write_text("// Constraint names\n// Parameters: none.\nSHOW CONSTRAINTS YIELD name RETURN name")
    assert "account_uid" in {r["name"] for r in gw.run(parse_query_file(names)).rows}


@pytest.mark.neo4j
def test_steps_written_together_commit_together_or_not_at_all(gw: Gateway) -> None:
    account = {"uid": "twitter:1", "props": {"platform": "twitter", "id": "1"}}
    with pytest.raises(GraphcliError, match="load/pass/posts"):
        # The second step lacks its parameter: the first one's account must not stay behind.
        gw.write_together([("load/pass/accounts", {"accounts": [account]}), ("load/pass/posts", {})])
    assert not database_stats(gw)["nodes"].get("Account")
    results = gw.write_together([("load/pass/accounts", {"accounts": [account]})])
    assert results[0].counters["nodes_created"] == 1

"""The fresh-database path: a load that begins on an empty database CREATEs what it knows to be new,
and gives the same graph as the MERGE path (and as re-running the load over it)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from graphcli.cypher.gateway import Gateway
from graphcli.cypher.schema import database_stats, init_schema, wipe
from graphcli.loaders.batch import build_params
from graphcli.loaders.load import load_plans
from graphcli.loaders.options import ReadOptions
from graphcli.loaders.resolve import NameResolver
from graphcli.loaders.sources import plan_load
from graphcli.loaders.writer import CREATE_QUERY, PASS_QUERY, FreshGraph
from graphcli.model.records import Account, Engagement
from graphcli.synth.generate import generate
from tests.fingerprint import content_fingerprint

SEEN = datetime(2022, 10, 1, 12, tzinfo=UTC)


def like(post: str, account_id: str | None = None, name: str | None = None) -> Engagement:
    return Engagement("twitter", "like", post, account_id=account_id, screen_name=name, observed_at=SEEN)


def test_new_entries_go_to_the_create_queries_and_seen_ones_to_the_passes() -> None:
    fresh, resolver = FreshGraph(), NameResolver()
    first = fresh.split(build_params([like("9", "1"), like("9", "2")], resolver))
    assert [name for name, _ in first] == [CREATE_QUERY[n] for n in ("accounts", "posts", "liked")]
    again = fresh.split(build_params([like("9", "1"), like("10", "1")], resolver))
    by_query = {name: params for name, params in again}
    assert [e["uid"] for e in by_query[CREATE_QUERY["posts"]]["posts"]] == ["twitter:10"]
    assert [e["uid"] for e in by_query[PASS_QUERY["posts"]]["posts"]] == ["twitter:9"]
    assert [e["post_uid"] for e in by_query[CREATE_QUERY["liked"]]["liked"]] == ["twitter:10"]
    assert [e["post_uid"] for e in by_query[PASS_QUERY["liked"]]["liked"]] == ["twitter:9"]


def test_relationships_of_an_account_a_placeholder_was_folded_onto_are_merged() -> None:
    fresh, resolver = FreshGraph(), NameResolver()
    fresh.split(build_params([like("9", name="ann")], resolver))  # placeholder twitter:@ann likes 9
    fresh.folded_onto(["twitter:1"])  # what the handles pass answers once twitter:1 wears the name
    steps = dict(
        fresh.split(build_params([Account("twitter", "1", screen_name="Ann"), like("9", "1")], resolver))
    )
    assert CREATE_QUERY["liked"] not in steps
    assert [e["account_uid"] for e in steps[PASS_QUERY["liked"]]["liked"]] == ["twitter:1"]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fresh") / "tiny"
    generate(out, "tiny", 1)
    return out


def load(gw: Gateway, world: Path, fresh: bool, batch_size: int) -> None:
    plans, _ = plan_load("auto", [world])
    load_plans(gw, plans, ReadOptions(), batch_size=batch_size, fresh=fresh)


@pytest.mark.neo4j
@pytest.mark.slow
def test_a_fresh_load_gives_the_same_graph_as_the_merge_path(gw: Gateway, world: Path) -> None:
    batch_size = 300  # several batches per file: placeholders are folded in later batches and runs
    load(gw, world, fresh=False, batch_size=batch_size)
    expected, stats = content_fingerprint(gw), database_stats(gw)
    assert stats["relationships"]["LIKED"] > 0 and stats["relationships"]["SHARED"] > 0
    wipe(gw)
    init_schema(gw)
    assert FreshGraph.if_empty(gw) is not None
    load(gw, world, fresh=True, batch_size=batch_size)
    assert database_stats(gw) == stats
    assert content_fingerprint(gw) == expected
    assert FreshGraph.if_empty(gw) is None  # a second load MERGEs: re-running changes nothing
    load(gw, world, fresh=True, batch_size=batch_size)
    assert content_fingerprint(gw) == expected

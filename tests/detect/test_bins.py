"""Identical-neighbourhood bins against the real Neo4j: the hand-made fixture and brute force."""

from __future__ import annotations

from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphcli.cypher.gateway import Gateway
from graphcli.cypher.schema import init_schema, wipe
from graphcli.detect.bins import RELATIONS, BinParams, detect_bins, items_key, property_keys
from graphcli.detect.similarity import jaccard_groups
from graphcli.model.errors import ConfigError
from tests.detect.helpers import groups, load_graph, load_small


def bin_sizes(gw: Gateway, relation: str) -> dict[str, int]:
    size_key, items_key_ = property_keys(relation)
    return {
        r["account"]: r["size"]
        for r in gw.read("detect/bin_sizes", {"size_key": size_key, "items_key": items_key_})
    }


@pytest.mark.neo4j
@pytest.mark.parametrize("relation", ["likes", "retweets", "both"])
def test_fixture_bins(gw: Gateway, relation: str) -> None:
    expected = load_small(gw)["bins"][relation]
    summary = detect_bins(gw, BinParams(relation=relation))
    listed = gw.read("detect/bins_list", {"run_id": summary.run_id, "limit": 100})
    assert groups(listed) == {frozenset(b) for b in expected["bins"]}
    assert bin_sizes(gw, relation) == expected["sizes"]
    assert summary.counts["one_item_bins"] == expected["one_item_bins"]
    assert summary.counts["bins"] == len(expected["bins"])


@pytest.mark.neo4j
def test_bin_key_is_hash_of_sorted_items_and_on_links_posts(gw: Gateway) -> None:
    load_small(gw)
    summary = detect_bins(gw, BinParams(relation="likes"))
    listed = gw.read("detect/bins_list", {"run_id": summary.run_id, "limit": 100})
    keys = {frozenset(r["accounts"]): r["key"] for r in listed}
    assert keys[frozenset({"twitter:a1", "twitter:a2", "twitter:a3"})] == items_key(
        ["twitter:p3", "twitter:p1", "twitter:p2"]
    )
    n_items = {frozenset(r["accounts"]): r["n_items"] for r in listed}
    assert n_items[frozenset({"twitter:a4", "twitter:a5"})] == 1


@pytest.mark.neo4j
def test_min_items_and_rerun_replaces(gw: Gateway) -> None:
    load_small(gw)
    first = detect_bins(gw, BinParams(relation="likes", min_items=2))
    again = detect_bins(gw, BinParams(relation="likes", min_items=2))
    assert first.run_id == again.run_id
    listed = gw.read("detect/bins_list", {"run_id": again.run_id, "limit": 100})
    assert groups(listed) == {frozenset({"twitter:a1", "twitter:a2", "twitter:a3"})}
    # a4 and a5 (one like each) are left out, so they carry no size.
    sizes = bin_sizes(gw, "likes")
    assert "twitter:a4" not in sizes and sizes["twitter:a6"] == 1


@pytest.mark.neo4j
def test_a_stricter_rerun_removes_the_sizes_of_accounts_left_out(gw: Gateway) -> None:
    load_small(gw)
    detect_bins(gw, BinParams(relation="likes", min_items=1))
    assert bin_sizes(gw, "likes")["twitter:a4"] == 2
    detect_bins(gw, BinParams(relation="likes", min_items=2))
    sizes = bin_sizes(gw, "likes")
    assert "twitter:a4" not in sizes and "twitter:a5" not in sizes
    assert sizes["twitter:a1"] == 3
    # Other relations keep theirs.
    detect_bins(gw, BinParams(relation="retweets"))
    retweets = bin_sizes(gw, "retweets")
    detect_bins(gw, BinParams(relation="likes", min_items=3))
    assert retweets and bin_sizes(gw, "retweets") == retweets


@pytest.mark.neo4j
@pytest.mark.parametrize("use_gds", [True, False], ids=["gds", "scipy"])
@pytest.mark.parametrize(("threshold", "key"), [(0.7, "0.7"), (0.6, "0.6")])
def test_similarity_groups(gw: Gateway, threshold: float, key: str, use_gds: bool) -> None:
    expected = load_small(gw)["similar_likes"][key]
    summary = detect_bins(gw, BinParams(relation="likes", similarity=threshold), use_gds=use_gds)
    assert summary.counts["engine"] == ("gds" if use_gds else "scipy")
    assert gw.read("detect/graph_list") == []
    listed = gw.read("detect/bins_list", {"run_id": summary.run_id, "limit": 100})
    assert groups(listed) == {frozenset(g) for g in expected}


def test_bad_parameters_are_config_errors() -> None:
    with pytest.raises(ConfigError):
        BinParams(relation="follows").validate()
    with pytest.raises(ConfigError):
        BinParams(similarity=1.0).validate()
    with pytest.raises(ConfigError):
        BinParams(min_items=0).validate()


# Accounts get unicode screen-name-like uids; posts are drawn from a small pool so sets collide often.
account_uids = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=6
).map(lambda s: f"twitter:@{s}")
post_sets = st.lists(st.sampled_from([f"twitter:{i}" for i in range(5)]), max_size=4)  # duplicates allowed


@pytest.mark.neo4j
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.dictionaries(account_uids, post_sets, min_size=1, max_size=12), st.integers(min_value=1, max_value=3)
)
def test_bins_equal_brute_force(live_gateway: Gateway, likes: dict[str, list[str]], min_items: int) -> None:
    wipe(live_gateway)
    init_schema(live_gateway)
    load_graph(live_gateway, likes=[(a, p) for a, posts in likes.items() for p in posts], accounts=likes)
    summary = detect_bins(live_gateway, BinParams(relation="likes", min_items=min_items))

    by_set: dict[frozenset[str], set[str]] = defaultdict(set)
    for account, posts in likes.items():
        if len(set(posts)) >= min_items:
            by_set[frozenset(posts)].add(account)
    expected_bins = {frozenset(members) for members in by_set.values() if len(members) >= 2}
    listed = live_gateway.read("detect/bins_list", {"run_id": summary.run_id, "limit": 10_000})
    assert groups(listed) == expected_bins
    expected_sizes = {a: len(members) for members in by_set.values() for a in members}
    assert bin_sizes(live_gateway, "likes") == expected_sizes


def brute_force_components(sets: list[frozenset[str]], threshold: float) -> set[frozenset[int]]:
    parent = list(range(len(sets)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(len(sets)):
        for j in range(i + 1, len(sets)):
            if len(sets[i] & sets[j]) >= threshold * len(sets[i] | sets[j]):
                parent[find(i)] = find(j)
    members: dict[int, set[int]] = defaultdict(set)
    for i in range(len(sets)):
        members[find(i)].add(i)
    return {frozenset(m) for m in members.values()}


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.frozensets(st.sampled_from("abcdefg"), min_size=1), max_size=15),
    st.sampled_from([0.3, 0.5, 0.75]),
)
def test_jaccard_groups_equal_brute_force(sets: list[frozenset[str]], threshold: float) -> None:
    labels = jaccard_groups([sorted(s) for s in sets], threshold).tolist()
    found: dict[int, set[int]] = defaultdict(set)
    for i, label in enumerate(labels):
        found[label].add(i)
    assert {frozenset(m) for m in found.values()} == brute_force_components(sets, threshold)


@pytest.mark.neo4j
def test_similarity_engines_agree_on_a_random_world(gw: Gateway) -> None:
    rng = __import__("random").Random(5)
    likes = [
        (f"twitter:u{a}", f"twitter:p{p}")
        for a in range(120)
        for p in rng.sample(range(12), rng.randint(1, 5))
    ]
    load_graph(gw, likes=likes)
    results = []
    for use_gds in (True, False):
        summary = detect_bins(gw, BinParams(relation="likes", similarity=0.5), use_gds=use_gds)
        results.append(groups(gw.read("detect/bins_list", {"run_id": summary.run_id, "limit": 10_000})))
    assert results[0] == results[1] and len(results[0]) >= 1


# Post uids with any unicode (also outside the BMP), so the key's sort order is checked too.
post_uids = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=3
).map(lambda s: f"twitter:{s}")


@pytest.mark.neo4j
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.dictionaries(
        st.integers(min_value=0, max_value=30).map(lambda i: f"twitter:a{i}"),
        st.tuples(
            st.lists(st.sampled_from(range(4)), max_size=3), st.lists(st.sampled_from(range(4)), max_size=3)
        ),
        min_size=1,
        max_size=10,
    ),
    st.lists(post_uids, min_size=4, max_size=4, unique=True),
    st.sampled_from(RELATIONS),
)
def test_bin_nodes_carry_key_items_and_on_posts(
    live_gateway: Gateway, activity: dict[str, tuple[list[int], list[int]]], posts: list[str], relation: str
) -> None:
    """Every Bin's key, n_items and ON posts are those of its members' set, whatever the relation."""
    wipe(live_gateway)
    init_schema(live_gateway)
    likes = [(a, posts[i]) for a, (liked, _) in activity.items() for i in liked]
    retweets = [(a, posts[i]) for a, (_, retweeted) in activity.items() for i in retweeted]
    load_graph(live_gateway, likes=likes, retweets=retweets, accounts=activity)
    items: dict[str, set[str]] = defaultdict(set)
    for account, post in (likes if relation != "retweets" else []) + (
        retweets if relation != "likes" else []
    ):
        items[account].add(post)

    summary = detect_bins(live_gateway, BinParams(relation=relation))
    bins = live_gateway.read("detect/bins_list", {"run_id": summary.run_id, "limit": 1_000})
    on = {
        r["key"]: set(r["posts"]) for r in live_gateway.read("detect/bin_posts", {"run_id": summary.run_id})
    }
    for row in bins:
        member_sets = {frozenset(items[a]) for a in row["accounts"]}
        assert len(member_sets) == 1
        (member_set,) = member_sets
        assert row["key"] == items_key(member_set)
        assert row["n_items"] == len(member_set)
        assert on[row["key"]] == member_set
    assert len(on) == len(bins)


@pytest.mark.neo4j
def test_the_bins_write_is_safe_to_rerun_as_a_retry_does(gw: Gateway) -> None:
    """The gateway re-runs an auto-commit statement after a transient error, when some of its inner
    transactions may have committed: running it twice must give the same bins (issue 15, R6)."""
    load_small(gw)
    summary = detect_bins(gw, BinParams(relation="likes"))
    before = gw.read("detect/bins_list", {"run_id": summary.run_id, "limit": 100})
    size_key, items_key_ = property_keys("likes")
    params = {"run_id": summary.run_id, "relation": "likes", "min_items": 1}
    gw.run_autocommit("detect/bins_write", {**params, "size_key": size_key, "items_key": items_key_})
    after = gw.read("detect/bins_list", {"run_id": summary.run_id, "limit": 100})
    assert sorted(map(str, after)) == sorted(map(str, before)) and len(after) == summary.counts["bins"]


@pytest.mark.neo4j
def test_a_projection_left_by_a_killed_run_is_dropped_when_the_run_starts_again(gw: Gateway) -> None:
    """A `detect all` killed mid-projection leaves its GDS graph in memory (issue 15, R13)."""
    from pathlib import Path

    from graphcli.cypher.queries import Query
    from graphcli.detect.runs import start_run
    from graphcli.model.runs import make_run_id

    load_small(gw)
    params = {"relation": "likes", "similarity": 0.7}
    dead = f"graphcli-{make_run_id('bins', params)}-deadbeef"
    alive = f"graphcli-{make_run_id('bins', {'relation': 'retweets'})}-0badcafe"
    for name in (dead, alive):
        gw.write("detect/graph_drop", {"graph_name": name})  # left by an earlier failed attempt
        project = f"CALL gds.graph.project('{name}', 'Account', '*') YIELD graphName RETURN graphName"
        gw.run(Query("test", Path("t.cypher"), "t", "", (project,)), access="write")
    try:
        start_run(gw, "bins", params)
        assert {r["graph_name"] for r in gw.read("detect/graph_list")} == {alive}
    finally:
        for name in (dead, alive):
            gw.write("detect/graph_drop", {"graph_name": name})

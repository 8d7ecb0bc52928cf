"""Behavioural-trace similarity: TF-IDF cosine by hand, the shuffled-null threshold, a planted group."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from graphcli.analytics.alerts import build_alerts
from graphcli.analytics.runs import select_runs
from graphcli.cli.app import app
from graphcli.cypher.gateway import Gateway
from graphcli.detect.cosharing import CosharingParams, detect_cosharing
from graphcli.detect.registry import run_all
from graphcli.detect.traces import TraceParams, detect_traces, similar_pairs, trace_similarity
from graphcli.model.errors import ConfigError
from graphcli.synth import truth as synth_truth
from graphcli.synth.profiles import get_profile
from graphcli.synth.shares import share_table
from graphcli.synth.world import build_world
from tests.detect.helpers import groups, load_graph

runner = CliRunner()


def test_cosine_of_tf_idf_traces_by_hand() -> None:
    # t6 is used by d alone (dropped), then d has one token left (< 2: dropped). Among a, b, c: t1..t4
    # are used by two accounts (idf w = ln 3/2), t5 by c alone (idf v = ln 3).
    rows = [("a", "t1"), ("a", "t2"), ("a", "t3"), ("b", "t1"), ("b", "t2"), ("b", "t4")]
    rows += [("c", "t3"), ("c", "t4"), ("c", "t5"), ("d", "t5"), ("d", "t6"), ("a", "t1")]  # a uses t1 twice
    frame = pd.DataFrame(rows, columns=["account", "token"])
    got = trace_similarity(frame["account"].to_numpy(), frame["token"].to_numpy(), 2, 1.0, 1)
    sims = {(r.source, r.target): (r.similarity, r.shared) for r in got.itertuples()}
    w, v = math.log(1.5), math.log(3)
    a = np.array([2 * w, w, w, 0, 0])  # t1 twice: term frequency 2
    b = np.array([w, w, 0, w, 0])
    c = np.array([0, 0, w, w, v])

    def cos(x: np.ndarray, y: np.ndarray) -> float:
        return float(x @ y / np.linalg.norm(x) / np.linalg.norm(y))

    assert set(sims) == {("a", "b"), ("a", "c"), ("b", "c")}
    assert sims[("a", "b")] == (pytest.approx(cos(a, b)), 2)
    assert sims[("a", "c")] == (pytest.approx(cos(a, c)), 1)
    assert sims[("b", "c")] == (pytest.approx(cos(b, c)), 1)
    # pairs sharing fewer than min_shared tokens are left out
    two = trace_similarity(frame["account"].to_numpy(), frame["token"].to_numpy(), 2, 1.0, 2)
    assert list(zip(two["source"], two["target"], strict=True)) == [("a", "b")]
    # no token used twice: no pair at all
    assert trace_similarity(np.array(["a", "b"]), np.array(["t1", "t2"]), 1, 1.0, 1).empty


def planted_traces() -> list[tuple[str, str, str, int]]:
    """200 background accounts using 6 hashtags each out of 300, at random times; five accounts that
    each use the same 8 rare hashtags (and 2 of the common pool), each post days apart from the others."""
    rng = np.random.default_rng(11)
    rows = [
        (f"twitter:bg{i}", "hashtag", f"tag{t}", int(rng.integers(1_700_000_000, 1_702_000_000)))
        for i in range(200)
        for t in rng.choice(300, 6, replace=False)
    ]
    for m in range(5):
        rows += [
            (f"twitter:g{m}", "hashtag", f"rare{j}", 1_700_000_000 + m * 86_400 + j * 3_600) for j in range(8)
        ]
        rows += [(f"twitter:g{m}", "hashtag", f"tag{t}", 1_701_000_000 + m * 500) for t in rng.choice(300, 2)]
    return rows


def test_the_threshold_is_the_highest_similarity_of_the_shuffled_worlds() -> None:
    frame = pd.DataFrame(
        [(a, f"{k}:{key}") for a, k, key, _ in planted_traces()], columns=["account", "token"]
    )
    chosen = similar_pairs(frame, shuffles=5, seed=1)
    assert chosen.threshold == max(chosen.null_maxima) and len(chosen.null_maxima) == 5
    assert (chosen.edges["similarity"] > chosen.threshold).all()
    assert set(chosen.edges["source"]) | set(chosen.edges["target"]) == {f"twitter:g{m}" for m in range(5)}
    assert len(chosen.edges) == 10
    # the same seed gives the same threshold
    assert similar_pairs(frame, shuffles=5, seed=1).threshold == chosen.threshold


@pytest.mark.neo4j
def test_alike_traces_found_where_co_sharing_sees_nothing(gw: Gateway) -> None:
    load_graph(gw, shares=planted_traces())
    assert detect_cosharing(gw, CosharingParams(kind="hashtag"), use_gds=False).counts["edges"] == 0
    summary = detect_traces(gw, TraceParams(), use_gds=False)
    assert summary.counts["edges"] == 10 and summary.counts["communities"] == 1
    listed = gw.read("detect/traces_list", {"run_id": summary.run_id, "limit": 100})
    assert all(e["shared"] >= 8 and e["similarity"] > summary.counts["threshold"] for e in listed)
    found = groups(gw.read("detect/communities_list", {"run_id": summary.run_id, "limit": 10}))
    assert found == {frozenset(f"twitter:g{m}" for m in range(5))}
    assert "traces" in [s.detection for s in run_all(gw)]
    result = runner.invoke(
        app, ["--quiet", "detect", "traces", "--kinds", "hashtag", "--shuffles", "3", "--json"]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["parameters"]["shuffles"] == 3 and len(out["counts"]["null_maxima"]) == 3


@pytest.mark.neo4j
def test_traces_alerts_name_the_rare_tokens_alike_accounts_share(gw: Gateway) -> None:
    # "vote": used by the five planted accounts and by 20 others (25 users, over max_df of the 205): it
    # cannot tell them apart, so the detector drops it and no alert names it.
    popular = [
        (f"twitter:{who}", "hashtag", "vote", 1_701_500_000 + i)
        for i, who in enumerate([f"g{m}" for m in range(5)] + [f"bg{i}" for i in range(20)])
    ]
    load_graph(gw, shares=planted_traces() + popular)
    summary = detect_traces(gw, TraceParams(), use_gds=False)
    assert summary.counts["trace_accounts"] == 205
    alerts = build_alerts(gw, select_runs(gw))
    traced = alerts[alerts["kinds"] == "traces"].set_index("object")
    planted = {f"twitter:g{m}" for m in range(5)}
    rare = [f"hashtag:rare{j}" for j in range(8)]
    assert set(rare) <= set(traced.index) and "hashtag:vote" not in traced.index
    # anything else named is a common-pool hashtag two planted accounts happened to share
    assert (traced.drop(index=rare)["accounts"] >= 2).all()
    for uid in rare:
        row = traced.loc[uid]
        assert (row["kind"], row["accounts"], row["shares"], row["run_id"]) == (
            "hashtag",
            5,
            5,
            summary.run_id,
        )
        assert row["why"] == (
            "5 of the 5 accounts that ever shared it have alike behavioural traces (detect traces); "
            "their shares span 4 days"
        )
        assert row["object_text"] == "#" + uid.split(":", 1)[1]
    # the planted accounts are the traces community the alerts name
    community = traced.loc["hashtag:rare0", "communities"]
    listed = gw.read("detect/communities_list", {"run_id": summary.run_id, "limit": 10})
    assert [set(c["accounts"]) for c in listed if c["uid"] == community] == [planted]


@pytest.mark.parametrize(
    "bad",
    [TraceParams(kinds=("likes",)), TraceParams(kinds=()), TraceParams(max_df=0), TraceParams(shuffles=0)],
)
def test_bad_parameters(bad: TraceParams) -> None:
    with pytest.raises(ConfigError):
        bad.validate()


@pytest.mark.slow
@pytest.mark.parametrize(("profile", "seed"), [("small", 1), ("small", 2)])
def test_planted_trace_groups_are_found_in_synth_worlds(profile: str, seed: int) -> None:
    world = build_world(get_profile(profile), seed)
    shares = share_table(world)
    by_kind = synth_truth.index_shares(world, shares)
    planted = synth_truth.planted(world, by_kind)
    traces = {f"facebook:{m}" for g in planted if g["kind"] == "traces" for m in g["members"]}
    every = {f"{g['platform']}:{m}" for g in planted for m in g["members"]}
    part = shares[shares["kind"].isin(["hashtag", "domain", "retweet"])]
    frame = pd.DataFrame(
        {"account": part["platform"] + ":" + part["account_id"], "token": part["kind"] + ":" + part["key"]}
    )
    chosen = similar_pairs(frame)
    flagged = set(chosen.edges["source"]) | set(chosen.edges["target"])
    assert traces and traces <= flagged
    assert flagged <= every  # nothing from the background

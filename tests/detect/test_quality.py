"""Detection quality on a synthetic world with planted groups and decoys (tests/detect/world.py)."""

from __future__ import annotations

import pytest

from graphcli.cypher.gateway import Gateway
from graphcli.cypher.schema import init_schema, wipe
from graphcli.detect.bins import BinParams, detect_bins
from graphcli.detect.cosharing import CosharingParams, detect_cosharing
from tests.detect.helpers import groups, load_graph
from tests.detect.world import KINDS, World, make_world

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]


@pytest.fixture(scope="module")
def world(live_gateway: Gateway) -> World:
    wipe(live_gateway)
    init_schema(live_gateway)
    w = make_world()
    load_graph(live_gateway, likes=w.likes, retweets=w.retweets, shares=w.shares)
    return w


@pytest.mark.parametrize("relation", ["likes", "retweets"])
def test_planted_bins_recovered_exactly(live_gateway: Gateway, world: World, relation: str) -> None:
    summary = detect_bins(live_gateway, BinParams(relation=relation))
    found = groups(live_gateway.read("detect/bins_list", {"run_id": summary.run_id, "limit": 100_000}))
    for planted in world.planted_bins[relation]:
        assert planted in found
    planted_accounts = set().union(*world.planted_bins[relation])
    for b in found:
        assert b <= planted_accounts or not (b & planted_accounts), f"bin mixes planted and background: {b}"


def coordinated_accounts(gw: Gateway, run_id: str) -> set[str]:
    edges = gw.read("detect/coordinated_list", {"run_id": run_id, "limit": 1_000_000})
    return {e["source"] for e in edges} | {e["target"] for e in edges}


@pytest.mark.parametrize("kind", KINDS)
def test_cosharing_precision_recall(live_gateway: Gateway, world: World, kind: str) -> None:
    summary = detect_cosharing(live_gateway, CosharingParams(kind=kind))
    flagged = coordinated_accounts(live_gateway, summary.run_id)
    planted = set().union(*world.planted_sharers[kind])
    true_positives = len(flagged & planted)
    precision = true_positives / len(flagged) if flagged else 0.0
    recall = true_positives / len(planted)
    assert precision >= 0.95, (precision, sorted(flagged - planted)[:10])
    assert recall >= 0.95, (recall, sorted(planted - flagged)[:10])
    assert not flagged & world.slow_decoys[kind]


@pytest.mark.parametrize("use_gds", [True, False], ids=["gds", "igraph"])
def test_planted_groups_are_communities(live_gateway: Gateway, world: World, use_gds: bool) -> None:
    summary = detect_cosharing(live_gateway, CosharingParams(kind="link"), use_gds=use_gds)
    found = groups(live_gateway.read("detect/communities_list", {"run_id": summary.run_id, "limit": 1000}))
    for planted in world.planted_sharers["link"]:
        assert planted in found

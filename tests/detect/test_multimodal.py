"""Multimodal coordination: the combined test by hand, a planted group no single kind reveals, synth."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from graphcli.cli.app import app
from graphcli.cypher.gateway import Gateway
from graphcli.detect.cosharing import CosharingParams, detect_cosharing
from graphcli.detect.multimodal import MultimodalParams, detect_multimodal, multimodal_edges
from graphcli.detect.registry import run_all
from graphcli.model.errors import ConfigError
from graphcli.synth import truth as synth_truth
from graphcli.synth.profiles import get_profile
from graphcli.synth.shares import share_table
from graphcli.synth.world import build_world
from tests.detect.helpers import groups, load_graph

runner = CliRunner()


def frame(rows: list[tuple[str, str, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["account", "object", "t"])


def test_combined_weight_expectation_and_p_value_by_hand() -> None:
    # link: a-b co-share L1 (5 s); a-c co-share L2 (10 s); b-c are 995 s apart on L1.
    # message: a-b co-share M1; d's only share is M2, so d (1 share over all kinds) takes no part.
    shares = {
        "link": frame(
            [("a", "L1", 0), ("b", "L1", 5), ("c", "L1", 1000), ("a", "L2", 2000), ("c", "L2", 2010)]
        ),
        "message": frame([("a", "M1", 100), ("b", "M1", 103), ("d", "M2", 500)]),
    }
    # Participants a, b, c (M = 3). link: N = 5 shares, P = 2 pairs, rate = 2 / (5 * 4 / 2) = 0.2;
    # message: N = 2, P = 1, rate = 1. a-b: weight 1 + 1 = 2 on two kinds, expected = 0.2 * 2 * 1 + 1 * 1 * 1
    # = 1.4, p = P(Poisson(1.4) >= 2). a-c co-shared on one kind only.
    chosen = multimodal_edges(shares, window=60, min_participation=2, min_kinds=2, alpha=1.5)
    assert chosen.accounts == 3 and chosen.candidates == 2 and chosen.too_few_kinds == 1
    assert chosen.p_cut == pytest.approx(1.5 / 3)
    (edge,) = chosen.edges.itertuples()
    assert (edge.source, edge.target, edge.kinds, edge.kind_weights) == (
        "a",
        "b",
        ["link", "message"],
        [1, 1],
    )
    assert edge.weight == 2 and edge.pairs == 2 and edge.min_gap_s == 3 and edge.mean_gap_s == 4
    assert edge.expected == pytest.approx(1.4)
    assert edge.p_value == pytest.approx(1 - math.exp(-1.4) * (1 + 1.4))
    strict = multimodal_edges(shares, window=60, min_participation=2, min_kinds=2, alpha=0.9)
    assert strict.edges.empty and strict.not_significant == 1  # p = 0.41 > 0.9 / 3


def quiet_world() -> list[tuple[str, str, str, int]]:
    """300 background accounts with two shares of their own per kind, and four accounts that once shared
    the same link, the same message and the same hashtag within seconds: one object per kind."""
    rng = np.random.default_rng(7)
    rows = [
        (f"twitter:bg{i}", kind, f"{kind}-bg{i}-{j}", int(rng.integers(1_700_000_000, 1_700_500_000)))
        for i in range(300)
        for kind in ("link", "message", "hashtag")
        for j in range(2)
    ]
    group = [f"twitter:g{i}" for i in range(4)]
    for n, kind in enumerate(("link", "message", "hashtag")):
        rows += [(a, kind, f"{kind}-planted", 1_700_600_000 + n * 3_600 + i * 7) for i, a in enumerate(group)]
        rows += [(a, kind, f"{kind}-own-{a}", 1_700_700_000 + n * 3_600) for a in group]
    return rows


@pytest.mark.neo4j
def test_a_group_no_single_kind_reveals(gw: Gateway) -> None:
    load_graph(gw, shares=quiet_world())
    for kind in ("link", "message", "hashtag"):
        alone = detect_cosharing(gw, CosharingParams(kind=kind), use_gds=False)
        assert alone.counts["edges"] == 0 and alone.counts["not_significant"] == 6, kind
    summary = detect_multimodal(gw, MultimodalParams(), use_gds=False)
    assert summary.counts["kinds"] == ["hashtag", "link", "message"]
    assert summary.counts["edges"] == 6 and summary.counts["communities"] == 1
    listed = gw.read("detect/multimodal_list", {"run_id": summary.run_id, "limit": 100})
    assert {e["source"] for e in listed} | {e["target"] for e in listed} == {
        f"twitter:g{i}" for i in range(4)
    }
    assert all(
        e["kinds"] == ["hashtag", "link", "message"] and e["kind_weights"] == [1, 1, 1] for e in listed
    )
    found = groups(gw.read("detect/communities_list", {"run_id": summary.run_id, "limit": 10}))
    assert found == {frozenset(f"twitter:g{i}" for i in range(4))}
    # detect all runs it (three kinds present), and the CLI prints the summary
    assert "multimodal" in [s.detection for s in run_all(gw)]
    result = runner.invoke(app, ["--quiet", "detect", "multimodal", "--kinds", "link,message", "--json"])
    assert result.exit_code == 0, result.output
    two = json.loads(result.stdout)
    assert two["parameters"]["kinds"] == ["link", "message"] and two["counts"]["edges"] == 6


@pytest.mark.parametrize(
    "bad",
    [MultimodalParams(kinds=("likes",)), MultimodalParams(min_kinds=1), MultimodalParams(alpha=1)],
)
def test_bad_parameters(bad: MultimodalParams) -> None:
    with pytest.raises(ConfigError):
        bad.validate()


@pytest.mark.parametrize(("profile", "seed"), [("tiny", 1), ("tiny", 2), ("small", 1)])
def test_planted_multimodal_groups_are_found_in_synth_worlds(profile: str, seed: int) -> None:
    world = build_world(get_profile(profile), seed)
    shares = share_table(world)
    by_kind = synth_truth.index_shares(world, shares)
    planted = {
        f"facebook:{m}"
        for g in synth_truth.planted(world, by_kind)
        if g["kind"] == "multimodal"
        for m in g["members"]
    }
    decoys = {
        f"{d['platform']}:{m}"
        for d in synth_truth.decoys(world, by_kind)
        if "members" in d
        for m in d["members"]
    }
    frames = {
        str(kind): pd.DataFrame(
            {"account": part["platform"] + ":" + part["account_id"], "object": part["key"], "t": part["at"]}
        )
        for kind, part in shares.groupby("kind")
        if kind != "domain"
    }
    chosen = multimodal_edges(frames)
    flagged = set(chosen.edges["source"]) | set(chosen.edges["target"])
    assert planted and flagged == planted
    # (planted pages are background pages, some of which also joined a decoy burst)
    assert not flagged & (decoys - planted)

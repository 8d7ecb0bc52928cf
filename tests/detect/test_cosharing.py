"""Co-sharing against the real Neo4j: the hand-made fixture, both community engines, runs.

The fixture has seven participating accounts: far too few for any co-sharing to be unlikely by chance,
so tests of the edges themselves turn the chance test off (``alpha=1``, the percentile alone).
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest

from graphcli.cypher.gateway import Gateway
from graphcli.detect import runs
from graphcli.detect.communities import communities_gds, communities_python, partition
from graphcli.detect.cosharing import (
    CosharingParams,
    coordination_edges,
    detect_cosharing,
    read_shares,
    write_edges,
)
from graphcli.model.errors import ConfigError
from tests.detect.helpers import groups, load_graph, load_small


@pytest.mark.neo4j
@pytest.mark.parametrize("use_gds", [True, False], ids=["gds", "igraph"])
@pytest.mark.parametrize("algorithm", ["leiden", "louvain"])
def test_fixture_links(gw: Gateway, use_gds: bool, algorithm: str) -> None:
    expected = load_small(gw)["link"]
    summary = detect_cosharing(
        gw, CosharingParams(kind="link", communities=algorithm, alpha=1), use_gds=use_gds
    )
    assert summary.counts["engine"] == ("gds" if use_gds else "igraph")
    edges = gw.read("detect/coordinated_list", {"run_id": summary.run_id, "limit": 100})
    got = {
        f"{e['source']}|{e['target']}": {k: e[k] for k in ("weight", "pairs", "mean_gap_s", "min_gap_s")}
        for e in edges
    }
    assert got == expected["edges"]
    listed = gw.read("detect/communities_list", {"run_id": summary.run_id, "limit": 100})
    assert groups(listed) == {frozenset(c) for c in expected["communities"]}
    assert all(c["density"] == 1.0 for c in listed)
    # No GDS projection is left behind.
    assert gw.read("detect/graph_list") == []


@pytest.mark.neo4j
def test_chance_test_on_the_fixture(gw: Gateway) -> None:
    # By hand: a1..a5 have 3 link shares each, a6 and a7 two (a8's single share is left out), so N = 19
    # shares, 7 accounts, 21 possible pairs; the 4 edges hold P = 12 co-sharing share pairs. A pair of
    # 3-share accounts expects 12 / (19 * 18 / 2) * 3 * 3 co-shares; weight 3 has Poisson tail p.
    expected = load_small(gw)["link"]
    lam = 12 / (19 * 18 / 2) * 9
    p = 1 - math.exp(-lam) * (1 + lam + lam**2 / 2)
    summary = detect_cosharing(gw, CosharingParams(kind="link"), use_gds=False)
    assert p > 0.05 / 21  # so at the default alpha nothing is significant
    assert (
        summary.counts["edges"] == 0
        and summary.counts["not_significant"] == 4
        and summary.counts["below_percentile"] == 0
    )
    assert summary.counts["p_threshold"] == pytest.approx(0.05 / 21)
    loose = detect_cosharing(gw, CosharingParams(kind="link", alpha=1), use_gds=False)
    edges = gw.read("detect/coordinated_list", {"run_id": loose.run_id, "limit": 100})
    assert len(edges) == 4
    for e in edges:
        assert e["expected"] == pytest.approx(lam) and e["p_value"] == pytest.approx(p)
    # The same fixture among 400 accounts that each share two links of their own: co-sharing is now rare,
    # so three accounts repeating the same three links at the same moments stand out (and a4-a5 too).
    background = [
        (f"twitter:bg{i}", "link", f"https://example.org/bg{i}-{j}", 1_700_100_000 + i * 100 + j * 86_400)
        for i in range(400)
        for j in range(2)
    ]
    load_graph(gw, shares=background)
    crowded = detect_cosharing(gw, CosharingParams(kind="link"), use_gds=False)
    flagged = gw.read("detect/coordinated_list", {"run_id": crowded.run_id, "limit": 100})
    assert {f"{e['source']}|{e['target']}" for e in flagged} == set(expected["edges"])
    assert all(e["p_value"] <= crowded.counts["p_threshold"] for e in flagged)


@pytest.mark.neo4j
def test_min_participation_and_percentile(gw: Gateway) -> None:
    expected = load_small(gw)["link"]
    summary = detect_cosharing(
        gw, CosharingParams(kind="link", min_participation=1, edge_percentile=0.0, alpha=1), use_gds=False
    )
    assert summary.counts["edges"] == expected["edges_with_min_participation_1_percentile_0"]


@pytest.mark.neo4j
def test_same_partition_from_gds_and_igraph_on_two_joined_cliques(gw: Gateway) -> None:
    # Two 5-cliques of heavy edges joined by one light edge: both engines must split them the same way.
    load_small(gw)
    import pandas as pd

    from graphcli.detect.runs import start_run

    run_id = start_run(gw, "test", {"case": "cliques"})
    rows = []
    for base in ("a", "b"):
        members = [f"twitter:{base}{i}" for i in range(5)]
        rows += [
            {"source": x, "target": y, "weight": 5, "pairs": 5, "mean_gap_s": 1.0, "min_gap_s": 1}
            for i, x in enumerate(members)
            for y in members[i + 1 :]
        ]
    rows.append(
        {
            "source": "twitter:a0",
            "target": "twitter:b0",
            "weight": 1,
            "pairs": 1,
            "mean_gap_s": 1.0,
            "min_gap_s": 1,
        }
    )
    load_graph(gw, accounts=[str(r[end]) for r in rows for end in ("source", "target")])
    edges = pd.DataFrame(rows)
    write_edges(gw, run_id, "link", edges.assign(expected=0.0, p_value=1.0))
    for algorithm in ("leiden", "louvain"):
        python = communities_python(edges, algorithm)
        gds = communities_gds(gw, run_id, algorithm)
        assert partition(python) == partition(gds)
        assert len(partition(gds)) == 2
        assert set(gds["component"]) == {"twitter:a0"}


@pytest.mark.neo4j
def test_rerun_replaces_results_and_runs_are_listed(gw: Gateway) -> None:
    load_small(gw)
    params = CosharingParams(kind="link", alpha=1)
    first = detect_cosharing(gw, params, use_gds=False)
    second = detect_cosharing(gw, CosharingParams(kind="link", window=60.0, alpha=1), use_gds=False)
    assert first.run_id == second.run_id
    edges = gw.read("detect/coordinated_list", {"run_id": second.run_id, "limit": 100})
    assert len(edges) == 4  # not 8: the first run's edges were replaced
    listed = runs.list_runs(gw)
    assert [r.run_id for r in listed] == [second.run_id]
    assert listed[0].counts is not None and listed[0].counts["edges"] == 4 and listed[0].found == 2
    other = detect_cosharing(gw, CosharingParams(kind="link", window=5, alpha=1), use_gds=False)
    assert other.run_id != first.run_id and len(runs.list_runs(gw)) == 2


@pytest.mark.neo4j
def test_window_auto_is_estimated_and_stored(gw: Gateway) -> None:
    load_small(gw)
    summary = detect_cosharing(gw, CosharingParams(kind="link", window="auto"), use_gds=False)
    # Reproduce the estimate from the same shares.
    shares = read_shares(gw, "link")
    from graphcli.detect.cosharing import resolve_window

    assert summary.counts["window_s"] == resolve_window(CosharingParams(kind="link", window="auto"), shares)
    stored = runs.list_runs(gw)[0].counts
    assert stored is not None and stored["window_s"] == summary.counts["window_s"]
    assert runs.list_runs(gw)[0].parameters["window"] == "auto"


@pytest.mark.neo4j
def test_kind_without_shares_gives_empty_run(gw: Gateway) -> None:
    load_small(gw)
    summary = detect_cosharing(gw, CosharingParams(kind="hashtag"), use_gds=False)
    assert (
        summary.counts["shares"] == 0 and summary.counts["edges"] == 0 and summary.counts["communities"] == 0
    )


def test_bad_parameters() -> None:
    for bad in (
        CosharingParams(kind="likes"),
        CosharingParams(kind="link", window=0),
        CosharingParams(kind="link", edge_percentile=1.5),
        CosharingParams(kind="link", binning="x"),  # type: ignore[arg-type]
        CosharingParams(kind="link", communities="infomap"),
    ):
        with pytest.raises(ConfigError):
            bad.validate()


@pytest.mark.neo4j
def test_edges_frame_of_fixture_matches_the_graph_write(gw: Gateway) -> None:
    expected = load_small(gw)["link"]
    shares = read_shares(gw, "link")
    edges = coordination_edges(shares, 60, "sliding", 2)
    assert {f"{r.source}|{r.target}" for r in edges.itertuples()} == set(expected["edges"])


@pytest.mark.neo4j
def test_a_time_range_reads_only_the_shares_inside_it(gw: Gateway) -> None:
    load_small(gw)
    everything = read_shares(gw, "link")
    times = sorted(everything["t"])
    since, until = (datetime.fromtimestamp(t, UTC) for t in (times[1], times[-2]))
    inside = read_shares(gw, "link", since=since, until=until)
    expected = everything[(everything["t"] >= times[1]) & (everything["t"] <= times[-2])]
    assert 0 < len(inside) == len(expected) < len(everything)  # both ends included
    assert sorted(inside["t"]) == sorted(expected["t"])
    assert len(read_shares(gw, "link", since=since)) == (everything["t"] >= times[1]).sum()


@pytest.mark.neo4j
def test_a_time_range_is_part_of_the_run_and_absent_ranges_keep_old_ids(gw: Gateway) -> None:
    load_small(gw)
    plain = CosharingParams(kind="link")
    assert "since" not in plain.run_parameters() and "until" not in plain.run_parameters()
    ranged = CosharingParams(kind="link", since=datetime(2000, 1, 1, tzinfo=UTC))
    first = detect_cosharing(gw, plain, use_gds=False)
    second = detect_cosharing(gw, ranged, use_gds=False)
    assert first.run_id != second.run_id and second.parameters["since"] == "2000-01-01T00:00:00+00:00"
    assert second.counts["edges"] == first.counts["edges"]  # every share is after 2000
    with pytest.raises(ConfigError, match="time zone"):
        detect_cosharing(gw, CosharingParams(kind="link", until=datetime(2000, 1, 1)), use_gds=False)

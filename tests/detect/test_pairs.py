"""Co-share pairs, edge aggregation and the CooRnet window estimate: pure logic, checked by brute force."""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphcli.detect.cosharing import (
    chance_of_edges,
    coordination_edges,
    select_edges,
    threshold_edges,
)
from graphcli.detect.pairs import Binning, co_share_pairs, estimate_window

shares_strategy = st.lists(
    st.tuples(st.integers(0, 4), st.integers(1_700_000_000, 1_700_000_400)), min_size=0, max_size=60
)


def all_pairs(
    obj: list[int], t: list[int], window: float, binning: Binning, chunk: int = 7
) -> set[tuple[int, int]]:
    found: set[tuple[int, int]] = set()
    for c in co_share_pairs(
        np.array(obj, dtype=np.int64), np.array(t, dtype=np.int64), window, binning, chunk_pairs=chunk
    ):
        for i, j in zip(c.left.tolist(), c.right.tolist(), strict=True):
            pair = (min(i, j), max(i, j))
            assert pair not in found, "a pair came twice"
            found.add(pair)
    return found


@settings(max_examples=200, deadline=None)
@given(shares_strategy, st.sampled_from([1, 5, 30, 60, 60.5, 200]))
def test_sliding_pairs_equal_brute_force(shares: list[tuple[int, int]], window: float) -> None:
    obj, t = [s[0] for s in shares], [s[1] for s in shares]
    expected = {
        (i, j)
        for i in range(len(shares))
        for j in range(i + 1, len(shares))
        if obj[i] == obj[j] and abs(t[i] - t[j]) <= window
    }
    assert all_pairs(obj, t, window, "sliding") == expected


def coornet_bins(times: list[int], window: float) -> list[int]:
    """R's cut(date, breaks = '<w> secs', right = FALSE) for one URL, written the way R builds it:
    breaks = seq(min, max + w, by = w); a share falls in [break_k, break_k+1)."""
    breaks: list[float] = [min(times)]
    while breaks[-1] <= max(times):
        breaks.append(breaks[-1] + window)
    return [max(k for k, b in enumerate(breaks) if b <= x) for x in times]


@settings(max_examples=200, deadline=None)
@given(shares_strategy, st.sampled_from([1, 7, 60, 12.5]))
def test_fixed_pairs_reproduce_coornet_cut(shares: list[tuple[int, int]], window: float) -> None:
    obj, t = [s[0] for s in shares], [s[1] for s in shares]
    bin_of: dict[int, int] = {}
    for o in set(obj):
        idx = [i for i in range(len(shares)) if obj[i] == o]
        for i, b in zip(idx, coornet_bins([t[i] for i in idx], window), strict=True):
            bin_of[i] = b
    expected = {
        (i, j)
        for i in range(len(shares))
        for j in range(i + 1, len(shares))
        if obj[i] == obj[j] and bin_of[i] == bin_of[j]
    }
    assert all_pairs(obj, t, window, "fixed") == expected


def test_fixed_and_sliding_differ_as_documented() -> None:
    # Two shares 10 s apart straddling a fixed bin edge: sliding links them, fixed does not.
    obj, t = [0, 0, 0], [0, 55, 65]
    assert all_pairs(obj, t, 60, "sliding") == {(0, 1), (1, 2)}
    assert all_pairs(obj, t, 60, "fixed") == {(0, 1)}


def test_popular_object_costs_only_pairs_inside_the_window() -> None:
    # 100,000 shares of one object, one every 60 s: only neighbours are within 60 s.
    n = 100_000
    chunks = list(co_share_pairs(np.zeros(n, dtype=np.int64), np.arange(n, dtype=np.int64) * 60, 60))
    assert sum(len(c.left) for c in chunks) == n - 1


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b", "c", "é"]), st.integers(0, 3), st.integers(0, 300)), max_size=40
    ),
    st.integers(1, 3),
)
def test_edges_equal_brute_force(rows: list[tuple[str, int, int]], min_participation: int) -> None:
    shares = pd.DataFrame(rows, columns=["account", "object", "t"])
    edges = coordination_edges(shares, 60, "sliding", min_participation)
    counts = shares["account"].value_counts()
    kept = [r for r in rows if counts[r[0]] >= min_participation]
    stats: dict[tuple[str, str], dict[str, list[int] | set[int]]] = defaultdict(
        lambda: {"objects": set(), "gaps": []}
    )
    for i in range(len(kept)):
        for j in range(i + 1, len(kept)):
            (a, o, t), (b, o2, t2) = kept[i], kept[j]
            if a != b and o == o2 and abs(t - t2) <= 60:
                entry = stats[(min(a, b), max(a, b))]
                entry["objects"].add(o)  # type: ignore[union-attr]
                entry["gaps"].append(abs(t - t2))  # type: ignore[union-attr]
    got = {(r.source, r.target): r for r in edges.itertuples()}
    assert set(got) == set(stats)
    for pair, entry in stats.items():
        gaps = list(entry["gaps"])
        assert got[pair].weight == len(entry["objects"])
        assert got[pair].pairs == len(gaps)
        assert got[pair].min_gap_s == min(gaps)
        assert math.isclose(got[pair].mean_gap_s, sum(gaps) / len(gaps))  # type: ignore[arg-type]


def test_fixed_bins_are_anchored_before_the_participation_filter() -> None:
    # "x" shares once at 0 and is filtered out, but still anchors the object's bins: [0, 60), [60, 120).
    shares = pd.DataFrame(
        {"account": ["x", "a", "b", "a", "b"], "object": [1, 1, 1, 2, 2], "t": [0, 55, 65, 500, 501]}
    )
    fixed = coordination_edges(shares, 60, "fixed", min_participation=2)
    assert fixed["weight"].tolist() == [1] and fixed["pairs"].tolist() == [1]  # only object 2
    sliding = coordination_edges(shares, 60, "sliding", min_participation=2)
    assert sliding["weight"].tolist() == [2]


def test_threshold_keeps_weights_at_or_above_the_percentile() -> None:
    edges = pd.DataFrame({"source": list("abcde"), "target": list("fghij"), "weight": [1, 1, 1, 5, 9]})
    kept, cut = threshold_edges(edges, 0.5)
    assert cut == 1.0 and len(kept) == 5
    kept, cut = threshold_edges(edges, 0.8)
    assert cut == pytest.approx(5.8) and kept["weight"].tolist() == [9]


def test_chance_test_discounts_busy_accounts() -> None:
    # Two edges of weight 3: q1-q2 between accounts with 3 shares each, b1-b2 between accounts with 300.
    # 1,000 accounts in all hold N = 3,594 shares; the edges hold P = 6 share pairs.
    activity = pd.Series({"q1": 3, "q2": 3, "b1": 300, "b2": 300, **{f"x{i}": 3 for i in range(996)}})
    edges = pd.DataFrame({"source": ["q1", "b1"], "target": ["q2", "b2"], "weight": [3, 3], "pairs": [3, 3]})
    rate = 6 / (3_594 * 3_593 / 2)
    tested = chance_of_edges(edges, activity)
    assert tested["expected"].tolist() == pytest.approx([rate * 9, rate * 90_000])
    lam = rate * 90_000
    assert tested["p_value"][1] == pytest.approx(1 - math.exp(-lam) * (1 + lam + lam**2 / 2))
    chosen = select_edges(edges, activity, 0.0, 0.05)
    assert chosen.p_cut == pytest.approx(0.05 / (1_000 * 999 / 2))
    assert chosen.edges["source"].tolist() == ["q1"] and chosen.not_significant == 1
    # alpha = 1: the percentile alone decides (CooRnet's rule)
    assert len(select_edges(edges, activity, 0.0, 1.0).edges) == 2


def test_estimate_window_follows_coornet() -> None:
    # Objects 0..9: second share after 1..10 s (q = 0.1 keeps only the quickest: object 0 and the
    # quantile 1.9 keeps second delays <= 1.9, i.e. object 0). Object 0 has 4 shares at 0, 1, 30, 90:
    # the first share with rank/4 > 0.5 is rank 3, 30 s after the first share -> interval 30.
    obj, t = [], []
    for o in range(10):
        times = [0, o + 1, 500, 900] if o else [0, 1, 30, 90]
        obj += [o] * 4
        t += times
    assert estimate_window(obj, t) == 30.0
    # A median of 0 becomes 1 second.
    assert estimate_window([0, 0, 1, 1], [5, 5, 7, 7]) == 1.0
    with pytest.raises(ValueError):
        estimate_window([0, 1], [0, 0])

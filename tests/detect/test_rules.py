"""Edge rules (chance, coornet, none) and participation rules (shares, coortweet), without Neo4j.

The toy table below is written by hand with the answer of each rule beside it. CooRTweet's answer is
derived by hand from its ``detect_groups`` (``do_detect_groups`` and ``filter_min_participation``):
1. keep accounts with >= min_participation input rows, duplicates included;
2. pair every two rows of the same object within the window (|dt| <= window), dropping "loops": rows of
   the same account or the same content id;
3. count, per account, its rows whose content id appears in some pair; keep a pair when one of its two
   rows belongs to an account with >= min_participation such rows.
"""

from __future__ import annotations

import pandas as pd
import pytest

from graphcli.detect.cosharing import (
    CosharingParams,
    coordinated_edges,
    coordination_edges,
    coortweet_edges,
    participating_activity,
    select_edges,
)
from graphcli.model.errors import ConfigError

# account, object, content (post id), t (epoch seconds); window 10 s, min_participation 2
TOY = [
    ("A", "X", "c1", 0),  #     A-B co-share X                          (A: rows c1, c3 both paired)
    ("B", "X", "c2", 5),
    ("B", "Q", "c14", 2000),  # B's second row, never paired            (B: 1 paired row)
    ("A", "Y", "c3", 100),  #   A-C co-share Y
    ("C", "Y", "c4", 103),
    ("C", "Y", "c4", 103),  #   exact duplicate row: C has 2 rows, both paired (same content id)
    ("D", "Z", "c5", 200),  #   D-E co-share Z once: once-only co-sharers
    ("E", "Z", "c6", 202),
    ("E", "W", "c7", 500),  #   E's second row, never paired             (E: 1 paired row)
    ("D", "Z", "c8", 900),  #   D's second row, same object but far      (D: 1 paired row)
    ("F", "V", "c9", 300),  #   F-G co-share V; F's only post is in the table twice
    ("F", "V", "c9", 300),
    ("G", "V", "c10", 305),
    ("G", "U", "c11", 1000),  # G's second row, never paired             (G: 1 paired row)
]
# CooRTweet: every account has 2 rows and passes its pre-filter. Pairs: A-B (c1,c2), A-C (c3,c4) twice
# (the duplicate row), D-E (c5,c6), F-G (c9,c10) twice. Paired rows: A 2, B 1, C 2, D 1, E 1, F 2, G 1,
# so A, C and F qualify: A-B, A-C and F-G are kept, D-E (neither has two paired rows) is not.
COORTWEET = {("A", "B"): (1, 1), ("A", "C"): (1, 2), ("F", "G"): (1, 2)}  # pair -> (weight, share pairs)
# graphcli's rule on the same table as the graph holds it (a duplicate row is one post): C and F have
# one share each and are left out; A-B and D-E remain (both ends have two shares).
SHARES = {("A", "B"): (1, 1), ("D", "E"): (1, 1)}


def toy() -> pd.DataFrame:
    return pd.DataFrame(TOY, columns=["account", "object", "content", "t"])


def as_dict(edges: pd.DataFrame) -> dict[tuple[str, str], tuple[int, int]]:
    rows = edges[["source", "target", "weight", "pairs"]].to_numpy().tolist()
    return {(str(s), str(t)): (int(w), int(p)) for s, t, w, p in rows}


def test_coortweet_rule_on_the_toy_table() -> None:
    assert as_dict(coortweet_edges(toy(), 10, 2)) == COORTWEET


def test_coortweet_rule_without_content_ids_treats_each_row_as_a_post() -> None:
    # Without post ids a duplicate row is a post of its own that pairs with the other account again;
    # the result is the same here (the duplicate's twin is dropped as a same-account loop).
    assert as_dict(coortweet_edges(toy().drop(columns="content"), 10, 2)) == COORTWEET


def test_graphclis_rule_on_the_toy_table_as_loaded() -> None:
    loaded = toy().drop_duplicates()
    assert as_dict(coordination_edges(loaded, 10, "sliding", 2)) == SHARES


def test_coortweet_min_participation_one_keeps_every_pair() -> None:
    got = as_dict(coortweet_edges(toy(), 10, 1))
    assert got == {**COORTWEET, ("D", "E"): (1, 1)}


def test_participation_is_a_parameter_of_the_whole_computation() -> None:
    shares = toy()
    params = CosharingParams(kind="link", window=10, rule="none", participation="coortweet")
    assert as_dict(coordinated_edges(shares, params, 10).edges) == COORTWEET
    params = CosharingParams(kind="link", window=10, rule="none")
    assert as_dict(coordinated_edges(shares.drop_duplicates(), params, 10).edges) == SHARES


def heavy_and_light() -> tuple[pd.DataFrame, pd.Series]:
    """40 background edges of weight 1, a heavy 5-clique (10 edges of weight 30) and a light but
    improbable edge (weight 4 between two quiet accounts), among 2,000 accounts."""
    background = pd.DataFrame(
        {
            "source": [f"b{i}" for i in range(40)],
            "target": [f"b{i + 40}" for i in range(40)],
            "weight": 1,
            "pairs": 1,
        }
    )
    clique = [(f"h{i}", f"h{j}") for i in range(5) for j in range(i + 1, 5)]
    planted = pd.DataFrame(
        {
            "source": [s for s, _ in clique] + ["q1"],
            "target": [t for _, t in clique] + ["q2"],
            "weight": [30] * 10 + [4],
            "pairs": [30] * 10 + [4],
        }
    )
    activity = pd.Series(
        {
            **{f"h{i}": 30 for i in range(5)},
            "q1": 4,
            "q2": 4,
            **{f"b{i}": 20 for i in range(80)},
            **{f"x{i}": 3 for i in range(1913)},
        }
    )
    return pd.concat([background, planted], ignore_index=True), activity


def test_a_percentile_cuts_a_significant_light_edge_which_the_chance_test_keeps() -> None:
    edges, activity = heavy_and_light()
    chance = select_edges(edges, activity, *CosharingParams(kind="link").selection())
    assert set(chance.edges["source"]) == {"h0", "h1", "h2", "h3", "q1"} and len(chance.edges) == 11
    assert chance.below_percentile == 0 and chance.not_significant == 40 and chance.weight_cut == 0
    coornet = select_edges(edges, activity, *CosharingParams(kind="link", rule="coornet").selection())
    # 51 weights: 40 ones, one 4, ten 30s; the 95th percentile (position 47.5) is 30 and drops q1-q2
    assert coornet.weight_cut == 30 and coornet.p_cut == 1.0
    assert len(coornet.edges) == 10 and "q1" not in set(coornet.edges["source"])
    assert coornet.below_percentile == 41 and coornet.not_significant == 0
    both = select_edges(edges, activity, *CosharingParams(kind="link", edge_percentile=0.95).selection())
    assert len(both.edges) == 10 and both.below_percentile == 41
    everything = select_edges(edges, activity, *CosharingParams(kind="link", rule="none").selection())
    assert len(everything.edges) == 51
    counts = chance.counts()
    assert counts["candidate_edges"] == 51 and counts["edges"] == 11


def test_participating_activity_counts_rows() -> None:
    assert participating_activity(toy(), 2).to_dict() == {a: 2 for a in "ABCDEFG"}


@pytest.mark.parametrize(
    "bad",
    [
        CosharingParams(kind="link", rule="vera"),
        CosharingParams(kind="link", participation="rows"),
        CosharingParams(kind="link", participation="coortweet", binning="fixed"),
        CosharingParams(kind="link", edge_percentile=-0.1),
    ],
)
def test_bad_rules_are_config_errors(bad: CosharingParams) -> None:
    with pytest.raises(ConfigError):
        bad.validate()

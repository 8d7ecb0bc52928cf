"""Benchmark: the multimodal, behavioural-trace and persistence detectors on a synthetic world, against
co-sharing.

Builds the world of ``--profile`` (default ``medium``) in memory, takes its share table (the shares a
load derives, ``synth/shares.py``) and times, on the same shares, the baseline (``coordinated_edges``
per kind at default settings, what ``detect all`` computes for co-sharing), the multimodal network
(``multimodal_edges`` over the same kinds, domain aside) and the trace similarity (``similar_pairs`` on
hashtags, domains and retweets, 10 shuffles) and persistence over daily slices of messages
(``follow_shares``: per day the edges co-sharing keeps and their communities, then the matching; its
baseline is co-sharing with communities over all the messages at once), printing each one's ratio to its
baseline and its quality against the planted groups. No Neo4j: reading shares and writing edges cost
about what co-sharing's do.

    cd bench && python detectors.py --profile medium --seed 1
    cd bench && python detectors.py --profile medium --seed 1 --only persistence
    cd bench && python detectors.py --profile small --seed 1 --only persistence --min-jaccard 0.1,0.2,0.3,0.5
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from harness import timed

from graphcli.analytics.quality import score_multimodal, score_persistence, score_traces
from graphcli.detect.communities import communities_python
from graphcli.detect.cosharing import CosharingParams, coordinated_edges
from graphcli.detect.multimodal import DERIVED_KINDS, multimodal_edges
from graphcli.detect.persistence import STATUSES, PersistenceParams, follow_shares, match_slices
from graphcli.detect.traces import DEFAULT_KINDS, similar_pairs
from graphcli.synth import truth as synth_truth
from graphcli.synth.profiles import get_profile
from graphcli.synth.shares import share_table
from graphcli.synth.world import build_world


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--profile", default="medium")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", choices=["persistence"], help="time this detector alone")
    parser.add_argument(
        "--min-jaccard",
        default="",
        help="persistence: also match the same slices at these thresholds (comma-separated), e.g. 0.1,0.5",
    )
    args = parser.parse_args()
    world = build_world(get_profile(args.profile), args.seed)
    shares = share_table(world)
    by_kind = synth_truth.index_shares(world, shares)
    truth = {"planted": synth_truth.planted(world, by_kind), "decoys": synth_truth.decoys(world, by_kind)}
    frames = {
        str(kind): pd.DataFrame(
            {
                "account": part["platform"] + ":" + part["account_id"],
                "object": part["key"],
                "t": part["at"].to_numpy(dtype=np.int64),
            }
        )
        for kind, part in shares.groupby("kind")
        if kind not in DERIVED_KINDS
    }

    jaccards = [float(x) for x in args.min_jaccard.split(",") if x.strip()]
    if args.only == "persistence":
        persistence(frames["message"], truth, jaccards)
        return

    def per_kind() -> int:
        return sum(len(coordinated_edges(f, CosharingParams(kind=k), 60).edges) for k, f in frames.items())

    _, baseline_s = timed(per_kind)
    chosen, multimodal_s = timed(lambda: multimodal_edges(frames))
    flagged = set(chosen.edges["source"]) | set(chosen.edges["target"])
    score = score_multimodal(truth, flagged)
    print(
        f"{args.profile} world, seed {args.seed}: {sum(len(f) for f in frames.values()):,} shares of "
        f"{len(frames)} kinds"
    )
    print(f"  co-sharing per kind (baseline): {baseline_s:.1f} s")
    print(f"  multimodal: {multimodal_s:.1f} s (ratio {multimodal_s / baseline_s:.2f}x the baseline)")
    print(
        f"  {chosen.candidates:,} candidate pairs, {chosen.too_few_kinds:,} on one kind, "
        f"{len(chosen.edges):,} edges kept; planted {score.planted}, flagged {score.flagged}, "
        f"precision {score.precision:.3f}, recall {score.recall:.3f}, decoys flagged {score.decoys_flagged}"
    )
    part = shares[shares["kind"].isin(DEFAULT_KINDS)]
    traces = pd.DataFrame(
        {"account": part["platform"] + ":" + part["account_id"], "token": part["kind"] + ":" + part["key"]}
    )
    similar, traces_s = timed(lambda: similar_pairs(traces))
    flagged = set(similar.edges["source"]) | set(similar.edges["target"])
    score = score_traces(truth, flagged)
    print(
        f"  traces: {traces_s:.1f} s (ratio {traces_s / baseline_s:.2f}x the baseline), "
        f"{len(traces):,} shares"
    )
    print(
        f"  {similar.candidates:,} pairs share 2+ tokens, threshold {similar.threshold:.3f}, "
        f"{len(similar.edges):,} edges kept; planted {score.planted}, found {score.true_positives}, "
        f"flagged {score.flagged}, precision {score.precision:.3f}, recall {score.recall:.3f}, "
        f"decoys flagged {score.decoys_flagged}"
    )

    persistence(frames["message"], truth, jaccards)


def persistence(messages: pd.DataFrame, truth: Mapping[str, Any], jaccards: list[float]) -> None:
    """Persistence over daily slices of the messages against co-sharing of all of them at once; then
    the same slices matched at each of ``jaccards``: groups per status, quality, and how many planted
    groups came out with the status they were planted for."""

    def whole() -> int:
        kept = coordinated_edges(messages, CosharingParams(kind="message"), 60).edges
        return len(communities_python(kept, "leiden"))

    _, baseline_s = timed(whole)
    params = PersistenceParams(kind="message")
    (slices, tracks), persistence_s = timed(lambda: follow_shares(messages, params))
    followed = [t for t in tracks if t.status(params.growth)]
    flagged = {uid for t in followed for uid in t.joined()}
    score = score_persistence(truth, flagged, "message")
    statuses = {s: sum(1 for t in followed if t.status(params.growth) == s) for s in STATUSES}
    print(
        f"  persistence (daily slices of {len(messages):,} messages): {persistence_s:.1f} s against "
        f"{baseline_s:.1f} s for co-sharing + communities over all of them "
        f"(ratio {persistence_s / baseline_s:.2f}x)"
    )
    print(
        f"  {len(slices)} slices, {sum(len(s.communities) for s in slices):,} slice communities, "
        f"{len(followed)} groups in two slices or more {statuses}; planted {score.planted}, found "
        f"{score.true_positives}, flagged {score.flagged}, precision {score.precision:.3f}, recall "
        f"{score.recall:.3f}, decoys flagged {score.decoys_flagged}"
    )
    planted = [
        g for g in truth["planted"] if g["kind"] == "persistence" and g["parameters"]["expect"] != "none"
    ]
    for threshold in jaccards:
        tracks = match_slices(slices, threshold, params.max_gap)
        followed = [t for t in tracks if t.status(params.growth)]
        k = score_persistence(truth, {uid for t in followed for uid in t.joined()}, "message")
        statuses = {s: sum(1 for t in followed if t.status(params.growth) == s) for s in STATUSES}
        right = sum(
            1
            for g in planted
            if any(
                {f"facebook:{m}" for m in g["members"]} == set(t.joined())
                and t.status(params.growth) == g["parameters"]["expect"]
                for t in followed
            )
        )
        print(
            f"  --min-jaccard {threshold:g}: {statuses}; precision {k.precision:.3f}, recall {k.recall:.3f}, "
            f"decoys flagged {k.decoys_flagged}; planted groups with their status {right}/{len(planted)}"
        )


if __name__ == "__main__":
    main()

"""Benchmark: detection quality on a synthetic world, scored against its truth.json.

Runs what a user runs (``graphcli synth``, ``graphcli load auto``, ``graphcli detect all``) on the
configured Neo4j, which it WIPES, times each step, and prints per detection run how much of what was
planted came back: bins recovered exactly and bins mixing planted and background accounts; per share
kind the precision and recall of the flagged accounts and how many decoy accounts were flagged.

    cd bench && python quality.py --profile small --seed 1
    cd bench && python quality.py --profile medium --seed 1 --in-memory

``--in-memory`` skips files and Neo4j: it builds the world, takes its share table (``synth/shares.py``,
the shares a load derives) and runs the same edge computation and selection ``detect cosharing`` runs on
the shares it reads (``coordinated_edges``), at default settings, then multimodal, and persistence over
daily slices of each kind persistence groups were planted on (``follow_shares``; its "edges" are slice
communities); for worlds too big to load here in a few minutes. With ``--rules`` it runs every edge rule
(:data:`RULE_VARIANTS`) side by side and adds a per-rule total over the kinds:

    cd bench && python quality.py --profile small --seed 1 --in-memory --rules
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from harness import empty_database, timed

from graphcli.analytics.markdown import markdown_table
from graphcli.analytics.quality import score_cosharing, score_multimodal, score_persistence, score_runs
from graphcli.detect.cosharing import CosharingParams, coordinated_edges
from graphcli.detect.multimodal import DERIVED_KINDS, multimodal_edges
from graphcli.detect.persistence import PersistenceParams, follow_shares
from graphcli.synth import truth as synth_truth
from graphcli.synth.profiles import get_profile
from graphcli.synth.shares import share_table
from graphcli.synth.world import build_world


def graphcli(*args: str) -> Any:
    """Run the CLI as a user would; its JSON summary."""
    done = subprocess.run(
        [str(Path(sys.executable).with_name("graphcli")), "--quiet", *args, "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout)


# The rules compared by ``--in-memory``: name -> CosharingParams fields.
RULE_VARIANTS: dict[str, dict[str, Any]] = {
    "chance (default)": {},
    "chance + p95 (old default)": {"edge_percentile": 0.95},
    "coornet": {"rule": "coornet"},
    "none": {"rule": "none"},
    "coortweet + chance": {"participation": "coortweet"},
}


def in_memory(profile: str, seed: int, variants: dict[str, dict[str, Any]] | None = None) -> pd.DataFrame:
    """Co-sharing quality per kind and rule without files or Neo4j (see the module docstring)."""
    world = build_world(get_profile(profile), seed)
    shares = share_table(world)
    by_kind = synth_truth.index_shares(world, shares)
    truth = {"planted": synth_truth.planted(world, by_kind), "decoys": synth_truth.decoys(world, by_kind)}
    rows = []
    frames = {}
    for kind, part in shares.groupby("kind"):
        frame = pd.DataFrame(
            {
                "account": part["platform"] + ":" + part["account_id"],
                "object": part["key"],
                "t": part["at"].to_numpy(dtype=np.int64),
            }
        )
        frames[str(kind)] = frame
        for rule, fields in (variants or {"chance (default)": {}}).items():
            p = CosharingParams(kind=str(kind), **fields)
            kept = coordinated_edges(frame, p, float(p.window))
            flagged = set(kept.edges["source"]) | set(kept.edges["target"])
            k = score_cosharing(truth, str(kind), flagged)
            rows.append(
                {
                    "what": kind,
                    "rule": rule,
                    "candidates": kept.candidates,
                    "below_pct": kept.below_percentile,
                    "not_signif": kept.not_significant,
                    "edges": len(kept.edges),
                    "planted": k.planted,
                    "flagged": k.flagged,
                    "found": k.true_positives,
                    "precision": round(k.precision, 3),
                    "recall": round(k.recall, 3),
                    "decoys_flagged": k.decoys_flagged,
                }
            )
    combined = multimodal_edges({k: f for k, f in frames.items() if k not in DERIVED_KINDS})
    flagged = set(combined.edges["source"]) | set(combined.edges["target"])
    k = score_multimodal(truth, flagged)
    rows.append(
        {
            "what": "multimodal",
            "rule": "combined chance test",
            "candidates": combined.candidates,
            "not_signif": combined.not_significant,
            "edges": len(combined.edges),
            "planted": k.planted,
            "flagged": k.flagged,
            "found": k.true_positives,
            "precision": round(k.precision, 3),
            "recall": round(k.recall, 3),
            "decoys_flagged": k.decoys_flagged,
        }
    )
    for kind in sorted({g["share_kind"] for g in truth["planted"] if g["kind"] == "persistence"}):
        params = PersistenceParams(kind=kind)
        slices, tracks = follow_shares(frames[kind], params)
        followed = {uid for t in tracks if t.status(params.growth) for uid in t.joined()}
        k = score_persistence(truth, followed, kind)
        rows.append(
            {
                "what": f"persistence ({kind})",
                "rule": f"daily slices, Jaccard >= {params.min_jaccard:g}",
                "edges": sum(len(s.communities) for s in slices),  # slice communities
                "planted": k.planted,
                "flagged": k.flagged,
                "found": k.true_positives,
                "precision": round(k.precision, 3),
                "recall": round(k.recall, 3),
                "decoys_flagged": k.decoys_flagged,
            }
        )
    return pd.DataFrame(rows)


def rule_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per rule, over every kind: accounts planted, flagged, found; precision, recall, decoys flagged."""
    columns = ["below_pct", "not_signif", "planted", "flagged", "found", "decoys_flagged"]
    per_kind = table[(table["what"] != "multimodal") & ~table["what"].str.startswith("persistence")]
    out = per_kind.groupby("rule", sort=False)[columns].sum()
    out["precision"] = (out["found"] / out["flagged"].where(out["flagged"] > 0)).round(3)
    out["recall"] = (out["found"] / out["planted"]).round(3)
    return out.reset_index()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--profile", default="small")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--in-memory", action="store_true", help="co-sharing only, without files or Neo4j")
    parser.add_argument("--rules", action="store_true", help="with --in-memory: every rule side by side")
    args = parser.parse_args()
    if args.in_memory:
        variants = RULE_VARIANTS if args.rules else None
        scores, seconds = timed(lambda: in_memory(args.profile, args.seed, variants))
        print(f"{args.profile} world, seed {args.seed}, co-sharing in memory ({seconds:.0f} s)")
        print(markdown_table(scores))
        if args.rules:
            print()
            print(markdown_table(rule_summary(scores)))
        return

    with tempfile.TemporaryDirectory() as tmp, empty_database() as gw:
        world = Path(tmp) / "world"
        _, synth_s = timed(
            lambda: graphcli("synth", str(world), "--profile", args.profile, "--seed", str(args.seed))
        )
        loaded, load_s = timed(
            lambda: graphcli("load", "auto", str(world), "--rejects", f"{tmp}/rejects.jsonl")
        )
        detected, detect_s = timed(lambda: graphcli("detect", "all"))
        truth = json.loads((world / "truth.json").read_text(encoding="utf-8"))
        scores = score_runs(gw, truth, detected)
    print(f"{args.profile} world, seed {args.seed}")
    print(
        f"  synth {synth_s:.1f} s; load auto {load_s:.1f} s ({loaded['loaded']:,} records, "
        f"{loaded['rejected']:,} rejected); detect all {detect_s:.1f} s"
    )
    print(markdown_table(scores))
    if not scores["ok"].all():
        raise SystemExit("some detections missed the quality bar")


if __name__ == "__main__":
    main()

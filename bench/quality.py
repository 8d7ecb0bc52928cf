"""Benchmark: detection quality on a synthetic world, scored against its truth.json.

Runs what a user runs (``graphcli synth``, ``graphcli load auto``, ``graphcli detect all``) on the
configured Neo4j, which it WIPES, times each step, and prints per detection run how much of what was
planted came back: bins recovered exactly and bins mixing planted and background accounts; per share
kind the precision and recall of the flagged accounts and how many decoy accounts were flagged.

    cd bench && python quality.py --profile small --seed 1
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from harness import empty_database, timed

from graphcli.analytics.markdown import markdown_table
from graphcli.analytics.quality import score_runs


def graphcli(*args: str) -> Any:
    """Run the CLI as a user would; its JSON summary."""
    done = subprocess.run(
        [str(Path(sys.executable).with_name("graphcli")), "--quiet", *args, "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--profile", default="small")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

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

"""Benchmark: co-link networks, graphcli against coordination-network-toolkit, same input, same run.

Input: generated link shares with Zipf-distributed object popularity over 30 days, plus planted
groups that share the same links within seconds. The toolkit (``pip install -e '.[bench]'``) runs its
``co_link`` network (SQLite self-join, 2 processes) with the same window; graphcli runs
``detect cosharing --kind link`` twice, each including reading the shares from Neo4j and writing the
COORDINATED edges and communities back: with every edge kept (min participation 1, percentile 0, no
chance test), where both must find the same undirected account pairs (the toolkit's edges are directed
and include self-pairs, dropped here); and at default settings, scored against the planted groups.
Needs a running Neo4j, which it WIPES.

    cd bench && python cosharing.py --shares 1000000
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from harness import empty_database, load_rows, timed

from graphcli.cypher.gateway import Gateway
from graphcli.detect.cosharing import CosharingParams, coordination_edges, detect_cosharing

T0 = 1_700_000_000
MONTH = 30 * 24 * 3600


def make_shares(n_shares: int, seed: int = 3) -> pd.DataFrame:
    """Zipf object popularity (exponent 1.1 over n/10 objects), accounts n/20, times uniform in a month;
    1% of shares come from planted groups of 5 accounts sharing one link within 30 seconds."""
    rng = np.random.default_rng(seed)
    n_objects, n_accounts = max(n_shares // 10, 10), max(n_shares // 20, 10)
    popularity = 1 / np.arange(1, n_objects + 1) ** 1.1
    popularity /= popularity.sum()
    n_planted_events = n_shares // 500
    n_background = n_shares - 5 * n_planted_events
    background = pd.DataFrame(
        {
            "account": rng.integers(0, n_accounts, n_background),
            "object": rng.choice(n_objects, size=n_background, p=popularity),
            "t": T0 + rng.integers(0, MONTH, n_background),
        }
    )
    groups = rng.integers(0, max(n_planted_events // 10, 1), n_planted_events)
    planted = pd.DataFrame(
        {
            "account": np.repeat(n_accounts + groups * 5, 5) + np.tile(np.arange(5), n_planted_events),
            "object": np.repeat(n_objects + np.arange(n_planted_events), 5),
            "t": np.repeat(T0 + rng.integers(0, MONTH, n_planted_events), 5)
            + rng.integers(0, 30, 5 * n_planted_events),
        }
    )
    background["planted"], planted["planted"] = False, True
    shares = pd.concat([background, planted], ignore_index=True)
    shares["account"] = "twitter:a" + shares["account"].astype(str)
    shares["object"] = "https://example.org/" + shares["object"].astype(str)
    shares["id"] = "m" + pd.RangeIndex(len(shares)).astype(str)
    return shares


def toolkit_pairs(shares: pd.DataFrame, window: int, workdir: Path) -> tuple[set[tuple[str, str]], float]:
    """coordination-network-toolkit's co_link network, as undirected pairs of distinct accounts, and
    the seconds its network computation took (after loading its SQLite database)."""
    from coordination_network_toolkit import compute_networks, preprocess

    db_path = str(workdir / "cnt.db")
    messages = (
        (row.id, row.account, row.account, None, None, "", row.t, [row.object])
        for row in shares.itertuples(index=False)
    )
    preprocess.preprocess_data(db_path, messages)
    _, network_s = timed(lambda: compute_networks.compute_co_link_network(db_path, window, n_threads=2))
    with sqlite3.connect(db_path) as db:
        rows = db.execute("select user_1, user_2 from co_link_network where user_1 != user_2").fetchall()
    return {(min(a, b), max(a, b)) for a, b in rows}, network_s


def load(gw: Gateway, shares: pd.DataFrame) -> float:
    accounts: list[dict[str, Any]] = [{"a": a} for a in shares["account"].unique()]
    objects: list[dict[str, Any]] = [{"o": o} for o in shares["object"].unique()]
    rows: list[dict[str, Any]] = [
        {str(k): v for k, v in row.items()}
        for row in shares.rename(columns={"account": "a", "object": "o"})[["a", "o", "t", "id"]].to_dict(
            "records"
        )
    ]
    return sum(
        load_rows(gw, f, r)
        for f, r in (
            ("load_nodes.cypher", accounts),
            ("load_nodes.cypher", objects),
            ("load_shares.cypher", rows),
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shares", type=int, default=1_000_000)
    parser.add_argument("--window", type=int, default=60)
    args = parser.parse_args()

    shares = make_shares(args.shares)
    print(
        f"{len(shares):,} link shares, {shares['object'].nunique():,} links, "
        f"{shares['account'].nunique():,} accounts"
    )
    with tempfile.TemporaryDirectory() as tmp:
        (base, network_s), base_s = timed(lambda: toolkit_pairs(shares, args.window, Path(tmp)))
    print(
        f"  coordination-network-toolkit co_link: {base_s:8.2f} s (of which the network: {network_s:.2f} s)"
    )
    frame = shares[["account", "object", "t"]]
    _, pairs_s = timed(lambda: coordination_edges(frame, args.window, "sliding", 1))
    print(f"  graphcli pairs + edge statistics in memory:  {pairs_s:8.2f} s")
    every_edge = CosharingParams(
        kind="link", window=args.window, min_participation=1, edge_percentile=0.0, alpha=1.0
    )
    with empty_database() as gw:
        print(f"  (loaded into Neo4j in {load(gw, shares):.1f} s, not timed below)")
        summary, ours_s = timed(lambda: detect_cosharing(gw, every_edge))
        edges = gw.read("detect/coordinated_list", {"run_id": summary.run_id, "limit": 100_000_000})
        default, default_s = timed(
            lambda: detect_cosharing(gw, CosharingParams(kind="link", window=args.window))
        )
        kept = gw.read("detect/coordinated_list", {"run_id": default.run_id, "limit": 100_000_000})
    ours = {(e["source"], e["target"]) for e in edges}
    flagged = {e["source"] for e in kept} | {e["target"] for e in kept}
    planted = set(shares["account"][shares["planted"]])
    print(
        "  graphcli detect cosharing, every edge kept (read from Neo4j + pairs + write "
        f"{summary.counts['edges']:,} "
        f"edges + communities [{summary.counts['engine']}]): {ours_s:8.2f} s"
    )
    print(
        f"  graphcli detect cosharing, default settings ({default.counts['edges']:,} edges kept): "
        f"{default_s:8.2f} s"
    )
    hits = len(flagged & planted)
    print(
        f"  default settings vs planted accounts: precision {hits / max(len(flagged), 1):.3f}, "
        f"recall {hits / len(planted):.3f} ({len(flagged):,} flagged, {len(planted):,} planted)"
    )
    print(
        f"  same pairs: {ours == base} ({len(ours):,} pairs); speed-up end to end {base_s / ours_s:.1f}x "
        f"(every edge), {base_s / default_s:.1f}x (default settings); pairs alone {network_s / pairs_s:.1f}x"
    )
    if ours != base:
        raise SystemExit(f"pairs differ: {len(ours - base)} only ours, {len(base - ours)} only the toolkit's")


if __name__ == "__main__":
    main()

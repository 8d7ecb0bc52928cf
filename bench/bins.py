"""Benchmark: identical-neighbourhood bins, graphcli (in Neo4j) against the original study's method.

The baseline builds the dense posts-by-accounts 0/1 matrix, transposes it and groups accounts by all
columns with pandas. Both run on the same generated likes in the same run; the script checks that
they give the same partition and prints time, peak memory and the ratio. Then graphcli alone bins a
larger input. Needs a running Neo4j (the managed one: GRAPHCLI_HOME / GRAPHCLI_BOLT_PORT ...),
which it WIPES.

    cd bench && python bins.py --accounts 20000 --posts 2000 --large-likes 1000000
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd
from harness import empty_database, load_rows, peak_mib, timed

from graphcli.cypher.detection.bins import BinParams, detect_bins
from graphcli.cypher.gateway import Gateway


def make_likes(n_accounts: int, n_posts: int, mean_likes: float, seed: int = 1) -> pd.DataFrame:
    """Likes with Zipf-like post popularity; about 2% of sets are copied to 2-20 accounts (planted bins)."""
    rng = np.random.default_rng(seed)
    popularity = 1 / np.arange(1, n_posts + 1)
    popularity /= popularity.sum()
    sizes = 1 + rng.poisson(mean_likes - 1, size=n_accounts)
    copies = np.where(rng.random(n_accounts) < 0.02, rng.integers(2, 21, size=n_accounts), 1)
    accounts, posts = [], []
    a = 0
    for size, n_copies in zip(sizes, copies, strict=True):
        items = np.unique(rng.choice(n_posts, size=int(size), p=popularity))
        for _ in range(min(int(n_copies), n_accounts - a)):
            accounts.append(np.full(len(items), a))
            posts.append(items)
            a += 1
        if a >= n_accounts:
            break
    return pd.DataFrame({"account": np.concatenate(accounts), "post": np.concatenate(posts)})


def baseline_partition(likes: pd.DataFrame, n_posts: int) -> set[frozenset[int]]:
    """The original study's method: dense posts x accounts matrix, transposed, grouped by all columns."""
    n_accounts = int(likes["account"].max()) + 1
    matrix = np.zeros((n_posts, n_accounts), dtype=np.int8)
    matrix[likes["post"].to_numpy(), likes["account"].to_numpy()] = 1
    by_account = pd.DataFrame(matrix).T
    grouped = by_account.groupby(list(by_account.columns), sort=False).groups
    return {frozenset(int(i) for i in members) for members in grouped.values() if len(members) >= 2}


def our_partition(gw: Gateway, run_id: str) -> set[frozenset[int]]:
    rows = gw.read("detect/bins_list", {"run_id": run_id, "limit": 10_000_000})
    return {frozenset(int(uid.split(":a")[1]) for uid in row["accounts"]) for row in rows}


def load(gw: Gateway, likes: pd.DataFrame, n_posts: int) -> float:
    accounts = [{"a": f"twitter:a{a}"} for a in likes["account"].unique()]
    posts = [{"p": f"twitter:p{p}"} for p in range(n_posts)]
    rows = [
        {"a": f"twitter:a{a}", "p": f"twitter:p{p}"}
        for a, p in zip(likes["account"], likes["post"], strict=True)
    ]
    return sum(
        load_rows(gw, f, r)
        for f, r in (
            ("load_nodes.cypher", accounts),
            ("load_nodes.cypher", posts),
            ("load_likes.cypher", rows),
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--accounts", type=int, default=20_000)
    parser.add_argument("--posts", type=int, default=2_000)
    parser.add_argument("--mean-likes", type=float, default=5.0)
    parser.add_argument("--large-likes", type=int, default=1_000_000, help="likes for the graphcli-only run")
    args = parser.parse_args()

    likes = make_likes(args.accounts, args.posts, args.mean_likes)
    print(
        f"shared size: {args.accounts:,} accounts x {args.posts:,} posts, {len(likes):,} likes "
        f"(dense int8 matrix {args.accounts * args.posts / 2**20:,.0f} MiB)"
    )
    base, base_s = timed(lambda: baseline_partition(likes, args.posts))
    base_mib = peak_mib(lambda: baseline_partition(likes, args.posts))
    print(f"  baseline (dense matrix + pandas groupby): {base_s:8.2f} s, peak {base_mib:8.1f} MiB")
    with empty_database() as gw:
        print(f"  (loaded into Neo4j in {load(gw, likes, args.posts):.1f} s, not timed below)")
        summary, ours_s = timed(lambda: detect_bins(gw, BinParams(relation="likes")))
        same = our_partition(gw, str(summary["run_id"])) == base
        ours_mib = peak_mib(lambda: detect_bins(gw, BinParams(relation="likes")))
    print(f"  graphcli detect bins (in Neo4j):          {ours_s:8.2f} s, peak {ours_mib:8.1f} MiB (client)")
    print(f"  same partition: {same} ({len(base):,} bins of 2+); speed-up {base_s / ours_s:.1f}x")

    n_accounts = int(args.large_likes / args.mean_likes)
    n_posts = max(args.posts, n_accounts // 10)
    big = make_likes(n_accounts, n_posts, args.mean_likes, seed=2)
    dense_gib = n_accounts * n_posts / 2**30
    print(
        f"large: {n_accounts:,} accounts, {n_posts:,} posts, {len(big):,} likes "
        f"(the dense int8 matrix would need {dense_gib:,.1f} GiB)"
    )
    with empty_database() as gw:
        print(f"  (loaded into Neo4j in {load(gw, big, n_posts):.1f} s, not timed below)")
        summary, big_s = timed(lambda: detect_bins(gw, BinParams(relation="likes")))
    print(
        f"  graphcli detect bins: {big_s:.2f} s, {summary['bins']:,} bins "
        f"(server heap capped by GRAPHCLI_HEAP; the client holds no likes)"
    )
    if not same:
        raise SystemExit("the partitions differ")


if __name__ == "__main__":
    main()

"""Benchmark: identical-neighbourhood bins, graphcli (in Neo4j) against the original study's method.

The baseline builds the dense posts-by-accounts 0/1 matrix, transposes it and groups accounts by all
columns with pandas. Both run on the same generated likes in the same run; the script checks that
they give the same partition and prints time, peak memory and the ratio (``--mode shared``). Then
graphcli alone bins a large input (``--mode large``: 10M Zipf likes over 1M accounts and 150k posts
by default), loaded with ``neo4j-admin database import`` (load time printed, not counted). Needs the
managed Neo4j (GRAPHCLI_HOME / GRAPHCLI_BOLT_PORT ...), whose database it WIPES (and, in large
mode, replaces: the server is restarted for the import and left with an empty database).

    python bench/bins.py --mode shared --accounts 40000 --posts 8000
    python bench/bins.py --mode large
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from harness import HERE, empty_database, peak_mib, timed

from graphcli.cypher.connect import open_gateway
from graphcli.cypher.gateway import Gateway
from graphcli.cypher.queries import parse_query_file
from graphcli.cypher.schema import init_schema
from graphcli.detect.bins import BinParams, detect_bins
from graphcli.model.settings import Settings
from graphcli.server.bulk_import import import_full


def make_likes(n_accounts: int, n_posts: int, mean_likes: float, seed: int = 1) -> pd.DataFrame:
    """Likes with Zipf post popularity (exponent 1); about 2% of sets are copied to 2-20 accounts
    (planted bins). Vectorised, so 10M likes take seconds; rows are sorted by (account, post), distinct."""
    rng = np.random.default_rng(seed)
    cdf = np.cumsum(1 / np.arange(1, n_posts + 1))
    cdf /= cdf[-1]
    copies = np.where(rng.random(n_accounts) < 0.02, rng.integers(2, 21, size=n_accounts), 1)
    n_sources = int(np.searchsorted(np.cumsum(copies), n_accounts)) + 1
    source_of = np.repeat(np.arange(n_sources), copies[:n_sources])[:n_accounts]
    sizes = 1 + rng.poisson(mean_likes - 1, size=n_sources)
    source = np.repeat(np.arange(n_sources, dtype=np.int64), sizes)
    post = np.minimum(np.searchsorted(cdf, rng.random(len(source)), side="right"), n_posts - 1)
    # Distinct (source, post) pairs by sorting: np.unique is far slower on 10M values here.
    pairs = np.sort(source * n_posts + post)
    pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]]]
    source, post = pairs // n_posts, pairs % n_posts
    start = np.searchsorted(source, np.arange(n_sources))
    per_account = np.bincount(source, minlength=n_sources)[source_of]
    account = np.repeat(np.arange(n_accounts), per_account)
    within = np.arange(len(account)) - np.repeat(np.cumsum(per_account) - per_account, per_account)
    return pd.DataFrame({"account": account, "post": post[np.repeat(start[source_of], per_account) + within]})


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


def load(gw: Gateway, likes: pd.DataFrame, n_accounts: int, n_posts: int, batch: int = 50_000) -> float:
    """Create accounts a0.. and posts p0.. and the likes over Bolt, likes addressed by element id
    (no index look-ups); return the seconds it took. For a fresh database."""
    start = time.perf_counter()
    nodes = parse_query_file(HERE / "load_by_id.cypher")

    def create(label: str, prefix: str, n: int) -> np.ndarray:
        ids: list[str] = []
        for lo in range(0, n, batch):
            params = {"label": label, "prefix": prefix, "lo": lo, "hi": min(n, lo + batch)}
            ids += gw.run(nodes, params, access="write").rows[0]["ids"]
        return np.asarray(ids, dtype=object)

    account_ids = create("Account", "twitter:a", n_accounts)[likes["account"].to_numpy()]
    post_ids = create("Post", "twitter:p", n_posts)[likes["post"].to_numpy()]
    query = parse_query_file(HERE / "load_likes_by_id.cypher")
    for i in range(0, len(likes), batch):
        params = {"a": account_ids[i : i + batch].tolist(), "p": post_ids[i : i + batch].tolist()}
        gw.run(query, params, access="write")
    return time.perf_counter() - start


def import_likes(settings: Settings, likes: pd.DataFrame, n_accounts: int, n_posts: int) -> float:
    """Replace the managed server's database with accounts, posts and likes through neo4j-admin's
    offline importer (numbers as import ids, uids as properties); return the seconds it took."""
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="graphcli-bins-") as tmp:
        folder = Path(tmp)
        for name, prefix, n in (("Account", "twitter:a", n_accounts), ("Post", "twitter:p", n_posts)):
            uids = pd.DataFrame(
                {f":ID({name})": np.arange(n), "uid": prefix + pd.Series(np.arange(n)).astype(str)}
            )
            uids.to_csv(folder / f"{name}.csv", index=False)
        (folder / "likes_header.csv").write_text(":START_ID(Account),:END_ID(Post)\n")
        likes.to_csv(folder / "likes.csv", index=False, header=False)
        replace_database(
            settings,
            {"Account": [folder / "Account.csv"], "Post": [folder / "Post.csv"]},
            {"LIKED": [folder / "likes_header.csv", folder / "likes.csv"]},
        )
    return time.perf_counter() - start


def empty_by_import(settings: Settings) -> None:
    """Leave the server with an empty database: faster than deleting 10M likes in transactions."""
    with tempfile.TemporaryDirectory(prefix="graphcli-bins-") as tmp:
        header = Path(tmp) / "Account.csv"
        header.write_text(":ID(Account),uid\n")
        replace_database(settings, {"Account": [header]}, {})


def replace_database(
    settings: Settings, nodes: dict[str, list[Path]], relationships: dict[str, list[Path]]
) -> None:
    """Offline import (the server is stopped and started again), then graphcli's schema."""
    import_full(settings, nodes, relationships)
    with open_gateway(settings) as gw:
        init_schema(gw)


def shared_run(n_accounts: int, n_posts: int, mean_likes: float) -> bool:
    """Baseline and ours on the same likes; print both and the ratio; return whether they agree."""
    likes = make_likes(n_accounts, n_posts, mean_likes)
    print(
        f"shared size: {n_accounts:,} accounts x {n_posts:,} posts, {len(likes):,} likes "
        f"(dense int8 matrix {n_accounts * n_posts / 2**20:,.0f} MiB)",
        flush=True,
    )
    base, base_s = timed(lambda: baseline_partition(likes, n_posts))
    base_mib = peak_mib(lambda: baseline_partition(likes, n_posts))
    print(
        f"  baseline (dense matrix + pandas groupby): {base_s:8.2f} s, peak {base_mib:8.1f} MiB", flush=True
    )
    with empty_database() as gw:
        print(f"  (loaded into Neo4j in {load(gw, likes, n_accounts, n_posts):.1f} s, not timed below)")
        summary, ours_s = timed(lambda: detect_bins(gw, BinParams(relation="likes")))
        same = our_partition(gw, str(summary.run_id)) == base
        # The re-run replaces the first run's results; the server's JIT and caches are warm by then.
        ours_mib, again_s = timed(lambda: peak_mib(lambda: detect_bins(gw, BinParams(relation="likes"))))
    print(f"  graphcli detect bins, first run (in Neo4j): {ours_s:8.2f} s, peak {ours_mib:8.1f} MiB (client)")
    print(f"  graphcli detect bins, re-run:               {again_s:8.2f} s")
    print(
        f"  same partition: {same} ({len(base):,} bins of 2+); speed-up {base_s / ours_s:.1f}x "
        f"(first run), {base_s / again_s:.1f}x (re-run)"
    )
    return same


def large_run(n_accounts: int, n_posts: int, mean_likes: float, keep: bool = False) -> None:
    """Ours alone on a large input, imported offline into the managed server."""
    settings = Settings.load()
    likes, gen_s = timed(lambda: make_likes(n_accounts, n_posts, mean_likes, seed=2))
    dense_gib = n_accounts * n_posts / 2**30
    print(
        f"large: {n_accounts:,} accounts, {n_posts:,} posts, {len(likes):,} likes, generated in "
        f"{gen_s:.1f} s (the dense int8 matrix would need {dense_gib:,.0f} GiB)",
        flush=True,
    )
    print(f"  (imported into Neo4j in {import_likes(settings, likes, n_accounts, n_posts):.1f} s, not timed)")
    del likes
    try:
        with open_gateway(settings) as gw:
            for attempt in ("first run", "re-run"):
                summary, big_s = timed(lambda: detect_bins(gw, BinParams(relation="likes")))
                print(
                    f"  graphcli detect bins ({attempt}): {big_s:.2f} s, "
                    f"{summary.counts['bins']:,} bins of 2+, "
                    f"{summary.counts['accounts_binned']:,} accounts binned (the client holds no likes)",
                    flush=True,
                )
    finally:
        if not keep:
            empty_by_import(settings)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mode", choices=["shared", "large", "both"], default="both")
    parser.add_argument("--accounts", type=int, default=20_000, help="shared size: accounts")
    parser.add_argument("--posts", type=int, default=4_000, help="shared size: posts")
    parser.add_argument("--mean-likes", type=float, default=5.0, help="shared size: likes per account")
    parser.add_argument("--large-accounts", type=int, default=1_000_000)
    parser.add_argument("--large-posts", type=int, default=150_000)
    parser.add_argument("--large-mean-likes", type=float, default=10.5, help="10.5 gives about 10M likes")
    parser.add_argument("--keep", action="store_true", help="large mode: leave the large graph in Neo4j")
    args = parser.parse_args()

    same = True
    if args.mode in ("shared", "both"):
        same = shared_run(args.accounts, args.posts, args.mean_likes)
    if args.mode in ("large", "both"):
        large_run(args.large_accounts, args.large_posts, args.large_mean_likes, args.keep)
    if not same:
        raise SystemExit("the partitions differ")


if __name__ == "__main__":
    main()

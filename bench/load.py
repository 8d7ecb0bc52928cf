"""Loading benchmark: relationships per second through Bolt (batched), next to a naive baseline
measured in the same run (one transaction per row over the same connection), and optionally the
offline bulk import.

    GRAPHCLI_HOME=... python bench/load.py [--likes 100000] [--bulk] [--json]
    GRAPHCLI_HOME=... python bench/load.py --world SYNTH_FOLDER [--bulk] [--ceiling LIKES] [--json]
    python bench/load.py --parse SYNTH_FOLDER [--json]
    GRAPHCLI_HOME=... python bench/load.py --paths SYNTH_FOLDER [--workers 2] [--json]

WARNING: it wipes the database it is pointed at (the managed local server unless NEO4J_URI is set).
Input: Zipf-distributed likes (a few posts and accounts have most of them), generated in-process
as the pipeline's Row objects, so "end to end" here is counting/de-duplication + batching + writing.
With ``--world`` the input is a ``graphcli synth`` folder instead (e.g. ``--profile medium --formats
parquet``), read with the same readers as ``graphcli load auto``: end to end is parse + write, and the
naive baseline takes its rows evenly from every format in the folder. ``--ceiling`` then times the
server alone on likes of the loaded world (the client idle), from finding both ends to the likes pass
itself: the most any client could get through Bolt from this server.

``--parse`` (issue 16, nothing sent, no server needed) times the client alone on a synth folder, the
row path (``ReadOptions(columnar=False)``: one Row of dataclasses per input row) against the
columnar path (blocks read by pyarrow, orjson for JSON) in the same run: reading alone, and reading +
counting + de-duplicating + building the pass parameters. Rates are per CPU second of this process
(all its threads), which a busy shared machine disturbs less than wall time. ``--paths`` loads the
folder with ``load auto`` twice, row path in one process against columnar with ``--workers``
processes reading, and prints both wall times, the ratio and whether the graphs are equal.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from graphcli.cypher.connect import open_gateway
from graphcli.cypher.gateway import Gateway
from graphcli.cypher.queries import Query, load_query, parse_query_file
from graphcli.cypher.schema import database_stats, init_schema, wipe
from graphcli.loaders.batch import build_params
from graphcli.loaders.load import load_plans
from graphcli.loaders.options import ReadOptions
from graphcli.loaders.pipeline import load_rows
from graphcli.loaders.resolve import NameResolver
from graphcli.loaders.sources import LoadPlan, plan_load
from graphcli.loaders.writer import PASS_QUERY, WrittenNodes, batch_steps
from graphcli.model.records import Block, Engagement, Record, Row
from graphcli.model.settings import Settings

HERE = Path(__file__).resolve().parent


def zipf_likes(n: int, accounts: int, posts: int, seed: int = 7) -> list[Row]:
    """``n`` like rows; post and account popularity follow a Zipf law (exponent 1.1, truncated)."""
    rng = np.random.default_rng(seed)

    def zipf_ids(size: int, population: int) -> np.ndarray:
        ranks = np.arange(1, population + 1, dtype=float)
        weights = ranks**-1.1
        return rng.choice(population, size=size, p=weights / weights.sum())

    post_ids, account_ids = zipf_ids(n, posts), rng.permutation(accounts)[zipf_ids(n, accounts)]
    start = datetime(2022, 10, 1, tzinfo=UTC)
    minutes = rng.integers(0, 60 * 24 * 30, size=n)
    return [
        Row(
            "bench",
            i + 2,
            (
                Engagement(
                    "twitter",
                    "like",
                    str(post_ids[i]),
                    account_id=str(account_ids[i]),
                    observed_at=start + timedelta(minutes=int(minutes[i])),
                    source="bench",
                ),
            ),
        )
        for i in range(n)
    ]


def fresh(gw: Gateway) -> None:
    wipe(gw)
    init_schema(gw)


def relationships(gw: Gateway) -> int:
    return sum(database_stats(gw)["relationships"].values())


def rates(gw: Gateway, rows: int, started: float) -> dict[str, float]:
    """The figures of a load that began at ``started`` and just ended: rows read, relationships now in
    the database, seconds, relationships per second."""
    seconds = time.perf_counter() - started
    rels = relationships(gw)
    return {"rows": rows, "relationships": rels, "seconds": round(seconds, 2), "rel_per_s": rels / seconds}


def batched(gw: Gateway, rows: list[Row], batch_size: int) -> dict[str, float]:
    fresh(gw)
    started = time.perf_counter()
    summary = load_rows(gw, iter(rows), source="bench", files=[], format_name="bench", batch_size=batch_size)
    return rates(gw, summary.read, started)


class ParamsOnly:
    """A record sink that does the Bolt writer's client-side work (fold, resolve names, drop known nodes,
    build the pass parameters) and sends nothing: how fast the client alone could go."""

    def __init__(self) -> None:
        self.resolver, self.written = NameResolver(), WrittenNodes()

    def write(self, records: Sequence[Record | Block]) -> None:
        batch_steps(self.written.drop_known(build_params(records, self.resolver)))

    def close(self) -> None:
        pass


def client_only(gw: Gateway, rows: list[Row], batch_size: int) -> dict[str, float]:
    """The pipeline with :class:`ParamsOnly` as its sink (the run is still recorded as a LoadRun)."""
    fresh(gw)
    started = time.perf_counter()
    summary = load_rows(
        gw,
        iter(rows),
        source="bench",
        files=[],
        format_name="bench",
        batch_size=batch_size,
        writer=ParamsOnly(),
    )
    seconds = time.perf_counter() - started
    return {"rows": summary.read, "seconds": round(seconds, 2), "rows_per_s": summary.read / seconds}


def naive(gw: Gateway, rows: list[Row]) -> dict[str, float]:
    """One transaction per row, same queries (the writer's passes), same connection: the baseline."""
    fresh(gw)
    started = time.perf_counter()
    for row in rows:
        gw.write_together(batch_steps(build_params(row.records)))
    return rates(gw, len(rows), started)


def world_sample(plans: Sequence[LoadPlan], n: int) -> list[Row]:
    """About ``n`` rows for the naive baseline: the first ones of every file, in equal parts (the
    canonical tables start with accounts, which have no relationships)."""
    files = [(plan.reader, path) for plan in plans for path in plan.paths]
    per_file = max(1, n // len(files))
    sample: list[Row] = []
    for reader, path in files:
        rows = (r for r in reader.read(path, ReadOptions()) if isinstance(r, Row))
        sample += itertools.islice(rows, per_file)
    return sample


def world_load(
    gw: Gateway,
    plans: Sequence[LoadPlan],
    batch_size: int,
    bulk: Settings | None = None,
    fresh_path: bool = False,
) -> dict[str, float]:
    """``graphcli load auto FOLDER`` end to end (parse + write): over Bolt, or with ``bulk`` (the
    server's settings) as ``--bulk`` does: collect, import offline, restart (its phases timed; the
    collecting phase ends with the first message, which is the offline import's first step).
    ``fresh_path``: over Bolt, CREATE what the load knows to be new (the default of ``load auto`` into
    an empty database); without it every write MERGEs, as into a database that holds data."""
    fresh(gw)
    started = time.perf_counter()
    phases = BulkPhases(started)
    result = load_plans(
        gw, plans, ReadOptions(), batch_size=batch_size, bulk=bulk, messages=phases, fresh=fresh_path
    )
    figures = rates(gw, result.totals()["read"], started)
    if bulk is not None:
        figures.update(phases.seconds(result.bulk_seconds, result.import_stages))
    # A long run's figures as they come (stderr), in case it is stopped before the end.
    print(
        f"{'bulk' if bulk else 'fresh' if fresh_path else 'batched'}: {figures}", file=sys.stderr, flush=True
    )
    return figures


class BulkPhases:
    """Notes when a bulk load stops collecting: its first progress message is the offline import's."""

    def __init__(self, started: float) -> None:
        self.started = started
        self.collected: float | None = None

    def __call__(self, message: str) -> None:
        if self.collected is None and message.startswith("stopping"):
            self.collected = time.perf_counter()

    def seconds(self, steps: dict[str, float], stages: dict[str, float]) -> dict[str, float]:
        """Collecting (reading, validating, folding every record) and then each step of the import as
        :class:`graphcli.loaders.bulk.BulkResult` times it: ``csv`` (written while the server stops,
        ``stopping`` long), ``stop`` (waiting for it after the files), ``import``, ``start``,
        ``schema``; the importer's own stages as ``importer_<stage>``."""
        figures = {"collect_seconds": round((self.collected or self.started) - self.started, 2)}
        figures.update({f"{step}_seconds": value for step, value in steps.items()})
        figures.update({f"importer_{stage.replace(' ', '_')}_seconds": v for stage, v in stages.items()})
        return figures


def bulk(gw: Gateway, settings: Settings, rows: list[Row]) -> dict[str, float]:
    """Collect in memory, write CSVs, stop the server, neo4j-admin import, start it, restore schema."""
    from graphcli.loaders.bulk import BulkWriter, finish_bulk, require_empty

    fresh(gw)
    require_empty(gw)
    started = time.perf_counter()
    phases = BulkPhases(started)
    writer = BulkWriter()
    summary = load_rows(gw, iter(rows), source="bench", files=[], format_name="bench", writer=writer)
    with tempfile.TemporaryDirectory(prefix="graphcli-bench-", dir=settings.home) as workdir:
        done = finish_bulk(writer, gw, settings, Path(workdir), [summary], progress=phases)
    return {**rates(gw, summary.read, started), **phases.seconds(done.seconds, done.stages)}


def likes_pass_on_its_own_type() -> Query:
    """The Bolt writer's likes pass (``load/pass/liked``) as it is, but merging a relationship type of
    the benchmark's own, so that it creates instead of matching the likes already loaded."""
    query = load_query(PASS_QUERY["liked"])
    statements = tuple(s.replace(":LIKED]", ":BENCH_CEILING]") for s in query.statements)
    if statements == query.statements:
        raise RuntimeError(f"{query.path} no longer merges :LIKED; update the benchmark")
    return dataclasses.replace(query, statements=statements)


CEILING_STEPS = {
    "match": "only find both ends by uid (nothing written)",
    "create_bare": "CREATE the relationship, no properties",
    "create": "CREATE with the likes pass's three properties",
    "merge": "the likes pass itself (MERGE, ON CREATE / ON MATCH)",
}


def server_ceiling(gw: Gateway, likes: int, batch_size: int) -> dict[str, dict[str, float]]:
    """What the server alone does, with the client idle: the likes now in the graph, sent back in
    batches (parameters built before the clock starts) to queries that do less and less than the
    likes pass, each on its own disjoint slice and on a relationship type of its own, removed after."""
    sample = gw.run(parse_query_file(HERE / "ceiling_sample.cypher"), {"limit": likes}).rows
    slice_size = len(sample) // len(CEILING_STEPS)
    figures: dict[str, dict[str, float]] = {}
    for k, step in enumerate(CEILING_STEPS):
        if step == "merge":
            query = likes_pass_on_its_own_type()
        else:
            query = parse_query_file(HERE / f"ceiling_{step}.cypher")
        rows = sample[k * slice_size : (k + 1) * slice_size]
        started = time.perf_counter()
        for i in range(0, len(rows), batch_size):
            gw.run(query, {"liked": rows[i : i + batch_size]}, access="write")
        seconds = time.perf_counter() - started
        figures[step] = {"rows": len(rows), "seconds": round(seconds, 2), "rows_per_s": len(rows) / seconds}
    clear = parse_query_file(HERE / "ceiling_clear.cypher")
    while gw.run(clear, {"limit": 50_000}, access="write").rows[0]["deleted"]:
        pass
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--likes", type=int, default=100_000, help="like rows to load (default 100,000)")
    parser.add_argument("--accounts", type=int, default=50_000)
    parser.add_argument("--posts", type=int, default=2_000)
    parser.add_argument("--batch-size", type=int, default=10_000)
    parser.add_argument(
        "--baseline-rows", type=int, default=200, help="rows for the one-per-transaction baseline"
    )
    parser.add_argument(
        "--bulk", action="store_true", help="also time --bulk (stops and restarts the server)"
    )
    parser.add_argument(
        "--world", type=Path, help="load this `graphcli synth` folder end to end instead of generated likes"
    )
    parser.add_argument(
        "--ceiling",
        type=int,
        default=0,
        metavar="LIKES",
        help="with --world: after the Bolt load, time the server alone on LIKES of its likes",
    )
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="with --world: also load through the fresh-database path (CREATE what is new) and compare",
    )
    parser.add_argument(
        "--passes-ceiling",
        action="store_true",
        help="with --world: time the server alone on every pass of the Bolt load (parameters built first)",
    )
    parser.add_argument(
        "--rss",
        action="store_true",
        help="with --world: peak resident memory of a Bolt and a --bulk load, each in a child process",
    )
    parser.add_argument(
        "--rss-paths",
        default="bolt,bulk",
        help="with --rss: which loads to measure, of bolt, bulk and client (the Bolt client's work on the "
        "whole world with nothing sent, for a world too big to load over Bolt in the time at hand)",
    )
    parser.add_argument(
        "--only",
        choices=("bolt", "bulk", "client"),
        help="with --world: one load of the world this way (client: the Bolt client's work, nothing sent), "
        "its figures and this process's peak resident memory, nothing else",
    )
    parser.add_argument(
        "--parse", type=Path, metavar="SYNTH_FOLDER", help="time the client alone, row path vs columnar"
    )
    parser.add_argument(
        "--paths", type=Path, metavar="SYNTH_FOLDER", help="load auto end to end, row path vs columnar"
    )
    parser.add_argument("--workers", type=int, default=2, help="with --paths: reading processes (default 2)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    if args.parse:
        parsed = parse_figures(args.parse)
        if args.json:
            report(parsed, True)  # type: ignore[arg-type]
        else:
            report_parse(parsed)
        return
    settings = Settings.load()
    if args.only:
        report(only_main(settings, args), args.json)
        return
    if args.paths:
        paths = paths_figures(settings, args.paths, args.batch_size, args.workers)
        if args.json:
            report(paths, True)
        else:
            report_paths(paths)
        return
    if args.world:
        report(world_main(settings, args), args.json)
        return
    rows_started = time.perf_counter()
    rows = zipf_likes(args.likes, args.accounts, args.posts)
    generated = time.perf_counter() - rows_started
    runs: dict[str, dict[str, float]] = {}
    with open_gateway(settings) as gw:
        runs["naive"] = naive(gw, rows[: args.baseline_rows])
        runs["client_only"] = client_only(gw, rows, args.batch_size)
        runs["batched"] = batched(gw, rows, args.batch_size)
        if args.bulk:
            runs["bulk"] = bulk(gw, settings, rows)
        fresh(gw)
    add_ratios(runs)
    meta = {
        "likes": args.likes,
        "accounts": args.accounts,
        "posts": args.posts,
        "batch_size": args.batch_size,
        "generate_seconds": round(generated, 2),
    }
    report({**meta, **runs}, args.json)


def with_load(run: Callable[..., dict[str, float]], *args: Any, **kwargs: Any) -> dict[str, float]:
    """``run``'s figures with the machine's load average (1 minute) when it began and ended: the
    machine is shared, and a figure means little without it."""
    before = os.getloadavg()[0]
    figures = run(*args, **kwargs)
    return {**figures, "load_before": before, "load_after": os.getloadavg()[0]}


def world_main(settings: Settings, args: argparse.Namespace) -> dict[str, object]:
    """Naive, batched and (with --bulk) bulk loads of a synth folder; returns the figures."""
    plans, skipped = plan_load("auto", [args.world])
    runs: dict[str, dict[str, float]] = {}
    ceiling: dict[str, dict[str, float]] = {}
    with open_gateway(settings) as gw:
        runs["naive"] = naive(gw, world_sample(plans, args.baseline_rows))
        runs["batched"] = with_load(world_load, gw, plans, args.batch_size)
        if args.ceiling:
            ceiling = server_ceiling(gw, args.ceiling, args.batch_size)
        if args.fresh:
            runs["fresh"] = with_load(world_load, gw, plans, args.batch_size, fresh_path=True)
        if args.passes_ceiling:
            runs["passes_ceiling"] = with_load(passes_ceiling, gw, plans, args.batch_size)
            print(f"passes_ceiling: {runs['passes_ceiling']}", file=sys.stderr, flush=True)
        if args.bulk:
            runs["bulk"] = with_load(world_load, gw, plans, args.batch_size, bulk=settings)
        fresh(gw)
    add_ratios(runs)
    if args.rss:
        runs["peak_rss_mib"] = {}
        for path in args.rss_paths.split(","):
            runs["peak_rss_mib"][path] = peak_rss_mib(args, path)
            print(f"peak_rss_mib {path}: {runs['peak_rss_mib'][path]}", file=sys.stderr, flush=True)
    formats = {p.format: len(p.paths) for p in plans}
    figures: dict[str, object] = {
        "world": str(args.world),
        "formats": formats,
        "skipped": len(skipped),
        **runs,
    }
    if ceiling:
        figures["server_ceiling"] = ceiling
    return figures


# --- issue 16: the client alone, and end to end, row path vs columnar ----------------------------

# What --parse times: the files of a synth folder by group (glob under the folder).
PARSE_GROUPS = {
    "twarc2 tweets (JSONL)": ["twarc/search/*.jsonl"],
    "canonical CSV": ["canonical/*.csv"],
    "canonical Parquet": ["canonical/*.parquet"],
    "share tables": ["shares/*.csv"],
    "look-ups + Botometer": ["lookups/*", "botometer/*"],
    "look-up + Botometer tables (CSV)": ["lookups/*.csv", "botometer/*.csv"],
    "CrowdTangle": ["facebook/*.csv"],
    "pull folders (scraper CSVs)": ["scrape/*/CSVs/*.csv", "scrape/*/CSVs/*/*.csv"],
}


def parse_figures(world: Path) -> dict[str, dict[str, float]]:
    """Per group of files: rows read per CPU second by the row path and by the columnar path, for
    reading alone and for the client's whole work (nothing sent), with the ratios."""
    import orjson  # noqa: F401 - imported before any clock starts, like the readers' other modules
    import pyarrow.compute
    import pyarrow.csv
    import pyarrow.parquet

    from graphcli.loaders.formats import FORMATS, detect_format

    del pyarrow
    figures: dict[str, dict[str, float]] = {}
    for group, patterns in PARSE_GROUPS.items():
        paths = sorted(p for pattern in patterns for p in world.glob(pattern) if p.is_file())
        files = [(FORMATS[detect_format(p)[0]], p) for p in paths]
        if not files:
            continue
        row: dict[str, float] = {}
        for label, columnar in (("row", False), ("columnar", True)):
            options = ReadOptions(columnar=columnar)
            rows, records, seconds = read_only(files, options)
            row[f"{label}_rows_per_s"] = rows / seconds
            if group.startswith("twarc2"):
                row[f"{label}_tweets_per_s"] = tweets_in(files) / seconds
            row[f"{label}_client_rows_per_s"] = rows / client_seconds(files, options)
            row["rows"], row["records"] = rows, records
        row["read_ratio"] = round(row["columnar_rows_per_s"] / row["row_rows_per_s"], 1)
        row["client_ratio"] = round(row["columnar_client_rows_per_s"] / row["row_client_rows_per_s"], 1)
        figures[group] = row
    return figures


def read_only(files: Sequence[tuple[object, Path]], options: ReadOptions) -> tuple[int, int, float]:
    """(input rows, records, CPU seconds) to read the files."""
    from graphcli.loaders.parallel import Readers
    from graphcli.model.records import Block, Blocks

    rows = records = 0
    started = time.process_time()
    for item in Readers().read(files, options, lambda path, reason: None):  # type: ignore[arg-type]
        if isinstance(item, Block):
            rows += len(dict.fromkeys(item.lines))
            records += len(item)
        elif isinstance(item, Blocks):
            rows += len(item.lines())
            records += len(item)
        else:
            rows += 1
            records += len(item.records) if isinstance(item, Row) else 0
    return rows, records, time.process_time() - started


def client_seconds(files: Sequence[tuple[object, Path]], options: ReadOptions) -> float:
    """CPU seconds to read the files and do all the pipeline's work on them (count, check,
    de-duplicate, build each batch's pass parameters), sending nothing."""
    from graphcli.loaders.parallel import Readers
    from graphcli.loaders.pipeline import LoadSummary, _Counter
    from graphcli.model.records import Block, Blocks, Reject

    summary = LoadSummary(run_id="bench", source="bench", format="bench", files=len(files))
    counter = _Counter(summary, ParamsOnly(), 10_000, None, None)
    started = time.process_time()
    for item in Readers().read(files, options, lambda path, reason: None):  # type: ignore[arg-type]
        if isinstance(item, Block | Blocks):
            for _ in counter.block(item) if isinstance(item, Block) else counter.blocks(item):
                counter.reject()
        elif (isinstance(item, Row) and isinstance(counter.row(item), Reject)) or isinstance(item, Reject):
            counter.reject()
    counter.flush()
    seconds = time.process_time() - started
    if not summary.reconciles:
        raise RuntimeError(f"the counts do not reconcile: {summary}")
    return seconds


def tweets_in(files: Sequence[tuple[object, Path]]) -> int:
    """The tweets in the twarc2 pages' ``data`` (counted outside the clock)."""
    tweets = 0
    for _, path in files:
        with path.open("rb") as handle:
            tweets += sum(len(json.loads(line).get("data") or []) for line in handle if line.strip())
    return tweets


def paths_figures(settings: Settings, world: Path, batch_size: int, workers: int) -> dict[str, object]:
    """``load auto`` of the folder end to end: the row path in one process, then columnar with
    ``workers`` reading processes; wall seconds, the ratio, and whether both gave the same graph."""
    sys.path.insert(0, str(HERE.parent))  # the tests' graph fingerprint
    from tests.fingerprint import content_fingerprint

    plans, _ = plan_load("auto", [world])
    runs: dict[str, dict[str, float]] = {}
    prints = {}
    with open_gateway(settings) as gw:
        for name, options, processes in (
            ("row_path", ReadOptions(columnar=False), 1),
            ("columnar", ReadOptions(), workers),
        ):
            fresh(gw)
            started, cpu = time.perf_counter(), time.process_time()
            result = load_plans(gw, plans, options, batch_size=batch_size, workers=processes)
            seconds = time.perf_counter() - started
            cpu = time.process_time() - cpu
            runs[name] = {
                "rows": result.totals()["read"],
                "workers": processes,
                "seconds": round(seconds, 1),
                "rows_per_s": result.totals()["read"] / seconds,
                # this process's CPU (counting, folding, the writer thread's driver work; not the
                # reading workers): the rest of the wall time it waited, mostly for the server
                "client_cpu_seconds": round(cpu, 1),
            }
            prints[name] = content_fingerprint(gw)
        fresh(gw)
    return {
        "world": str(world),
        **runs,
        "ratio": round(runs["row_path"]["seconds"] / runs["columnar"]["seconds"], 1),
        "same_graph": prints["row_path"] == prints["columnar"],
    }


def report_parse(figures: dict[str, dict[str, float]]) -> None:
    print("client only, nothing sent; input rows per CPU second (row path -> columnar = ratio)")
    for group, r in figures.items():
        print(
            f"  {group:24} {r['rows']:>9,.0f} rows  read {r['row_rows_per_s']:>9,.0f} -> "
            f"{r['columnar_rows_per_s']:>9,.0f} = {r['read_ratio']:>4}x   read+count+fold "
            f"{r['row_client_rows_per_s']:>9,.0f} -> {r['columnar_client_rows_per_s']:>9,.0f} = "
            f"{r['client_ratio']:>4}x"
        )
        if "row_tweets_per_s" in r:
            print(
                f"  {'':24} {'':15} tweets/s {r['row_tweets_per_s']:>9,.0f} -> "
                f"{r['columnar_tweets_per_s']:>9,.0f}"
            )


def report_paths(figures: dict[str, object]) -> None:
    for name in ("row_path", "columnar"):
        r = figures[name]
        assert isinstance(r, dict)
        print(
            f"load auto, {name:9} ({r['workers']} reading process(es)): {r['rows']:>9,.0f} rows in "
            f"{r['seconds']:>7.1f}s = {r['rows_per_s']:>7,.0f} rows/s; this process busy "
            f"{r['client_cpu_seconds']:>6.1f}s"
        )
    print(f"columnar vs row path: {figures['ratio']}x; same graph: {figures['same_graph']}")


def add_ratios(runs: dict[str, dict[str, float]]) -> None:
    """Each fast path's rate against the naive baseline, bulk's and the fresh path's against batched
    Bolt (MERGE), and batched Bolt's against the server alone on the same passes."""
    for name in ("batched", "fresh", "bulk"):
        if name in runs:
            runs[name]["ratio_to_naive"] = round(runs[name]["rel_per_s"] / runs["naive"]["rel_per_s"], 1)
    for name in ("fresh", "bulk"):
        if name in runs:
            runs[name]["ratio_to_batched"] = round(runs[name]["rel_per_s"] / runs["batched"]["rel_per_s"], 2)
    if "passes_ceiling" in runs:
        runs["batched"]["share_of_ceiling"] = round(
            runs["passes_ceiling"]["seconds"] / runs["batched"]["seconds"], 2
        )


class CapturedPasses:
    """A record sink that does the Bolt writer's client work (MERGE passes, one name resolver for the
    whole load) and keeps each batch's steps pickled instead of sending them: replayed later with the
    client idle, they time the server alone on exactly the passes a load sends."""

    def __init__(self, resolver: NameResolver) -> None:
        self.resolver, self.written = resolver, WrittenNodes()
        self.batches: list[bytes] = []

    def write(self, records: Sequence[Record | Block]) -> None:
        steps = batch_steps(self.written.drop_known(build_params(records, self.resolver)))
        if steps:
            self.batches.append(pickle.dumps(steps, protocol=pickle.HIGHEST_PROTOCOL))

    def close(self) -> None:
        pass


def passes_ceiling(gw: Gateway, plans: Sequence[LoadPlan], batch_size: int) -> dict[str, float]:
    """The server's own time for the passes of a whole (MERGE) load: every batch's parameters built
    and kept first (untimed), then sent one transaction per batch into an empty database, each batch
    unpickled just before it is sent (a few ms against the server's second or so)."""
    fresh(gw)
    resolver = NameResolver()
    captured: list[CapturedPasses] = []
    for plan in plans:
        sink = CapturedPasses(resolver)
        rows = (r for path in plan.paths for r in plan.reader_of(path).read(path, ReadOptions()))
        load_rows(
            gw, rows, source="bench", files=[], format_name=plan.format, batch_size=batch_size, writer=sink
        )
        sink.written = WrittenNodes()  # free what the client kept; the steps are all that is needed
        captured.append(sink)
    fresh(gw)
    gw.write("db/init")
    started = time.perf_counter()
    for sink in captured:
        for blob in sink.batches:
            gw.write_together(pickle.loads(blob))
    seconds = time.perf_counter() - started
    rels = relationships(gw)
    return {"relationships": rels, "seconds": round(seconds, 2), "rel_per_s": rels / seconds}


def peak_rss_mib(args: argparse.Namespace, path: str) -> float:
    """Peak resident memory (MiB) of a child process that loads the world one way (``bolt``: load auto
    into an empty database, ``bulk``: with --bulk, ``client``: the Bolt client's work, nothing sent),
    everything else of this script left out. The child's own peak (``RUSAGE_SELF``), not its
    children's: a bulk load runs neo4j-admin, whose JVM is not the client's memory."""
    command = [sys.executable, __file__, "--world", str(args.world), "--only", path, "--json"]
    proc = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)
    if proc.returncode:
        raise SystemExit(f"{' '.join(command)} failed ({proc.returncode})")
    return float(json.loads(proc.stdout)[path]["peak_rss_mib"])


def only_main(settings: Settings, args: argparse.Namespace) -> dict[str, object]:
    """One load of the world, for :func:`peak_rss_mib`."""
    plans, _ = plan_load("auto", [args.world])
    with open_gateway(settings) as gw:
        if args.only == "client":
            figures = world_client(gw, plans, args.batch_size)
        else:
            figures = world_load(
                gw, plans, args.batch_size, bulk=settings if args.only == "bulk" else None, fresh_path=True
            )
        fresh(gw)
    # This process's own peak (Linux: KiB), not that of the neo4j-admin it ran.
    figures["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return {args.only: figures}


def world_client(gw: Gateway, plans: Sequence[LoadPlan], batch_size: int) -> dict[str, float]:
    """The Bolt writer's client work on every file of the world (read, check, de-duplicate, fold, build
    each batch's parameters; :class:`ParamsOnly`), nothing sent: what a Bolt load holds in memory
    besides the batch in flight. The runs are recorded as LoadRuns, so the database must be empty."""
    fresh(gw)
    started = time.perf_counter()
    sink, read = ParamsOnly(), 0
    for plan in plans:
        rows = (r for path in plan.paths for r in plan.reader_of(path).read(path, ReadOptions()))
        summary = load_rows(
            gw, rows, source="bench", files=[], format_name=plan.format, batch_size=batch_size, writer=sink
        )
        read += summary.read
    seconds = time.perf_counter() - started
    return {"rows": read, "seconds": round(seconds, 2), "rows_per_s": read / seconds}


def report(figures: dict[str, object], as_json: bool) -> None:
    """Print the figures as JSON, or one line per run."""
    if as_json:
        json.dump(figures, sys.stdout, indent=2)
        print()
        return
    for name, r in figures.items():
        if not isinstance(r, dict) or "seconds" not in r:
            continue
        if name == "client_only":
            print(f"{name:8} {r['rows']:>9,.0f} rows folded, nothing sent, in {r['seconds']:>7.2f}s")
            continue
        ratio = f"  ({r['ratio_to_naive']}x naive)" if "ratio_to_naive" in r else ""
        if "ratio_to_batched" in r:
            ratio += f"  ({r['ratio_to_batched']}x batched MERGE)"
        if "share_of_ceiling" in r:
            ratio += f"  ({r['share_of_ceiling']:.0%} of the server alone on the same passes)"
        print(
            f"{name:8} {r['relationships']:>9,.0f} relationships in {r['seconds']:>7.2f}s = "
            f"{r['rel_per_s']:>9,.0f} rel/s{ratio}"
        )
    rss = figures.get("peak_rss_mib")
    if isinstance(rss, dict):
        print("peak resident memory of the client: " + ", ".join(f"{k} {v:,.0f} MiB" for k, v in rss.items()))
    ceiling = figures.get("server_ceiling")
    if isinstance(ceiling, dict):
        print("server alone, on likes already loaded (client idle, batches built beforehand):")
        for step, r in ceiling.items():
            print(f"  {CEILING_STEPS[step]:52} {r['rows_per_s']:>9,.0f} rows/s")


if __name__ == "__main__":
    main()

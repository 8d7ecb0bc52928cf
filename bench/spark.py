"""Benchmark: co-sharing on Apache Spark (local[2]) against the in-process engine, and inputs too big
for one process.

``world``: the shares of a synth world's canonical ``shares.parquet`` (``graphcli synth DIR --profile
large --formats parquet``), every kind in turn (or a plain account, object, t table such as ``scale``
writes, as links), every candidate edge kept (min participation 1,
percentile 0, no chance test) so both engines must return the same full edge list. Each engine runs in
a child process whose process tree (Python, and Spark's JVM) is sampled for its peak resident memory.
Neo4j is not involved: both engines start from the same table (the in-process engine reads it with
pyarrow; in production it reads Neo4j, see docs/benchmarks.md for that cost).

``scale``: Zipf-popular shares (exponent 1.1 over n/10 objects, n/20 accounts, a month of time per
million shares so an object's share rate stays the same as n grows) written as Parquet in chunks of
5M rows, then Spark local[2] with bounded driver memory at default settings (window 60 s, percentile
0.95, alpha 0.05); time, peak memory of the process tree and of Spark's spill folder, per size.

    cd bench && python spark.py world /work/bench-spark/large/canonical/shares.parquet
    cd bench && python spark.py world /work/bench-spark/zipf/zipf-1000000
    cd bench && python spark.py scale --sizes 5000000,10000000,20000000 --dir /work/bench-spark/zipf
    cd bench && python spark.py in-process /work/bench-spark/zipf/zipf-10000000 --memory-cap-gib 16

``in-process``: the in-process engine alone on a ``scale`` input, under an address-space cap, so an input
it cannot hold ends in a MemoryError in the bench rather than in the machine's out-of-memory killer.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from graphcli.detect import spark_engine
from graphcli.detect.cosharing import CosharingParams, coordinated_edges
from graphcli.model.records import SHARE_KINDS

T0 = 1_700_000_000
MONTH = 30 * 24 * 3600
CHUNK = 5_000_000
EPOCH = pd.Timestamp(0, tz="UTC")
EVERY_EDGE = {"window": 60, "min_participation": 1, "edge_percentile": 0.0, "alpha": 1.0}
DEFAULTS = {"window": 60}  # what `detect cosharing` does unasked: min participation 2, the chance test
SETTINGS = {"every-edge": EVERY_EDGE, "default": DEFAULTS}


def tree_rss_mib(root: int) -> float:
    """Resident memory of a process and all its descendants, in MiB (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/statm") as f:
                total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            continue
    return total / 2**20


def dir_mib(path: Path) -> float:
    total = 0
    for folder, _, files in os.walk(path):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(folder, name))
            except OSError:
                continue
    return total / 2**20


@contextmanager
def peaks(pid: int, spill: Path | None = None) -> Iterator[dict[str, float]]:
    """Sample the process tree's memory (and the spill folder's size) every half second."""
    found = {"rss_mib": 0.0, "spill_mib": 0.0}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            found["rss_mib"] = max(found["rss_mib"], tree_rss_mib(pid))
            if spill is not None:
                found["spill_mib"] = max(found["spill_mib"], dir_mib(spill))
            done.wait(0.5)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield found
    finally:
        done.set()
        thread.join()


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


# ------------------------------------------------------------------ world: both engines, same edges


def world_child(engine: str, table: str, out: str, settings: str = "every-edge", kinds: str = "") -> None:
    """One engine over the kinds of ``table`` (``kinds``: comma-separated, empty for all); the edges go
    to ``out`` (Parquet), timings and candidate edges per kind to stdout. The in-process engine runs
    under an address-space limit (``BENCH_MEMORY_CAP_GIB``), so an input it cannot hold ends in a
    MemoryError here instead of the machine's out-of-memory killer choosing a process."""
    chosen_settings = SETTINGS[settings]
    wanted = [k for k in kinds.split(",") if k] or list(SHARE_KINDS)
    seconds: dict[str, float] = {}
    candidates: dict[str, int] = {}
    frames = []
    if engine == "in-process" and os.environ.get("BENCH_MEMORY_CAP_GIB"):
        cap = int(float(os.environ["BENCH_MEMORY_CAP_GIB"]) * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    if engine == "in-process" and "account" in pq.read_schema(_first_file(table)).names:
        frame = pq.read_table(table, columns=["account", "object", "t"]).to_pandas()  # plain: one kind
        params = CosharingParams(kind="link", **chosen_settings)  # type: ignore[arg-type]
        chosen, seconds["link"] = timed(lambda: coordinated_edges(frame, params, 60.0))
        candidates["link"] = chosen.candidates
        frames.append(chosen.edges.assign(kind="link"))
    elif engine == "in-process":
        shares = pq.read_table(
            table,
            columns=["platform", "account_id", "kind", "key", "at"],
            filters=[("kind", "in", wanted)],
        ).to_pandas()
        for kind in wanted:
            of_kind = shares[shares["kind"] == kind]
            if of_kind.empty:
                continue
            frame = pd.DataFrame(
                {
                    "account": of_kind["platform"] + ":" + of_kind["account_id"],
                    "object": kind + ":" + of_kind["key"],
                    "t": (pd.to_datetime(of_kind["at"], utc=True) - EPOCH) // pd.Timedelta(seconds=1),
                }
            )
            params = CosharingParams(kind=kind, **chosen_settings)  # type: ignore[arg-type]
            chosen, seconds[kind] = timed(partial(coordinated_edges, frame, params, 60.0))
            candidates[kind] = chosen.candidates
            frames.append(chosen.edges.assign(kind=kind))
    else:
        options = spark_engine.SparkOptions(master="local[2]", input=table, conf=SPARK_CONF)
        plain = "account" in pq.read_schema(_first_file(table)).names
        with spark_engine.spark_session(options) as spark:
            for kind in ("link",) if plain else wanted:
                params = CosharingParams(kind=kind, **chosen_settings)  # type: ignore[arg-type]

                def run(p: CosharingParams = params) -> Any:
                    shares = spark_engine.read_shares(spark, options, p)
                    return spark_engine.select_edges(shares, p, 60.0)

                chosen, seconds[kind] = timed(run)
                candidates[kind] = chosen.candidates
                if chosen.candidates:
                    frames.append(chosen.edges.assign(kind=kind))
                print(f"    {kind}: {seconds[kind]:.1f} s", file=sys.stderr, flush=True)
    edges = pd.concat(frames, ignore_index=True)
    edges.sort_values(["kind", "source", "target"], ignore_index=True).to_parquet(out)
    print(json.dumps({"seconds": seconds, "edges": len(edges), "candidates": candidates}))


def _first_file(table: str) -> str:
    path = Path(table)
    return str(next(iter(sorted(path.glob("*.parquet")))) if path.is_dir() else path)


def world(
    table: str, workdir: Path, settings: str = "every-edge", cap_gib: float = 8.0, kinds: str = ""
) -> None:
    """Spark over every kind in one session, then the in-process engine one kind per process (under a
    memory cap of ``cap_gib``); per kind: time, peak memory, candidate edges, and whether the kept edges
    are the same."""
    workdir.mkdir(parents=True, exist_ok=True)
    n = (
        pq.read_metadata(_first_file(table)).num_rows
        if not Path(table).is_dir()
        else sum(pq.read_metadata(f).num_rows for f in Path(table).glob("*.parquet"))
    )
    what = {
        "every-edge": "every candidate edge kept (window 60 s, min participation 1)",
        "default": "default settings (window 60 s, min participation 2, the chance test)",
    }
    print(f"{n:,} shares in {table}; {what[settings]}")
    out = workdir / "edges-spark.parquet"
    report, wall, peak = _child(["_world_child", "spark", table, str(out), settings, kinds])
    print(
        f"  spark local[2] (driver memory {SPARK_CONF['spark.driver.memory']}): "
        f"{sum(report['seconds'].values()):7.1f} s computing ({wall:6.1f} s with start-up and reading), "
        f"peak memory {peak['rss_mib']:7,.0f} MiB, {report['edges']:,} edges"
    )
    spark_edges = pd.read_parquet(out)
    plain = "account" in pq.read_schema(_first_file(table)).names
    os.environ["BENCH_MEMORY_CAP_GIB"] = str(cap_gib)
    agree = True
    for kind in ("link",) if plain else [k for k in SHARE_KINDS if k in report["seconds"]]:
        line = (
            f"    {kind:10s}: spark {report['seconds'][kind]:7.1f} s, "
            f"{report['candidates'][kind]:>11,} candidates"
        )
        mine = workdir / f"edges-in-process-{kind}.parquet"
        try:
            theirs, m_wall, m_peak = _child(["_world_child", "in-process", table, str(mine), settings, kind])
        except SystemExit:
            print(f"{line}; in-process: could not hold it (failed under a {cap_gib:g} GiB memory cap)")
            continue
        a = pd.read_parquet(mine)
        b = spark_edges[spark_edges["kind"] == kind].reset_index(drop=True)
        same = a.equals(b) and theirs["candidates"][kind] == report["candidates"][kind]
        agree = agree and same
        print(
            f"{line}; in-process {theirs['seconds'][kind]:7.1f} s ({m_wall:.0f} s with reading), "
            f"peak {m_peak['rss_mib']:7,.0f} MiB; {len(a):,} kept edges, "
            f"same candidates and kept edges: {same}"
        )
    if not agree:
        raise SystemExit("the engines disagree")


# ------------------------------------------------------------------ scale: inputs beyond one process

SPARK_CONF = {
    "spark.driver.memory": "3g",
    "spark.sql.shuffle.partitions": "16",
    "spark.sql.session.timeZone": "UTC",
}


def write_zipf(n: int, folder: Path, seed: int = 5) -> None:
    """``n`` shares (account, object, t) as Parquet files of CHUNK rows, never all in memory."""
    if folder.exists() and sum(pq.ParquetFile(f).metadata.num_rows for f in folder.glob("*.parquet")) == n:
        return
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rng = np.random.default_rng(seed)
    n_objects, n_accounts = max(n // 10, 10), max(n // 20, 10)
    cdf = np.cumsum(1 / np.arange(1, n_objects + 1) ** 1.1)
    cdf /= cdf[-1]
    span = MONTH * max(n // 1_000_000, 1)
    for i, start in enumerate(range(0, n, CHUNK)):
        size = min(CHUNK, n - start)
        objects = np.searchsorted(cdf, rng.random(size))
        table = pa.table(
            {
                "account": pa.array(np.char.add("twitter:a", rng.integers(0, n_accounts, size).astype(str))),
                "object": pa.array(np.char.add("link:o", objects.astype(str))),
                "t": pa.array(T0 + rng.integers(0, span, size), type=pa.int64()),
            }
        )
        pq.write_table(table, folder / f"part-{i:04d}.parquet")


def where_time_goes(events: Path) -> dict[str, dict[str, float]]:
    """Per job description (see ``select_edges``): wall seconds of its jobs, task seconds, and the bytes
    its stages spilled (memory and disk) and shuffled, from Spark's event log."""
    described: dict[int, str] = {}
    job_start: dict[int, tuple[str, float]] = {}
    out: dict[str, dict[str, float]] = {}
    wanted = {
        "internal.metrics.executorRunTime": "task_s",
        "internal.metrics.memoryBytesSpilled": "spilled_memory_mib",
        "internal.metrics.diskBytesSpilled": "spilled_disk_mib",
        "internal.metrics.shuffle.write.bytesWritten": "shuffle_write_mib",
    }
    for log in sorted(events.iterdir()):
        for line in log.open():
            event = json.loads(line)
            kind = event["Event"]
            if kind == "SparkListenerJobStart":
                what = (event.get("Properties") or {}).get("spark.job.description") or "reading, counting"
                job_start[event["Job ID"]] = (what, event["Submission Time"])
                for stage in event["Stage IDs"]:
                    described[stage] = what
            elif kind == "SparkListenerJobEnd" and event["Job ID"] in job_start:
                what, began = job_start[event["Job ID"]]
                row = out.setdefault(what, dict.fromkeys(["wall_s", *wanted.values()], 0.0))
                row["wall_s"] += (event["Completion Time"] - began) / 1000
            elif kind == "SparkListenerStageCompleted":
                info = event["Stage Info"]
                row = out.setdefault(
                    described.get(info["Stage ID"], "?"), dict.fromkeys(["wall_s", *wanted.values()], 0.0)
                )
                for acc in info.get("Accumulables", []):
                    name = wanted.get(acc.get("Name", ""))
                    if name:
                        scale = 1000 if name == "task_s" else 2**20
                        row[name] += float(acc["Value"]) / scale
    return out


def scale_child(folder: str, spill: str) -> None:
    events = Path(spill).parent / "events"
    shutil.rmtree(events, ignore_errors=True)
    events.mkdir(parents=True)
    conf = {
        **SPARK_CONF,
        "spark.local.dir": spill,
        "spark.eventLog.enabled": "true",
        "spark.eventLog.dir": str(events),
    }
    options = spark_engine.SparkOptions(master="local[2]", input=folder, conf=conf)
    params = CosharingParams(kind="link", window=60)
    with spark_engine.spark_session(options) as spark:
        shares = spark_engine.read_shares(spark, options, params)
        n, read_s = timed(shares.count)
        chosen, select_s = timed(lambda: spark_engine.select_edges(shares, params, 60.0))
    chosen.edges.to_parquet(Path(folder).parent / "kept-spark.parquet")
    print(
        json.dumps(
            {
                "shares": n,
                "read_s": read_s,
                "select_s": select_s,
                "candidates": chosen.candidates,
                "kept": len(chosen.edges),
                "weight_cut": chosen.weight_cut,
                "steps": where_time_goes(events),
            }
        )
    )


def scale_memory_child(folder: str) -> None:
    """The in-process engine on the same table and settings as ``scale_child`` (for time, memory and the
    same kept edges), under ``BENCH_MEMORY_CAP_GIB`` when set (see ``world_child``)."""
    if os.environ.get("BENCH_MEMORY_CAP_GIB"):
        cap = int(float(os.environ["BENCH_MEMORY_CAP_GIB"]) * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    params = CosharingParams(kind="link", window=60)
    frame, read_s = timed(lambda: pq.read_table(folder, columns=["account", "object", "t"]).to_pandas())
    chosen, select_s = timed(lambda: coordinated_edges(frame, params, 60.0))
    edges = chosen.edges.sort_values(["source", "target"], ignore_index=True)
    edges.to_parquet(Path(folder).parent / "kept-in-process.parquet")
    print(
        json.dumps(
            {
                "shares": len(frame),
                "read_s": read_s,
                "select_s": select_s,
                "candidates": chosen.candidates,
                "kept": len(edges),
            }
        )
    )


def _child(args: list[str], spill: Path | None = None) -> tuple[dict[str, Any], float, dict[str, float]]:
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE, text=True)
    with peaks(child.pid, spill) as peak:
        stdout, _ = child.communicate()
    if child.returncode:
        raise SystemExit(f"{args[0]} failed")
    return json.loads(stdout.strip().splitlines()[-1]), time.perf_counter() - start, peak


def scale(sizes: list[int], workdir: Path, in_process: bool = False) -> None:
    print(f"Spark local[2], driver memory {SPARK_CONF['spark.driver.memory']}, default settings")
    for n in sizes:
        folder = workdir / f"zipf-{n}"
        _, gen_s = timed(partial(write_zipf, n, folder))
        spill = workdir / "spill"
        shutil.rmtree(spill, ignore_errors=True)
        spill.mkdir(parents=True)
        start = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, __file__, "_scale_child", str(folder), str(spill)],
            stdout=subprocess.PIPE,
            text=True,
        )
        with peaks(child.pid, spill) as peak:
            stdout, _ = child.communicate()
        wall = time.perf_counter() - start
        if child.returncode:
            raise SystemExit(f"spark failed on {n:,} shares")
        r = json.loads(stdout.strip().splitlines()[-1])
        if in_process:
            m, m_wall, m_peak = _child(["_scale_memory_child", str(folder)])
            print(
                f"  {m['shares']:>12,} shares in-process: {m_wall:7.1f} s in all (read {m['read_s']:.1f} s, "
                f"pairs + selection {m['select_s']:.1f} s), peak memory {m_peak['rss_mib']:,.0f} MiB; "
                f"{m['candidates']:,} candidate edges, {m['kept']:,} kept"
            )
            same = pd.read_parquet(workdir / "kept-spark.parquet").equals(
                pd.read_parquet(workdir / "kept-in-process.parquet")
            )
            print(f"  same kept edges (every column): {same}")
        print(
            f"  {r['shares']:>12,} shares: {wall:7.1f} s in all (count {r['read_s']:.1f} s, "
            f"pairs + selection {r['select_s']:.1f} s), {r['shares'] / wall:9,.0f} shares/s; "
            f"peak memory {peak['rss_mib']:,.0f} MiB, spill folder peak {peak['spill_mib']:,.0f} MiB; "
            f"{r['candidates']:,} candidate edges, {r['kept']:,} kept (weight >= {r['weight_cut']:g}); "
            f"input written in {gen_s:.0f} s"
        )
        for what, row in r["steps"].items():
            print(
                f"      {what:45s} {row['wall_s']:7.1f} s wall, {row['task_s']:7.1f} s in tasks, "
                f"shuffle written {row['shuffle_write_mib']:8,.0f} MiB, spilled "
                f"{row['spilled_memory_mib']:8,.0f} MiB from memory / "
                f"{row['spilled_disk_mib']:7,.0f} MiB on disk"
            )


def in_process(folder: Path, cap_gib: float) -> None:
    """The in-process engine alone on a ``scale`` input, under an address-space cap: does it hold it?"""
    n = sum(pq.read_metadata(f).num_rows for f in folder.glob("*.parquet"))
    os.environ["BENCH_MEMORY_CAP_GIB"] = str(cap_gib)
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, __file__, "_scale_memory_child", str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    with peaks(child.pid) as peak:
        stdout, stderr = child.communicate()
    wall = time.perf_counter() - start
    if child.returncode:
        last = (stderr.strip().splitlines() or ["(nothing on stderr)"])[-1]
        print(
            f"  {n:>12,} shares in-process: could not hold it under a {cap_gib:g} GiB memory cap "
            f"(after {wall:.0f} s, peak memory {peak['rss_mib']:,.0f} MiB): {last}"
        )
        return
    m = json.loads(stdout.strip().splitlines()[-1])
    print(
        f"  {m['shares']:>12,} shares in-process: {wall:7.1f} s in all (read {m['read_s']:.1f} s, "
        f"pairs + selection {m['select_s']:.1f} s), peak memory {peak['rss_mib']:,.0f} MiB; "
        f"{m['candidates']:,} candidate edges, {m['kept']:,} kept"
    )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_world_child":
        world_child(*sys.argv[2:7])
        return
    if len(sys.argv) > 1 and sys.argv[1] == "_scale_memory_child":
        scale_memory_child(sys.argv[2])
        return
    if len(sys.argv) > 1 and sys.argv[1] == "_scale_child":
        scale_child(*sys.argv[2:4])
        return
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="what", required=True)
    w = sub.add_parser("world", help="both engines on a synth world's canonical shares.parquet")
    w.add_argument("table")
    w.add_argument("--dir", type=Path, default=Path("spark-bench"))
    w.add_argument("--settings", choices=sorted(SETTINGS), default="every-edge")
    w.add_argument("--memory-cap-gib", type=float, default=8.0, help="for the in-process engine")
    w.add_argument("--kinds", default="", help="comma-separated share kinds (default: all)")
    s = sub.add_parser("scale", help="Spark alone on Zipf inputs of growing size")
    s.add_argument("--sizes", default="5000000,10000000,20000000")
    s.add_argument("--dir", type=Path, default=Path("spark-bench"))
    s.add_argument("--in-process", action="store_true", help="the in-process engine too, on each size")
    i = sub.add_parser("in-process", help="the in-process engine alone on a scale input, under a memory cap")
    i.add_argument("folder", type=Path)
    i.add_argument("--memory-cap-gib", type=float, default=16.0)
    args = parser.parse_args()
    if args.what == "in-process":
        in_process(args.folder, args.memory_cap_gib)
    elif args.what == "world":
        world(args.table, args.dir, args.settings, args.memory_cap_gib, args.kinds)
    else:
        scale([int(x) for x in args.sizes.split(",")], args.dir, args.in_process)


if __name__ == "__main__":
    main()

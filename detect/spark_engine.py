"""Co-sharing and bins on Apache Spark (``--engine spark``): the same answers as the in-process engine.

Spark reads the shares (or likes / retweets) from files any Spark can read (Parquet or CSV: canonical
tables, CooRTweet-style share tables, or plain ``account, object, t``) or from the Neo4j graph through the
Neo4j Connector for Apache Spark, finds the candidate edges with the joins of :mod:`spark_pairs`, and
applies the in-process engine's own rule functions (:mod:`graphcli.detect.cosharing`):

- the weight cut comes from a histogram of the candidate weights (one row per distinct weight) through
  :func:`~graphcli.detect.cosharing.quantile_of_histogram`, equal to ``np.quantile`` bit for bit;
- the chance test's p-values are computed on the executors by
  :func:`~graphcli.detect.cosharing.chance_columns` (a pandas function over batches of edges);
- only the kept edges (and a few totals) come back to the driver, which then writes the run, the
  COORDINATED edges and the communities with the in-process engine's writers.

PySpark is an optional extra (``pip install 'graphcli[spark]'``) imported only here and in
:mod:`spark_pairs`, which are imported only when ``--engine spark`` is asked for.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from graphcli.cypher.connect import Connection
from graphcli.cypher.gateway import Gateway
from graphcli.detect import bins as bins_mod
from graphcli.detect import cosharing
from graphcli.model.errors import ConfigError, GraphcliError
from graphcli.model.keys import object_uid
from graphcli.model.progress import Messages, silent
from graphcli.model.runs import RunSummary
from graphcli.server.install import copy_dependencies

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

# The connector line that runs on Spark 3.x with Scala 2.12 (the Scala of the PySpark 3.5 wheels); the
# only one Maven Central serves here (docs/scale.md says why this Spark line).
CONNECTOR = ("org.neo4j", "neo4j-connector-apache-spark_2.12", "5.0.3_for_spark_3")
NEO4J_SOURCE = "org.neo4j.spark.DataSource"
SPARK_HINT = "install the Spark extra: pip install 'graphcli[spark]' (and a Java 17 runtime)"
WRITE_BATCH = 10_000


@dataclass(frozen=True)
class SparkOptions:
    """How to run Spark: the master, settings passed through, and where the input is.

    ``input``: a table path Spark reads (local, ``hdfs://``, ``s3a://`` with the usual jars); None reads
    the Neo4j graph of ``connection`` through the connector, whose jar is kept under ``home``.
    """

    master: str = "local[*]"
    conf: dict[str, str] = field(default_factory=dict)
    input: str | None = None
    connection: Connection | None = None
    home: Path | None = None
    hot_shares: int | None = None  # salting threshold; None = spark_pairs.HOT_SHARES


def parse_conf(pairs: list[str]) -> dict[str, str]:
    """``["spark.executor.memory=4g", ...]`` -> a dict; a pair without ``=`` is a ConfigError."""
    conf = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ConfigError(
                f"--spark-conf needs key=value, not {pair!r}", hint="e.g. spark.driver.memory=4g"
            )
        conf[key.strip()] = value.strip()
    return conf


def connector_jar(home: Path, progress: Messages | None = None) -> Path:
    """The Neo4j Connector for Apache Spark jar, downloaded with mvn into ``home/spark/jars`` once."""
    target = home / "spark" / "jars"
    name = f"{CONNECTOR[0]}.{CONNECTOR[1]}-{CONNECTOR[2]}.jar"
    if not (target / name).exists():
        (progress or silent)(f"downloading {CONNECTOR[1]} {CONNECTOR[2]} with mvn")
        # The jar bundles the Neo4j driver; its published pom names a Scala 2.13 module we must not load.
        copy_dependencies(home / "spark" / "build", target, [CONNECTOR], transitive=False)
    return target / name


@contextmanager
def spark_session(options: SparkOptions, progress: Messages | None = None) -> Iterator[SparkSession]:
    """A Spark session for ``options``, stopped when the block ends. A session already running in this
    process (a test's, a notebook's) is used as it is and left running."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise ConfigError("--engine spark needs PySpark", hint=SPARK_HINT) from None
    active = SparkSession.getActiveSession()
    if active is not None:
        yield active
        return
    # Local workers run this interpreter (with graphcli and scipy) unless the deployment says otherwise.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.master(options.master)
        .appName("graphcli")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.showConsoleProgress", "false")
    )
    if options.input is None and options.home is not None:
        builder = builder.config("spark.jars", str(connector_jar(options.home, progress)))
    for key, value in options.conf.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()


# ---------------------------------------------------------------- inputs


def _neo4j_reader(spark: SparkSession, options: SparkOptions) -> Any:
    c = options.connection
    if c is None:
        raise ConfigError("no input table and no Neo4j connection", hint="give --input PATH")
    reader = spark.read.format(NEO4J_SOURCE).option("url", c.uri).option("database", c.database)
    if c.password is not None:
        reader = (
            reader.option("authentication.type", "basic")
            .option("authentication.basic.username", c.username)
            .option("authentication.basic.password", c.password)
        )
    return reader


def _read_relationship(
    spark: SparkSession,
    options: SparkOptions,
    rel_type: str,
    target: str,
    wanted: dict[str, str],
    where: tuple[str, str] | None = None,
) -> DataFrame:
    """A relationship type of the graph as a frame (``source.*``, ``target.*``, ``rel.*`` columns).
    The connector infers the columns from the data, so when ``wanted`` (column -> Spark type) are not
    all there (no such relationships yet), an empty frame of those columns. ``where``: (column, value),
    kept rows only (the connector asks Neo4j for those).

    The frame is read here, at once, by one task, and kept by Spark (memory, then disk): later jobs
    never go back to Neo4j. The connector (5.0.3) shares one Neo4j driver among every reader in a JVM
    and closes it as soon as the last *job id* it has seen releases it, with no lock across readers and
    the same id on Spark's driver side and in the task; when two users overlapped (two relationship types
    read in one stage, a scan planned again by adaptive execution while its task still read), a task's
    driver was closed under it and the task waited forever in ``InternalSession.close`` (thread dumps:
    no Neo4j I/O thread left). One scan at a time, with nothing else reading, never overlaps."""
    from pyspark.sql import functions as F

    frame = (
        _neo4j_reader(spark, options)
        .option("relationship", rel_type)
        .option("relationship.source.labels", "Account")
        .option("relationship.target.labels", target)
        .option("relationship.nodes.map", "false")
        .option("partitions", "1")  # one reader: more would share (and close) one driver, see above
        .load()
    )
    if not set(wanted) <= set(frame.columns):
        return spark.createDataFrame([], ", ".join(f"`{name}` {kind}" for name, kind in wanted.items()))
    if where is not None:
        frame = frame.filter(F.col(f"`{where[0]}`") == where[1])
    return frame.select(*(f"`{name}`" for name in wanted)).localCheckpoint(eager=True)


def _read_table(spark: SparkSession, path: str) -> DataFrame:
    """A Parquet table (file or folder), or CSV when the path ends in ``.csv``, all columns as read."""
    if path.rstrip("/").lower().endswith(".csv"):
        return spark.read.option("header", "true").csv(path)
    return spark.read.parquet(path)


def _epoch_seconds(frame: DataFrame, column: str) -> Any:
    """Epoch seconds (long) from a timestamp, a number, or a string holding either."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import NumericType, TimestampType

    col, dtype = F.col(f"`{column}`"), frame.schema[column].dataType
    if isinstance(dtype, TimestampType):
        return col.cast("long")
    if isinstance(dtype, NumericType):
        return F.floor(col).cast("long")
    return F.coalesce(col.cast("long"), col.cast("timestamp").cast("long"))


def read_shares(spark: SparkSession, options: SparkOptions, params: cosharing.CosharingParams) -> DataFrame:
    """The shares of ``params.kind`` (within since / until) as account, object, t (epoch seconds)."""
    from pyspark.sql import functions as F

    if options.input is None:
        wanted = {
            "source.uid": "string",
            "target.uid": "string",
            "target.kind": "string",
            "rel.at": "timestamp",
        }
        raw = _read_relationship(
            spark, options, "SHARED", "Object", wanted, where=("target.kind", params.kind)
        )
        shares = raw.select(
            F.col("`source.uid`").alias("account"),
            F.col("`target.uid`").alias("object"),
            _epoch_seconds(raw, "rel.at").alias("t"),
        )
    else:
        shares = _shares_from_table(_read_table(spark, options.input), params.kind, options.input)
    shares = shares.dropna()
    if params.since is not None:
        shares = shares.filter(F.col("t") >= int(params.since.timestamp()))
    if params.until is not None:
        shares = shares.filter(F.col("t") <= int(params.until.timestamp()))
    return shares


def _shares_from_table(table: DataFrame, kind: str, path: str) -> DataFrame:
    from pyspark.sql import functions as F

    cols = set(table.columns)
    if {"account", "object", "t"} <= cols:  # plain: already uids
        chosen = table.filter(F.col("kind") == kind) if "kind" in cols else table
        return chosen.select("account", "object", _epoch_seconds(table, "t").alias("t"))
    if {"platform", "account_id", "kind", "key", "at"} <= cols:  # canonical shares
        chosen = table.filter(F.col("kind") == kind)
        return chosen.select(
            F.concat_ws(":", "platform", "account_id").alias("account"),
            F.concat_ws(":", "kind", "key").alias("object"),
            _epoch_seconds(table, "at").alias("t"),
        )
    if {"object_id", "account_id", "timestamp_share"} <= cols:  # CooRTweet-style share table
        platform = F.col("platform") if "platform" in cols else F.lit("facebook")
        return table.select(
            F.concat_ws(":", platform, F.col("account_id")).alias("account"),
            F.concat(F.lit(object_uid(kind, "")), F.col("object_id")).alias("object"),
            _epoch_seconds(table, "timestamp_share").alias("t"),
        )
    raise ConfigError(
        f"{path}: not a share table (columns {', '.join(sorted(cols))})",
        hint="canonical shares (platform, account_id, kind, key, at), a share table "
        "(object_id, account_id, timestamp_share) or account, object, t",
    )


def read_items(spark: SparkSession, options: SparkOptions, relation: str) -> DataFrame:
    """The likes / retweets / both of the accounts as account, item (post uid)."""
    from pyspark.sql import functions as F

    if options.input is not None:
        table = _read_table(spark, options.input)
        cols = set(table.columns)
        if {"account", "item"} <= cols:
            return table.select("account", "item").dropna()
        if {"platform", "post_id"} <= cols and cols & {"account_id", "screen_name"}:
            by_id = F.concat_ws(":", "platform", "account_id") if "account_id" in cols else F.lit(None)
            by_name = (
                F.concat(F.col("platform"), F.lit(":@"), F.lower("screen_name"))
                if "screen_name" in cols
                else F.lit(None)
            )
            return table.select(
                F.coalesce(by_id, by_name).alias("account"),
                F.concat_ws(":", "platform", "post_id").alias("item"),
            ).dropna()
        raise ConfigError(
            f"{options.input}: not a likes / retweets table (columns {', '.join(sorted(cols))})",
            hint="canonical likes or retweets (platform, post_id, account_id, screen_name); or account, item",
        )
    frames = [
        _read_relationship(
            spark, options, rel_type, "Post", {"source.uid": "string", "target.uid": "string"}
        ).select(F.col("`source.uid`").alias("account"), F.col("`target.uid`").alias("item"))
        for rel_type in bins_mod.RELATION_TYPES[relation]
    ]
    out = frames[0]
    for frame in frames[1:]:
        out = out.unionByName(frame)
    return out


# ---------------------------------------------------------------- co-sharing


def estimate_window(shares: DataFrame, q: float = 0.1, p: float = 0.5) -> float:
    """:func:`graphcli.detect.pairs.estimate_window` over a Spark frame: the same quantiles, taken from
    histograms of the delays (one row per distinct delay). Each object's shares are ranked in one task."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    ranked = shares.select(
        "object",
        "t",
        F.row_number().over(Window.partitionBy("object").orderBy("t")).alias("rank"),
        F.count(F.lit(1)).over(Window.partitionBy("object")).alias("n"),
    )
    past_p = F.floor(F.lit(p) * F.col("n")).cast("long") + 1
    per_object = (
        ranked.groupBy("object")
        .agg(
            F.first("n").alias("n"),
            F.min("t").alias("t0"),
            F.max(F.when(F.col("rank") == 2, F.col("t"))).alias("t2"),
            F.max(F.when(F.col("rank") == past_p, F.col("t"))).alias("tp"),
        )
        .filter(F.col("n") > 1)
        .select((F.col("t2") - F.col("t0")).alias("second"), (F.col("tp") - F.col("t0")).alias("delay"))
        .persist()
    )
    try:
        second = _histogram(per_object, "second")
        if second.empty:
            raise ValueError("no object was shared more than once: cannot estimate a window")
        quick = per_object.filter(F.col("second") <= cosharing.quantile_of_histogram(second, q))
        interval = cosharing.quantile_of_histogram(_histogram(quick, "delay"), p)
    finally:
        per_object.unpersist()
    return interval if interval > 0 else 1.0


def _histogram(frame: DataFrame, column: str) -> pd.Series:
    """How many rows have each value of ``column`` (a small frame on the driver)."""
    rows = frame.groupBy(column).count().collect()
    return pd.Series([r["count"] for r in rows], index=[r[column] for r in rows], dtype=np.int64)


def _chance_batches(batches: Iterator[pd.DataFrame], rate: float) -> Iterator[pd.DataFrame]:
    """Executor side: add expected and p_value to batches of edges with the in-process function."""
    for batch in batches:
        chance = cosharing.chance_columns(
            batch["weight"].to_numpy(),
            batch["n_u"].to_numpy(dtype=float),
            batch["n_v"].to_numpy(dtype=float),
            rate,
        )
        yield batch.drop(columns=["n_u", "n_v"]).assign(
            expected=chance["expected"].to_numpy(), p_value=chance["p_value"].to_numpy()
        )


def select_edges(
    shares: DataFrame,
    params: cosharing.CosharingParams,
    window: float,
    hot_shares: int | None = None,
) -> cosharing.Selection:
    """What :func:`graphcli.detect.cosharing.coordinated_edges` returns, computed on Spark: only the
    weight histogram, three totals and the kept edges reach the driver."""
    from pyspark.sql import functions as F

    from graphcli.detect import spark_pairs

    hot = spark_pairs.HOT_SHARES if hot_shares is None else hot_shares
    # Each step names its Spark jobs, so the Spark UI and event log say where the time goes; the
    # caller's own description comes back at the end.
    context = shares.sparkSession.sparkContext
    before = context.getLocalProperty("spark.job.description")
    step = context.setJobDescription
    candidates = spark_pairs.candidate_edges(
        shares, window, params.binning, params.min_participation, hot
    ).persist()
    try:
        participating = (
            shares.groupBy("account")
            .agg(F.count(F.lit(1)).cast("double").alias("n"))
            .filter(F.col("n") >= params.min_participation)
        )
        step("co-sharing: shares per account")
        totals = participating.agg(F.sum("n").alias("total"), F.count(F.lit(1)).alias("accounts")).first()
        n_total = float(totals["total"] or 0.0) if totals else 0.0
        n_accounts = int(totals["accounts"]) if totals else 0
        step("co-sharing: candidate edges (pairs, weights)")
        histogram = _histogram(candidates, "weight")
        n_candidates = int(histogram.sum())
        percentile, alpha = params.selection()  # the same rule as in-process (cosharing.select_edges)
        cut = 0.0 if percentile is None else cosharing.quantile_of_histogram(histogram, percentile)
        n_heavy = int(histogram[histogram.index >= cut].sum())
        p_cut = cosharing.p_threshold(alpha, n_accounts)
        heavy = candidates.filter(F.col("weight") >= cut).select(
            "source",
            "target",
            "weight",
            "pairs",
            (F.col("gap_sum") / F.col("pairs")).alias("mean_gap_s"),
            "min_gap_s",
        )
        if n_total < 2 or n_candidates == 0:
            tested = heavy.withColumn("expected", F.lit(0.0)).withColumn("p_value", F.lit(1.0))
        else:
            step("co-sharing: chance rate")
            pair_total = candidates.agg(F.sum("pairs")).first()
            rate = cosharing.chance_rate(int(pair_total[0]) if pair_total else 0, n_total)
            with_activity = heavy.join(
                participating.withColumnRenamed("account", "source").withColumnRenamed("n", "n_u"), "source"
            ).join(
                participating.withColumnRenamed("account", "target").withColumnRenamed("n", "n_v"), "target"
            )
            schema = (
                "source string, target string, weight long, pairs long, mean_gap_s double, "
                "min_gap_s long, expected double, p_value double"
            )
            tested = with_activity.select(*heavy.columns, "n_u", "n_v").mapInPandas(
                partial(_chance_batches, rate=rate), schema
            )
        step("co-sharing: chance test, kept edges")
        kept = tested.filter(F.col("p_value") <= p_cut).toPandas()
    finally:
        # None removes the property (Spark's setLocalProperty), which PySpark's annotation leaves out.
        context.setLocalProperty("spark.job.description", before)  # type: ignore[arg-type]
        candidates.unpersist()
    kept = kept.sort_values(["source", "target"], ignore_index=True)
    return cosharing.Selection(kept, n_candidates, cut, p_cut, n_candidates - n_heavy, n_heavy - len(kept))


def spark_selector(spark: SparkSession, options: SparkOptions) -> cosharing.Selector:
    """The ``select`` step of :func:`graphcli.detect.cosharing.detect_cosharing`, on Spark. With an
    input table, the accounts of the kept edges that the graph lacks are created (bare, by uid)."""

    def select(
        gw: Gateway, params: cosharing.CosharingParams, note: Messages
    ) -> tuple[int, float, cosharing.Selection]:
        shares = read_shares(spark, options, params).persist()
        try:
            n_shares = shares.count()
            note(f"{params.kind}: {n_shares:,} shares [spark {spark.sparkContext.master}]")
            if params.window != "auto":
                window = float(params.window)
            elif n_shares == 0:
                raise GraphcliError(
                    f"no {params.kind} shares: cannot estimate a window", hint="give --window"
                )
            else:
                try:
                    window = estimate_window(shares)
                except ValueError as exc:
                    raise GraphcliError(f"{params.kind}: {exc}", hint="give --window SECONDS") from None
            chosen = select_edges(shares, params, window, options.hot_shares)
        finally:
            shares.unpersist()
        if options.input is not None:
            merge_accounts(gw, set(chosen.edges["source"]) | set(chosen.edges["target"]))
        return n_shares, window, chosen

    return select


def merge_accounts(gw: Gateway, uids: set[str]) -> None:
    """Make sure accounts known only from an input table exist in the graph (uid and platform)."""
    rows = [{"uid": u, "props": {"platform": u.split(":", 1)[0]}} for u in sorted(uids)]
    for start in range(0, len(rows), WRITE_BATCH):
        gw.write("load/pass/accounts", {"accounts": rows[start : start + WRITE_BATCH]})


def detect_cosharing(
    gw: Gateway,
    params: cosharing.CosharingParams,
    spark: SparkSession,
    options: SparkOptions,
    use_gds: bool | None = None,
    progress: Messages | None = None,
) -> RunSummary:
    """``detect cosharing --engine spark``: as :func:`graphcli.detect.cosharing.detect_cosharing`, with
    the edges found on Spark and ``engine: spark`` among the run's parameters."""
    return cosharing.detect_cosharing(
        gw, replace(params, engine="spark"), use_gds, progress, select=spark_selector(spark, options)
    )


def share_kinds(spark: SparkSession, options: SparkOptions, gw: Gateway) -> list[str]:
    """The share kinds present: in the input table when there is one, else in the graph."""
    from pyspark.sql import functions as F

    if options.input is None:
        return [row["kind"] for row in gw.read("detect/share_kinds")]
    table = _read_table(spark, options.input)
    if "kind" not in table.columns:
        raise ConfigError(f"{options.input} has no kind column", hint="give --kind")
    return sorted(r["kind"] for r in table.select(F.col("kind")).distinct().collect())


# ---------------------------------------------------------------- bins


def spark_binner(spark: SparkSession, options: SparkOptions) -> bins_mod.ExactBinner:
    """The exact-bins step of :func:`graphcli.detect.bins.detect_bins`, on Spark: sets grouped by their
    key on the executors; the bins of two or more accounts and each qualifying account's size are
    streamed to Neo4j in batches (never collected whole). With an input table, the accounts and posts
    of those bins that the graph lacks are created (bare, by uid)."""

    def binner(gw: Gateway, run_id: str, params: bins_mod.BinParams, note: Messages) -> dict[str, Any]:
        from pyspark.sql import functions as F

        from graphcli.detect import spark_pairs

        size_key, items_key = bins_mod.property_keys(params.relation)
        keys = {"size_key": size_key, "items_key": items_key}
        note(f"binning accounts by their exact set of {params.relation} [spark {spark.sparkContext.master}]")
        binned = spark_pairs.exact_bins(
            read_items(spark, options, params.relation), params.min_items
        ).persist()
        try:
            gw.run_autocommit("detect/bin_sizes_clear", keys)
            sizes = binned.select("account", "size", "n_items").toLocalIterator()
            for batch in _batches(r.asDict() for r in sizes):
                gw.write("detect/bin_sizes_write", {**keys, "rows": batch})
            groups = (
                binned.filter(F.col("size") >= 2)
                .groupBy("key")
                .agg(
                    F.first("size").alias("size"),
                    F.first("n_items").alias("n_items"),
                    F.array_sort(F.collect_list("account")).alias("accounts"),
                    F.first("items").alias("items"),
                )
                .toLocalIterator()
            )
            for batch in _batches(r.asDict() for r in groups):
                if options.input is not None:
                    merge_accounts(gw, {a for row in batch for a in row["accounts"]})
                    merge_posts(gw, {p for row in batch for p in row["items"]})
                gw.write(
                    "detect/similar_bins_write",
                    {"run_id": run_id, "relation": params.relation, "similarity": None, "rows": batch},
                )
        finally:
            binned.unpersist()
        return dict(gw.read("detect/bins_summary", {"run_id": run_id, "size_key": size_key})[0])

    return binner


def _batches(rows: Iterator[dict[str, Any]], size: int = WRITE_BATCH) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def merge_posts(gw: Gateway, uids: set[str]) -> None:
    """Make sure posts known only from an input table exist in the graph (uid and platform)."""
    rows = [{"uid": u, "props": {"platform": u.split(":", 1)[0]}, "counts": {}} for u in sorted(uids)]
    for start in range(0, len(rows), WRITE_BATCH):
        gw.write("load/pass/posts", {"posts": rows[start : start + WRITE_BATCH]})


def detect_bins(
    gw: Gateway,
    params: bins_mod.BinParams,
    spark: SparkSession,
    options: SparkOptions,
    progress: Messages | None = None,
) -> RunSummary:
    """``detect bins --engine spark``: as :func:`graphcli.detect.bins.detect_bins`, with the sets
    grouped on Spark and ``engine: spark`` among the run's parameters."""
    return bins_mod.detect_bins(
        gw, replace(params, engine="spark"), progress, exact=spark_binner(spark, options)
    )


def run_all(
    gw: Gateway, spark: SparkSession, options: SparkOptions, progress: Messages | None = None
) -> list[RunSummary]:
    """``detect all --engine spark``: every registered detection's default plans, on Spark where it has
    a Spark engine (bins, co-sharing) and in-process otherwise."""
    from graphcli.detect.registry import DETECTIONS

    summaries = []
    for name, entry in DETECTIONS.items():
        for plan in entry.default_plans(gw):
            if name == "bins" and plan.similarity is None:
                summaries.append(detect_bins(gw, plan, spark, options, progress))
            elif name == "cosharing":
                summaries.append(detect_cosharing(gw, plan, spark, options, progress=progress))
            else:
                summaries.append(entry.run(gw, plan, progress))
    return summaries

"""Co-share pairs, edge statistics and exact-set bins as Spark DataFrame transformations.

The same rules as :mod:`graphcli.detect.pairs` and :func:`graphcli.detect.cosharing.coordination_edges`,
written as joins that never put one object's whole history in one task:

- sliding windows: time is cut into buckets one window wide (``floor(window) + 1`` seconds), and the
  shares of each (object, bucket) are joined with those of the same and the next bucket, so a pair
  within the window is found exactly once (the earlier share on the left; equal times ordered by
  account);
- fixed bins: shares are joined within their (object, bin), bins anchored at the object's first share;
- a viral (object, bucket) with more than ``hot_shares`` shares is salted: its left side is split into
  ``ceil(n / hot_shares)`` parts and its right side copied to each, so no task holds it whole.

Nothing here collects to the driver; :mod:`graphcli.detect.spark_engine` decides what comes back.
"""

from __future__ import annotations

import math

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

from graphcli.detect.pairs import Binning

HOT_SHARES = 50_000  # shares of one (object, bucket) above which its join is split across tasks
CANDIDATE_COLUMNS = ["source", "target", "weight", "pairs", "gap_sum", "min_gap_s"]


def candidate_edges(
    shares: DataFrame,
    window: float,
    binning: Binning = "sliding",
    min_participation: int = 1,
    hot_shares: int = HOT_SHARES,
) -> DataFrame:
    """All pairs of distinct accounts that co-shared, as ``coordination_edges`` computes them: columns
    source < target, weight (distinct objects), pairs (share pairs), gap_sum and min_gap_s (seconds).

    ``shares`` has columns account (string), object (string), t (epoch seconds, long).
    """
    if window <= 0:
        raise ValueError("window must be positive")
    counts = shares.groupBy("account").agg(F.count(F.lit(1)).alias("n_shares"))
    kept = counts.filter(F.col("n_shares") >= min_participation).select("account")
    if binning == "sliding":
        # Sliding pairs do not depend on other shares, so dropping first gives the same pairs.
        width = math.floor(window) + 1  # |dt| <= floor(window) spans at most two neighbouring buckets
        keyed = shares.join(kept, "account", "left_semi").withColumn("key", _floor_div(F.col("t"), width))
        left = keyed
        # A right share meets left shares of its own bucket and of the one before.
        right = keyed.withColumn("key", F.explode(F.array(F.col("key"), F.col("key") - 1)))
        reach: int | None = math.floor(window)
    elif binning == "fixed":
        first = shares.groupBy("object").agg(F.min("t").alias("first_t"))
        # float division then floor, as numpy does: the same bins bit for bit
        keyed = (
            shares.join(first, "object")
            .withColumn("key", F.floor((F.col("t") - F.col("first_t")) / F.lit(float(window))))
            .drop("first_t")
            .join(kept, "account", "left_semi")
        )
        left, right, reach = keyed, keyed, None
    else:
        raise ValueError(f"unknown binning {binning!r}")
    left, right = _salted(left, right, hot_shares)
    lt, rt = left.alias("l"), right.alias("r")
    earlier = (F.col("l.t") < F.col("r.t")) | (
        (F.col("l.t") == F.col("r.t")) & (F.col("l.account") < F.col("r.account"))
    )
    condition = [
        F.col("l.object") == F.col("r.object"),
        F.col("l.key") == F.col("r.key"),
        F.col("l.salt") == F.col("r.salt"),
        earlier,
        F.col("l.account") != F.col("r.account"),
    ]
    if reach is not None:
        condition.append(F.col("r.t") - F.col("l.t") <= reach)
    pairs = lt.join(rt, condition).select(
        F.least("l.account", "r.account").alias("source"),
        F.greatest("l.account", "r.account").alias("target"),
        F.col("l.object").alias("object"),
        (F.col("r.t") - F.col("l.t")).alias("gap"),
    )
    per_object = pairs.groupBy("source", "target", "object").agg(
        F.count(F.lit(1)).alias("pairs"), F.sum("gap").alias("gap_sum"), F.min("gap").alias("gap_min")
    )
    return per_object.groupBy("source", "target").agg(
        F.count(F.lit(1)).alias("weight"),
        F.sum("pairs").alias("pairs"),
        F.sum("gap_sum").alias("gap_sum"),
        F.min("gap_min").alias("min_gap_s"),
    )


def _floor_div(t: Column, width: int) -> Column:
    """``floor(t / width)`` in integers (exact for any epoch second, negative ones too)."""
    return ((t - F.pmod(t, F.lit(width))) / F.lit(width)).cast("long")


def _salted(left: DataFrame, right: DataFrame, hot_shares: int) -> tuple[DataFrame, DataFrame]:
    """Add a ``salt`` column to both sides of the join on (object, key): 0 for an ordinary key; for a
    key whose left side has more than ``hot_shares`` shares, its left shares are spread over
    ``ceil(n / hot_shares)`` salts by a hash of (account, t) and its right shares copied to each salt.
    The hot keys are few, so they are broadcast."""
    hot = (
        left.groupBy("object", "key")
        .agg(F.count(F.lit(1)).alias("n"))
        .filter(F.col("n") > hot_shares)
        .select("object", "key", F.ceil(F.col("n") / F.lit(hot_shares)).cast("int").alias("parts"))
    )
    parts = F.coalesce(F.col("parts"), F.lit(1))
    left = (
        left.join(F.broadcast(hot), ["object", "key"], "left")
        .withColumn("salt", F.pmod(F.xxhash64("account", "t"), parts).cast("int"))
        .drop("parts")
    )
    right = (
        right.join(F.broadcast(hot), ["object", "key"], "left")
        .withColumn("salt", F.explode(F.sequence(F.lit(0), parts - 1)))
        .drop("parts")
    )
    return left, right


def exact_bins(items: DataFrame, min_items: int) -> DataFrame:
    """Accounts grouped by their exact set of items, as ``detect/bins_write`` groups them.

    ``items`` has columns account, item (one row per like / retweet; duplicates allowed). Returns one
    row per qualifying account (at least ``min_items`` distinct items): account, n_items, key (SHA-256
    of the sorted item ids joined by newlines, as :func:`graphcli.detect.bins.items_key`), size (accounts
    with the same set), and items (the sorted set, kept only where size >= 2, else null).
    """
    sets = (
        items.groupBy("account")
        .agg(F.array_sort(F.collect_set("item")).alias("set"))
        .withColumn("n_items", F.size("set"))
        .filter((F.col("n_items") >= min_items) & (F.col("n_items") > 0))
        .withColumn("key", F.sha2(F.concat_ws("\n", F.col("set")), 256))
    )
    sizes = sets.groupBy("key").agg(F.count(F.lit(1)).alias("size"))
    return sets.join(sizes, "key").withColumn("items", F.when(F.col("size") >= 2, F.col("set"))).drop("set")

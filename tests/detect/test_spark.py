"""The Spark engine gives the in-process engine's answers: pairs, weights, kept edges, bins, whole runs.

One local[2] Spark session for the module (start-up takes seconds); few hypothesis examples each, since
every example runs several Spark jobs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyspark.sql import SparkSession
from typer.testing import CliRunner

from graphcli.cli.app import app
from graphcli.cypher.gateway import Gateway
from graphcli.detect import spark_pairs
from graphcli.detect.bins import BinParams, detect_bins, items_key
from graphcli.detect.cosharing import (
    CosharingParams,
    coordinated_edges,
    coordination_edges,
    quantile_of_histogram,
)
from graphcli.detect.pairs import Binning
from graphcli.detect.spark_engine import SparkOptions, select_edges, spark_session
from graphcli.model.settings import Settings
from tests.detect.helpers import load_graph
from tests.detect.world import make_world

SHARES_SCHEMA = "account string, object string, t long"
LOCAL = {"spark.sql.shuffle.partitions": "2", "spark.default.parallelism": "2"}
FEW = settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
runner = CliRunner()
pytestmark = [
    # PySpark 3.5 compares pandas versions with distutils' LooseVersion when it converts frames.
    pytest.mark.filterwarnings("ignore:distutils Version classes are deprecated:DeprecationWarning"),
    # A Spark job that never ends (as the connector's reads once did) fails the test, loudly, with the
    # Python stacks; tests here take seconds to a few minutes on a busy 2-core machine.
    pytest.mark.timeout(900),
]


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    """One local[2] session for the module, with the Neo4j connector on its class path."""
    options = SparkOptions(master="local[2]", conf=LOCAL, home=Settings.load().home)
    with spark_session(options) as session:
        yield session


@st.composite
def share_tables(draw: st.DrawFn) -> pd.DataFrame:
    """Small share tables with many ties: few accounts, objects and seconds; sometimes one object
    shared by every account, sometimes exact duplicate shares."""
    n_accounts = draw(st.integers(2, 8))
    rows = draw(
        st.lists(
            st.tuples(st.integers(0, n_accounts - 1), st.integers(0, 4), st.integers(0, 40)),
            min_size=0,
            max_size=60,
        )
    )
    if draw(st.booleans()):  # one object shared by everyone, some at the same second
        rows += [(a, 9, draw(st.integers(0, 12))) for a in range(n_accounts)]
    return pd.DataFrame(
        {
            "account": [f"twitter:a{a}" for a, _, _ in rows],
            "object": [f"link:o{o}" for _, o, _ in rows],
            "t": np.asarray([1_700_000_000 + t for _, _, t in rows], dtype=np.int64),
        }
    )


@FEW
@given(
    shares=share_tables(),
    window=st.sampled_from([1, 2.5, 5, 10, 60]),
    binning=st.sampled_from(["sliding", "fixed"]),
    min_participation=st.integers(1, 3),
    hot=st.sampled_from([2, 1000]),
)
def test_candidate_edges_equal(
    spark: SparkSession,
    shares: pd.DataFrame,
    window: float,
    binning: Binning,
    min_participation: int,
    hot: int,
) -> None:
    ours = spark_pairs.candidate_edges(
        spark.createDataFrame(shares, SHARES_SCHEMA),
        window,
        binning,
        min_participation,
        hot,
    ).toPandas()
    ours["mean_gap_s"] = ours["gap_sum"] / ours["pairs"]
    expected = coordination_edges(shares, window, binning, min_participation)
    columns = ["source", "target", "weight", "pairs", "mean_gap_s", "min_gap_s"]
    got = ours[columns].sort_values(["source", "target"], ignore_index=True)
    want = expected[columns].sort_values(["source", "target"], ignore_index=True)
    assert got.to_dict("records") == want.to_dict("records")


@FEW
@given(
    shares=share_tables(),
    window=st.sampled_from([2, 10]),
    binning=st.sampled_from(["sliding", "fixed"]),
    min_participation=st.integers(1, 2),
    percentile=st.sampled_from([0.0, 0.5, 0.95]),
    alpha=st.sampled_from([1.0, 0.9, 0.05]),
)
def test_kept_edges_equal(
    spark: SparkSession,
    shares: pd.DataFrame,
    window: float,
    binning: Binning,
    min_participation: int,
    percentile: float,
    alpha: float,
) -> None:
    params = CosharingParams(
        kind="link",
        window=window,
        binning=binning,
        min_participation=min_participation,
        edge_percentile=percentile,
        alpha=alpha,
    )
    ours = select_edges(spark.createDataFrame(shares, SHARES_SCHEMA), params, float(window), hot_shares=3)
    theirs = coordinated_edges(shares, params, float(window))
    assert (ours.candidates, ours.weight_cut, ours.p_cut, ours.below_percentile, ours.not_significant) == (
        theirs.candidates,
        theirs.weight_cut,
        theirs.p_cut,
        theirs.below_percentile,
        theirs.not_significant,
    )
    want = theirs.edges.sort_values(["source", "target"], ignore_index=True)
    assert ours.edges.to_dict("records") == want.to_dict("records")


@settings(max_examples=200, deadline=None)
@given(
    weights=st.lists(st.integers(1, 30), min_size=1, max_size=200),
    q=st.one_of(st.sampled_from([0.0, 0.5, 0.9, 0.95, 0.99, 1.0]), st.floats(0, 1)),
)
def test_quantile_of_histogram_is_numpys(weights: list[int], q: float) -> None:
    values = np.asarray(weights, dtype=np.int64)
    histogram = pd.Series(values).value_counts()
    assert quantile_of_histogram(histogram, q) == float(np.quantile(values, q))


@FEW
@given(
    likes=st.lists(st.tuples(st.integers(0, 7), st.integers(0, 4)), max_size=30),
    min_items=st.integers(1, 3),
)
def test_exact_bins_equal_items_key(
    spark: SparkSession, likes: list[tuple[int, int]], min_items: int
) -> None:
    frame = pd.DataFrame(
        {"account": [f"twitter:a{a}" for a, _ in likes], "item": [f"twitter:p{p}" for _, p in likes]}
    )
    got = spark_pairs.exact_bins(spark.createDataFrame(frame, "account string, item string"), min_items)
    rows = got.toPandas()
    sets = frame.groupby("account")["item"].apply(lambda s: frozenset(s)) if len(frame) else pd.Series()
    qualifying = {a: s for a, s in sets.items() if len(s) >= min_items}
    members: dict[frozenset[str], set[str]] = {}
    for account, items in qualifying.items():
        members.setdefault(items, set()).add(str(account))
    want = {str(a): (items_key(s), len(s), len(members[s])) for a, s in qualifying.items()}
    assert {r.account: (r.key, r.n_items, r.size) for r in rows.itertuples()} == want


def _load_world(gw: Gateway) -> None:
    world = make_world(n_background=80, n_posts=120, n_objects=150)
    load_graph(gw, likes=world.likes, retweets=world.retweets, shares=world.shares)


def _edges(gw: Gateway, run_id: str) -> list[dict[str, object]]:
    rows = gw.read("detect/coordinated_list", {"run_id": run_id, "limit": 1_000_000})
    return sorted(rows, key=lambda e: (str(e["source"]), str(e["target"])))


@pytest.mark.neo4j
def test_cli_cosharing_spark_equals_in_process(gw: Gateway, spark: SparkSession) -> None:
    _load_world(gw)
    args = ["--quiet", "detect", "cosharing", "--kind", "link", "--json", "--no-gds", "--window", "60"]
    memory = runner.invoke(app, args)
    assert memory.exit_code == 0, memory.output
    on_spark = runner.invoke(app, [*args, "--engine", "spark", "--spark-master", "local[2]"])
    assert on_spark.exit_code == 0, on_spark.output
    a, b = json.loads(memory.stdout), json.loads(on_spark.stdout)
    assert b["parameters"]["engine"] == "spark" and "engine" not in a["parameters"]
    assert a["run_id"] != b["run_id"]
    assert a["counts"] == b["counts"]
    assert a["counts"]["edges"] > 0
    assert _edges(gw, a["run_id"]) == _edges(gw, b["run_id"])
    members = {
        r["run_id"]: sorted(sorted(c["accounts"]) for c in r["rows"])
        for r in (
            {
                "run_id": s["run_id"],
                "rows": gw.read("detect/communities_list", {"run_id": s["run_id"], "limit": 999}),
            }
            for s in (a, b)
        )
    }
    assert members[a["run_id"]] == members[b["run_id"]]


@pytest.mark.neo4j
def test_bins_spark_equal_in_process(gw: Gateway, spark: SparkSession) -> None:
    _load_world(gw)
    for relation in ("likes", "both"):
        cypher = detect_bins(gw, BinParams(relation=relation))
        listed = gw.read("detect/bins_list", {"run_id": cypher.run_id, "limit": 10_000})
        result = runner.invoke(
            app, ["--quiet", "detect", "bins", "--relation", relation, "--engine", "spark", "--json"]
        )
        assert result.exit_code == 0, result.output
        summary = json.loads(result.stdout)
        assert summary["parameters"]["engine"] == "spark"
        ours = gw.read("detect/bins_list", {"run_id": summary["run_id"], "limit": 10_000})
        assert {(r["key"], frozenset(r["accounts"])) for r in ours} == {
            (r["key"], frozenset(r["accounts"])) for r in listed
        }
        assert summary["counts"] == cypher.counts


@pytest.mark.neo4j
def test_cosharing_from_a_parquet_table(gw: Gateway, spark: SparkSession, tmp_path: Path) -> None:
    world = make_world(n_background=60, n_posts=50, n_objects=120)
    load_graph(gw, shares=world.shares)
    table = pd.DataFrame(world.shares, columns=["account", "kind", "key", "t"])
    table["object"] = table["kind"] + ":" + table["key"]
    table[["account", "object", "t", "kind"]].to_parquet(tmp_path / "shares.parquet")
    memory = runner.invoke(app, ["--quiet", "detect", "cosharing", "--kind", "hashtag", "--json", "--no-gds"])
    from_file = runner.invoke(
        app,
        [
            "--quiet", "detect", "cosharing", "--kind", "hashtag", "--json", "--no-gds",
            "--engine", "spark", "--input", str(tmp_path / "shares.parquet"),
        ],
    )  # fmt: skip
    assert memory.exit_code == 0 and from_file.exit_code == 0, from_file.output
    a, b = json.loads(memory.stdout), json.loads(from_file.stdout)
    assert a["counts"] == b["counts"] and a["counts"]["edges"] > 0
    assert _edges(gw, a["run_id"]) == _edges(gw, b["run_id"])


def test_bad_spark_conf_is_one_line() -> None:
    result = runner.invoke(app, ["detect", "cosharing", "--engine", "spark", "--spark-conf", "novalue"])
    assert result.exit_code != 0
    assert "key=value" in result.output

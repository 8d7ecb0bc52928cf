"""Correlation table: numbers checked against scipy run independently on the exported feature frame."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from graphcli.analytics.correlations import CorrelationOptions, correlation_table, fisher_z_interval
from graphcli.analytics.features import account_features, read_features, write_features
from graphcli.cypher.gateway import Gateway
from graphcli.model.errors import ConfigError


@pytest.fixture
def frame(world: Gateway, tmp_path: Path) -> pd.DataFrame:
    """The feature frame as exported to Parquet and read back, as a user would have it."""
    return read_features(write_features(account_features(world), tmp_path / "features.parquet"))


def row(table: pd.DataFrame, slice_: str, x: str, y: str, method: str) -> pd.Series:
    hit = table[
        (table["slice"] == slice_)
        & (table["x"] == x)
        & (table["y"].str.startswith(y))
        & (table["method"] == method)
    ]
    assert len(hit) == 1, (slice_, x, y, method)
    return hit.iloc[0]


@pytest.mark.neo4j
def test_bin_size_vs_score_matches_scipy(frame: pd.DataFrame) -> None:
    table = correlation_table(frame)
    pair = frame[["bin_size_likes", "raw_universal_overall"]].dropna().astype(float)
    assert len(pair) == 22  # 24 binned accounts minus the two without a v4 score
    expected_r = stats.pearsonr(pair["bin_size_likes"], pair["raw_universal_overall"])
    got = row(table, "all", "bin_size_likes", "raw_universal_overall", "pearson")
    assert got["n"] == 22 and got["reason"] == ""
    assert got["statistic"] == pytest.approx(expected_r.statistic)
    assert got["p_value"] == pytest.approx(expected_r.pvalue)
    z, half = np.arctanh(expected_r.statistic), 1.959963984540054 / math.sqrt(22 - 3)
    assert (got["ci_low"], got["ci_high"]) == pytest.approx((np.tanh(z - half), np.tanh(z + half)))
    expected_rho = stats.spearmanr(pair["bin_size_likes"], pair["raw_universal_overall"])
    got = row(table, "all", "bin_size_likes", "raw_universal_overall", "spearman")
    assert got["statistic"] == pytest.approx(expected_rho.statistic)
    assert got["p_value"] == pytest.approx(expected_rho.pvalue)
    assert got["ci_low"] < got["statistic"] < got["ci_high"]


@pytest.mark.neo4j
def test_v4_vs_lite_and_gone_tests_match_scipy(frame: pd.DataFrame) -> None:
    table = correlation_table(frame)
    pair = frame[["raw_universal_overall", "lite"]].dropna().astype(float)
    got = row(table, "all", "raw_universal_overall", "lite", "pearson")
    assert got["n"] == len(pair) == 21
    assert got["statistic"] == pytest.approx(stats.pearsonr(pair["raw_universal_overall"], pair["lite"])[0])

    known = frame[frame["gone"].notna() & frame["bin_size_likes"].notna()]
    gone = known["gone"].astype(bool)
    sizes = known["bin_size_likes"].astype(float)
    got = row(table, "all", "bin_size_likes", "gone", "point_biserial")
    assert got["n"] == 21
    assert got["statistic"] == pytest.approx(stats.pointbiserialr(gone, sizes).statistic)
    got = row(table, "all", "bin_size_likes", "gone", "mann_whitney_u")
    expected = stats.mannwhitneyu(sizes[gone], sizes[~gone], alternative="two-sided")
    assert (got["statistic"], got["p_value"]) == pytest.approx((expected.statistic, expected.pvalue))


@pytest.mark.neo4j
def test_bin_level_share_gone(frame: pd.DataFrame) -> None:
    # From the fixture header: B6 4/6 gone, B4 1/4, B3 1/3, B2 0/2, singletons 16 and 20 gone,
    # 17, 18, 19, 21 active (22, 23, 24 have no usable status and drop out).
    sizes = [6, 4, 3, 2, 1, 1, 1, 1, 1, 1]
    shares = [4 / 6, 1 / 4, 1 / 3, 0, 1, 0, 0, 0, 1, 0]
    table = correlation_table(frame)
    got = row(table, "all", "bin_size", "share_gone", "spearman")
    assert got["n"] == 10
    assert got["statistic"] == pytest.approx(stats.spearmanr(sizes, shares).statistic)


@pytest.mark.neo4j
def test_unusable_rows_say_why(frame: pd.DataFrame) -> None:
    table = correlation_table(frame, CorrelationOptions(large_bin=5))
    assert "constant" in row(table, "all", "bin_size_likes", "raw_universal_financial", "pearson")["reason"]
    assert "missing" in row(table, "all", "bin_size_likes", "raw_universal_spammer", "spearman")["reason"]
    large = row(table, "large bins (size >= 5)", "bin_size_likes", "raw_universal_overall", "pearson")
    assert large["n"] == 6 and "too few rows" in large["reason"]
    assert table[table["reason"] == ""]["statistic"].notna().all()
    unexplained = table["statistic"].isna() & (table["reason"] == "")
    assert not unexplained.any()


@pytest.mark.neo4j
def test_benjamini_hochberg_across_the_table(frame: pd.DataFrame) -> None:
    table = correlation_table(frame, CorrelationOptions(min_items=2))
    assert table["slice"].str.startswith("items >= 2").any()
    with_p = table.dropna(subset=["p_value"])
    expected = stats.false_discovery_control(with_p["p_value"].to_numpy(), method="bh")
    assert with_p["p_bh"].to_numpy() == pytest.approx(expected)
    assert (with_p["p_bh"] >= with_p["p_value"] - 1e-12).all()


def test_bad_options_are_config_errors() -> None:
    with pytest.raises(ConfigError):
        CorrelationOptions(relation="follows")
    with pytest.raises(ConfigError):
        CorrelationOptions(min_n=3)


@given(st.floats(-0.99, 0.99), st.integers(4, 10_000))
def test_fisher_interval_contains_r_and_narrows_with_n(r: float, n: int) -> None:
    low, high = fisher_z_interval(r, n)
    assert -1 <= low <= r <= high <= 1
    low2, high2 = fisher_z_interval(r, n + 100)
    assert high2 - low2 <= high - low + 1e-12

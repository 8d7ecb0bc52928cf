"""The seed study end to end (docs/seed-study.md): the study's pull folder, with everything its scripts
leave in it, through `load auto` -> `detect bins` -> `report correlations`, reproducing its analyses."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from graphcli.cli.app import app
from graphcli.cypher.gateway import Gateway
from tests.loaders.test_real_study import PULL_NAME, TRUTH, real_copy

runner = CliRunner()


def invoke(*args: str) -> str:
    result = runner.invoke(app, ["--quiet", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_seed_study_from_pull_folder_to_correlations(gw: Gateway, tmp_path: Path) -> None:
    pull = real_copy(tmp_path, "study_pull", PULL_NAME)
    loaded = json.loads(
        invoke("load", "auto", str(pull), "--trust-pickles", "--json", "--rejects", str(tmp_path / "r.jsonl"))
    )
    assert loaded["rejected"] == 0
    for relation in ("likes", "retweets"):
        invoke("detect", "bins", "--relation", relation, "--json")
    # The planted liker bin: the accounts that liked exactly T2 and T4 (ground truth) share one bin.
    sizes = {
        r["name"]: r["size"]
        for r in gw.read("report/account_features")
        for r in [{"name": r["screen_name"], "size": r["bin_size_likes"]}]
        if r["name"]
    }
    for name in TRUTH["liker_bin_identical_T2_T4"]:
        assert sizes[name] == 8, name
    out = tmp_path / "stats"
    invoke("report", "correlations", str(out), "--relation", "likes", "--min-n", "4")
    table = pd.read_csv(out / "correlations.csv")
    tested = table[table["reason"].isna() | table["reason"].eq("")]

    def row(x: str, y: str, method: str, level: str = "account") -> pd.Series:
        found = tested[
            (tested["slice"].isin(["all", "posts looked up later"]))
            & (tested["x"] == x)
            & (tested["y"] == y)
            & (tested["method"] == method)
            & (tested["level"] == level)
        ]
        assert len(found) == 1, (x, y, method, table[(table["x"] == x) & (table["y"] == y)])
        return found.iloc[0]

    for method in ("pearson", "spearman"):
        for score in ("raw_universal_overall", "raw_english_overall", "lite"):
            r = row("bin_size_likes", score, method)
            assert r["ci_low"] <= r["statistic"] <= r["ci_high"] and 0 <= r["p_bh"] <= 1
        # The coordinated likers score high on astroturf: bin size goes with it.
        assert row("bin_size_likes", "raw_universal_astroturf", method)["statistic"] > 0.5
        assert row("raw_universal_overall", "lite", method)["statistic"] > 0  # v4 vs Lite
        counts = row("highest_likes", "later_likes", method, level="post")
        assert counts["n"] >= 4
    gone = table[(table["slice"] == "all") & table["y"].str.startswith("gone")]
    assert set(gone["method"]) == {"point_biserial", "mann_whitney_u"}

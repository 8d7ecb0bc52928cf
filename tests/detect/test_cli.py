"""`graphcli detect` through Typer's CliRunner against the real Neo4j."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from graphcli.cli.app import app
from graphcli.cypher.gateway import Gateway
from graphcli.detect.cosharing import coortweet_edges, read_shares
from tests.detect.helpers import load_small

runner = CliRunner()


@pytest.mark.parametrize(
    "command", [[], ["bins"], ["cosharing"], ["multimodal"], ["traces"], ["all"], ["runs"]]
)
def test_help_texts_exist(command: list[str]) -> None:
    result = runner.invoke(app, ["detect", *command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.stdout and len(result.stdout.splitlines()) > 4


@pytest.mark.neo4j
def test_detect_all_and_runs_json(gw: Gateway) -> None:
    expected = load_small(gw)
    result = runner.invoke(app, ["--quiet", "detect", "all", "--json"])
    assert result.exit_code == 0, result.output
    summaries = json.loads(result.stdout)
    assert [
        (s["detection"], s["parameters"].get("relation") or s["parameters"]["kind"]) for s in summaries
    ] == [
        ("bins", "likes"),
        ("bins", "retweets"),
        ("cosharing", "link"),
        ("persistence", "link"),  # the link shares span two days or more
    ]
    assert summaries[0]["counts"]["bins"] == len(expected["bins"]["likes"]["bins"])
    # seven accounts: no co-sharing is unlikely by chance at the default alpha (see test_cosharing.py)
    assert summaries[2]["counts"]["edges"] == 0
    assert summaries[2]["counts"]["not_significant"] == len(expected["link"]["edges"])
    assert summaries[3]["counts"]["groups"] == 0  # nor in any one day

    listed = runner.invoke(app, ["--quiet", "detect", "runs", "--json"])
    assert listed.exit_code == 0
    ids = {r["run_id"] for r in json.loads(listed.stdout)}
    assert ids == {s["run_id"] for s in summaries} | set(summaries[3]["counts"]["slice_runs"])
    only_bins = runner.invoke(app, ["--quiet", "detect", "runs", "--kind", "bins", "--json"])
    assert {r["run_id"] for r in json.loads(only_bins.stdout)} == {s["run_id"] for s in summaries[:2]}


@pytest.mark.neo4j
def test_bins_with_similarity_and_cosharing_no_gds(gw: Gateway) -> None:
    expected = load_small(gw)
    result = runner.invoke(app, ["--quiet", "detect", "bins", "--similarity", "0.7", "--no-gds", "--json"])
    assert result.exit_code == 0, result.output
    counts = json.loads(result.stdout)["counts"]
    assert counts["bins"] == len(expected["similar_likes"]["0.7"])
    assert counts["engine"] == "scipy"
    result = runner.invoke(
        app,
        [
            "--quiet",
            "detect",
            "cosharing",
            "--kind",
            "all",
            "--no-gds",
            "--window",
            "60",
            "--alpha",
            "1",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    (summary,) = json.loads(result.stdout)  # a list with --kind all; only links are in the fixture
    assert summary["counts"]["engine"] == "igraph"
    assert summary["counts"]["communities"] == len(expected["link"]["communities"])
    assert summary["parameters"]["communities"] == "leiden"  # the algorithm, apart from the count
    single = runner.invoke(app, ["--quiet", "detect", "cosharing", "--binning", "fixed", "--json"])
    assert single.exit_code == 0, single.output
    assert json.loads(single.stdout)["parameters"]["binning"] == "fixed"


@pytest.mark.neo4j
def test_cosharing_rules_through_the_cli(gw: Gateway) -> None:
    expected = load_small(gw)["link"]
    shares = read_shares(gw, "link")

    def run(*args: str) -> dict[str, Any]:
        result = runner.invoke(app, ["--quiet", "detect", "cosharing", "--no-gds", *args, "--json"])
        assert result.exit_code == 0, result.output
        summary: dict[str, Any] = json.loads(result.stdout)
        return summary

    coortweet = run("--participation", "coortweet", "--rule", "none")
    assert coortweet["parameters"]["participation"] == "coortweet"
    edges = gw.read("detect/coordinated_list", {"run_id": coortweet["run_id"], "limit": 100})
    assert {(e["source"], e["target"]) for e in edges} == {
        (r.source, r.target) for r in coortweet_edges(shares, 60, 2).itertuples()
    }
    coornet = run("--rule", "coornet")
    assert coornet["parameters"]["rule"] == "coornet" and coornet["counts"]["p_threshold"] == 1.0
    assert coornet["counts"]["edges"] + coornet["counts"]["below_percentile"] == len(expected["edges"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["bins", "--relation", "follows"], "unknown relation"),
        (["bins", "--similarity", "1.5"], "--similarity"),
        (["bins", "--no-gds"], "--no-gds only applies"),
        (["cosharing", "--window", "soon"], "--window"),
        (["runs", "--kind", "follows"], "unknown detection"),
        (["cosharing", "--kind", "likes"], "unknown share kind"),
        (["cosharing", "--edge-percentile", "2"], "--edge-percentile"),
        (["cosharing", "--rule", "vera"], "unknown rule"),
        (["cosharing", "--participation", "rows"], "unknown participation"),
    ],
)
def test_bad_options_are_one_line_errors(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["detect", *args])
    assert result.exit_code == 2
    assert "Error:" in result.output and message in result.output
    assert "Traceback" not in result.output

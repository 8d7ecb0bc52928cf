"""`graphcli neo4j status`, `db init|stats|wipe` and `cypher` through the CLI, on the live server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphcli.cli.app import app
from graphcli.cypher.gateway import Gateway

runner = CliRunner()


@pytest.mark.neo4j
def test_status_json_reports_versions(live_gateway: Gateway) -> None:
    result = runner.invoke(app, ["neo4j", "status", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["running"] is True
    assert data["neo4j"].startswith("5.26.") and data["gds"].startswith("2.13.") and data["apoc"]
    assert "password" not in result.stdout


@pytest.mark.neo4j
def test_db_init_is_idempotent_and_stats_counts(gw: Gateway) -> None:
    first = json.loads(runner.invoke(app, ["db", "init", "--json"]).stdout)
    second = json.loads(runner.invoke(app, ["db", "init", "--json"]).stdout)
    assert first == second and first["constraints"] >= 9
    stats = json.loads(runner.invoke(app, ["db", "stats", "--json"]).stdout)
    assert stats["nodes"]["GraphcliMeta"] == 1


@pytest.mark.neo4j
def test_wipe_refuses_without_yes(gw: Gateway) -> None:
    result = runner.invoke(app, ["db", "wipe"])
    assert result.exit_code != 0
    assert "--yes" in result.output


@pytest.mark.neo4j
def test_wipe_with_yes_empties(gw: Gateway, tmp_path: Path) -> None:
    f = tmp_path / "make.cypher"
    f.write_text(
        "// Make nodes\n// Parameters:\n//   :param n => 7\nUNWIND range(1, $n) AS i CREATE (:Junk)\n"
    )
    made = runner.invoke(app, ["cypher", str(f), "--param", "n=7"])
    assert made.exit_code == 0, made.output
    assert runner.invoke(app, ["db", "wipe", "--yes"]).exit_code == 0
    stats = json.loads(runner.invoke(app, ["db", "stats", "--json"]).stdout)
    assert stats["nodes"].get("Junk", 0) == 0


@pytest.mark.neo4j
@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_cypher_runs_a_library_query_in_every_format(live_gateway: Gateway, fmt: str) -> None:
    result = runner.invoke(app, ["cypher", "db/gds_version", "--format", fmt])
    assert result.exit_code == 0, result.output
    assert "2.13." in result.stdout
    if fmt == "json":
        assert json.loads(result.stdout)[0]["version"].startswith("2.13.")
    if fmt == "csv":
        assert result.stdout.splitlines()[0] == "version"


@pytest.mark.neo4j
def test_cypher_missing_parameter_is_a_clear_error(live_gateway: Gateway, tmp_path: Path) -> None:
    f = tmp_path / "p.cypher"
    f.write_text("// Echo\n// Parameters:\n//   :param x => 1\nRETURN $x AS x\n")
    result = runner.invoke(app, ["cypher", str(f)])
    assert result.exit_code == 2
    assert "needs --param for: x" in result.output
    ok = runner.invoke(app, ["cypher", str(f), "-p", 'x={"a": [1, 2]}', "-f", "json"])
    assert json.loads(ok.stdout) == [{"x": {"a": [1, 2]}}]


@pytest.mark.neo4j
def test_cypher_unknown_query_and_bad_format(live_gateway: Gateway) -> None:
    unknown = runner.invoke(app, ["cypher", "db/nope"])
    assert unknown.exit_code == 2 and "no query named 'db/nope'" in unknown.output
    assert "Traceback" not in unknown.output
    bad = runner.invoke(app, ["cypher", "db/stats", "--format", "xml"])
    assert bad.exit_code != 0 and "unknown format" in bad.output


def test_cypher_list_names_every_query() -> None:
    result = runner.invoke(app, ["cypher", "--list"])
    assert result.exit_code == 0
    assert "db/stats" in result.stdout and "Database statistics" in result.stdout


def test_unreachable_uri_is_one_line_error() -> None:
    result = runner.invoke(app, ["--uri", "bolt://127.0.0.1:1", "--password", "x", "db", "stats"])
    assert result.exit_code == 1
    assert result.output.strip().startswith("Error: cannot reach Neo4j")
    assert len(result.output.strip().splitlines()) == 1

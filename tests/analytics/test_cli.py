"""The report, alerts and export commands through Typer's CliRunner: exit codes, files, --json, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from graphcli.cli.alerts_cmd import parse_since
from graphcli.cli.app import app
from graphcli.cypher.gateway import Gateway
from graphcli.model.errors import ConfigError

runner = CliRunner()

COMMANDS = [
    ["report"],
    ["report", "features"],
    ["report", "correlations"],
    ["report", "html"],
    ["alerts"],
    ["alerts", "export"],
    ["export"],
    ["export", "gexf"],
    ["export", "graphml"],
    ["export", "bloom"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert len(result.output.strip().splitlines()) >= 3


@pytest.mark.neo4j
def test_report_features_and_correlations(world: Gateway, tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", "features", str(tmp_path / "f.csv"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["accounts"] == 25
    assert len(pd.read_csv(tmp_path / "f.csv")) == 25

    result = runner.invoke(
        app, ["report", "correlations", str(tmp_path / "c"), "--large-bin", "5", "--min-items", "2", "--json"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    table = pd.read_csv(tmp_path / "c" / "correlations.csv")
    assert summary["rows"] == len(table) and summary["tested"] == int(table["reason"].isna().sum())
    assert "large bins (size >= 5)" in set(table["slice"])
    assert "## items >= 2" in (tmp_path / "c" / "correlations.md").read_text()


@pytest.mark.neo4j
def test_alerts_export_json_and_since(world: Gateway, tmp_path: Path) -> None:
    result = runner.invoke(app, ["alerts", "export", str(tmp_path / "a"), "--format", "json", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["alerts"] == summary["new_alerts"] == 4
    assert len(json.loads((tmp_path / "a" / "alerts.json").read_text())) == 4
    result = runner.invoke(
        app, ["alerts", "export", str(tmp_path / "b"), "--since", "2026-11-03T00:00Z", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["alerts"] == 1 and json.loads(result.stdout)["new_alerts"] == 0


@pytest.mark.neo4j
def test_bad_since_and_format_are_clean_errors(world: Gateway, tmp_path: Path) -> None:
    result = runner.invoke(app, ["alerts", "export", str(tmp_path), "--since", "yesterday-ish"])
    assert result.exit_code == 2 and "Error: --since 'yesterday-ish'" in result.output
    result = runner.invoke(app, ["alerts", "export", str(tmp_path), "--format", "xml"])
    assert result.exit_code == 2 and "csv or json" in result.output


@pytest.mark.neo4j
def test_exports(world: Gateway, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "gexf", str(tmp_path / "n.gexf"), "--kind", "link", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["nodes"] == 6
    result = runner.invoke(app, ["export", "graphml", str(tmp_path / "n.graphml")])
    assert result.exit_code == 0 and (tmp_path / "n.graphml").stat().st_size > 0
    result = runner.invoke(app, ["export", "bloom", str(tmp_path / "p.json")])
    assert result.exit_code == 0 and json.loads((tmp_path / "p.json").read_text())["templates"]
    result = runner.invoke(app, ["export", "bloom", str(tmp_path / "p.txt")])
    assert result.exit_code == 2 and "must end in .json" in result.output


def test_parse_since() -> None:
    now = pd.Timestamp("2026-01-02T12:00Z").to_pydatetime()
    assert parse_since("6h", now) == pd.Timestamp("2026-01-02T06:00Z").to_pydatetime()
    assert parse_since("2d", now) == pd.Timestamp("2025-12-31T12:00Z").to_pydatetime()
    assert parse_since("2026-01-01T00:00").tzinfo is not None
    with pytest.raises(ConfigError):
        parse_since("soon")


@pytest.mark.neo4j
def test_report_html(world: Gateway, tmp_path: Path) -> None:
    result = runner.invoke(app, ["--quiet", "report", "html", str(tmp_path / "r"), "--top", "3", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert Path(summary["html"]).is_file() and len(summary["plots"]) == 7 + 3  # statistics + top 3 groups
    assert summary["run_ids"] == ["run-hashtag", "run-link", "run-message"]
    assert all((tmp_path / "r" / "plots" / f"{name}.svg").is_file() for name in summary["plots"])


@pytest.mark.neo4j
def test_everything_runs_on_an_empty_database(gw: Gateway, tmp_path: Path) -> None:
    """Before any load or detection: files are written, tables say why nothing was tested, no crash."""
    for command in (
        ["report", "html", str(tmp_path / "r")],
        ["alerts", "export", str(tmp_path / "a")],
        ["export", "gexf", str(tmp_path / "n.gexf")],
        ["report", "features", str(tmp_path / "f.csv")],
    ):
        result = runner.invoke(app, ["--quiet", *command, "--json"])
        assert result.exit_code == 0, (command, result.output)
    table = pd.read_csv(tmp_path / "r" / "correlations.csv")
    assert table["reason"].notna().all()
    assert (tmp_path / "a" / "alerts.csv").read_text().startswith("alert_id,")

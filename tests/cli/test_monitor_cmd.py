"""`graphcli monitor` through Typer's CliRunner: --once --json, and clear errors for bad arguments."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphcli.cli.app import app
from graphcli.cypher.gateway import Gateway
from tests.monitor.monitor_drops import make_drops

runner = CliRunner()


@pytest.fixture(scope="module")
def drops(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    return make_drops(tmp_path_factory.mktemp("synth"))


@pytest.mark.neo4j
def test_once_json_summarises_a_cycle(gw: Gateway, drops: dict[str, list[Path]], tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for f in drops["one"]:
        shutil.copy(f, inbox / f.name)
    args = ["monitor", "--inbox", str(inbox), "--watchlist", str(tmp_path / "w.csv"), "--window", "24h"]
    result = runner.invoke(app, [*args, "--once", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert sorted(Path(f).name for f in summary["files"]) == sorted(f.name for f in drops["one"])
    assert summary["new_alerts"] == len(summary["new_alert_ids"]) > 0
    assert summary["watchlist_size"] == summary["new_accounts"] > 0
    assert Path(summary["out_dir"]).parent == tmp_path / "alerts"  # default: beside the watch list
    assert (Path(summary["out_dir"]) / "new_alerts.json").is_file()

    again = json.loads(runner.invoke(app, [*args, "--once", "--json"]).stdout)
    assert (again["files"], again["new_alerts"], again["new_accounts"]) == ([], 0, 0)
    assert again["watchlist_size"] == summary["watchlist_size"]


def test_a_missing_inbox_is_a_one_line_error(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["monitor", "--inbox", str(tmp_path / "nope"), "--watchlist", str(tmp_path / "w.csv"), "--once"]
    )
    assert result.exit_code != 0
    assert "Error: inbox" in result.output and "is not a folder" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ([], "exactly one of --once or --every"),
        (["--once", "--every", "6h"], "exactly one of"),
        (["--every", "soon"], "is not a duration"),
        (["--once", "--window", "0h"], "is not a duration"),
    ],
)
def test_bad_options_are_one_line_errors(tmp_path: Path, extra: list[str], message: str) -> None:
    result = runner.invoke(
        app, ["monitor", "--inbox", str(tmp_path), "--watchlist", str(tmp_path / "w.csv"), *extra]
    )
    assert result.exit_code != 0
    assert message in result.output

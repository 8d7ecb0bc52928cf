"""`graphcli demo`: the whole main job on a tiny world, through the commands it names."""

from __future__ import annotations

import json
import traceback
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphcli.cli.app import app
from graphcli.cypher.gateway import Gateway

runner = CliRunner()


@pytest.mark.neo4j
@pytest.mark.slow
def test_demo_writes_every_output_it_names(gw: Gateway, tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = runner.invoke(
        app, ["--quiet", "demo", str(out), "--profile", "tiny", "--formats", "crowdtangle,shares", "--json"]
    )
    assert result.exit_code == 0, result.output + "".join(traceback.format_exception(*result.exc_info or ()))
    where = {name: Path(path) for name, path in json.loads(result.stdout).items()}
    assert where["world"] == out / "world" and (where["world"] / "truth.json").is_file()
    assert "<html" in where["report"].read_text(encoding="utf-8")[:500].lower()
    assert (where["alerts"] / "alerts.csv").is_file()
    assert where["gephi"].read_text(encoding="utf-8").lstrip().startswith("<?xml")
    counts = {row["name"]: row["count"] for row in gw.read("db/stats")}
    assert counts["COORDINATED"] > 0 and counts["Community"] > 0  # it loaded and detected


def test_demo_help() -> None:
    result = runner.invoke(app, ["demo", "--help"])
    assert result.exit_code == 0 and "report" in result.stdout

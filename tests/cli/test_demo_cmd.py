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
    summary = json.loads(result.stdout)
    database = summary.pop("database")
    assert database["name"] == "neo4j" and database["nodes_before"] == 0  # gw: a wiped database
    where = {name: Path(path) for name, path in summary.items()}
    assert where["world"] == out / "world" and (where["world"] / "truth.json").is_file()
    assert "<html" in where["report"].read_text(encoding="utf-8")[:500].lower()
    assert (where["alerts"] / "alerts.csv").is_file()
    assert where["gephi"].read_text(encoding="utf-8").lstrip().startswith("<?xml")
    counts = {row["name"]: row["count"] for row in gw.read("db/stats")}
    assert counts["COORDINATED"] > 0 and counts["Community"] > 0  # it loaded and detected


def test_demo_help() -> None:
    result = runner.invoke(app, ["demo", "--help"])
    assert result.exit_code == 0 and "report" in result.stdout


@pytest.mark.neo4j
@pytest.mark.slow
def test_demo_ends_with_what_to_open_next(gw: Gateway, tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = runner.invoke(app, ["demo", str(out), "--profile", "tiny", "--formats", "shares"])
    assert result.exit_code == 0, result.output
    lines = result.stderr.strip().splitlines()
    tail = lines[lines.index("Open next:") :]
    assert len(tail) <= 8, tail  # short, and the last thing printed
    text = "\n".join(tail)
    assert str(out / "report" / "report.html") in text and str(out / "coordination.gexf") in text
    assert "graphcli browser --guide" in text and "database 'neo4j'" in text
    assert "rejects" not in text  # no rejects file was written, so none is named
    assert "demo: using database 'neo4j'" in result.stderr and "(empty)" in result.stderr

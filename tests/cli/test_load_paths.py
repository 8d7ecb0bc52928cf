"""`graphcli load --row-path` and `--workers`: the same counts and rejects as the default."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphcli.cli.app import app
from graphcli.cypher.gateway import Gateway

runner = CliRunner()


@pytest.mark.neo4j
def test_row_path_and_worker_processes_load_the_same_counts(gw: Gateway, tmp_path: Path) -> None:
    canonical = Path(__file__).resolve().parents[1] / "fixtures" / "canonical"
    totals: list[dict[str, int]] = []
    for flags in (["--row-path"], ["--workers", "2"]):
        rejects = tmp_path / f"rejects{len(totals)}.jsonl"
        result = runner.invoke(
            app, ["--quiet", "load", "auto", str(canonical), "--json", "--rejects", str(rejects), *flags]
        )
        assert result.exit_code == 0, result.output
        summary = json.loads(result.stdout)
        totals.append({k: summary[k] for k in ("read", "loaded", "duplicate", "rejected")})
        totals[-1]["rejects_written"] = len(rejects.read_text().splitlines())
    assert totals[0]["read"] == totals[0]["loaded"] + totals[0]["duplicate"] + totals[0]["rejected"]
    assert totals[0]["read"] > 0
    assert totals[1] == totals[0]

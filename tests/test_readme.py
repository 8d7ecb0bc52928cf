"""The README's commands work as written: every `$ graphcli ...` line runs, every `make X` exists."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphcli.cli.app import app
from graphcli.cypher.gateway import Gateway

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def readme_commands() -> list[list[str]]:
    """`$ graphcli ...` lines inside code blocks, without the prompt and trailing comments."""
    commands = []
    for block in re.findall(r"```console\n(.*?)```", README, re.S):
        for line in block.splitlines():
            if line.startswith("$ graphcli "):
                commands.append(shlex.split(line[2:].split("  #")[0], comments=True)[1:])
    return commands


def test_quick_start_is_exactly_make_demo_and_make_test() -> None:
    first_block = re.search(r"```console\n(.*?)```", README, re.S)
    assert first_block is not None
    commands = [line.split("#")[0].strip() for line in first_block.group(1).splitlines()]
    assert commands == ["make demo", "make test"]


@pytest.mark.parametrize("target", sorted(set(re.findall(r"`make ([a-z0-9-]+)`", README))))
def test_every_make_target_named_exists(target: str) -> None:
    # Read, never run: `make -n` still executes recipe lines that call $(MAKE).
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(rf"^{re.escape(target)}:", makefile, re.M), f"no target for `make {target}`"


@pytest.mark.neo4j
@pytest.mark.slow
def test_every_graphcli_command_shown_runs(
    gw: Gateway, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commands = readme_commands()
    assert len(commands) >= 18
    monkeypatch.chdir(tmp_path)  # the pipeline's examples write relative paths
    runner = CliRunner()
    for args in commands:
        result = runner.invoke(app, args)
        assert result.exit_code == 0, f"graphcli {' '.join(args)}:\n{result.output}"
    # the README shows `neo4j stop` among them: bring the suite's server back
    assert runner.invoke(app, ["neo4j", "start"]).exit_code == 0
    for written in (
        "world/truth.json",
        "features.parquet",
        "stats/correlations.csv",
        "report/report.html",
        "coordination.gexf",
        "watchlist.csv",
    ):
        assert (tmp_path / written).stat().st_size > 0, written

"""The CLI answers at once and fails in one line: lazy imports, typo suggestions, one-line errors for
anything unexpected (DNS failures included), data that looks like Rich markup, and -q that silences the
driver's retry warnings."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphcli.cli import app as app_module
from graphcli.cli.app import COMMANDS, app, load_command
from graphcli.cypher.gateway import Gateway

runner = CliRunner()
HEAVY = ("pandas", "numpy", "neo4j", "scipy", "igraph", "matplotlib")


def test_importing_the_cli_imports_no_heavy_library() -> None:
    code = f"import sys, graphcli.cli.app; print([m for m in {HEAVY!r} if m in sys.modules])"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"


def test_help_and_version_import_no_heavy_library() -> None:
    code = (
        "import sys\nfrom typer.testing import CliRunner\nfrom graphcli.cli.app import app\n"
        "for args in (['--help'], ['--version'], ['lod']): CliRunner().invoke(app, args)\n"
        f"print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"


def test_a_typo_suggests_the_command() -> None:
    result = runner.invoke(app, ["lod"])
    assert result.exit_code == 2
    assert "Did you mean 'load'?" in result.output


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_listed_command_loads_under_its_name(name: str) -> None:
    command = load_command(name)
    assert command.name == name and command.help
    result = runner.invoke(app, [name, "--help"])
    assert result.exit_code == 0 and f" {name} [OPTIONS]" in result.output, result.output


def test_a_group_of_one_command_stays_a_group() -> None:
    result = runner.invoke(app, ["alerts", "export", "--help"])
    assert result.exit_code == 0, result.output


def test_an_unresolvable_host_is_one_line() -> None:
    result = runner.invoke(app, ["--uri", "neo4j+s://no-such-host.invalid", "--password", "x", "db", "stats"])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no-such-host.invalid" in lines[0], result.stderr
    assert "Traceback" not in result.output


def test_an_unexpected_error_is_one_line_with_a_non_zero_exit(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import graphcli.cli.synth_cmd as synth_cmd

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the writer thread died:\n  disk full")

    monkeypatch.setattr(synth_cmd, "generate", broken)
    result = runner.invoke(app, ["-q", "synth", str(tmp_path / "w"), "--profile", "tiny"])
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: RuntimeError: the writer thread died: disk full"


def test_quiet_silences_driver_warnings() -> None:
    try:
        runner.invoke(app, ["-q", "db", "--help"])
        assert logging.getLogger("neo4j").getEffectiveLevel() > logging.WARNING
        runner.invoke(app, ["db", "--help"])
        assert logging.getLogger("neo4j").getEffectiveLevel() <= logging.WARNING
    finally:
        app_module.quiet_driver_logs(False)


@pytest.mark.neo4j
def test_values_that_look_like_markup_print_as_they_are(live_gateway: Gateway, tmp_path: Path) -> None:
    (tmp_path / "[b]").mkdir()
    query = tmp_path / "[b]" / "markup[x].cypher"
    query.write_text('RETURN "[/x]" AS closing, "[bold]b" AS opening\n')
    result = runner.invoke(app, ["cypher", str(query)])
    assert result.exit_code == 0, result.output
    assert "[/x]" in result.stdout and "[bold]b" in result.stdout

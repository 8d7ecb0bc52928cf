"""Every command and group has --help text (walks the real command tree, so new commands are covered)."""

from __future__ import annotations

import re
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from graphcli.cli.app import app


def _command_paths(command: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path; the root lists its commands lazily (list_commands/get_command)."""
    paths = [prefix]
    ctx = typer.Context(command)
    names = command.list_commands(ctx) if hasattr(command, "list_commands") else []
    for name in names:
        paths.extend(_command_paths(command.get_command(ctx, name), (*prefix, name)))
    return paths


PATHS = _command_paths(typer.main.get_command(app))


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "graphcli")
def test_help_shows_no_python_type_names(path: tuple[str, ...]) -> None:
    """Value placeholders are plain words (TEXT, N, PATH), never `<str>` or `<list[str]>`."""
    result = CliRunner().invoke(app, [*path, "--help"])
    assert re.search(r"<(str|int|float|path|Path|list\[)", result.output) is None, result.output


def test_the_tree_has_the_foundation_commands() -> None:
    assert {("neo4j", "start"), ("neo4j", "status"), ("db", "init"), ("db", "wipe"), ("cypher",)} <= set(
        PATHS
    )


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "graphcli")
def test_help_exists(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    body = result.output.split("Options:")[0]
    assert len(body.split("Usage:")[1].strip().splitlines()) >= 2, "no description under the usage line"

"""`graphcli cypher NAME_OR_FILE`: run a library query or your own .cypher file from the shell."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any, Literal

import typer
from rich.table import Table

from graphcli.cli.common import emit_json, gateway, out, say
from graphcli.cypher.gateway import is_read_only
from graphcli.cypher.queries import (
    QUERY_ROOT,
    Query,
    load_query,
    parse_query_file,
    query_names,
    question_names,
)
from graphcli.model.errors import ConfigError

# The command that does what an internal step does, for the steps a person may look for by name.
INTERNAL_COMMANDS = {
    "db/wipe": "to empty the database: graphcli db wipe --yes",
    "db/wipe_relationships": "to empty the database: graphcli db wipe --yes",
    "db/init": "to create the schema: graphcli db init",
}


def cypher(
    ctx: typer.Context,
    query: str | None = typer.Argument(None, help="A library query name (e.g. db/stats) or a .cypher file."),
    param: list[str] = typer.Option(
        [], "--param", "-p", help="key=value; the value is parsed as JSON if it can be."
    ),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv or json."),
    list_queries: bool = typer.Option(
        False, "--list", help="List the analyst's questions in the library and exit."
    ),
    list_all: bool = typer.Option(
        False, "--all", help="With --list: also graphcli's internal steps (load passes, detection writes)."
    ),
) -> None:
    """Run a query file exactly as Neo4j Browser would, with $parameters from --param.

    Example: graphcli cypher --list;  graphcli cypher detect/runs --format csv
    """
    if list_queries or list_all:
        for name in query_names() if list_all else question_names():
            q = load_query(name)
            tag = "" if q.is_question or not list_all else "  (internal)"
            out.print(f"{name:40} {q.title}{tag}", highlight=False)
        return
    if not query:
        raise typer.BadParameter("give a query name or a .cypher file (or --list)")
    if fmt not in {"table", "csv", "json"}:
        raise typer.BadParameter(f"unknown format {fmt!r}; use table, csv or json", param_hint="--format")
    q = _resolve(query)
    access: Literal["read", "write"] = "read" if all(is_read_only(s) for s in q.statements) else "write"
    if access == "write" and q.path.resolve().is_relative_to(QUERY_ROOT) and not q.is_question:
        raise ConfigError(
            f"{q.name} is one of graphcli's internal write steps, not a question to run by hand",
            hint=INTERNAL_COMMANDS.get(
                q.name, "graphcli runs it itself; `graphcli cypher --list` shows the questions"
            ),
        )
    params = parse_params(param)
    missing = sorted(q.parameters - params.keys())
    if missing:
        raise ConfigError(f"{q.name} needs --param for: {', '.join(missing)}")
    with gateway(ctx) as gw:
        result = gw.run(q, params, access=access)
    if fmt == "json":
        emit_json(result.rows)
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=result.columns)
        writer.writeheader()
        writer.writerows({k: _cell(v) for k, v in row.items()} for row in result.rows)
    else:
        table = Table(*result.columns)
        for row in result.rows:
            table.add_row(*(_cell(row[c]) for c in result.columns))
        out.print(table)
    if result.counters:
        say(", ".join(f"{k}: {v}" for k, v in result.counters.items()))


def _resolve(query: str) -> Query:
    path = Path(query)
    if path.suffix == ".cypher" or path.exists():
        if not path.is_file():
            raise ConfigError(f"{path}: no such query file")
        return parse_query_file(path)
    return load_query(query)


def parse_params(pairs: list[str]) -> dict[str, Any]:
    """``["n=5", "name=Ann"]`` -> ``{"n": 5, "name": "Ann"}`` (values parsed as JSON when possible)."""
    params: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key.strip().isidentifier():
            raise ConfigError(f"--param wants key=value, got {pair!r}")
        try:
            params[key.strip()] = json.loads(raw)
        except json.JSONDecodeError:
            params[key.strip()] = raw
    return params


def _cell(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, default=str)

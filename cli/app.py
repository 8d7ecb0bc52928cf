"""The `graphcli` command: options shared by every command, and the command groups.

Commands are imported only when they run (or their own ``--help`` is asked for): `graphcli --help`,
`--version` and a mistyped command answer without importing pandas, SciPy, igraph, matplotlib or the
Neo4j driver. The one-line help of each command is kept here, next to where it is registered
(tests/cli/test_help.py checks it against the command's own help, so the two cannot drift).
"""

from __future__ import annotations

import importlib
from difflib import get_close_matches
from pathlib import Path
from typing import Any

import typer
import typer.main

from graphcli import __version__
from graphcli.cli.common import GraphcliGroup, State, new_app, quiet_driver_logs

# name -> (module:attribute, one-line help). An attribute named `app` is a command group (a Typer app);
# anything else is a single command function.
COMMANDS: dict[str, tuple[str, str]] = {
    "neo4j": (
        "graphcli.cli.neo4j_cmd:app",
        "Install, start, stop and inspect the managed local Neo4j (127.0.0.1 only).",
    ),
    "browser": ("graphcli.cli.neo4j_cmd:browser", "Where Neo4j Browser is, how to log in, and the guide."),
    "db": ("graphcli.cli.db_cmd:app", "Create the schema, count what is in the database, or empty it."),
    "detect": (
        "graphcli.cli.detect_cmd:app",
        "Find coordinated accounts: identical-neighbourhood bins and co-sharing communities.",
    ),
    "cypher": (
        "graphcli.cli.cypher_cmd:cypher",
        "Run a query file exactly as Neo4j Browser would, with $parameters from --param.",
    ),
    "load": (
        "graphcli.cli.load_cmd:load",
        "Load files into the graph: every row is loaded, a duplicate, or rejected (to the rejects file).",
    ),
    "synth": (
        "graphcli.cli.synth_cmd:synth",
        "Generate a deterministic synthetic world (accounts, tweets, likes, retweets, Facebook posts, ...).",
    ),
    "report": (
        "graphcli.cli.report_cmd:app",
        "Write the account feature frame, the correlation tests and the HTML report.",
    ),
    "alerts": (
        "graphcli.cli.alerts_cmd:app",
        "Export coordinated objects as alerts with red-flag scores, and notify a webhook.",
    ),
    "export": (
        "graphcli.cli.export_cmd:app",
        "Write coordinated networks for Gephi (GEXF, GraphML) or a Neo4j Bloom perspective.",
    ),
    "monitor": (
        "graphcli.cli.monitor_cmd:monitor",
        "Load new inbox files, detect over the last window, alert, and extend the watch list.",
    ),
    "demo": (
        "graphcli.cli.demo_cmd:demo",
        "Synthesise a world, load it, detect everything, and write the report, alerts and a Gephi file.",
    ),
}


def load_command(name: str) -> Any:
    """Import one command's module and build its click command (a group for a Typer app)."""
    target, _ = COMMANDS[name]
    module_name, attribute = target.split(":")
    obj = getattr(importlib.import_module(module_name), attribute)
    if isinstance(obj, typer.Typer):
        command: Any = typer.main.get_group(obj)  # a group even when it holds one command (alerts export)
    else:
        single = new_app(COMMANDS[name][1])
        single.command(name)(obj)
        command = typer.main.get_command(single)
    command.name = name
    command.short_help = COMMANDS[name][1]  # the same line `graphcli --help` lists
    plain_metavars(command)
    return command


# Typer shows a value's Python type (`<str>`, `<list[str]>`); --help speaks in plain words instead.
PLAIN_TYPES = {"str": "TEXT", "int": "N", "float": "NUMBER", "path": "PATH", "datetime": "TIME"}


def plain_metavars(command: Any) -> None:
    """Give every option and argument without a metavar a plain one (TEXT, N, PATH, a|b), recursively."""
    for param in getattr(command, "params", []):
        if param.param_type_name == "argument":
            param.display_type_rich = lambda ctx: None  # its name says what it is; no Python type after it
        if param.metavar is not None or getattr(param, "is_flag", False) or param.name == "help":
            continue
        shown = str(param.display_type(None)).strip("<>")
        repeated = shown.startswith("list[")
        shown = shown.removeprefix("list[").removesuffix("]")
        word = PLAIN_TYPES.get(shown, shown)
        if param.param_type_name == "argument":
            word = (param.name or word).upper()
        param.metavar = f"{word}..." if repeated else word
    for sub in getattr(command, "commands", {}).values():
        plain_metavars(sub)


class LazyGroup(GraphcliGroup):
    """The root group: lists commands from :data:`COMMANDS` and imports one only when it is used."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.commands[cmd_name] = load_command(cmd_name)
        return self.commands.get(cmd_name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """Click's resolution, with "Did you mean ...?" drawn from every command, loaded or not."""
        try:
            return super().resolve_command(ctx, args)
        except Exception as exc:
            message = getattr(exc, "message", None)
            if isinstance(message, str) and args and "Did you mean" not in message:
                matches = get_close_matches(args[0], list(COMMANDS))
                if matches:
                    suggestion = f"{message.rstrip('.')}. Did you mean {', '.join(map(repr, matches))}?"
                    setattr(exc, "message", suggestion)  # noqa: B010 (click's UsageError field)
            raise

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The command list from the static one-line help, so `graphcli --help` imports nothing."""
        with formatter.section("Commands"):
            formatter.write_dl([(name, short) for name, (_, short) in COMMANDS.items()])


app = new_app(
    "graphcli: find coordinated inauthentic behaviour in social-media data with Neo4j and GDS.\n\n"
    "With no --uri (or NEO4J_URI) configured, commands use the managed local Neo4j and start it when needed."
    "\n\nExample: graphcli demo demo-out   (then: graphcli browser)",
    cls=LazyGroup,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"graphcli {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    uri: str | None = typer.Option(
        None, metavar="URI", help="Neo4j URI (env NEO4J_URI); none = the managed local server."
    ),
    username: str | None = typer.Option(None, metavar="NAME", help="Neo4j user (env NEO4J_USERNAME)."),
    password: str | None = typer.Option(
        None, metavar="PASSWORD", help="Neo4j password (env NEO4J_PASSWORD)."
    ),
    database: str | None = typer.Option(None, metavar="NAME", help="Database name (env NEO4J_DATABASE)."),
    home: Path | None = typer.Option(
        None, metavar="DIR", help="Where the managed server lives (env GRAPHCLI_HOME)."
    ),
    bolt_port: int | None = typer.Option(
        None, metavar="PORT", help="Managed server Bolt port (env GRAPHCLI_BOLT_PORT)."
    ),
    http_port: int | None = typer.Option(
        None, metavar="PORT", help="Managed server HTTP port (env GRAPHCLI_HTTP_PORT)."
    ),
    heap: str | None = typer.Option(
        None, metavar="SIZE", help="Managed server heap, e.g. 2g (default: from RAM)."
    ),
    pagecache: str | None = typer.Option(
        None, metavar="SIZE", help="Managed server page cache, e.g. 1g (default: from RAM)."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bars or status messages."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version."
    ),
) -> None:
    """Shared options; they override environment variables and graphcli.toml."""
    quiet_driver_logs(quiet)
    ctx.obj = State(
        overrides={
            "uri": uri,
            "username": username,
            "password": password,
            "database": database,
            "home": home,
            "bolt_port": bolt_port,
            "http_port": http_port,
            "heap": heap,
            "pagecache": pagecache,
        },
        quiet=quiet,
    )


def main() -> None:
    app()

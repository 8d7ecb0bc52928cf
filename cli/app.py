"""The `graphcli` command: options shared by every command, and the command groups."""

from __future__ import annotations

from pathlib import Path

import typer

from graphcli import __version__
from graphcli.cli import (
    alerts_cmd,
    cypher_cmd,
    db_cmd,
    demo_cmd,
    detect_cmd,
    export_cmd,
    load_cmd,
    monitor_cmd,
    neo4j_cmd,
    report_cmd,
    synth_cmd,
)
from graphcli.cli.common import State, new_app

app = new_app(
    "graphcli: find coordinated inauthentic behaviour in social-media data with Neo4j and GDS.\n\n"
    "With no --uri (or NEO4J_URI) configured, commands use the managed local Neo4j and start it when needed."
)
app.add_typer(neo4j_cmd.app, name="neo4j")
app.add_typer(db_cmd.app, name="db")
app.add_typer(detect_cmd.app, name="detect")
app.command("cypher")(cypher_cmd.cypher)
app.command("load")(load_cmd.load)
app.command("synth")(synth_cmd.synth)
app.add_typer(report_cmd.app, name="report")
app.add_typer(alerts_cmd.app, name="alerts")
app.add_typer(export_cmd.app, name="export")
app.command("monitor")(monitor_cmd.monitor)
app.command("demo")(demo_cmd.demo)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"graphcli {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    uri: str | None = typer.Option(None, help="Neo4j URI (env NEO4J_URI); none = the managed local server."),
    username: str | None = typer.Option(None, help="Neo4j user (env NEO4J_USERNAME)."),
    password: str | None = typer.Option(None, help="Neo4j password (env NEO4J_PASSWORD)."),
    database: str | None = typer.Option(None, help="Database name (env NEO4J_DATABASE)."),
    home: Path | None = typer.Option(None, help="Where the managed server lives (env GRAPHCLI_HOME)."),
    bolt_port: int | None = typer.Option(None, help="Managed server Bolt port (env GRAPHCLI_BOLT_PORT)."),
    http_port: int | None = typer.Option(None, help="Managed server HTTP port (env GRAPHCLI_HTTP_PORT)."),
    heap: str | None = typer.Option(None, help="Managed server heap, e.g. 2g (default: from RAM)."),
    pagecache: str | None = typer.Option(
        None, help="Managed server page cache, e.g. 1g (default: from RAM)."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bars or status messages."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version."
    ),
) -> None:
    """Shared options; they override environment variables and graphcli.toml."""
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

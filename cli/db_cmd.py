"""`graphcli db ...`: schema, counts, wiping."""

from __future__ import annotations

import typer
from rich.table import Table

from graphcli.cli.common import JSON_OPTION, emit_json, gateway, new_app, out, say
from graphcli.cypher.schema import SCHEMA_VERSION, database_stats, init_schema, wipe

app = new_app("Create the schema, count what is in the database, or empty it.")


@app.command()
def init(ctx: typer.Context, json_out: bool = JSON_OPTION) -> None:
    """Create the constraints and indexes graphcli needs (idempotent; records the schema version)."""
    with gateway(ctx) as gw:
        summary = init_schema(gw)
    if json_out:
        emit_json(summary)
    else:
        say(
            f"schema version {SCHEMA_VERSION}: "
            f"{summary['constraints']} constraints, {summary['indexes']} indexes"
        )


@app.command()
def stats(ctx: typer.Context, json_out: bool = JSON_OPTION) -> None:
    """Count nodes per label and relationships per type."""
    with gateway(ctx) as gw:
        counts = database_stats(gw)
    if json_out:
        emit_json(counts)
        return
    table = Table("kind", "name", "count")
    for kind in ("nodes", "relationships"):
        for name, count in counts[kind].items():
            table.add_row(kind[:-1], name, f"{count:,}")
    out.print(table)


@app.command("wipe")
def wipe_cmd(
    ctx: typer.Context,
    yes: bool = typer.Option(False, "--yes", help="Really delete every node and relationship."),
) -> None:
    """Delete everything in the database (refuses without --yes). The schema stays."""
    if not yes:
        raise typer.BadParameter("refusing to wipe the database without --yes", param_hint="--yes")
    with gateway(ctx) as gw:
        deleted = wipe(gw)
    say(f"deleted {deleted:,} nodes")

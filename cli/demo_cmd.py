"""`graphcli demo OUT`: the main job on a generated sample, step by step as a user would run it.

Each step is the graphcli command line shown (parsed and run by the same command objects, every other
option at its default), so the demo cannot drift from the commands it shows off. It ends with a short
"open next" block: the report, Browser and how to log in, the guide, the Gephi file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from graphcli.cli.common import JSON_OPTION, emit_json, gateway, say, state

DEMO_FORMATS = "scrape,twarc,botometer,lookups,crowdtangle,shares"


def demo(
    ctx: typer.Context,
    out: Path = typer.Argument(Path("demo-out"), help="Folder for the world and every output."),
    profile: str = typer.Option(
        "tiny", "--profile", "-p", help="World size: tiny (a minute or two), small, medium, large."
    ),
    seed: int = typer.Option(1, "--seed", help="Random seed of the world."),
    formats: str = typer.Option(DEMO_FORMATS, "--formats", help="Source formats to write and load."),
    json_out: bool = JSON_OPTION,
) -> None:
    """Synthesise a world with planted coordination, load it, detect everything, and write the HTML
    report, alerts and a Gephi file: `db init`, `synth`, `load auto`, `detect all`, `report html`,
    `alerts export`, `export gexf` in turn. Uses the configured Neo4j (the managed one by default) and
    says which database; texts are kept (--keep-text) so the report can show what was shared.

    Example: graphcli demo demo-out --profile small
    """
    quiet = state(ctx).quiet
    outputs = {
        "world": out / "world",
        "rejects": out / "rejects.jsonl",
        "report": out / "report" / "report.html",
        "alerts": out / "alerts",
        "gephi": out / "coordination.gexf",
    }
    database = _database(ctx)
    if not quiet:
        say(_database_line(database))
    steps = [
        ["db", "init"],
        ["synth", str(outputs["world"]), "--profile", profile, "--seed", str(seed), "--formats", formats],
        ["load", "auto", str(outputs["world"]), "--keep-text", "--rejects", str(outputs["rejects"])],
        ["detect", "all"],
        ["report", "html", str(out / "report")],
        ["alerts", "export", str(outputs["alerts"])],
        ["export", "gexf", str(outputs["gephi"])],
    ]
    root = ctx.find_root()
    for args in steps:
        if not quiet:
            say(f"== graphcli {' '.join(args)}")
        command = root.command.get_command(root, args[0])  # type: ignore[attr-defined]
        with command.make_context(args[0], args[1:], parent=root) as sub:
            command.invoke(sub)
    where = {name: str(path) for name, path in outputs.items() if name != "rejects" or path.exists()}
    if json_out:
        emit_json({**where, "database": database})
    else:
        say(open_next(outputs, database))


def _database(ctx: typer.Context) -> dict[str, Any]:
    """Which database the demo writes to, and whether it held anything before."""
    from graphcli.cypher.schema import database_stats

    settings = state(ctx).settings()
    with gateway(ctx) as gw:
        nodes = sum(n for label, n in database_stats(gw)["nodes"].items() if label != "GraphcliMeta")
    return {
        "uri": settings.bolt_uri,
        "name": settings.database,
        "managed": settings.managed,
        "nodes_before": nodes,
    }


def _database_line(db: dict[str, Any]) -> str:
    where = f"database {db['name']!r} at {db['uri']}" + (
        " (the managed local server)" if db["managed"] else ""
    )
    if db["nodes_before"]:
        return (
            f"demo: using {where}; it already holds {db['nodes_before']:,} nodes, and the demo adds its "
            "world to them (for a clean start: graphcli db wipe --yes)"
        )
    return f"demo: using {where} (empty)"


def open_next(outputs: dict[str, Path], db: dict[str, Any]) -> str:
    """The few lines that say where to look next."""
    lines = [
        "",
        "Open next:",
        f"  report   {outputs['report']}   (findings first: the coordinated groups and their handles)",
        "  Browser  graphcli browser --guide   (prints the address, user and password file; plays the guide)",
        f"  Gephi    {outputs['gephi']}",
        f"  alerts   {outputs['alerts'] / 'alerts.csv'}",
    ]
    if outputs["rejects"].exists():
        lines.append(f"  rejects  {outputs['rejects']}")
    lines.append(f"  data     {_database_line(db).removeprefix('demo: using ')}")
    return "\n".join(lines)

"""`graphcli demo OUT`: the main job on a generated sample, step by step as a user would run it.

Each step is the graphcli command line shown (parsed and run by the same command objects, every other
option at its default), so the demo cannot drift from the commands it shows off.
"""

from __future__ import annotations

from pathlib import Path

import typer

from graphcli.cli.common import JSON_OPTION, emit_json, say, state

DEMO_FORMATS = "scrape,twarc,botometer,lookups,crowdtangle,shares"


def demo(
    ctx: typer.Context,
    out: Path = typer.Argument(Path("demo-out"), help="Folder for the world and every output."),
    profile: str = typer.Option("small", "--profile", "-p", help="World size: tiny, small, medium, large."),
    seed: int = typer.Option(1, "--seed", help="Random seed of the world."),
    formats: str = typer.Option(DEMO_FORMATS, "--formats", help="Source formats to write and load."),
    json_out: bool = JSON_OPTION,
) -> None:
    """Synthesise a world with planted coordination, load it, detect everything, and write the HTML
    report, alerts and a Gephi file: `db init`, `synth`, `load auto`, `detect all`, `report html`,
    `alerts export`, `export gexf` in turn. Uses the configured Neo4j (the managed one by default)."""
    outputs = {
        "world": out / "world",
        "rejects": out / "rejects.jsonl",
        "report": out / "report" / "report.html",
        "alerts": out / "alerts",
        "gephi": out / "coordination.gexf",
    }
    steps = [
        ["db", "init"],
        ["synth", str(outputs["world"]), "--profile", profile, "--seed", str(seed), "--formats", formats],
        ["load", "auto", str(outputs["world"]), "--rejects", str(outputs["rejects"])],
        ["detect", "all"],
        ["report", "html", str(out / "report")],
        ["alerts", "export", str(outputs["alerts"])],
        ["export", "gexf", str(outputs["gephi"])],
    ]
    root = ctx.find_root()
    for args in steps:
        if not state(ctx).quiet:
            say(f"== graphcli {' '.join(args)}")
        command = root.command.get_command(root, args[0])  # type: ignore[attr-defined]
        with command.make_context(args[0], args[1:], parent=root) as sub:
            command.invoke(sub)
    where = {name: str(path) for name, path in outputs.items()}
    if json_out:
        emit_json(where)
    else:
        say("demo done: " + ", ".join(f"{name} {path}" for name, path in where.items()))

"""`graphcli export ...`: coordinated networks for Gephi, and a Neo4j Bloom perspective."""

from __future__ import annotations

from pathlib import Path

import typer

from graphcli.analytics.exports import coordinated_graph, write_bloom, write_graph
from graphcli.cli.common import JSON_OPTION, emit_json, gateway, new_app, say

app = new_app("Write coordinated networks for Gephi (GEXF, GraphML) or a Neo4j Bloom perspective.")

KIND = typer.Option(
    None, "--kind", help="Only this co-sharing kind (repeatable); default: every kind with a run."
)


def _graph(ctx: typer.Context, out: Path, fmt: str, kinds: list[str] | None, json_out: bool) -> None:
    with gateway(ctx) as gw:
        graph = coordinated_graph(gw, kinds=kinds or None)
    path = write_graph(graph, out, "gexf" if fmt == "gexf" else "graphml")
    summary = {
        "file": str(path),
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "runs": graph.graph.get("runs", ""),
    }
    if json_out:
        emit_json(summary)
    else:
        say(f"wrote {summary['nodes']:,} accounts and {summary['edges']:,} edges to {path}")


@app.command()
def gexf(
    ctx: typer.Context,
    out: Path = typer.Argument(..., help="The .gexf file to write."),
    kind: list[str] | None = KIND,
    json_out: bool = JSON_OPTION,
) -> None:
    """Coordinated networks as GEXF for Gephi, with bins, communities and bot scores as node attributes."""
    _graph(ctx, out, "gexf", kind, json_out)


@app.command()
def graphml(
    ctx: typer.Context,
    out: Path = typer.Argument(..., help="The .graphml file to write."),
    kind: list[str] | None = KIND,
    json_out: bool = JSON_OPTION,
) -> None:
    """Coordinated networks as GraphML (Gephi, Cytoscape, igraph), with the same attributes as gexf."""
    _graph(ctx, out, "graphml", kind, json_out)


@app.command()
def bloom(
    out: Path = typer.Argument(..., help="The perspective .json file to write."),
    name: str = typer.Option("graphcli", "--name", help="The perspective's name in Bloom."),
    json_out: bool = JSON_OPTION,
) -> None:
    """A Neo4j Bloom perspective: Account, Post, Object, Bin, Community categories and search phrases."""
    path = write_bloom(out, name)
    if json_out:
        emit_json({"file": str(path)})
    else:
        say(f"wrote a Bloom perspective to {path} (import it in Bloom's perspective gallery)")

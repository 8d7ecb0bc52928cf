"""The database schema graphcli needs, its version, and whole-database operations."""

from __future__ import annotations

from typing import Any

from graphcli.cypher.gateway import Gateway

SCHEMA_VERSION = 1


def init_schema(gw: Gateway) -> dict[str, Any]:
    """Create every constraint and index (``IF NOT EXISTS``: idempotent) and record the version."""
    gw.write("db/init")
    gw.write("db/set_schema_version", {"version": SCHEMA_VERSION})
    counts = gw.read("db/schema_counts")[0]
    return {"schema_version": SCHEMA_VERSION, **counts}


def database_stats(gw: Gateway) -> dict[str, dict[str, int]]:
    """Nodes per label and relationships per type."""
    stats: dict[str, dict[str, int]] = {"nodes": {}, "relationships": {}}
    for row in gw.read("db/stats"):
        stats["nodes" if row["kind"] == "node" else "relationships"][row["name"]] = row["count"]
    return stats


def wipe(gw: Gateway) -> int:
    """Delete every node and relationship in batches; return how many nodes were deleted."""
    before = sum(database_stats(gw)["nodes"].values())
    # Relationships first: detaching a very popular node in a node batch can exhaust the memory pool.
    gw.run_autocommit("db/wipe_relationships")
    gw.run_autocommit("db/wipe")
    return before

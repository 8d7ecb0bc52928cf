"""Detection runs: create, reset, finish and list the ``(:DetectionRun)`` node results hang off.

Running the same detection with the same parameters again finds the same run (its id is derived from
both, :func:`graphcli.model.runs.make_run_id`), removes its old results and writes the new ones in place.
"""

from __future__ import annotations

import json
from typing import Any

from graphcli.cypher.gateway import Gateway
from graphcli.model.errors import GdsMissing
from graphcli.model.runs import DetectionRun, make_run_id


def start_run(gw: Gateway, kind: str, parameters: dict[str, Any]) -> str:
    """Create the run (or reset it, removing the results of an earlier run with the same parameters)."""
    run_id = make_run_id(kind, parameters)
    drop_stale_projections(gw, run_id)
    gw.run_autocommit("detect/run_clear", {"run_id": run_id})
    gw.write(
        "detect/run_start",
        {"run_id": run_id, "kind": kind, "parameters": json.dumps(parameters, sort_keys=True, default=str)},
    )
    return run_id


def drop_stale_projections(gw: Gateway, run_id: str) -> list[str]:
    """Drop the GDS projections an earlier attempt at this run left in memory (it was killed before its
    ``finally`` could drop them); return their names. Projections are named ``graphcli-<run id>-<random>``,
    so those of other runs, perhaps in use by a concurrent detection, are left alone. Without GDS there
    is nothing to drop."""
    try:
        names = [row["graph_name"] for row in gw.read("detect/graph_list")]
    except GdsMissing:
        return []
    stale = [name for name in names if name.startswith(f"graphcli-{run_id}-")]
    for name in stale:
        gw.write("detect/graph_drop", {"graph_name": name})
    return stale


def finish_run(gw: Gateway, run_id: str, counts: dict[str, Any]) -> None:
    """Record the end time and the counts of a run."""
    gw.write(
        "detect/run_finish", {"run_id": run_id, "counts": json.dumps(counts, sort_keys=True, default=str)}
    )


def list_runs(gw: Gateway) -> list[DetectionRun]:
    """Every detection run, newest first."""
    return [DetectionRun.from_row(row) for row in gw.read("detect/runs")]

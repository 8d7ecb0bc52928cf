"""Detection runs: create, reset, finish and list the ``(:DetectionRun)`` node results hang off.

Running the same detection with the same parameters again finds the same run (its id is derived from
both, :func:`graphcli.model.runs.make_run_id`), removes its old results and writes the new ones in place.
"""

from __future__ import annotations

import json
from typing import Any

from graphcli.cypher.gateway import Gateway
from graphcli.model.runs import DetectionRun, make_run_id


def start_run(gw: Gateway, kind: str, parameters: dict[str, Any]) -> str:
    """Create the run (or reset it, removing the results of an earlier run with the same parameters)."""
    run_id = make_run_id(kind, parameters)
    gw.run_autocommit("detect/run_clear", {"run_id": run_id})
    gw.write(
        "detect/run_start",
        {"run_id": run_id, "kind": kind, "parameters": json.dumps(parameters, sort_keys=True, default=str)},
    )
    return run_id


def finish_run(gw: Gateway, run_id: str, counts: dict[str, Any]) -> None:
    """Record the end time and the counts of a run."""
    gw.write(
        "detect/run_finish", {"run_id": run_id, "counts": json.dumps(counts, sort_keys=True, default=str)}
    )


def list_runs(gw: Gateway) -> list[DetectionRun]:
    """Every detection run, newest first."""
    return [DetectionRun.from_row(row) for row in gw.read("detect/runs")]

"""Detection runs: a reproducible identity for each detection and the node its results hang off.

A run's id is derived from its kind and parameters, so running the same detection with the same
parameters again finds the same run, removes its old results and writes the new ones in their place.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from graphcli.cypher.gateway import Gateway


@dataclass(frozen=True)
class RunInfo:
    """One detection run as stored in the graph."""

    id: str
    kind: str
    parameters: dict[str, Any]
    started_at: str | None
    finished_at: str | None
    counts: dict[str, Any] | None
    found: int


def make_run_id(kind: str, parameters: dict[str, Any]) -> str:
    """A deterministic id: the kind and a hash of the parameters (canonical JSON)."""
    # 60 and 60.0 are the same parameter; make them the same run.
    normal = {k: int(v) if isinstance(v, float) and v.is_integer() else v for k, v in parameters.items()}
    canonical = json.dumps(normal, sort_keys=True, separators=(",", ":"), default=str)
    return f"{kind}-{hashlib.sha256(f'{kind}|{canonical}'.encode()).hexdigest()[:16]}"


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


def list_runs(gw: Gateway) -> list[RunInfo]:
    """Every detection run, newest first."""
    return [
        RunInfo(
            id=row["id"],
            kind=row["kind"],
            parameters=json.loads(row["parameters"] or "{}"),
            started_at=row["started_at"],
            finished_at=row["finished_at"],
            counts=json.loads(row["counts"]) if row["counts"] else None,
            found=row["found"],
        )
        for row in gw.read("detect/runs")
    ]

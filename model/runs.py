"""The detection run: one ``(:DetectionRun)`` node, the identity of a detection and what it found.

Detection writes runs, analytics and alerts read them; both parse the node here, once. A run's id is
derived from its kind and parameters, so the same detection with the same parameters finds the same run.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

DEFAULT_WINDOW_S = 60.0


@dataclass(frozen=True)
class DetectionRun:
    """One detection run as stored in the graph (query ``detect/runs``)."""

    run_id: str
    kind: str | None
    parameters: dict[str, Any] = field(default_factory=dict)
    counts: dict[str, Any] = field(default_factory=dict)
    started_at: str | None = None
    finished_at: str | None = None
    found: int = 0

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> DetectionRun:
        """A run from a row of ``detect/runs`` (parameters and counts are JSON strings there)."""
        return cls(
            run_id=row["run_id"],
            kind=row["kind"],
            parameters=parse_json_object(row.get("parameters")),
            counts=parse_json_object(row.get("counts")),
            started_at=_text(row.get("started_at")),
            finished_at=_text(row.get("finished_at")),
            found=int(row.get("found") or 0),
        )

    @property
    def is_slice(self) -> bool:
        """Whether this run is one time slice of a persistence run (a detection run with a ``slice``
        parameter), not a run over the whole data. The persistence run itself has one too, and is not."""
        return self.kind != "persistence" and self.parameters.get("slice") is not None

    @property
    def window_s(self) -> float | None:
        """The co-sharing window in seconds this run used: the resolved one it recorded when it finished
        (``--window auto`` is estimated at run time), else a numeric ``window`` parameter."""
        for value in (self.counts.get("window_s"), self.parameters.get("window")):
            if value is None:
                continue
            try:
                return float(value)
            except (TypeError, ValueError):
                continue
        return None


@dataclass(frozen=True)
class RunSummary:
    """What a detection run just did: its id, the parameters it ran with, and what it counted.

    Parameters and counts stay apart (a co-sharing run has a ``communities`` algorithm and a number of
    ``communities`` found)."""

    run_id: str
    detection: str
    parameters: dict[str, Any]
    counts: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        """The summary as ``--json`` prints it."""
        return {
            "run_id": self.run_id,
            "detection": self.detection,
            "parameters": self.parameters,
            "counts": self.counts,
        }


def make_run_id(kind: str, parameters: Mapping[str, Any]) -> str:
    """A deterministic id: the kind and a hash of the parameters (canonical JSON)."""
    # 60 and 60.0 are the same parameter; make them the same run.
    normal = {k: int(v) if isinstance(v, float) and v.is_integer() else v for k, v in parameters.items()}
    canonical = json.dumps(normal, sort_keys=True, separators=(",", ":"), default=str)
    return f"{kind}-{hashlib.sha256(f'{kind}|{canonical}'.encode()).hexdigest()[:16]}"


def parse_json_object(text: Any) -> dict[str, Any]:
    """A JSON object stored as a string property; {} for null, malformed JSON or a non-object."""
    if isinstance(text, dict):
        return text
    try:
        value = json.loads(text) if text else {}
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str | None:
    return None if value is None else str(value)

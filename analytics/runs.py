"""Which detection runs the analytics read: the newest run per co-sharing kind and per bin relation.

Detection may be re-run with other parameters; older runs stay in the graph. Analytics describe the
current picture, so by default each co-sharing kind is read from its newest run (by ``started_at``), and
the report names those run ids in its methods section. The per-slice co-sharing runs of ``detect
persistence`` (``slice`` parameter) are never chosen: each covers one slice of time, not the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graphcli.cypher.gateway import Gateway
from graphcli.model.runs import DEFAULT_WINDOW_S, DetectionRun


@dataclass(frozen=True)
class RunSelection:
    """The runs analytics read: co-sharing kind -> run id, and every run known (newest first)."""

    cosharing: dict[str, str] = field(default_factory=dict)
    runs: list[DetectionRun] = field(default_factory=list)

    def run(self, run_id: str) -> DetectionRun | None:
        return next((r for r in self.runs if r.run_id == run_id), None)

    def window_s(self, kind: str) -> float:
        """The co-sharing window (seconds) the run for ``kind`` used: the resolved one for ``auto``."""
        run = self.run(self.cosharing.get(kind, ""))
        window = run.window_s if run else None
        return DEFAULT_WINDOW_S if window is None else window

    def newest(self, kind: str) -> DetectionRun | None:
        """The newest finished run of a detection kind (e.g. ``persistence``), or None."""
        return next((r for r in self.runs if r.kind == kind and r.finished_at is not None), None)

    def as_params(self) -> list[dict[str, str]]:
        """The ``$runs`` parameter the co-sharing queries take."""
        return [{"run_id": run_id, "kind": kind} for kind, run_id in sorted(self.cosharing.items())]


def select_runs(gw: Gateway, cosharing: dict[str, str] | None = None) -> RunSelection:
    """The newest run per co-sharing kind, unless ``cosharing`` (kind -> run id) names them.

    A run missing its ``(:DetectionRun)`` node still counts (it sorts as oldest); ties break on run id.
    Per-slice runs of ``detect persistence`` are left out.
    """
    runs = [DetectionRun.from_row(row) for row in gw.read("detect/runs")]
    order = {run.run_id: i for i, run in enumerate(runs)}  # newest first
    slices = {run.run_id for run in runs if run.is_slice}
    chosen: dict[str, str] = {}
    for row in sorted(
        (row for row in gw.read("report/coordinated_kinds") if row["run_id"] not in slices),
        key=lambda r: (order.get(r["run_id"], len(order)), _desc(r["run_id"])),
    ):
        chosen.setdefault(row["kind"], row["run_id"])
    chosen.update(cosharing or {})
    return RunSelection(chosen, runs)


def _desc(text: str) -> tuple[int, ...]:
    return tuple(-ord(ch) for ch in text)

"""Groups followed over time (``detect persistence``) as frames for the report, the alerts and exports.

The newest finished persistence run of each share kind is read (its per-slice co-sharing runs are never
the report's runs; see :mod:`graphcli.analytics.runs`). Each group has its status (``reappears``,
``grows``, ``persists``), the slices it was found in, and the accounts that joined after its first
slice with their provenance: the slice, and the slice community they came in through.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from graphcli.analytics.runs import RunSelection
from graphcli.cypher.gateway import Gateway
from graphcli.model.runs import DetectionRun

KIND = "persistence"  # the detection kind of persistence runs (graphcli.detect.persistence.KIND)
ALL = 1_000_000_000
# What the report shows of a group (analytics/html_report.py), then what exports add.
SHOWN_COLUMNS = [
    "kind",
    "status",
    "slices",
    "slice",
    "first_slice",
    "last_slice",
    "first_size",
    "last_size",
    "new_accounts",
    "joined_later",
]
PERSISTENCE_COLUMNS = [
    "group",
    "run_id",
    *SHOWN_COLUMNS[:-2],
    "size",
    "new_accounts",
    "joined_later",
    "accounts",
]


def persistence_runs(runs: RunSelection) -> list[DetectionRun]:
    """The newest finished persistence run of each share kind, by kind."""
    chosen: dict[str, DetectionRun] = {}
    for run in runs.runs:  # newest first
        if run.kind == KIND and run.finished_at is not None:
            chosen.setdefault(str(run.parameters.get("kind")), run)
    return [chosen[kind] for kind in sorted(chosen)]


def persistent_groups(gw: Gateway, runs: RunSelection, limit: int = ALL) -> pd.DataFrame:
    """One row per group followed over two slices or more, reappearing first, then growing, then
    persisting: its slices, first and last size, and the accounts that joined later as ``uid (joined
    <slice start> via <slice community>)``, ``;``-separated. Empty without a persistence run."""
    rows: list[dict[str, Any]] = []
    for run in persistence_runs(runs):
        for g in gw.read("detect/persistence_list", {"run_id": run.run_id, "limit": limit}):
            later = [m for m in g["members"] if m["new"]]
            rows.append(
                {
                    "group": g["uid"],
                    "run_id": run.run_id,
                    "kind": g["share_kind"],
                    "status": g["status"],
                    "slices": g["slices"],
                    "slice": run.parameters.get("slice"),
                    "first_slice": _day(g["first_start"]),
                    "last_slice": _day(g["last_start"]),
                    "first_size": g["first_size"],
                    "last_size": g["last_size"],
                    "size": g["size"],
                    "new_accounts": g["new_accounts"],
                    "joined_later": "; ".join(
                        f"{m['uid']} (joined {_day(m['joined_at'])} via {m['via']})" for m in later
                    ),
                    "accounts": " ".join(m["uid"] for m in g["members"]),
                }
            )
    return pd.DataFrame(rows, columns=PERSISTENCE_COLUMNS)


def group_of_accounts(groups: pd.DataFrame) -> dict[tuple[str, str], str]:
    """(share kind, account uid) -> ``<status> <group uid>`` of the group the account is followed in."""
    out: dict[tuple[str, str], str] = {}
    for row in groups.itertuples():
        for uid in str(row.accounts).split():
            out.setdefault((str(row.kind), uid), f"{row.status} {row.group}")
    return out


def _day(text: Any) -> str | None:
    """An ISO time as its first 16 characters (date and minute, UTC as stored); None stays None."""
    return None if text is None else str(text)[:16].replace("T", " ")

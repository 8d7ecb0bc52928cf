"""The monitor: an unattended cycle of load -> detect over the last window -> alert -> watch list.

One cycle (:func:`run_cycle`) loads the inbox files whose content (SHA-256) no finished load has read,
re-runs co-sharing detection over the last window for each share kind whose data changed (and the bins
when likes or retweets changed), follows that kind's groups over the cycles so far (``detect
persistence --slice cycles``, from the second cycle of a kind on), exports the alerts of those runs,
reports the ones about coordination never reported before (writing them and posting them to the
webhook), and adds newly found coordinated accounts to the watch list: first those that joined a group
followed over cycles (with that provenance), then the rest. Everything it remembers lives in Neo4j:
``(:SourceFile)`` of finished loads, ``(:MonitorMark)`` per detection, ``Alert.monitored_at``,
``Account.watchlisted_at`` and a ``(:MonitorCycle)`` per cycle. Marks are written last, so a cycle
killed half-way is redone, not lost, and what it had already done is not repeated. See ``docs/monitor.md``.
"""

from __future__ import annotations

import os
import secrets
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from graphcli.analytics.alerts import export_alerts
from graphcli.analytics.network import watchlist_candidates
from graphcli.analytics.runs import RunSelection, select_runs
from graphcli.analytics.webhook import notify
from graphcli.cypher.gateway import Gateway
from graphcli.detect import bins, cosharing, persistence
from graphcli.loaders.load import load_plans
from graphcli.loaders.options import ReadOptions
from graphcli.loaders.provenance import describe_files
from graphcli.loaders.sources import LoadPlan, plan_load
from graphcli.model.durations import parse_duration as parse_duration  # re-exported
from graphcli.model.errors import ConfigError, GraphcliError, InputError
from graphcli.model.progress import Messages, silent
from graphcli.model.records import SHARE_KINDS

WATCHLIST_COLUMNS = ["uid", "screen_name", "kind", "run_id", "community", "reason", "added_at", "cycle"]
DEFAULT_WINDOW = timedelta(hours=6)
BIN_RELATIONS = {"bins:likes": "likes", "bins:retweets": "retweets"}


@dataclass(frozen=True)
class MonitorConfig:
    """What a monitor watches and where it writes. ``out_dir`` gets one folder per cycle that found
    something; ``webhook_url`` (a secret: never logged) gets each newly reported alert."""

    inbox: Path
    watchlist: Path
    out_dir: Path
    window: timedelta = DEFAULT_WINDOW
    webhook_url: str | None = field(default=None, repr=False)

    def validate(self) -> None:
        if not self.inbox.is_dir():
            raise InputError(
                f"inbox {self.inbox} is not a folder", hint="create it, or point --inbox at the drop folder"
            )
        if self.window <= timedelta(0):
            raise ConfigError("--window must be positive", hint="e.g. 6h")
        if self.watchlist.is_dir():
            raise InputError(f"watch list {self.watchlist} is a folder", hint="give a CSV file path")


@dataclass
class CycleReport:
    """What one cycle did; ``summary()`` is the ``--json`` line of the CLI."""

    cycle_id: str
    files: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    loaded_records: int = 0
    rejected_records: int = 0
    window_start: datetime | None = None
    window_end: datetime | None = None
    detected: dict[str, str] = field(default_factory=dict)  # detection name -> run id
    alerts: int = 0
    new_alert_ids: list[str] = field(default_factory=list)
    notified: int = 0
    new_accounts: list[str] = field(default_factory=list)
    watchlist_size: int = 0
    out_dir: Path | None = None

    def summary(self) -> dict[str, Any]:
        return {
            "cycle_id": self.cycle_id,
            "files": self.files,
            "skipped": self.skipped,
            "loaded_records": self.loaded_records,
            "rejected_records": self.rejected_records,
            "window_start": self.window_start.isoformat() if self.window_start else None,
            "window_end": self.window_end.isoformat() if self.window_end else None,
            "detected": self.detected,
            "alerts": self.alerts,
            "new_alerts": len(self.new_alert_ids),
            "new_alert_ids": self.new_alert_ids,
            "notified": self.notified,
            "new_accounts": len(self.new_accounts),
            "watchlist_size": self.watchlist_size,
            "out_dir": str(self.out_dir) if self.out_dir else None,
        }


def new_files(gw: Gateway, inbox: Path) -> tuple[list[LoadPlan], list[str], list[str]]:
    """The load plans for the inbox entries holding content no finished load has read, the paths in
    them, and what ``auto`` could not place (skipped, with the reason).

    A file is known by its SHA-256 (``loaders.provenance``), so a renamed or copied file is not loaded
    again; two copies of new content in one drop are loaded once. A folder loaded as one source (a pull
    folder) is new when any file in it is."""
    plans, skipped = plan_load("auto", [inbox])
    entries = [(plan, path) for plan in plans for path in plan.paths]
    hashes = {id(path): [f.sha256 for f in describe_files([path], plan.format)] for plan, path in entries}
    every = sorted({h for hs in hashes.values() for h in hs})
    known = {row["sha256"] for row in gw.read("monitor/loaded_files", {"hashes": every})} if every else set()
    chosen: list[LoadPlan] = []
    seen: set[str] = set()
    for plan in plans:
        keep = []
        for path in plan.paths:
            fresh = [h for h in hashes[id(path)] if h not in known and h not in seen]
            if fresh:
                keep.append(path)
                seen.update(hashes[id(path)])
        if keep:
            chosen.append(LoadPlan(plan.format, plan.reader, keep, ["new in inbox"] * len(keep)))
    return chosen, [str(p) for plan in chosen for p in plan.paths], [f"{p}: {why}" for p, why in skipped]


def run_cycle(
    gw: Gateway, config: MonitorConfig, progress: Messages | None = None, use_gds: bool | None = None
) -> CycleReport:
    """Run one monitor cycle (see the module docstring) and return what it did.

    The window ends at the newest share time in the database, not the wall clock, so replayed archives
    (``graphcli synth`` worlds, old pulls) are monitored as if live."""
    config.validate()
    note = progress or silent
    started = datetime.now(UTC)
    report = CycleReport(f"{started:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}")
    cycle = {
        "id": report.cycle_id,
        "inbox": str(config.inbox),
        "watchlist": str(config.watchlist),
        "window_s": config.window.total_seconds(),
    }
    gw.write("monitor/cycle_start", {"cycle": cycle})
    cycle_dir = config.out_dir / report.cycle_id
    _load_new_files(gw, config, report, cycle_dir, note)
    changed = _changed(gw)
    _detect_changed(gw, config, report, changed, note, progress, use_gds)
    kinds = {k: run for k, run in report.detected.items() if k in changed and k not in BIN_RELATIONS}
    followed = _follow_over_cycles(gw, report, kinds, note, use_gds)
    if kinds:
        runs = RunSelection(kinds, select_runs(gw).runs)
        new_alerts = _report_alerts(gw, config, report, runs, cycle_dir)
        if config.webhook_url and not new_alerts.empty:
            report.notified = len(notify(gw, new_alerts, config.webhook_url).sent)
        gw.write("monitor/alerts_mark", {"ids": report.new_alert_ids, "cycle_id": report.cycle_id})
        report.new_accounts = _extend_watchlist(gw, runs, report.cycle_id, followed)
    report.watchlist_size = write_watchlist(gw, config.watchlist)
    _finish_cycle(gw, report, changed)
    return report


def _load_new_files(
    gw: Gateway, config: MonitorConfig, report: CycleReport, cycle_dir: Path, note: Messages
) -> None:
    """Load the inbox files no finished load has read; count what they gave in ``report``."""
    plans, report.files, report.skipped = new_files(gw, config.inbox)
    if not plans:
        return
    note(f"loading {len(report.files)} new file(s)")
    cycle_dir.mkdir(parents=True, exist_ok=True)
    # A 4-column share table's kind comes from its file name (link.csv, ...), as in `load auto`.
    result = load_plans(gw, plans, ReadOptions(), rejects_path=cycle_dir / "rejects.jsonl", messages=note)
    report.skipped += [f"{path}: {why}" for path, why in result.skipped]  # e.g. untrusted pickles
    totals = result.totals()
    report.loaded_records += totals["loaded"]
    report.rejected_records += totals["rejected"]


def _detect_changed(
    gw: Gateway,
    config: MonitorConfig,
    report: CycleReport,
    changed: dict[str, dict[str, Any]],
    note: Messages,
    progress: Messages | None,
    use_gds: bool | None,
) -> None:
    """Re-run the bins of each changed relation, and co-sharing of each changed kind over the window
    that ends at the newest share in the database; record the runs in ``report``."""
    newest = [s["newest"] for s in _data_state(gw).values() if s["newest"] is not None]
    if newest:
        report.window_end = datetime.fromtimestamp(max(newest) / 1000, UTC)
        report.window_start = report.window_end - config.window
    for name in sorted(changed):
        if name in BIN_RELATIONS:
            note(f"bins over {BIN_RELATIONS[name]}")
            result_row = bins.detect_bins(gw, bins.BinParams(relation=BIN_RELATIONS[name]), progress)
        elif name in SHARE_KINDS:
            note(f"co-sharing of {name} from {report.window_start} to {report.window_end}")
            params = cosharing.CosharingParams(kind=name, since=report.window_start, until=report.window_end)
            result_row = cosharing.detect_cosharing(gw, params, use_gds=use_gds, progress=progress)
        else:
            continue
        report.detected[name] = result_row.run_id


def _follow_over_cycles(
    gw: Gateway, report: CycleReport, kinds: dict[str, str], note: Messages, use_gds: bool | None
) -> dict[str, str]:
    """Follow the groups of each share kind detected this cycle over the monitor's cycles so far
    (``detect persistence --slice cycles``); kind -> persistence run id, also recorded in ``report``
    as ``persistence:<kind>``. A kind detected in fewer than two windows yet is left for later."""
    followed = {}
    for kind in sorted(kinds):
        if len(persistence.cycle_runs(gw, kind)) < 2:
            continue
        note(f"following {kind} groups over the cycles")
        params = persistence.PersistenceParams(kind=kind, slice=persistence.CYCLES)
        followed[kind] = persistence.detect_persistence(gw, params, use_gds=use_gds).run_id
        report.detected[f"persistence:{kind}"] = followed[kind]
    return followed


def _finish_cycle(gw: Gateway, report: CycleReport, changed: dict[str, dict[str, Any]]) -> None:
    """Write the marks (last, so a cycle killed before this is redone) and the cycle's facts."""
    marks = [{**changed[name], "name": name, "run_id": report.detected.get(name)} for name in sorted(changed)]
    gw.write("monitor/marks_write", {"rows": marks, "cycle_id": report.cycle_id})
    facts = {
        "files": report.files,
        "detected": sorted(report.detected),
        "alerts": len(report.new_alert_ids),
        "new_accounts": len(report.new_accounts),
        "window_start": report.window_start,
        "window_end": report.window_end,
    }
    gw.write("monitor/cycle_finish", {"id": report.cycle_id, "facts": facts})


def run_forever(
    gw: Gateway,
    config: MonitorConfig,
    every: timedelta,
    on_cycle: Callable[[CycleReport], None],
    on_error: Callable[[GraphcliError], None] | None = None,
    progress: Messages | None = None,
    sleep: Callable[[float], None] = time.sleep,
    cycles: int | None = None,
) -> None:
    """Run a cycle every ``every`` (measured from one start to the next) until interrupted or, with
    ``cycles``, that many times. With ``on_error`` a cycle failing with a GraphcliError (a bad drop,
    the server away) is reported and the next one runs: an unattended monitor must not stop for that;
    without it the error propagates."""
    for count in _counter(cycles):
        begun = time.monotonic()
        try:
            on_cycle(run_cycle(gw, config, progress))
        except GraphcliError as exc:  # a bug still stops the loop; KeyboardInterrupt always does
            if on_error is None:
                raise
            on_error(exc)
        if cycles is not None and count + 1 >= cycles:
            return
        sleep(max(0.0, every.total_seconds() - (time.monotonic() - begun)))


def read_watchlist(gw: Gateway) -> pd.DataFrame:
    """The watch list as the graph knows it, oldest entry first, one row per account."""
    rows = gw.read("monitor/watchlist")
    frame = pd.DataFrame(rows, columns=WATCHLIST_COLUMNS)
    frame["added_at"] = [_iso(v) for v in frame["added_at"]]
    return frame


def write_watchlist(gw: Gateway, path: Path) -> int:
    """Rewrite the watch list CSV from the graph, atomically (a reader never sees half a file); returns
    how many accounts it holds."""
    frame = read_watchlist(gw)
    path.parent.mkdir(parents=True, exist_ok=True)
    # A temporary file in the same folder, then os.replace: atomic on one file system.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            frame.to_csv(fh, index=False)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(frame)


def _report_alerts(
    gw: Gateway, config: MonitorConfig, report: CycleReport, runs: RunSelection, cycle_dir: Path
) -> pd.DataFrame:
    """Export the alerts of this cycle's runs and keep those about coordination never reported: an
    object of a kind no earlier cycle alerted on. Writes ``new_alerts.json`` beside the export."""
    export = export_alerts(gw, cycle_dir, fmt="json", since=report.window_start, runs=runs)
    report.out_dir = cycle_dir
    report.alerts = len(export.alert_ids)
    reported = {(r["kind"], r["object_uid"]) for r in gw.read("monitor/reported_objects")}
    alerts = export.alerts
    fresh = [(k, o) not in reported for k, o in zip(alerts["kind"], alerts["object"], strict=True)]
    new_alerts = alerts[pd.Series(fresh, index=alerts.index, dtype=bool)] if len(alerts) else alerts
    report.new_alert_ids = new_alerts["alert_id"].tolist()
    new_alerts.to_json(cycle_dir / "new_alerts.json", orient="records", date_format="iso", indent=2)
    return new_alerts


def _extend_watchlist(
    gw: Gateway, runs: RunSelection, cycle_id: str, followed: dict[str, str] | None = None
) -> list[str]:
    """Add the coordinated accounts of ``runs`` not listed yet: first those that joined a group
    followed over cycles after its first cycle (``followed``: kind -> persistence run; the reason names
    the group and when and through which community they joined), then the rest (first kind found
    wins); their uids."""
    parts = [_joined_groups(gw, followed or {}), watchlist_candidates(gw, runs).sort_values(["kind", "uid"])]
    parts = [part for part in parts if not part.empty]  # concatenating an empty frame is deprecated
    if not parts:
        return []
    candidates = pd.concat(parts, ignore_index=True)
    if candidates.empty:
        return []
    first = candidates.drop_duplicates("uid")
    rows = [
        {
            "uid": r.uid,
            "kind": r.kind,
            "run_id": r.run_id,
            "community": None if pd.isna(r.community) else str(r.community),  # type: ignore[arg-type]
            "reason": str(r.reason),
        }
        for r in first.itertuples()
    ]
    added = gw.write("monitor/watchlist_add", {"rows": rows, "cycle_id": cycle_id})
    return [row["uid"] for row in added.rows]


def _joined_groups(gw: Gateway, followed: dict[str, str]) -> pd.DataFrame:
    """Watch-list candidates of the persistence runs ``followed`` (kind -> run id): the accounts that
    joined a group after its first cycle, with the group as community and their provenance as reason."""
    rows = [
        {
            "uid": m["uid"],
            "screen_name": m["name"],
            "kind": kind,
            "run_id": run_id,
            "community": g["uid"],
            "reason": (
                f"joined {kind} group {g['uid']} ({g['status']}, {g['slices']} cycles) in the cycle from "
                f"{m['joined_at']} through community {m['via']} of run {m['via_run']}"
            ),
        }
        for kind, run_id in sorted(followed.items())
        for g in gw.read("detect/persistence_list", {"run_id": run_id, "limit": persistence.ALL})
        for m in g["members"]
        if m["new"]
    ]
    return pd.DataFrame(rows, columns=["uid", "screen_name", "kind", "run_id", "community", "reason"])


def _data_state(gw: Gateway) -> dict[str, dict[str, Any]]:
    return {
        row["name"]: {"items": row["items"], "newest": row["newest"]} for row in gw.read("monitor/data_state")
    }


def _changed(gw: Gateway) -> dict[str, dict[str, Any]]:
    """Detections whose input differs from what the monitor last detected over."""
    marks = {row["name"]: (row["items"], row["newest"]) for row in gw.read("monitor/marks")}
    return {
        name: state
        for name, state in _data_state(gw).items()
        if state["items"] and marks.get(name) != (state["items"], state["newest"])
    }


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    native = value.to_native() if hasattr(value, "to_native") else value
    return native.isoformat() if isinstance(native, datetime) else str(native)


def _counter(limit: int | None) -> Iterator[int]:
    count = 0
    while limit is None or count < limit:
        yield count
        count += 1

"""`graphcli monitor`: load new inbox files, detect over the last window, alert, extend the watch list."""

from __future__ import annotations

import signal
from pathlib import Path
from types import FrameType

import typer

from graphcli.cli.common import JSON_OPTION, WEBHOOK_OPTION, emit_json, gateway, say, state
from graphcli.model.errors import ConfigError
from graphcli.monitor.cycle import CycleReport, MonitorConfig, parse_duration, run_cycle, run_forever


def monitor(
    ctx: typer.Context,
    inbox: Path = typer.Option(..., "--inbox", help="Folder where new source files are dropped."),
    watchlist: Path = typer.Option(
        ..., "--watchlist", help="Watch list CSV, rewritten each cycle from what Neo4j knows."
    ),
    every: str | None = typer.Option(
        None, "--every", help="Run a cycle this often (e.g. 6h, 30m) until Ctrl-C."
    ),
    once: bool = typer.Option(False, "--once", help="Run one cycle and exit."),
    window: str = typer.Option(
        "6h", "--window", help="Detect over this much time before the newest share in the database."
    ),
    out: Path | None = typer.Option(
        None, "--out", help="Folder for each cycle's alert files (default: alerts/ beside the watch list)."
    ),
    notify_webhook: str | None = WEBHOOK_OPTION,
    json_out: bool = JSON_OPTION,
) -> None:
    """Each cycle loads inbox files never loaded (by content hash), re-runs co-sharing over the last
    window and the bins, exports alerts for new coordination only and adds newly coordinated accounts
    to the watch list. State lives in Neo4j: a restarted monitor repeats nothing (docs/monitor.md)."""
    if once == (every is not None):
        raise ConfigError("give exactly one of --once or --every", hint="e.g. --every 6h")
    period = parse_duration(every) if every is not None else None
    config = MonitorConfig(
        inbox=inbox,
        watchlist=watchlist,
        out_dir=out if out is not None else watchlist.parent / "alerts",
        window=parse_duration(window),
        webhook_url=notify_webhook or state(ctx).settings().webhook_url,
    )
    config.validate()
    quiet = state(ctx).quiet
    progress = None if quiet or json_out else (lambda m: say(f"monitor: {m}"))

    def show(report: CycleReport) -> None:
        if json_out:
            emit_json(report.summary())
            return
        if not quiet:
            s = report.summary()
            detected = ", ".join(s["detected"]) or "nothing"
            say(
                f"cycle {s['cycle_id']}: {len(s['files'])} new file(s), detected {detected}, "
                f"{s['new_alerts']} new alert(s), {s['new_accounts']} account(s) added "
                f"({s['watchlist_size']} on the watch list)"
            )

    with gateway(ctx) as gw:
        if period is None:
            show(run_cycle(gw, config, progress))
            return
        signal.signal(signal.SIGTERM, _interrupt)
        try:
            run_forever(
                gw,
                config,
                period,
                show,
                on_error=lambda exc: say(f"Error in cycle: {exc}"),
                progress=progress,
            )
        except KeyboardInterrupt:
            say("monitor stopped")


def _interrupt(_signum: int, _frame: FrameType | None) -> None:
    """SIGTERM ends the loop the way Ctrl-C does: between or inside a cycle, the graph stays consistent."""
    raise KeyboardInterrupt

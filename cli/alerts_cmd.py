"""`graphcli alerts ...`: export coordinated objects as scored alerts, optionally notifying a webhook."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import typer

from graphcli.analytics.alerts import RedFlagRule, export_alerts
from graphcli.analytics.webhook import notify
from graphcli.cli.common import JSON_OPTION, WEBHOOK_OPTION, emit_json, gateway, new_app, say, state
from graphcli.model.errors import ConfigError

app = new_app("Export coordinated objects as alerts with red-flag scores, and notify a webhook.")

_AGO = re.compile(r"^(\d+)\s*([smhd])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """An ISO 8601 time (UTC if no zone) or an age such as ``6h``, ``30m``, ``2d`` (that long ago)."""
    match = _AGO.match(text.strip())
    if match:
        return (now or datetime.now(UTC)) - timedelta(**{_UNITS[match[2]]: int(match[1])})
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ConfigError(
            f"--since {text!r} is neither an ISO time nor an age like 6h", hint="e.g. 2024-05-01T12:00Z"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@app.command("export")
def export_cmd(
    ctx: typer.Context,
    out_dir: Path = typer.Argument(..., help="Folder for alerts, nodes, edges and communities files."),
    fmt: str = typer.Option("csv", "--format", help="csv or json."),
    since: str | None = typer.Option(
        None, "--since", help="Only coordination at/after this ISO time or age (6h)."
    ),
    fast_seconds: float = typer.Option(10.0, "--fast-seconds", help="Median gap at or below this is 'fast'."),
    notify_webhook: str | None = WEBHOOK_OPTION,
    json_out: bool = JSON_OPTION,
) -> None:
    """One row per coordinated object with a stable alert_id and a 0-3 red-flag score (docs/alerts.md)."""
    if fmt not in ("csv", "json"):
        raise typer.BadParameter("must be csv or json", param_hint="--format")
    moment = parse_since(since) if since else None
    url = notify_webhook or state(ctx).settings().webhook_url
    with gateway(ctx) as gw:
        export = export_alerts(
            gw,
            out_dir,
            fmt="json" if fmt == "json" else "csv",
            since=moment,
            rule=RedFlagRule(fast_seconds=fast_seconds),
        )
        summary = export.summary()
        if url:
            result = notify(gw, export.alerts, url)
            summary["notified"] = len(result.sent)
            summary["already_notified"] = len(result.already_sent)
    if json_out:
        emit_json(summary)
    else:
        say(f"{summary['alerts']} alerts ({summary['new_alerts']} new) written to {out_dir}")
        if url:
            say(f"webhook: {summary['notified']} posted, {summary['already_notified']} sent before")

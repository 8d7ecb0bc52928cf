"""Post new alerts to a Slack-compatible incoming webhook, each alert id at most once.

The URL is a secret (it is the credential): it is never printed, logged or put in an error message. Sent
ids are remembered in the graph (``(:Alert {id, sent_at})``) right after each accepted post, so a crash or a
restart never posts an alert twice, and a failed post is retried on the next call.
Uses the standard library's ``urllib`` (one POST; no dependency needed).
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from graphcli.cypher.gateway import Gateway
from graphcli.model.errors import GraphcliError


class WebhookFailed(GraphcliError):
    """The webhook refused a post or could not be reached (the URL is not repeated here: it is a secret)."""


@dataclass
class NotifyResult:
    """Which alert ids were posted now, and which were skipped because they had been posted before."""

    sent: list[str] = field(default_factory=list)
    already_sent: list[str] = field(default_factory=list)


def alert_message(alert: dict[str, Any]) -> dict[str, Any]:
    """The JSON body for one alert: Slack's ``text`` plus the alert's fields under ``alert``."""
    text = (
        f"graphcli alert {alert['alert_id']}: {alert['kind']} {alert['object']} shared by "
        f"{alert['accounts']} coordinated accounts ({alert['shares']} shares), red flags "
        f"{alert['red_flag_score']}/3" + (f": {alert['red_flags']}" if alert.get("red_flags") else "")
    )
    return {"text": text, "alert": {k: _plain(v) for k, v in alert.items()}}


_UNSAFE_RE = re.compile(r"[\x00-\x20\x7f]")


def check_webhook_url(url: str) -> None:
    """Raise :class:`WebhookFailed` unless ``url`` is an http(s) URL with a host and without spaces or
    control characters. The message names at most the scheme: the URL's path and query are the secret.
    (A ``file:`` or ``data:`` URL would "deliver" nothing, yet mark the alerts sent.)"""
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    shown = scheme if re.fullmatch(r"[a-z][a-z0-9+.-]{0,15}", scheme) else "none"
    if scheme not in ("http", "https"):
        raise WebhookFailed(
            f"the webhook URL must be http or https, not {shown}", hint="check the webhook URL setting"
        )
    if _UNSAFE_RE.search(url):
        raise WebhookFailed(
            "the webhook URL holds a space or a control character", hint="check the webhook URL setting"
        )
    try:
        host = urllib.parse.urlsplit(url).hostname
    except ValueError:
        host = None
    if not host:
        raise WebhookFailed("the webhook URL names no host", hint="check the webhook URL setting")


def notify(
    gw: Gateway,
    alerts: pd.DataFrame,
    url: str,
    timeout: float = 10.0,
    progress: Callable[[int], None] | None = None,
) -> NotifyResult:
    """POST each alert of ``alerts`` whose id has not been sent before; mark each as sent once accepted.
    A URL that :func:`check_webhook_url` refuses sends and marks nothing."""
    check_webhook_url(url)
    sent_before = {r["id"] for r in gw.read("report/alerts_known") if r["sent_at"] is not None}
    result = NotifyResult()
    for record in alerts.to_dict(orient="records"):
        alert = {str(k): v for k, v in record.items()}
        if alert["alert_id"] in sent_before:
            result.already_sent.append(alert["alert_id"])
            continue
        _post(url, alert_message(alert), timeout)
        gw.write("report/alerts_mark_sent", {"id": alert["alert_id"]})
        sent_before.add(alert["alert_id"])
        result.sent.append(alert["alert_id"])
        if progress:
            progress(1)
    return result


def _post(url: str, body: dict[str, Any], timeout: float) -> None:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode("utf-8"),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        exc.close()  # the error carries the open response; close it or its socket leaks
        raise WebhookFailed(
            f"the webhook answered HTTP {exc.code} for alert {body['alert']['alert_id']}",
            hint="check the webhook URL setting; nothing after this alert was sent",
        ) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise WebhookFailed(
            f"cannot reach the webhook: {type(reason).__name__}",
            hint="check the webhook URL setting and the network",
        ) from None


def _plain(value: Any) -> Any:
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value

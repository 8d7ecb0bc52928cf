"""Webhook notifications against a local HTTP server on 127.0.0.1: each alert id is posted once."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from graphcli.analytics.alerts import export_alerts
from graphcli.analytics.webhook import WebhookFailed, check_webhook_url, notify
from graphcli.cli.app import app
from graphcli.cypher.gateway import Gateway


class Hook:
    """A Slack-like receiver: records JSON bodies; answers ``status``."""

    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []
        self.status = 200
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                hook.bodies.append(json.loads(self.rfile.read(length)))
                self.send_response(hook.status)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: Any) -> None:  # keep the test output clean
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/services/T000/B000/SECRET"


@pytest.fixture
def hook() -> Iterator[Hook]:
    h = Hook()
    thread = threading.Thread(target=h.server.serve_forever, daemon=True)
    thread.start()
    yield h
    h.server.shutdown()
    h.server.server_close()
    thread.join()


@pytest.mark.neo4j
def test_each_alert_is_posted_once(world: Gateway, hook: Hook, tmp_path: Path) -> None:
    export = export_alerts(world, tmp_path)
    first = notify(world, export.alerts, hook.url)
    assert sorted(first.sent) == sorted(export.alert_ids) and len(first.sent) == 4
    assert {b["alert"]["alert_id"] for b in hook.bodies} == set(export.alert_ids)
    assert all(b["text"].startswith("graphcli alert ") for b in hook.bodies)
    again = notify(world, export_alerts(world, tmp_path).alerts, hook.url)
    assert again.sent == [] and sorted(again.already_sent) == sorted(export.alert_ids)
    assert len(hook.bodies) == 4


@pytest.mark.neo4j
def test_refusal_is_an_error_without_the_url(world: Gateway, hook: Hook, tmp_path: Path) -> None:
    hook.status = 500
    export = export_alerts(world, tmp_path)
    with pytest.raises(WebhookFailed) as info:
        notify(world, export.alerts, hook.url)
    assert (
        "HTTP 500" in str(info.value)
        and "SECRET" not in str(info.value)
        and "127.0.0.1" not in str(info.value)
    )
    hook.status = 200
    retry = notify(world, export.alerts, hook.url)
    assert len(retry.sent) == 4  # nothing was marked sent by the failed attempt


@pytest.mark.neo4j
def test_unreachable_webhook_is_an_error_without_the_url(world: Gateway, tmp_path: Path) -> None:
    export = export_alerts(world, tmp_path)
    with pytest.raises(WebhookFailed) as info:
        notify(world, export.alerts, "http://127.0.0.1:9/SECRET", timeout=2)
    assert "SECRET" not in str(info.value)


@pytest.mark.neo4j
def test_cli_notifies_from_the_env_var_and_never_prints_the_url(
    world: Gateway, hook: Hook, tmp_path: Path
) -> None:
    runner = CliRunner()
    env = {"GRAPHCLI_WEBHOOK_URL": hook.url}
    first = runner.invoke(app, ["alerts", "export", str(tmp_path), "--json"], env=env)
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["notified"] == 4
    second = runner.invoke(app, ["alerts", "export", str(tmp_path)], env=env)
    assert second.exit_code == 0 and "0 posted, 4 sent before" in second.output
    assert len(hook.bodies) == 4
    assert "SECRET" not in first.output + second.output
    hook.status = 403
    failed = runner.invoke(app, ["alerts", "export", str(tmp_path), "--notify-webhook", hook.url + "/other"])
    assert failed.exit_code == 0  # every alert was sent before: nothing to post, nothing fails
    assert "SECRET" not in failed.output


@pytest.mark.neo4j
def test_cli_failure_is_one_line_without_the_url(world: Gateway, hook: Hook, tmp_path: Path) -> None:
    hook.status = 403
    result = CliRunner().invoke(app, ["alerts", "export", str(tmp_path), "--notify-webhook", hook.url])
    assert result.exit_code == 1
    assert "Error: the webhook answered HTTP 403" in result.output and "SECRET" not in result.output


@pytest.mark.neo4j
@pytest.mark.parametrize(
    "url",
    [
        "file:///tmp/SECRET-alerts.json",
        "data:text/plain,SECRET",
        "ftp://hooks.example.org/SECRET",
        "https://hooks.example.org/services/SECRET token",
        "https://hooks.example.org/services/SECRET\x07",
        "https:///SECRET",
    ],
)
def test_a_url_that_is_no_http_webhook_sends_nothing_and_marks_nothing(
    world: Gateway, tmp_path: Path, url: str
) -> None:
    export = export_alerts(world, tmp_path)
    with pytest.raises(WebhookFailed) as info:
        notify(world, export.alerts, url)
    assert "SECRET" not in str(info.value) and "token" not in str(info.value)
    known = world.read("report/alerts_known")
    assert known and all(row["sent_at"] is None for row in known)  # each will be retried


def test_the_url_check_names_the_scheme_and_host_only() -> None:
    check_webhook_url("https://hooks.example.org/services/T0/B0/SECRET?x=1")  # accepted
    with pytest.raises(WebhookFailed, match="http or https") as info:
        check_webhook_url("file://host/SECRET")
    assert "SECRET" not in str(info.value)

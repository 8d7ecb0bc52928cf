"""The managed server: a second instance (own home and ports, sharing the suite's installation),
so killing it cannot disturb the rest of the suite."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import stat
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from graphcli.cypher.connect import open_gateway
from graphcli.cypher.gateway import Gateway
from graphcli.cypher.queries import QUERY_ROOT, parse_query_file
from graphcli.model.errors import ConfigError, ServerError
from graphcli.model.settings import Settings
from graphcli.server import ManagedServer
from graphcli.server.config import size_memory
from graphcli.server.guide import GuideServer, browser_url
from graphcli.server.process import new_password
from tests import browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def second(tmp_path_factory: pytest.TempPathFactory, live_gateway: Gateway) -> Iterator[Settings]:
    """Settings for a second server whose dist/ is the suite server's installation."""
    main = Settings.load()
    home = tmp_path_factory.mktemp("second-home")
    (home / "dist").symlink_to(main.home / "dist")
    settings = replace(
        main,
        home=home,
        bolt_port=_free_port(),
        http_port=_free_port(),
        heap="512m",
        pagecache="128m",
        uri=None,
    )
    yield settings
    ManagedServer(settings).stop(timeout=30)


def _count(gw: Gateway, tmp_path: Path) -> int:
    f = tmp_path / "count.cypher"
    f.write_text("// Count markers\n// Parameters: none.\nMATCH (m:Marker) RETURN count(m) AS n\n")
    return int(gw.run(parse_query_file(f)).rows[0]["n"])


@pytest.mark.neo4j
def test_kill_9_then_start_keeps_committed_data(second: Settings, tmp_path: Path) -> None:
    server = ManagedServer(second)
    server.start()
    f = tmp_path / "mark.cypher"
    f.write_text("// Mark\n// Parameters: none.\nUNWIND range(1, 50) AS i CREATE (:Marker {i: i})\n")
    with open_gateway(second) as gw:
        gw.run(parse_query_file(f), access="write")
        assert _count(gw, tmp_path) == 50
    pid = server.pid()
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    for _ in range(50):
        if server.pid() is None:
            break
        time.sleep(0.1)
    assert server.pid() is None  # a stale pid file is not "running"
    status = server.start()
    assert status.running and status.pid != pid
    with open_gateway(second) as gw:
        assert _count(gw, tmp_path) == 50


@pytest.mark.neo4j
def test_credentials_are_private_and_never_logged(second: Settings) -> None:
    server = ManagedServer(second)
    server.start()
    mode = stat.S_IMODE(server.credentials_file.stat().st_mode)
    assert mode == 0o600
    password = server.credentials().password
    assert len(password) >= 24
    for log in (second.home / "logs").iterdir():
        assert password not in log.read_text(errors="replace"), log.name
    assert password not in (second.home / "conf" / "neo4j.conf").read_text()


@pytest.mark.neo4j
def test_server_listens_on_loopback_only(second: Settings) -> None:
    ManagedServer(second).start()
    conf = (second.home / "conf" / "neo4j.conf").read_text()
    assert f"server.bolt.listen_address=127.0.0.1:{second.bolt_port}" in conf
    assert "server.default_listen_address=127.0.0.1" in conf


@pytest.mark.neo4j
def test_a_taken_port_is_a_clear_error(second: Settings) -> None:
    ManagedServer(second).stop(timeout=60)
    with socket.socket() as blocker:
        blocker.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # the stopped server's TIME_WAIT
        for _ in range(30):  # the stopped JVM may hold the port a moment longer
            try:
                blocker.bind(("127.0.0.1", second.bolt_port))
                break
            except OSError:
                time.sleep(0.5)
        blocker.listen()
        with pytest.raises(ServerError, match=f"port {second.bolt_port} .* already in use"):
            ManagedServer(second).start()


@pytest.mark.neo4j
def test_stop_when_not_running_reports_false(second: Settings) -> None:
    server = ManagedServer(second)
    server.stop(timeout=60)
    assert server.stop() is False


def test_memory_is_sized_from_ram_with_overrides() -> None:
    gib = 1024**3
    small = size_memory(2 * gib)
    assert small.heap == "512m" and small.pagecache == "256m"
    big = size_memory(24 * gib)
    assert big.heap == "3072m" and big.pagecache == "1536m"
    assert size_memory(24 * gib, heap="6g").heap == "6g"
    with pytest.raises(ConfigError):
        size_memory(gib, pagecache="lots")


def test_credentials_file_missing_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ServerError, match="graphcli neo4j start"):
        ManagedServer(Settings(home=tmp_path)).credentials()


def test_stale_pid_file_is_not_running(tmp_path: Path) -> None:
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "neo4j.pid").write_text(str(os.getpid()))  # alive, but not Neo4j
    assert ManagedServer(Settings(home=tmp_path)).pid() is None


def test_passwords_never_look_like_an_option() -> None:
    passwords = [new_password() for _ in range(2000)]
    assert all(p.isalnum() and len(p) == 32 for p in passwords)  # no leading "-" for the admin tool
    assert len(set(passwords)) == len(passwords)


@pytest.mark.neo4j
def test_the_home_is_private_to_its_owner(second: Settings) -> None:
    os.chmod(second.home, 0o755)  # as an older graphcli (or a umask) left it
    ManagedServer(second).start()
    assert stat.S_IMODE(second.home.stat().st_mode) == 0o700


@pytest.mark.neo4j
def test_the_server_advertises_its_real_bolt_port(second: Settings) -> None:
    ManagedServer(second).start()
    with urllib.request.urlopen(f"http://127.0.0.1:{second.http_port}/", timeout=10) as answer:
        discovery = json.load(answer)
    assert discovery["bolt_direct"] == f"bolt://127.0.0.1:{second.bolt_port}"
    assert discovery["bolt_routing"] == f"neo4j://127.0.0.1:{second.bolt_port}"


@pytest.mark.neo4j
def test_browser_logs_in_on_the_real_port_and_plays_the_guide(second: Settings) -> None:
    """Headless Chromium opens the address `graphcli browser --guide` prints for a server on non-default
    ports, finds the connection form filled in (this server's Bolt port, the user), types the password as
    a person would, connects, and shows the guide's first slide. The screenshot is kept in
    tests/artefacts/browser-connected-guide.png."""
    server = ManagedServer(second)
    status = server.start()
    creds = server.credentials()
    shot = browser.artefact("browser-connected-guide.png")
    shot.unlink(missing_ok=True)
    # Generous waits: Browser is a large page and this machine is shared; none of them is asserted on.
    with (
        GuideServer(QUERY_ROOT / "guide").start() as guide,
        browser.DevTools(window=(1280, 1100), timeout=180) as page,
    ):
        page.goto(browser_url(status.http_url, status.bolt_uri, guide.url, creds.username))
        form = page.wait_for("!!document.querySelector('[data-testid=password]')")
        filled = page.evaluate(
            "['boltaddress', 'username'].map(id => document.querySelector(`[data-testid=${id}]`)?.value)"
        )
        page.type_into("[data-testid=password]", creds.password)
        page.click("[data-testid=connect]")
        connected = page.wait_for("document.body.innerText.includes('You are connected as user')")
        guide_shown = page.wait_for(
            "document.querySelector('[data-testid=carousel]')?.innerText.includes('1 / ') ?? false"
        )
        page.screenshot(shot)
        text = page.text()
        errors = page.console_errors
    assert form, f"no connection form; see {shot}"
    assert filled == [f"127.0.0.1:{second.bolt_port}", creds.username]
    assert connected, f"Browser did not connect; see {shot}"
    # Browser's own words once logged in: the user, and the server it is connected to
    assert re.search(rf"connected as user\s+{creds.username}\s+to\s+\S*127\.0\.0\.1:{second.bolt_port}", text)
    assert "Database access not available" not in text  # the banner of a Browser not logged in
    assert "Unauthorized" not in text and "No guide by that name" not in text
    assert guide_shown and "graphcli: coordinated behaviour in this graph" in text  # slide 1's title
    assert not [e for e in errors if "graphcli" in e or "guide" in e.lower()], errors
    assert shot.stat().st_size > 10_000

"""Headless Chromium for tests: find it (installing Debian's ``chromium`` package once if missing), load a
local page, and return its DOM after scripts ran, its console log and a screenshot."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
    "--virtual-time-budget=10000",
]


@cache
def chromium() -> str:
    """The Chromium binary; runs ``apt-get install -y chromium`` once when it is not installed."""
    found = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if found:
        return found
    subprocess.run(["apt-get", "install", "-y", "chromium"], check=True, capture_output=True, timeout=900)
    return shutil.which("chromium") or "/usr/bin/chromium"


@dataclass
class PageLoad:
    dom: str
    log: str
    screenshot: Path | None


def load(page: Path | str, screenshot: Path | None = None, window: str = "1200,2400") -> PageLoad:
    """Open ``page`` (a file or a URL) in a fresh profile; dump the DOM (after the load event) and
    optionally a screenshot."""
    target = page if isinstance(page, str) else page.resolve().as_uri()
    with tempfile.TemporaryDirectory(prefix="graphcli-chromium-") as profile:
        base = [chromium(), *FLAGS, f"--user-data-dir={profile}", f"--window-size={window}"]
        dumped = subprocess.run(
            [*base, "--dump-dom", target],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
    if screenshot is not None:
        with tempfile.TemporaryDirectory(prefix="graphcli-chromium-") as profile:
            subprocess.run(
                [
                    chromium(),
                    *FLAGS,
                    f"--user-data-dir={profile}",
                    f"--window-size={window}",
                    f"--screenshot={screenshot.resolve()}",
                    target,
                ],
                capture_output=True,
                text=True,
                timeout=120,
                check=True,
            )
    return PageLoad(dumped.stdout, dumped.stderr, screenshot)


def console_errors(log: str) -> list[str]:
    """Console messages at error level and uncaught exceptions in Chromium's stderr log."""
    return [
        line
        for line in log.splitlines()
        if ("CONSOLE" in line and ("ERROR" in line or "Uncaught" in line)) or "Uncaught" in line
    ]

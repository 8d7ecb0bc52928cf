"""Headless Chromium for tests: find it (installing Debian's ``chromium`` package once if missing), load a
local page, and return its DOM after scripts ran, its console log and a screenshot; or drive a page as a
person would (type, click, wait, screenshot) over the DevTools protocol (:class:`DevTools`)."""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

# Screenshots a person may want to look at after a run (kept, unlike tmp_path; not in git).
ARTEFACTS = Path(__file__).resolve().parent / "artefacts"

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


def artefact(name: str) -> Path:
    """A path in ``tests/artefacts/`` for a file the test run leaves behind on purpose."""
    ARTEFACTS.mkdir(exist_ok=True)
    return ARTEFACTS / name


def _above_4(fd: int) -> int:
    """``fd`` moved to a number above 4 (Chromium's protocol fds are 3 and 4)."""
    if fd > 4:
        return fd
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD, 5)
    os.close(fd)
    return moved


class DevToolsError(RuntimeError):
    """Chromium answered a DevTools command with an error, died, or did not answer in time."""


class DevTools:
    """One headless Chromium page driven over the DevTools protocol, as a person would use it.

    Chromium talks the protocol on a pipe (``--remote-debugging-pipe``: it reads commands on fd 3 and
    writes answers on fd 4, each a JSON message ended by a NUL byte), so there is no port to pick and
    no WebSocket library to add. Hand-written (a few dozen lines) rather than Playwright or Selenium:
    those drive a browser build or a driver binary of their own, which this project cannot download,
    while the Debian ``chromium`` package is all this needs. A context manager: the browser and its
    profile are gone when the block ends.
    """

    def __init__(self, window: tuple[int, int] = (1280, 900), timeout: float = 60.0) -> None:
        self.timeout = timeout
        self.console_errors: list[str] = []
        self._profile = tempfile.TemporaryDirectory(prefix="graphcli-chromium-")
        self._log = Path(self._profile.name) / "chromium-stderr.log"
        commands_r, commands_w = os.pipe()
        answers_r, answers_w = os.pipe()
        # The child's redirections below must not overwrite one end with the other (3<&4 4>&3).
        commands_r, answers_w = _above_4(commands_r), _above_4(answers_w)
        argv = [
            chromium(),
            *[flag for flag in FLAGS if not flag.startswith("--virtual-time-budget")],
            "--remote-debugging-pipe",
            f"--user-data-dir={self._profile.name}",
            f"--window-size={window[0]},{window[1]}",
        ]
        # bash (dash takes only one-digit fds) puts the two pipe ends on the fds Chromium expects, then
        # becomes Chromium.
        with self._log.open("wb") as log:
            self._proc = subprocess.Popen(
                ["bash", "-c", f'exec "$@" 3<&{commands_r} 4>&{answers_w}', "sh", *argv],
                pass_fds=(commands_r, answers_w),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
        os.close(commands_r)
        os.close(answers_w)
        self._out, self._in = commands_w, answers_r
        self._pending = b""
        self._last_id = 0
        self._session: str | None = None
        try:
            target = self.call("Target.createTarget", url="about:blank")["targetId"]
            self._session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
            self.call("Runtime.enable")
            self.call("Page.enable")
            self.call(
                "Emulation.setDeviceMetricsOverride",
                width=window[0],
                height=window[1],
                deviceScaleFactor=1,
                mobile=False,
            )
        except BaseException:
            self.close()
            raise

    # --- the protocol -----------------------------------------------------------------------

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one command (to the page once attached) and return its result."""
        self._last_id += 1
        message: dict[str, Any] = {"id": self._last_id, "method": method, "params": params}
        if self._session is not None:
            message["sessionId"] = self._session
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self._out, data) :]
        deadline = time.monotonic() + self.timeout
        while True:
            answer = self._receive(deadline, method)
            if answer.get("id") == self._last_id:
                if "error" in answer:
                    raise DevToolsError(f"{method}: {answer['error'].get('message')}")
                return dict(answer.get("result", {}))
            self._note_event(answer)

    def _receive(self, deadline: float, method: str) -> dict[str, Any]:
        while b"\0" not in self._pending:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._in], [], [], left)[0]:
                raise DevToolsError(f"{method}: no answer from Chromium in {self.timeout:.0f} s")
            chunk = os.read(self._in, 1 << 16)
            if not chunk:
                said = self._log.read_text(errors="replace").strip().splitlines()[-3:]
                raise DevToolsError(f"{method}: Chromium closed the pipe; it said: {' / '.join(said)}")
            self._pending += chunk
        message, _, self._pending = self._pending.partition(b"\0")
        return dict(json.loads(message))

    def _note_event(self, event: dict[str, Any]) -> None:
        params = event.get("params", {})
        if event.get("method") == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            self.console_errors.append(str(details.get("exception", {}).get("description") or details))
        elif event.get("method") == "Runtime.consoleAPICalled" and params.get("type") == "error":
            self.console_errors.append(
                " ".join(str(a.get("value", a.get("description"))) for a in params["args"])
            )

    # --- what a person does -----------------------------------------------------------------

    def goto(self, url: str) -> None:
        """Open ``url`` and wait until the document has loaded."""
        self.call("Page.navigate", url=url)
        if not self.wait_for("document.readyState === 'complete'"):
            raise DevToolsError(f"{url} did not finish loading in {self.timeout:.0f} s")

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (promises awaited)."""
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise DevToolsError(f"{expression}: {result['exceptionDetails'].get('text')}")
        return result.get("result", {}).get("value")

    def wait_for(self, expression: str, timeout: float | None = None) -> Any:
        """Poll until ``expression`` is truthy and return its value; a falsy value after ``timeout``
        seconds (default: the page's timeout) is returned too, for the test to assert on."""
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while True:
            value = self.evaluate(expression)
            if value or time.monotonic() > deadline:
                return value
            time.sleep(0.25)

    def type_into(self, selector: str, text: str) -> None:
        """Focus the field ``selector``, select what it holds, and type ``text`` over it."""
        found = self.evaluate(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
            " if (!e) return false; e.focus(); e.select(); return true; })()"
        )
        if not found:
            raise DevToolsError(f"no field {selector} on the page")
        self.call("Input.insertText", text=text)

    def click(self, selector: str) -> None:
        """Click the element ``selector``."""
        if not self.evaluate(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
            " if (!e) return false; e.click(); return true; })()"
        ):
            raise DevToolsError(f"nothing to click at {selector}")

    def text(self) -> str:
        """The page's visible text, as a person reads it."""
        return str(self.evaluate("document.body.innerText"))

    def screenshot(self, path: Path) -> Path:
        """Save what the window shows as a PNG."""
        path.write_bytes(base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"]))
        return path

    def close(self) -> None:
        """Close the browser (killing it if it does not go) and remove its profile."""
        if self._proc.poll() is None:
            try:
                self._session = None
                self.timeout = min(self.timeout, 10.0)
                self.call("Browser.close")
            except (DevToolsError, OSError):
                pass
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(timeout=10)
        for fd in (self._out, self._in):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._profile.cleanup()

    def __enter__(self) -> DevTools:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

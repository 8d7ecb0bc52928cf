"""Start, stop and inspect the managed local Neo4j server.

The JVM is launched directly with the community entry point (the same main class and class path the
official ``bin/neo4j`` launcher uses), detached from the terminal, with its pid in ``run/neo4j.pid``.
The password is random, set with the admin tool before the first start, and kept only in
``$GRAPHCLI_HOME/credentials`` (mode 0600); it is passed to the admin tool through an argument file,
so it never shows in a process listing, and is never printed or logged.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import string
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from graphcli.model.errors import ServerError
from graphcli.model.progress import Messages, silent
from graphcli.model.settings import Settings
from graphcli.server.config import machine_memory_bytes, render_conf, size_memory
from graphcli.server.install import Installation, find_installation, install

ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_ENTRY_POINT = "org.neo4j.server.startup.Neo4jAdminBoot"
# JVM options the Neo4j distribution ships in its default neo4j.conf (server.jvm.additional).
JVM_OPTIONS = [
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
]


PASSWORD_ALPHABET = string.ascii_letters + string.digits


def new_password(length: int = 32) -> str:
    """A random password of letters and digits (190 bits at 32). Not ``secrets.token_urlsafe``: one in 64
    of its tokens starts with ``-``, which the admin tool reads as an option, so the first start failed."""
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(length))


# Run by a separate Python: fork once more so the server is adopted by init (never our child, so no
# zombie and no lingering Popen), start a new session, send output to the log, record the pid, exec.
_DETACH = """
import os, sys
pid_file, log, cwd, *command = sys.argv[1:]
if os.fork():
    os._exit(0)
os.setsid()
out = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
os.dup2(out, 1)
os.dup2(out, 2)
os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
os.chdir(cwd)
with open(pid_file, "w") as fh:
    fh.write(str(os.getpid()))
os.execvp(command[0], command)
"""


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str


@dataclass(frozen=True)
class ServerStatus:
    """What ``graphcli neo4j status`` reports (never the password)."""

    installed: bool
    running: bool
    pid: int | None
    bolt_uri: str
    http_url: str
    home: str
    neo4j: str | None
    gds: str | None
    apoc: str | None
    heap: str | None = None
    pagecache: str | None = None


class ManagedServer:
    """The local Neo4j under ``settings.home``."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.home = settings.home
        self.pid_file = self.home / "run" / "neo4j.pid"
        self.credentials_file = self.home / "credentials"
        self.conf_dir = self.home / "conf"

    # --- facts ---------------------------------------------------------------------------

    def installation(self) -> Installation | None:
        return find_installation(self.home, self.settings.neo4j_version)

    def pid(self) -> int | None:
        """The server's pid if it is running (a stale pid file counts as not running)."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        state = _proc_state(pid)
        if state is None or state in {"Z", "X"}:
            return None
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            return None
        # A killed JVM loses its memory (and so its cmdline) before its sockets close: while it is
        # exiting it still counts as running, so a restart does not race it for the ports.
        if cmdline and ENTRY_POINT.encode() not in cmdline.split(b"\0"):
            return None  # the pid was recycled by another program
        return pid

    def status(self) -> ServerStatus:
        inst = self.installation()
        conf = self._read_conf()
        return ServerStatus(
            installed=inst is not None,
            running=self.pid() is not None,
            pid=self.pid(),
            bolt_uri=f"bolt://127.0.0.1:{self.settings.bolt_port}",
            http_url=f"http://127.0.0.1:{self.settings.http_port}/browser/",
            home=str(self.home),
            neo4j=inst.neo4j if inst else None,
            gds=inst.gds if inst else None,
            apoc=inst.apoc if inst else None,
            heap=conf.get("server.memory.heap.max_size"),
            pagecache=conf.get("server.memory.pagecache.size"),
        )

    def credentials(self) -> Credentials:
        """The managed server's credentials (create them with :meth:`start`)."""
        try:
            data = json.loads(self.credentials_file.read_text())
            return Credentials(data["username"], data["password"])
        except (OSError, ValueError, KeyError):
            raise ServerError(
                f"no credentials at {self.credentials_file}",
                hint="run `graphcli neo4j start` once to create them",
            ) from None

    # --- actions -------------------------------------------------------------------------

    def start(self, timeout: float = 120.0, progress: Messages | None = None) -> ServerStatus:
        """Install if needed, then start and wait until Bolt answers. No-op if already running."""
        say = progress or silent
        self.secure_home()  # also for a home made by an older graphcli, or a server already running
        if self.pid() is not None:
            return self.status()
        inst = self.installation() or install(self.home, self.settings.neo4j_version, progress=say)
        for name, port in (("Bolt", self.settings.bolt_port), ("HTTP", self.settings.http_port)):
            if not _port_frees_up(port, within=15.0):
                raise ServerError(
                    f"{name} port {port} on 127.0.0.1 is already in use",
                    hint=f"stop what uses it or choose another (--{name.lower()}-port)",
                )
        for sub in ("conf", "data", "logs", "run", "import"):
            (self.home / sub).mkdir(parents=True, exist_ok=True)
        memory = size_memory(machine_memory_bytes(), self.settings.heap, self.settings.pagecache)
        (self.conf_dir / "neo4j.conf").write_text(
            render_conf(self.home, inst.plugins, self.settings.bolt_port, self.settings.http_port, memory)
        )
        if not (self.home / "data" / "dbms" / "auth.ini").exists():
            say("setting a random initial password")
            self._set_initial_password()

        say(f"starting Neo4j {inst.neo4j} (heap {memory.heap}, page cache {memory.pagecache})")
        log = self.home / "logs" / "neo4j.log"
        log_offset = log.stat().st_size if log.exists() else 0
        command = [
            "java",
            f"-Xms{memory.heap}",
            f"-Xmx{memory.heap}",
            *JVM_OPTIONS,
            "-cp",
            inst.classpath,
            ENTRY_POINT,
            f"--home-dir={inst.root}",
            f"--config-dir={self.conf_dir}",
        ]
        self.pid_file.unlink(missing_ok=True)
        subprocess.run(
            [
                sys.executable,
                "-c",
                _DETACH,
                str(self.pid_file),
                str(self.home / "logs" / "console.log"),
                str(self.home),
                *command,
            ],
            check=True,
        )
        self._wait_until_up(log, log_offset, timeout)
        return self.status()

    def secure_home(self) -> None:
        """Make ``$GRAPHCLI_HOME`` private to its owner (0700): it holds the data, the logs (with query
        text), the auth store and the credentials file, which must not be readable by other users."""
        self.home.mkdir(parents=True, exist_ok=True)
        os.chmod(self.home, 0o700)

    def stop(self, timeout: float = 90.0) -> bool:
        """Stop cleanly (SIGTERM, then SIGKILL after ``timeout``). False if it was not running."""
        pid = self.pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.pid() is not None:
            time.sleep(0.3)
        if self.pid() is not None:
            os.kill(pid, signal.SIGKILL)
            time.sleep(1)
        self.pid_file.unlink(missing_ok=True)
        return True

    def log_tail(self, lines: int = 50) -> str:
        """The last ``lines`` of the server log (console output if the log does not exist yet)."""
        for name in ("neo4j.log", "console.log"):
            path = self.home / "logs" / name
            if path.exists():
                return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
        return ""

    # --- internals -----------------------------------------------------------------------

    def run_admin(self, args: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
        """Run this installation's admin tool (what ``neo4j-admin`` runs) with ``args``, output captured."""
        inst = self.installation()
        if inst is None:
            raise ServerError("the managed Neo4j is not installed", hint="run `graphcli neo4j install`")
        env = {**os.environ, "NEO4J_HOME": str(inst.root), "NEO4J_CONF": str(self.conf_dir)}
        command = ["java", "-cp", inst.classpath, ADMIN_ENTRY_POINT, *args]
        return subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=timeout, check=False, cwd=self.home
        )

    def _set_initial_password(self) -> None:
        password = new_password()
        argfile = self.home / "run" / "initial-password.args"
        fd = os.open(argfile, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(f"dbms\nset-initial-password\n{password}\n")
        try:
            proc = self.run_admin([f"@{argfile}"], timeout=180)
        finally:
            argfile.unlink(missing_ok=True)
        if proc.returncode != 0:
            detail = (proc.stderr or proc.stdout).replace(password, "***").strip().splitlines()
            raise ServerError(
                "could not set the initial password: " + (detail[-1] if detail else "unknown error")
            )
        fd = os.open(self.credentials_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            json.dump({"username": "neo4j", "password": password}, fh)
        os.chmod(self.credentials_file, 0o600)

    def _wait_until_up(self, log: Path, offset: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._launched_process_gone():
                raise ServerError("Neo4j exited during start-up; last log lines:\n" + self.log_tail(30))
            if _started(log, offset) and not _port_free(self.settings.bolt_port):
                return
            time.sleep(0.5)
        raise ServerError(
            f"Neo4j did not answer on Bolt within {timeout:.0f}s; last log lines:\n" + self.log_tail(30)
        )

    def _launched_process_gone(self) -> bool:
        """True once the process in the pid file has exited. Not :meth:`pid`: just before ``exec`` the
        pid still runs the launcher, whose command line is not Neo4j's, and that is no failure."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return False  # the launcher has not written it yet
        return _proc_state(pid) in {None, "Z", "X"}

    def _read_conf(self) -> dict[str, str]:
        path = self.conf_dir / "neo4j.conf"
        if not path.exists():
            return {}
        pairs = (
            line.split("=", 1) for line in path.read_text().splitlines() if "=" in line and line[0] != "#"
        )
        return {k.strip(): v.strip() for k, v in pairs}


def _started(log: Path, offset: int) -> bool:
    try:
        with open(log, "rb") as fh:
            fh.seek(offset)
            return b"INFO  Started." in fh.read()
    except OSError:
        return False


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _port_frees_up(port: int, within: float) -> bool:
    """True once the port is free; waits a little, as a server just killed releases its sockets only
    when its last thread has exited."""
    deadline = time.monotonic() + within
    while not _port_free(port):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.5)
    return True


def _proc_state(pid: int) -> str | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[0]

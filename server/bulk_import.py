"""Offline bulk import into the managed server: stop it, ``neo4j-admin database import full``, start.

For initial loads of tens of millions of rows the admin tool's importer writes the store directly,
far faster than transactions. It replaces the whole database, so it is only allowed on the managed
server (whose files we own) and, checked by the caller, only when the database is empty.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graphcli.model.errors import ServerError
from graphcli.model.progress import Messages, silent
from graphcli.model.settings import Settings
from graphcli.server.process import ManagedServer


@dataclass
class ImportReport:
    """How an offline import went: the importer's own output (its stage report), the seconds of each
    step (``stop``: waiting for the server to stop; ``import``: the admin tool, its start included;
    ``start``: starting the server again) and the importer's stages as it reports them (``stages``:
    node import, relationship import, relationship linking, post processing, and ``total`` from its
    "IMPORT DONE" line; the rest of ``import`` is the admin tool starting and preparing)."""

    output: str = ""
    seconds: dict[str, float] = field(default_factory=dict)
    stages: dict[str, float] = field(default_factory=dict)
    returncode: int | None = None


class OfflineImport:
    """Stop the managed server, import with ``neo4j-admin database import full``, start it again.

    Used as a context manager: entering starts stopping the server in the background (so the caller can
    write the import's files meanwhile), :meth:`run` waits for the stop and imports, and leaving starts
    the server again, also when the import or the caller failed. :attr:`report` holds the timings."""

    def __init__(self, settings: Settings, progress: Messages | None = None) -> None:
        if not settings.managed:
            raise ServerError(
                "--bulk imports only into the managed local server",
                hint="unset NEO4J_URI / --uri, or load without --bulk",
            )
        self.settings, self.say = settings, progress or silent
        self.server = ManagedServer(settings)
        if self.server.installation() is None:
            raise ServerError("the managed Neo4j is not installed", hint="run `graphcli neo4j install`")
        self.report = ImportReport()
        self._stopping: threading.Thread | None = None
        self._stop_error: BaseException | None = None

    def __enter__(self) -> OfflineImport:
        self.say("stopping Neo4j for the offline import")
        self._stopping = threading.Thread(target=self._stop, name="graphcli-stop-neo4j", daemon=True)
        self._stopping.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._wait_stopped()
        self.say("starting Neo4j again")
        started = time.perf_counter()
        self.server.start(progress=self.say)
        self.report.seconds["start"] = round(time.perf_counter() - started, 2)

    def run(
        self,
        nodes: Mapping[str, Sequence[Path]],
        relationships: Mapping[str, Sequence[Path]],
        timeout: float = 3600.0,
        multiline: bool | Sequence[Path] = True,
        id_type: str = "string",
    ) -> ImportReport:
        """Import the CSV files (see :func:`import_full`) once the server is down; raise if it failed."""
        waited = time.perf_counter()
        self._wait_stopped()
        self.report.seconds["stop"] = round(time.perf_counter() - waited, 2)
        args = [
            "database",
            "import",
            "full",
            self.settings.database,
            "--overwrite-destination=true",
            *_multiline_args(multiline),
            f"--report-file={self.server.home / 'logs' / 'import.report'}",
            "--skip-bad-relationships=false",
            "--high-parallel-io=on",
            f"--id-type={id_type}",
            f"--threads={max(os.cpu_count() or 1, 1)}",
        ]
        args += [f"--nodes={label}={','.join(map(str, files))}" for label, files in nodes.items() if files]
        args += [
            f"--relationships={rel}={','.join(map(str, files))}"
            for rel, files in relationships.items()
            if files
        ]
        self.say(
            f"importing {sum(len(f) for f in nodes.values())} node and "
            f"{sum(len(f) for f in relationships.values())} relationship files with neo4j-admin"
        )
        started = time.perf_counter()
        proc = self.server.run_admin(args, timeout=timeout)
        self.report.seconds["import"] = round(time.perf_counter() - started, 2)
        self.report.output = (proc.stdout + proc.stderr).strip()
        self.report.returncode = proc.returncode
        self.report.stages = importer_stages(self.report.output)
        # The importer's stage report, kept beside the server's logs for whoever wants the detail.
        (self.server.home / "logs" / "import.log").write_text(self.report.output + "\n", encoding="utf-8")
        if proc.returncode != 0:
            lines = [line for line in self.report.output.splitlines() if line.strip()]
            raise ServerError("neo4j-admin database import failed: " + (lines[-1] if lines else "no output"))
        return self.report

    def _stop(self) -> None:
        started = time.perf_counter()
        try:
            self.server.stop()
        except BaseException as exc:  # re-raised in the caller's thread
            self._stop_error = exc
        self.report.seconds["stopping"] = round(time.perf_counter() - started, 2)

    def _wait_stopped(self) -> None:
        if self._stopping is not None:
            self._stopping.join()
            self._stopping = None
        if self._stop_error is not None:
            error, self._stop_error = self._stop_error, None
            raise error


def import_full(
    settings: Settings,
    nodes: Mapping[str, Sequence[Path]],
    relationships: Mapping[str, Sequence[Path]],
    progress: Messages | None = None,
    timeout: float = 3600.0,
    multiline: bool | Sequence[Path] = True,
    id_type: str = "string",
) -> ImportReport:
    """Replace the managed server's database with the given CSV files; return the importer's report.

    ``nodes`` maps a label to its CSV files (header first), ``relationships`` a type to its files.
    ``multiline=False`` promises that no quoted value holds a line break, so the importer can split
    the files and parse them in parallel; a list of files says that only those may hold one (only
    they are then parsed single-threaded). ``id_type="integer"`` says that every ``:ID`` column holds
    integers (its label's row numbers, say), which the importer maps without building and sorting a
    table of strings.
    The server is stopped for the import and started again afterwards, also when the import fails.
    """
    with OfflineImport(settings, progress) as job:
        job.run(nodes, relationships, timeout=timeout, multiline=multiline, id_type=id_type)
    return job.report


# "Node import COMPLETED in 18s 953ms", "IMPORT DONE in 1m 54s 47ms."
_STAGE = re.compile(r"^(?:\(\d/\d\) )?([A-Za-z ]+?) COMPLETED in ((?:\d+[hms]{1,2} ?)+)", re.MULTILINE)
_DONE = re.compile(r"^IMPORT DONE in ((?:\d+[hms]{1,2} ?)+)", re.MULTILINE)
_UNIT_SECONDS = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}


def importer_stages(output: str) -> dict[str, float]:
    """The stages ``neo4j-admin database import`` reports as done, in seconds (``total`` for the
    whole import as it counts it)."""
    stages = {m.group(1).strip().lower(): _duration(m.group(2)) for m in _STAGE.finditer(output)}
    done = _DONE.search(output)
    if done:
        stages["total"] = _duration(done.group(1))
    return stages


def _duration(text: str) -> float:
    """Seconds of a duration the importer prints: ``1m 2s 3ms``."""
    parts = re.findall(r"(\d+)(ms|h|m|s)", text)
    return round(sum(int(n) * _UNIT_SECONDS[unit] for n, unit in parts), 3)


def _multiline_args(multiline: bool | Sequence[Path]) -> list[str]:
    if isinstance(multiline, bool):
        return [f"--multiline-fields={str(multiline).lower()}"]
    if not multiline:
        return ["--multiline-fields=false"]
    # The v2 form names the files that may hold line breaks; the others are split and read in parallel.
    return ["--multiline-fields-format=v2", f"--multiline-fields={','.join(map(str, multiline))}"]


class BulkMarker:
    """A file in the graphcli home saying a bulk load is under way: which process, which work folder.

    The offline import replaces the database without its constraints and indexes, and the work folder
    holds a full copy of the data as CSV. The load restores the schema and removes both when it ends; a
    load killed before that leaves the marker, and the next command that opens the managed server
    finishes the job (see :func:`graphcli.cypher.connect.open_gateway`)."""

    NAME = "bulk-import.pending"

    def __init__(self, home: Path) -> None:
        self.path = home / self.NAME

    def write(self, workdir: Path, pid: int | None = None) -> None:
        """Say that process ``pid`` (this one by default) bulk-loads through ``workdir``."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(
            json.dumps({"pid": pid or os.getpid(), "workdir": str(workdir)}), encoding="utf-8"
        )

    def interrupted(self) -> Path | None:
        """The work folder of a bulk load whose process is gone, or None (no marker, or the load is
        still running)."""
        try:
            facts = json.loads(self.path.read_text(encoding="utf-8"))
            pid, workdir = int(facts["pid"]), Path(facts["workdir"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            return self.path.parent / "graphcli-bulk-unknown"  # unreadable: treat as interrupted
        return None if _alive(pid) else workdir

    def clear(self, workdir: Path | None = None) -> None:
        """Remove the work folder (if given) and the marker."""
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)
        self.path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return Path(f"/proc/{pid}").exists() and _proc_status(pid) != "Z"


def _proc_status(pid: int) -> str:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[-1].split()[0] if ")" in stat else ""

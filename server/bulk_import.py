"""Offline bulk import into the managed server: stop it, ``neo4j-admin database import full``, start.

For initial loads of tens of millions of rows the admin tool's importer writes the store directly,
far faster than transactions. It replaces the whole database, so it is only allowed on the managed
server (whose files we own) and, checked by the caller, only when the database is empty.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path

from graphcli.model.errors import ServerError
from graphcli.model.progress import Messages, silent
from graphcli.model.settings import Settings
from graphcli.server.process import ManagedServer


def import_full(
    settings: Settings,
    nodes: Mapping[str, Sequence[Path]],
    relationships: Mapping[str, Sequence[Path]],
    progress: Messages | None = None,
    timeout: float = 3600.0,
    multiline: bool | Sequence[Path] = True,
    id_type: str = "string",
) -> str:
    """Replace the managed server's database with the given CSV files; return the importer's report.

    ``nodes`` maps a label to its CSV files (header first), ``relationships`` a type to its files.
    ``multiline=False`` promises that no quoted value holds a line break, so the importer can split
    the files and parse them in parallel; a list of files says that only those may hold one (only
    they are then parsed single-threaded). ``id_type="integer"`` says that every ``:ID`` column holds
    integers (its label's row numbers, say), which the importer maps without building and sorting a
    table of strings.
    The server is stopped for the import and started again afterwards, also when the import fails.
    """
    say = progress or silent
    if not settings.managed:
        raise ServerError(
            "--bulk imports only into the managed local server",
            hint="unset NEO4J_URI / --uri, or load without --bulk",
        )
    server = ManagedServer(settings)
    inst = server.installation()
    if inst is None:
        raise ServerError("the managed Neo4j is not installed", hint="run `graphcli neo4j install`")
    args = [
        "database",
        "import",
        "full",
        settings.database,
        "--overwrite-destination=true",
        *_multiline_args(multiline),
        f"--report-file={server.home / 'logs' / 'import.report'}",
        "--skip-bad-relationships=false",
        "--high-parallel-io=on",
        f"--id-type={id_type}",
        f"--threads={max(os.cpu_count() or 1, 1)}",
    ]
    args += [f"--nodes={label}={','.join(map(str, files))}" for label, files in nodes.items() if files]
    args += [
        f"--relationships={rel}={','.join(map(str, files))}" for rel, files in relationships.items() if files
    ]
    say("stopping Neo4j for the offline import")
    server.stop()
    try:
        say(
            f"importing {sum(len(f) for f in nodes.values())} node and "
            f"{sum(len(f) for f in relationships.values())} relationship files with neo4j-admin"
        )
        proc = server.run_admin(args, timeout=timeout)
    finally:
        say("starting Neo4j again")
        server.start(progress=say)
    report = (proc.stdout + proc.stderr).strip()
    if proc.returncode != 0:
        lines = [line for line in report.splitlines() if line.strip()]
        raise ServerError("neo4j-admin database import failed: " + (lines[-1] if lines else "no output"))
    return report


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

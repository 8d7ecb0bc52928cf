"""Offline bulk import into the managed server: stop it, ``neo4j-admin database import full``, start.

For initial loads of tens of millions of rows the admin tool's importer writes the store directly,
far faster than transactions. It replaces the whole database, so it is only allowed on the managed
server (whose files we own) and, checked by the caller, only when the database is empty.
"""

from __future__ import annotations

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
    multiline: bool = True,
) -> str:
    """Replace the managed server's database with the given CSV files; return the importer's report.

    ``nodes`` maps a label to its CSV files (header first), ``relationships`` a type to its files.
    ``multiline=False`` promises that no quoted value holds a line break, so the importer can split
    the files and parse them in parallel.
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
        f"--multiline-fields={str(multiline).lower()}",
        f"--report-file={server.home / 'logs' / 'import.report'}",
        "--skip-bad-relationships=false",
        "--high-parallel-io=on",
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

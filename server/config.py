"""``neo4j.conf`` for the managed server, and memory sized from the machine."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from graphcli.model.errors import ConfigError

_SIZE = re.compile(r"^(\d+)([kmg])$", re.IGNORECASE)


@dataclass(frozen=True)
class Memory:
    """Heap and page cache, as Neo4j size strings (``2g``, ``512m``)."""

    heap: str
    pagecache: str


def machine_memory_bytes() -> int:
    """Physical memory of this machine."""
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def size_memory(total_bytes: int, heap: str | None = None, pagecache: str | None = None) -> Memory:
    """Heap ~1/8 of RAM (0.5-8 GiB; GDS projections live on the heap), page cache ~1/16 (0.25-4 GiB).

    The rest is left for the Python side (pandas frames, igraph) and the OS. Overrides win.
    """
    gib = 1024**3
    auto_heap = min(max(total_bytes // 8, gib // 2), 8 * gib)
    auto_cache = min(max(total_bytes // 16, gib // 4), 4 * gib)
    return Memory(
        heap=_check_size("heap", heap) if heap else f"{auto_heap // 1024**2}m",
        pagecache=_check_size("pagecache", pagecache) if pagecache else f"{auto_cache // 1024**2}m",
    )


def _check_size(name: str, value: str) -> str:
    if not _SIZE.match(value.strip()):
        raise ConfigError(f"{name} must look like 512m or 2g, got {value!r}")
    return value.strip().lower()


def render_conf(home: Path, plugins: Path, bolt_port: int, http_port: int, memory: Memory) -> str:
    """The whole ``neo4j.conf``: loopback only, GDS and APOC allowed, directories under ``home``."""
    return "\n".join(
        [
            "# Written by `graphcli neo4j start`; edits are overwritten on the next start.",
            "server.default_listen_address=127.0.0.1",
            "server.default_advertised_address=127.0.0.1",
            f"server.bolt.listen_address=127.0.0.1:{bolt_port}",
            f"server.http.listen_address=127.0.0.1:{http_port}",
            # Browser pre-fills its connection form from the advertised Bolt address (the HTTP discovery
            # document); without these it offers :7687 whatever port this server listens on.
            f"server.bolt.advertised_address=127.0.0.1:{bolt_port}",
            f"server.http.advertised_address=127.0.0.1:{http_port}",
            "server.https.enabled=false",
            f"server.memory.heap.initial_size={memory.heap}",
            f"server.memory.heap.max_size={memory.heap}",
            f"server.memory.pagecache.size={memory.pagecache}",
            f"server.directories.data={home / 'data'}",
            f"server.directories.logs={home / 'logs'}",
            f"server.directories.run={home / 'run'}",
            f"server.directories.import={home / 'import'}",
            f"server.directories.plugins={plugins}",
            "dbms.security.procedures.unrestricted=gds.*,apoc.*",
            "dbms.security.procedures.allowlist=gds.*,apoc.*",
            "dbms.usage_report.enabled=false",
            "db.tx_log.rotation.retention_policy=2 files",
            "",
        ]
    )

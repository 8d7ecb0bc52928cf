"""Provenance of a load: which files (by content hash) a run read, with what counts and when."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graphcli.cypher.gateway import Gateway
from graphcli.model.errors import InputError


@dataclass(frozen=True)
class SourceFile:
    path: str
    sha256: str
    size: int
    format: str


def describe_files(paths: Iterable[Path], format_name: str) -> list[SourceFile]:
    """Hash every file; a folder stands for every regular file under it (sorted). A file that cannot be
    read is left out (its reader reports it as skipped)."""
    described = []
    for path in paths:
        members = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for member in members:
            try:
                described.append(SourceFile(str(member), _sha256(member), member.stat().st_size, format_name))
            except (InputError, OSError):
                continue
    return described


def run_id(format_name: str, files: Iterable[SourceFile], options: Mapping[str, Any] | None = None) -> str:
    """The same format, file contents and options give the same id: a re-run (after a crash, or to
    reload) updates its LoadRun instead of adding one, so the graph ends up identical."""
    facts = {"format": format_name, "files": sorted(f.sha256 for f in files), "options": dict(options or {})}
    return hashlib.sha256(json.dumps(facts, sort_keys=True, default=str).encode()).hexdigest()[:24]


def record_run(gw: Gateway, run: Mapping[str, Any], files: Iterable[SourceFile]) -> None:
    """Create or update the LoadRun node and its READ links to the SourceFile nodes."""
    gw.write("load/run", {"run": dict(run), "files": [vars(f) for f in files]})


def utc_now() -> datetime:
    return datetime.now(UTC)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    return digest.hexdigest()

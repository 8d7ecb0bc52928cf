"""A content fingerprint of the graph: equal fingerprints mean the same nodes, relationships and
properties, whatever the internal ids. Used to show a re-run or resumed load changes nothing."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from graphcli.cypher.gateway import Gateway

# When a load ran is not part of what it loaded.
_VOLATILE = {"LoadRun": {"started_at", "finished_at"}}


def content_fingerprint(gw: Gateway) -> str:
    """SHA-256 over every node and relationship (sorted), ignoring when load runs started and ended."""
    lines = []
    for row in gw.read("load/content"):
        volatile = set().union(*(_VOLATILE.get(label, set()) for label in row["labels"]))
        props = {k: _plain(v) for k, v in row["props"].items() if k not in volatile}
        lines.append(
            json.dumps([row["kind"], sorted(row["labels"]), props, row["start"], row["end"]], sort_keys=True)
        )
    return hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)

"""``--bulk``: collect every record of a load in memory, write CSV files in the form
``neo4j-admin database import full`` reads, and import them offline into an empty managed database.

The records are folded with the same :class:`BatchParams` rules the Bolt writer's Cypher applies
(latest counts, first/last seen, latest status, screen-name accounts folded onto their id), so a bulk
load and a transactional load of the same input give the same graph. Memory grows with the distinct
nodes and relationships of the input.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from graphcli.cypher.gateway import Gateway
from graphcli.cypher.schema import init_schema
from graphcli.loaders.batch import BatchParams, Params
from graphcli.loaders.pipeline import LoadSummary, fewer_collections, record_summary
from graphcli.model.errors import InputError
from graphcli.model.records import Block, Record
from graphcli.model.settings import Settings
from graphcli.server.bulk_import import BulkMarker, import_full


class BulkWriter:
    """A record sink that keeps everything for one offline import (see :func:`finish_bulk`)."""

    def __init__(self) -> None:
        self.batch = BatchParams()

    def write(self, records: Sequence[Record | Block]) -> None:  # blocks: issue 16 (loadread)
        for rec in records:
            self.batch.add(rec)

    def close(self) -> None:
        """Nothing to do: :func:`finish_bulk` writes and imports."""


def require_empty(gw: Gateway) -> None:
    """Refuse a bulk import into a database that holds anything but graphcli's metadata."""
    if gw.read("load/any_node"):
        raise InputError(
            "--bulk needs an empty database, and this one has data",
            hint="load without --bulk, or `graphcli db wipe --yes` first",
        )


def finish_bulk(
    writer: BulkWriter,
    gw: Gateway,
    settings: Settings,
    workdir: Path,
    summaries: Iterable[LoadSummary],
    progress: Any = None,
) -> dict[str, int]:
    """Write the CSV files into ``workdir``, import them, restore the schema and the load runs.

    Returns the number of nodes and relationships imported per label and type. Until the schema is back
    a marker in the graphcli home names this process and ``workdir``: if it is killed, the next
    command restores the schema and removes ``workdir`` (:class:`BulkMarker`)."""
    marker = BulkMarker(settings.home)
    marker.write(workdir)
    with fewer_collections():
        files = write_csvs(resolve(writer.batch), workdir)
    try:
        import_full(settings, files.nodes, files.relationships, progress=progress, multiline=files.multiline)
    finally:
        init_schema(gw)  # the import replaced the database without it, also when it failed
    marker.clear()  # the caller removes workdir
    for summary in summaries:
        record_summary(gw, summary)
    return files.counts


# --- folding what the Cypher does per batch, once for the whole input ---------------------------


def resolve(batch: BatchParams) -> BatchParams:
    """Fold screen-name-only accounts onto the id-keyed account with that screen name (the lowest
    uid when several ids wore it) and copy each account's latest status onto it."""
    by_name: dict[tuple[str, str], str] = {}
    for uid, acc in batch.accounts.items():
        props = acc["props"]
        if props.get("id") and props.get("screen_name_lower"):
            key = (props["platform"], props["screen_name_lower"])
            by_name[key] = min(by_name.get(key, uid), uid)
    moved: dict[str, str] = {
        h["placeholder_uid"]: by_name[(h["platform"], h["screen_name_lower"])]
        for h in batch.handles.values()
        if h["placeholder_uid"] in batch.accounts and (h["platform"], h["screen_name_lower"]) in by_name
    }
    out = BatchParams(
        accounts={u: a for u, a in batch.accounts.items() if u not in moved},
        posts=batch.posts,
        objects=batch.objects,
        counts=batch.counts,
    )
    for key, entry in batch.names.items():
        account = _moved(moved, entry["account_uid"])
        out.names[(account, key[1])] = {**entry, "account_uid": account}
    for entry in batch.posted.values():
        _fold_pair(out.posted, entry, moved)
    for entry in batch.liked.values():
        _fold_pair(out.liked, entry, moved)
    for entry in batch.retweeted.values():
        _fold_pair(out.retweeted, entry, moved)
    for entry in batch.shared.values():
        account = _moved(moved, entry["account_uid"])
        out.shared.setdefault(
            (account, entry["object_uid"], entry["post_id"]), {**entry, "account_uid": account}
        )
    for uid, entry in batch.scores.items():
        out.scores[uid] = {**entry, "account_uid": _moved(moved, entry["account_uid"])}
    latest: dict[str, Params] = {}
    for uid, entry in batch.statuses.items():
        account = _moved(moved, entry["account_uid"])
        out.statuses[uid] = {**entry, "account_uid": account}
        if account not in latest or _status_rank(entry) < _status_rank(latest[account]):
            latest[account] = entry
    for account, entry in latest.items():
        props = entry["props"]
        out.accounts[account]["props"].update(
            {
                "status": props.get("status"),
                "status_checked_at": props.get("checked_at"),
                "status_error_title": props.get("error_title"),
                "status_error_detail": props.get("error_detail"),
            }
        )
    return out


def _moved(moved: dict[str, str], uid: str) -> str:
    """Where an account's records go: the id-keyed account a screen-name-only one was folded onto."""
    return moved.get(uid, uid)


def _fold_pair(target: dict[tuple[str, str], Params], entry: Params, moved: dict[str, str]) -> None:
    account = _moved(moved, entry["account_uid"])
    key = (account, entry["post_uid"])
    if key not in target:
        target[key] = {**entry, "account_uid": account}
        return
    have = target[key]
    for name, pick in (("first_seen", min), ("last_seen", max)):
        values = [v for v in (have.get(name), entry.get(name)) if v is not None]
        have[name] = pick(values) if values else None
    if "at" in have:
        have["at"] = have["at"] or entry.get("at")


def _status_rank(entry: Params) -> tuple[bool, float, str]:
    """Lowest ranks first, as the Cypher orders checks: a known time before none, later before
    earlier, then the lowest uid."""
    checked = entry["props"].get("checked_at")
    return (checked is None, -checked.timestamp() if checked else 0.0, entry["uid"])


# --- CSV files ------------------------------------------------------------------------------------


@dataclass
class CsvFiles:
    """The import's files per label and relationship type, their row counts, and whether any value
    holds a line break (the importer then has to parse multi-line fields, which it does single-threaded)."""

    nodes: dict[str, list[Path]] = field(default_factory=dict)
    relationships: dict[str, list[Path]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    multiline: bool = False


def write_csvs(batch: BatchParams, workdir: Path) -> CsvFiles:
    """One header+data CSV per label and relationship type, in neo4j-admin's import form."""
    workdir.mkdir(parents=True, exist_ok=True)
    node_rows: dict[str, list[Params]] = {
        "Account": [{"uid": a["uid"], **a["props"]} for a in batch.accounts.values()],
        "Post": [
            {"uid": p["uid"], **p["props"], **p["fill"], **p["counts"], "observed_at": p["observed_at"]}
            for p in batch.posts.values()
        ],
        "Object": [dict(o) for o in batch.objects.values()],
        "BotScore": [{"uid": s["uid"], **s["props"]} for s in batch.scores.values()],
        "StatusCheck": [{"uid": s["uid"], **s["props"]} for s in batch.statuses.values()],
        "CountObservation": [{"uid": c["uid"], **c["props"]} for c in batch.counts.values()],
        "ScreenName": list(
            {
                n["name_uid"]: {
                    "uid": n["name_uid"],
                    "platform": n["platform"],
                    "name_lower": n["name_lower"],
                }
                for n in batch.names.values()
            }.values()
        ),
    }
    # (type, start label, start key, end label, end key, entries)
    rel_rows: list[tuple[str, str, str, str, str, Iterable[Params]]] = [
        ("POSTED", "Account", "account_uid", "Post", "post_uid", batch.posted.values()),
        ("LIKED", "Account", "account_uid", "Post", "post_uid", batch.liked.values()),
        ("RETWEETED", "Account", "account_uid", "Post", "post_uid", batch.retweeted.values()),
        ("SHARED", "Account", "account_uid", "Object", "object_uid", batch.shared.values()),
        ("SCORED", "Account", "account_uid", "BotScore", "uid", batch.scores.values()),
        ("HAD_STATUS", "Account", "account_uid", "StatusCheck", "uid", batch.statuses.values()),
        ("HAD_COUNTS", "Post", "post_uid", "CountObservation", "uid", batch.counts.values()),
        (
            "WAS_NAMED",
            "Account",
            "account_uid",
            "ScreenName",
            "name_uid",
            [
                {k: v for k, v in n.items() if k not in {"platform", "name_lower"}}
                for n in batch.names.values()
            ],
        ),
    ]
    files = CsvFiles()
    for label, rows in node_rows.items():
        if rows:
            path = workdir / f"{label}.csv"
            files.multiline |= _write(path, rows, {"uid": f"uid:ID({label})"})
            files.nodes[label] = [path]
            files.counts[label] = len(rows)
    for rel, start, start_key, end, end_key, entries in rel_rows:
        rows = [
            {
                ":START_ID": e[start_key],
                ":END_ID": e[end_key],
                **{k: v for k, v in e.items() if k not in {start_key, end_key, "props", "uid"}},
            }
            for e in entries
        ]
        if rows:
            renames = {":START_ID": f":START_ID({start})", ":END_ID": f":END_ID({end})"}
            path = workdir / f"{rel}.csv"
            files.multiline |= _write(path, rows, renames)
            files.relationships[rel] = [path]
            files.counts[rel] = len(rows)
    return files


def _write(path: Path, rows: list[Params], renames: dict[str, str]) -> bool:
    """Write ``rows`` with a typed header; True if a value holds a line break."""
    columns: dict[str, str] = {}
    for row in rows:
        for key, value in row.items():
            if value is not None:
                columns[key] = _widen(columns.get(key), _type_of(value))
    names = list(columns)
    header = [
        renames.get(k, k if columns[k] == "string" or k in renames else f"{k}:{columns[k]}") for k in names
    ]
    breaks = False
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(header)
        for row in rows:
            cells = [_cell(row.get(k)) for k in names]
            breaks = breaks or any("\n" in c or "\r" in c for c in cells)
            out.writerow(cells)
    return breaks


def _type_of(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, datetime):
        return "datetime"
    return "string"


def _widen(have: str | None, new: str) -> str:
    if have is None or have == new:
        return new
    return "double" if {have, new} == {"long", "double"} else "string"


def _cell(value: Any) -> str:
    """Empty means absent to the importer; datetimes in ISO form with their UTC offset."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)

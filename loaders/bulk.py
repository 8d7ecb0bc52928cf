"""``--bulk``: collect every record of a load in memory, write CSV files in the form
``neo4j-admin database import full`` reads, and import them offline into an empty managed database.

The records are folded with the same :class:`BatchParams` rules the Bolt writer's Cypher applies
(latest counts, first/last seen, latest status, screen-name accounts folded onto their id), so a bulk
load and a transactional load of the same input give the same graph. Memory grows with the distinct
nodes and relationships of the input.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from graphcli.cypher.gateway import Gateway
from graphcli.cypher.schema import init_schema
from graphcli.loaders.batch import BatchParams, Params
from graphcli.loaders.pipeline import LoadSummary, fewer_collections, record_summary
from graphcli.model.errors import InputError
from graphcli.model.records import Block, Record
from graphcli.model.settings import Settings
from graphcli.server.bulk_import import BulkMarker, OfflineImport


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


@dataclass
class BulkResult:
    """What an offline import put in (nodes per label, relationships per type) and where its time
    went, in seconds: ``csv`` (writing the files, while the server stops), ``stop`` (waiting for the
    server to be down after that), ``import`` (the admin tool), ``start`` (the server again) and
    ``schema`` (constraints and indexes on the imported data); ``stages`` holds the importer's own
    stage report in seconds (see :func:`graphcli.server.bulk_import.importer_stages`)."""

    counts: dict[str, int]
    seconds: dict[str, float]
    stages: dict[str, float]


def finish_bulk(
    writer: BulkWriter,
    gw: Gateway,
    settings: Settings,
    workdir: Path,
    summaries: Iterable[LoadSummary],
    progress: Any = None,
) -> BulkResult:
    """Write the CSV files into ``workdir``, import them, restore the schema and the load runs.

    The server is stopped while the files are written (two things that need not wait for each other).
    Until the schema is back a marker in the graphcli home names this process and ``workdir``: if it is
    killed, the next command restores the schema and removes ``workdir`` (:class:`BulkMarker`)."""
    marker = BulkMarker(settings.home)
    marker.write(workdir)
    job = OfflineImport(settings, progress)
    try:
        with job, fewer_collections():
            started = time.perf_counter()
            files = write_csvs(resolve(writer.batch), workdir)
            job.report.seconds["csv"] = round(time.perf_counter() - started, 2)
            job.run(files.nodes, files.relationships, multiline=files.multiline_files, id_type="integer")
    finally:
        started = time.perf_counter()
        init_schema(gw)  # the import replaced the database without it, also when it failed
        job.report.seconds["schema"] = round(time.perf_counter() - started, 2)
    marker.clear()  # the caller removes workdir
    for summary in summaries:
        record_summary(gw, summary)
    return BulkResult(files.counts, job.report.seconds, job.report.stages)


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
    # A like or retweet named by screen name only goes to the lowest uid wearing that name at the end
    # (the Bolt writer gets there by load/pass/retargets), else where it was resolved.
    for entry in batch.liked.values():
        _fold_pair(out.liked, entry, moved, by_name)
    for entry in batch.retweeted.values():
        _fold_pair(out.retweeted, entry, moved, by_name)
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


def _fold_pair(
    target: dict[tuple[str, str], Params],
    entry: Params,
    moved: dict[str, str],
    by_name: dict[tuple[str, str], str] | None = None,
) -> None:
    account = _moved(moved, entry["account_uid"])
    via = entry.get("via_name")
    if via is not None and by_name:
        account = by_name.get((account.partition(":")[0], via), account)
    key = (account, entry["post_uid"])
    if key not in target:
        target[key] = {**entry, "account_uid": account}
        return
    have = target[key]
    if via is None:  # also named by id: pinned to this account, as the pass queries do
        have.pop("via_name", None)
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
    """The import's files per label and relationship type, their row counts, and the files where a
    value holds a line break (the importer parses those single-threaded)."""

    nodes: dict[str, list[Path]] = field(default_factory=dict)
    relationships: dict[str, list[Path]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    multiline_files: list[Path] = field(default_factory=list)

    @property
    def multiline(self) -> bool:
        """True if any value of any file holds a line break."""
        return bool(self.multiline_files)


def write_csvs(batch: BatchParams, workdir: Path) -> CsvFiles:
    """One header+data CSV per label and relationship type, in neo4j-admin's import form, written a
    column at a time with Arrow (no per-row formatting in Python).

    Nodes are keyed by integer ids (their row number in their label's file; ``--id-type=integer``),
    which the importer maps far faster than string ids; the uid is an ordinary property."""
    workdir.mkdir(parents=True, exist_ok=True)
    accounts, posts = list(batch.accounts.values()), list(batch.posts.values())
    names = list({n["name_uid"]: n for n in batch.names.values()}.values())
    node_columns: dict[str, tuple[list[str], dict[str, list[Any]]]] = {
        "Account": _node_columns(accounts, props=("props",)),
        "Post": _node_columns(posts, props=("props", "fill", "counts"), extra=("observed_at",)),
        "Object": _node_columns(list(batch.objects.values()), extra=("kind", "key", "text")),
        "BotScore": _node_columns(list(batch.scores.values()), props=("props",)),
        "StatusCheck": _node_columns(list(batch.statuses.values()), props=("props",)),
        "CountObservation": _node_columns(list(batch.counts.values()), props=("props",)),
        "ScreenName": _node_columns(
            [{"uid": n["name_uid"], "platform": n["platform"], "name_lower": n["name_lower"]} for n in names],
            extra=("platform", "name_lower"),
        ),
    }
    files = CsvFiles()
    ids: dict[str, pd.Index] = {}
    for label, (uids, columns) in node_columns.items():
        if uids:
            ids[label] = pd.Index(uids)
            path = workdir / f"{label}.csv"
            table = {":ID": pa.array(np.arange(len(uids), dtype=np.int64)), "uid": uids, **columns}
            if _write(path, table, {":ID": f":ID({label})"}):
                files.multiline_files.append(path)
            files.nodes[label] = [path]
            files.counts[label] = len(uids)
    # (type, start label, start key, end label, end key, entries, property keys)
    rel_rows: list[tuple[str, str, str, str, str, list[Params], tuple[str, ...]]] = [
        ("POSTED", "Account", "account_uid", "Post", "post_uid", list(batch.posted.values()), ()),
        ("LIKED", "Account", "account_uid", "Post", "post_uid", list(batch.liked.values()), _SEEN),
        (
            "RETWEETED",
            "Account",
            "account_uid",
            "Post",
            "post_uid",
            list(batch.retweeted.values()),
            (*_SEEN, "at"),
        ),
        (
            "SHARED",
            "Account",
            "account_uid",
            "Object",
            "object_uid",
            list(batch.shared.values()),
            ("post_id", "at", "kind"),
        ),
        ("SCORED", "Account", "account_uid", "BotScore", "uid", list(batch.scores.values()), ()),
        ("HAD_STATUS", "Account", "account_uid", "StatusCheck", "uid", list(batch.statuses.values()), ()),
        ("HAD_COUNTS", "Post", "post_uid", "CountObservation", "uid", list(batch.counts.values()), ()),
        (
            "WAS_NAMED",
            "Account",
            "account_uid",
            "ScreenName",
            "name_uid",
            list(batch.names.values()),
            ("name", "first_seen", "last_seen"),
        ),
    ]
    for rel, start, start_key, end, end_key, entries, keys in rel_rows:
        if not entries:
            continue
        table = {
            ":START_ID": _node_ids(ids[start], [e[start_key] for e in entries], rel, start),
            ":END_ID": _node_ids(ids[end], [e[end_key] for e in entries], rel, end),
            **{k: [e.get(k) for e in entries] for k in keys},
        }
        if rel in ("LIKED", "RETWEETED") and any("via_name" in e for e in entries):
            table["via_name"] = [e.get("via_name") for e in entries]  # R16: name-only likes follow the name
        path = workdir / f"{rel}.csv"
        renames = {":START_ID": f":START_ID({start})", ":END_ID": f":END_ID({end})"}
        if _write(path, table, renames):
            files.multiline_files.append(path)
        files.relationships[rel] = [path]
        files.counts[rel] = len(entries)
    return files


_SEEN = ("first_seen", "last_seen", "source")


def _node_columns(
    entries: list[Params], props: tuple[str, ...] = (), extra: tuple[str, ...] = ()
) -> tuple[list[str], dict[str, list[Any]]]:
    """The uids of ``entries`` and one column per property: the keys of their ``props`` maps (later
    maps winning, as the Bolt passes set them) and the ``extra`` keys of the entries themselves."""
    uids = [e["uid"] for e in entries]
    columns: dict[str, list[Any]] = {}
    for group in props:
        maps = [e[group] for e in entries]
        for key in sorted(set().union(*(m.keys() for m in maps))):
            values = [m.get(key) for m in maps]
            if key in columns:
                values = [v if v is not None else old for v, old in zip(values, columns[key], strict=True)]
            columns[key] = values
    for key in extra:
        columns[key] = [e.get(key) for e in entries]
    return uids, columns


def _node_ids(index: pd.Index, uids: list[str], rel: str, label: str) -> pa.Array:
    """The integer ids of ``uids`` in their label's file."""
    positions = index.get_indexer(pd.Index(uids))
    if (positions < 0).any():
        missing = uids[int(np.argmax(positions < 0))]
        raise InputError(f"bulk import: a {rel} relationship names {label} {missing!r}, which is not loaded")
    return pa.array(positions.astype(np.int64))


def _write(path: Path, columns: dict[str, Any], renames: dict[str, str]) -> bool:
    """Write ``columns`` (name -> values or Arrow array) with a typed header; True if a string value
    holds a line break."""
    arrays: dict[str, pa.Array] = {}
    header: list[str] = []
    breaks = False
    for name, values in columns.items():
        array, kind = _column(values)
        if kind == "empty":
            continue  # no value at all: the importer would store nothing either
        if kind == "datetime":
            array = pc.strftime(array, format="%Y-%m-%dT%H:%M:%S%z")
        if pa.types.is_string(array.type):
            breaks = breaks or bool(pc.any(pc.match_substring_regex(array, "[\r\n]")).as_py())
        arrays[name] = array
        typed = name if kind in ("string", "id") else f"{name}:{kind}"
        header.append(renames.get(name, typed))
    table = pa.table(list(arrays.values()), names=[f"c{i}" for i in range(len(arrays))])
    with pa.OSFile(str(path), "wb") as sink:
        sink.write(",".join(_quoted(h) for h in header).encode("utf-8") + b"\n")
        pacsv.write_csv(table, sink, pacsv.WriteOptions(include_header=False))
    return breaks


def _column(values: Any) -> tuple[pa.Array, str]:
    """An Arrow array of ``values`` and the importer's type for it ("empty" when every value is null).
    Values that mix types the importer cannot hold in one column (a number and a text) become text."""
    if isinstance(values, pa.Array):
        return values, "id"
    try:
        array = pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        return pa.array([None if v is None else _cell(v) for v in values], pa.string()), "string"
    kind = array.type
    if pa.types.is_null(kind):
        return array, "empty"
    if pa.types.is_boolean(kind):
        return array, "boolean"
    if pa.types.is_integer(kind):
        return array, "long"
    if pa.types.is_floating(kind):
        return array, "double"
    if pa.types.is_timestamp(kind):
        return array.cast(pa.timestamp("us", tz="UTC")), "datetime"
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return array, "string"
    return pa.array([None if v is None else _cell(v) for v in values], pa.string()), "string"


def _quoted(name: str) -> str:
    return f'"{name}"' if any(c in name for c in ',"\n') else name


def _cell(value: Any) -> str:
    """A value the importer takes as text: datetimes in ISO form with their UTC offset."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)

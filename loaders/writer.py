"""Write batches of records to Neo4j over Bolt: one transaction per batch, one query per record type."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from operator import itemgetter
from typing import Any, Protocol

from graphcli.cypher.gateway import Gateway
from graphcli.loaders.batch import PARAM_NAMES, Params, build_params
from graphcli.loaders.resolve import NameResolver
from graphcli.model.errors import GraphcliError
from graphcli.model.records import Block, Record

# One query per parameter list, run in PARAM_NAMES order: nodes first, then the relationships
# between them, placeholders folded last; a batch runs only the passes it has rows for. The queries
# name their index (USING INDEX): a plan made on an empty database otherwise scans the label for
# every row, and Neo4j keeps that plan while the graph grows (see docs/benchmarks.md, "Loading").
PASS_QUERY = {name: f"load/pass/{name}" for name in PARAM_NAMES}
# The passes that have a CREATE variant for entries a load into an empty database knows to be new
# (``cypher/load/create``, see :class:`FreshGraph`). Statuses, screen names and placeholder folds
# always MERGE: they update nodes other entries share.
CREATE_QUERY = {
    name: f"load/create/{name}"
    for name in ("accounts", "posts", "objects", "posted", "liked", "retweeted", "shared", "scores", "counts")
}


class RecordSink(Protocol):
    """Where the pipeline sends records it decided to write."""

    def write(self, records: Sequence[Record | Block]) -> None:
        """Write one batch (it must be safe to write the same batch again)."""

    def close(self) -> None:
        """Finish: everything written is durable when this returns."""


class BoltWriter:
    """Writes each batch in one transaction through the gateway (retried by the driver on transient
    errors, which is safe because every write is an idempotent MERGE).

    Screen names are resolved by one :class:`NameResolver` for all its batches, seeded from the
    database before the first write, after the schema's constraints and indexes are ensured
    (``db/init``, idempotent). Accounts and posts that a batch only refers to by id, and that an
    earlier batch of this writer already wrote, are not written again (see :class:`WrittenNodes`).

    A batch is sent from a background thread while the caller reads and folds the next one, so that
    the client's parsing and the server's writing overlap (on a 2-core machine the two take about
    the same time). At most one batch is in flight and batches commit in order; an error of a batch
    is raised by the next :meth:`write` or by :meth:`close`.

    With ``fresh`` (a load that began on an empty database, see :class:`FreshGraph`), nodes and
    relationships the load has not written before are CREATEd instead of MERGEd. The entries are
    told apart after the previous batch committed, because its placeholder folds may have moved
    relationships onto an account (:meth:`FreshGraph.split`).
    """

    def __init__(self, gw: Gateway, fresh: FreshGraph | None = None) -> None:
        self.gw = gw
        self.batches = 0
        self.resolver: NameResolver | None = None
        self.written = WrittenNodes()
        self.fresh = fresh
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="graphcli-load")
        self._in_flight: Future[object] | None = None

    def write(self, records: Sequence[Record | Block]) -> None:
        """Fold ``records`` into one batch and send it once the previous batch has committed."""
        if records:
            if self.resolver is None:
                # The pass queries name the uid indexes (see PASS_QUERY): make sure they exist.
                self.gw.write("db/init")
                self.resolver = NameResolver.from_database(self.gw)
            params = self.written.drop_known(build_params(records, self.resolver))
            self._wait()
            steps = batch_steps(params) if self.fresh is None else self.fresh.split(params)
            if steps:
                self._in_flight = self._pool.submit(self._send, steps)
            self.batches += 1

    def _send(self, steps: list[tuple[str, dict[str, Any]]]) -> None:
        results = self.gw.write_together(steps)
        if self.fresh is not None:
            for (name, _), result in zip(steps, results, strict=True):
                if name == PASS_QUERY["handles"]:
                    self.fresh.folded_onto(row["target"] for row in result.rows)

    def close(self) -> None:
        """Wait for the batch in flight: every batch written has committed when this returns."""
        try:
            self._wait()
        finally:
            self._pool.shutdown(wait=True)

    def _wait(self) -> None:
        in_flight, self._in_flight = self._in_flight, None
        if in_flight is None:
            return
        try:
            in_flight.result()
        except GraphcliError:
            raise
        except Exception as exc:  # raised in the writing thread: the driver refused a value, say
            raise GraphcliError(
                f"writing a batch to Neo4j failed: {type(exc).__name__}: {exc}",
                hint="please report it: a reader let through a value the database cannot store",
            ) from exc


def batch_steps(params: dict[str, list[Params]]) -> list[tuple[str, dict[str, Any]]]:
    """The pass queries of one batch with their parameters, in order; lists that are empty are left out
    (a batch of likes runs three small queries, not ten)."""
    return [(PASS_QUERY[name], {name: params[name]}) for name in PARAM_NAMES if params[name]]


class FreshGraph:
    """What a load that began on an empty database has written, so that it can CREATE the rest.

    A load into an empty database knows that a node or relationship it has not written yet does not
    exist: ``CREATE`` (``cypher/load/create``) is then enough, and cheaper for the server than
    ``MERGE``, which looks for it first and locks. One ``FreshGraph`` serves every run of one
    ``load auto`` (the runs share accounts and posts), and is only valid while nobody else writes.

    Entries it has seen are sent to the MERGE passes as before, which is always right; so are the
    relationships of an account that a placeholder was folded onto (the fold moved the placeholder's
    relationships there, which this load did not write as such), and of an account that screen-name-only
    likes were moved to (R16). Keys are kept as their 64-bit hashes:
    a collision only sends a new entry to the MERGE pass, which still writes it. Memory: a Python int
    per node and relationship written (about 70 bytes each)."""

    def __init__(self) -> None:
        self.seen: dict[str, set[int]] = {name: set() for name in CREATE_QUERY}
        self.folded: set[str] = set()  # accounts placeholders were folded onto

    @classmethod
    def if_empty(cls, gw: Gateway) -> FreshGraph | None:
        """A new ``FreshGraph`` if the database holds nothing but graphcli's metadata, else None."""
        return None if gw.read("load/any_node") else cls()

    def split(self, params: dict[str, list[Params]]) -> list[tuple[str, dict[str, Any]]]:
        """The batch's steps: for each pass, its new entries to the CREATE variant (first) and the others
        to the pass itself; remembers the new ones as written. Call once per batch, in order, after the
        previous batch committed."""
        steps: list[tuple[str, dict[str, Any]]] = []
        for name in PARAM_NAMES:
            entries = params[name]
            if not entries:
                continue
            if name not in CREATE_QUERY:
                steps.append((PASS_QUERY[name], {name: entries}))
                continue
            seen, key = self.seen[name], _FRESH_KEY[name]
            new: list[Params] = []
            known: list[Params] = []
            for entry in entries:
                k = hash(key(entry))
                if k in seen or entry.get("account_uid") in self.folded:
                    known.append(entry)
                else:
                    seen.add(k)
                    new.append(entry)
            if new:
                steps.append((CREATE_QUERY[name], {name: new}))
            if known:
                steps.append((PASS_QUERY[name], {name: known}))
        # R16's moves (load/pass/retargets, the batch's last pass) give the target account likes and
        # retweets this load did not write as such: like a fold, they may exist from now on.
        self.folded_onto(move["to_uid"] for move in params.get("retargets", ()))
        return steps

    def folded_onto(self, uids: Iterable[str]) -> None:
        """Placeholders were folded onto these accounts: their relationships may exist already."""
        self.folded.update(uids)


_FRESH_KEY: dict[str, Callable[[Params], Hashable]] = {
    "accounts": itemgetter("uid"),
    "posts": itemgetter("uid"),
    "objects": itemgetter("uid"),
    "scores": itemgetter("uid"),
    "counts": itemgetter("uid"),
    "posted": itemgetter("account_uid", "post_uid"),
    "liked": itemgetter("account_uid", "post_uid"),
    "retweeted": itemgetter("account_uid", "post_uid"),
    "shared": itemgetter("account_uid", "object_uid", "post_id"),
}


class WrittenNodes:
    """The id-keyed accounts and the posts one load has already written, and what it wrote on them.

    A like names its account and post by id, often with the account's screen name: the accounts and
    posts passes would merge the same nodes and set the same properties again in every batch that
    mentions them (in `medium`'s likes that was most of the server's time). Once such a node was
    written by this load it exists (loads never delete id-keyed accounts or posts; only screen-name
    placeholders, which carry no id, are folded away), so an account entry whose every property this
    load already wrote with the same value, or a post reference with nothing to say, is dropped from
    later batches. Memory: one uid per distinct post, and the last written properties per account."""

    def __init__(self) -> None:
        self.accounts: dict[str, Params] = {}  # id-keyed account uid -> its properties as written
        self.posts: set[str] = set()

    def drop_known(self, params: dict[str, list[Params]]) -> dict[str, list[Params]]:
        """``params`` without entries that would change nothing; remembers what this batch writes.
        Call once per batch, in the order the batches are written."""
        accounts = [a for a in params["accounts"] if not self._account_known(a)]
        posts = [p for p in params["posts"] if not (_bare_post(p) and p["uid"] in self.posts)]
        for entry in accounts:
            if "id" in entry["props"]:
                self.accounts.setdefault(entry["uid"], {}).update(entry["props"])
        self.posts.update(p["uid"] for p in posts)
        return {**params, "accounts": accounts, "posts": posts}

    def _account_known(self, entry: Params) -> bool:
        written = self.accounts.get(entry["uid"])
        return written is not None and entry["props"].items() <= written.items()


def _bare_post(entry: Params) -> bool:
    return (
        entry["props"].keys() <= {"platform", "id"}
        and not entry["counts"]
        and not entry["fill"]
        and entry["observed_at"] is None
    )

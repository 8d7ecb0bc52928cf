"""Write batches of records to Neo4j over Bolt: one ``load/batch`` transaction per batch."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Protocol

from graphcli.cypher.gateway import Gateway
from graphcli.loaders.batch import build_params
from graphcli.loaders.records import Record
from graphcli.loaders.resolve import NameResolver


class RecordSink(Protocol):
    """Where the pipeline sends records it decided to write."""

    def write(self, records: Sequence[Record]) -> None:
        """Write one batch (it must be safe to write the same batch again)."""

    def close(self) -> None:
        """Finish: everything written is durable when this returns."""


class BoltWriter:
    """Writes each batch in one transaction through the gateway (retried by the driver on transient
    errors, which is safe because every write is an idempotent MERGE).

    Screen names are resolved by one :class:`NameResolver` for all its batches, seeded from the
    database before the first write.

    A batch is sent from a background thread while the caller reads and folds the next one, so that
    the client's parsing and the server's writing overlap (on a 2-core machine the two take about
    the same time). At most one batch is in flight and batches commit in order; an error of a batch
    is raised by the next :meth:`write` or by :meth:`close`."""

    def __init__(self, gw: Gateway) -> None:
        self.gw = gw
        self.batches = 0
        self.resolver: NameResolver | None = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="graphcli-load")
        self._in_flight: Future[object] | None = None

    def write(self, records: Sequence[Record]) -> None:
        """Fold ``records`` into one batch and send it once the previous batch has committed."""
        if records:
            if self.resolver is None:
                self.resolver = NameResolver.from_database(self.gw)
            params = build_params(records, self.resolver)
            self._wait()
            self._in_flight = self._pool.submit(self.gw.write, "load/batch", params)
            self.batches += 1

    def close(self) -> None:
        """Wait for the batch in flight: every batch written has committed when this returns."""
        try:
            self._wait()
        finally:
            self._pool.shutdown(wait=True)

    def _wait(self) -> None:
        in_flight, self._in_flight = self._in_flight, None
        if in_flight is not None:
            in_flight.result()

"""Write batches of records to Neo4j over Bolt: one ``load/batch`` transaction per batch."""

from __future__ import annotations

from collections.abc import Sequence
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
    database before the first write."""

    def __init__(self, gw: Gateway) -> None:
        self.gw = gw
        self.batches = 0
        self.resolver: NameResolver | None = None

    def write(self, records: Sequence[Record]) -> None:
        if records:
            if self.resolver is None:
                self.resolver = NameResolver.from_database(self.gw)
            self.gw.write("load/batch", build_params(records, self.resolver))
            self.batches += 1

    def close(self) -> None:
        """Nothing is buffered: each batch committed when :meth:`write` returned."""

"""What both detection benchmarks share: a gateway on an emptied database, timing and peak memory."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from graphcli.cypher.connect import open_gateway
from graphcli.cypher.gateway import Gateway
from graphcli.cypher.queries import parse_query_file
from graphcli.cypher.schema import init_schema, wipe
from graphcli.model.settings import Settings

HERE = Path(__file__).parent
T = TypeVar("T")


@contextmanager
def empty_database() -> Iterator[Gateway]:
    """The configured Neo4j (GRAPHCLI_* / NEO4J_* settings), wiped, with the schema; wiped again after."""
    with open_gateway(Settings.load()) as gw:
        _wipe(gw)
        init_schema(gw)
        try:
            yield gw
        finally:
            _wipe(gw)  # leave no dense graph behind for the next user of this server


def _wipe(gw: Gateway) -> None:
    # Relationships first: db/wipe alone detaches 10,000 nodes per transaction, which can exceed the
    # server's transaction memory around very popular objects.
    gw.run_autocommit("db/wipe_relationships")
    wipe(gw)


def load_rows(gw: Gateway, query_file: str, rows: list[dict[str, Any]], batch: int = 20_000) -> float:
    """Send ``rows`` to a bench load query in UNWIND batches; return the seconds it took."""
    query = parse_query_file(HERE / query_file)
    start = time.perf_counter()
    for i in range(0, len(rows), batch):
        gw.run(query, {"rows": rows[i : i + batch]}, access="write")
    return time.perf_counter() - start


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    """Run ``fn``; return its result and wall seconds."""
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def peak_mib(fn: Callable[[], object]) -> float:
    """Run ``fn`` again under tracemalloc (which slows Python down, hence a separate pass) and return
    the peak of memory it allocated in this process, in MiB. numpy and pandas buffers are counted."""
    tracemalloc.start()
    try:
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20

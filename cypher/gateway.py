"""The gateway: the one module that owns the Neo4j driver.

Everything else in graphcli talks to Neo4j through :class:`Gateway`: it runs library queries by
name (``cypher/**/*.cypher``) in managed read or write transactions, with the driver's retries,
values only as ``$parameters``, and each query tagged with its name in the transaction metadata
so it can be found in ``SHOW TRANSACTIONS`` and the query log.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

import neo4j
import pandas as pd
from neo4j import GraphDatabase
from neo4j import exceptions as neo4j_errors
from neo4j.time import Date, DateTime

from graphcli.cypher.queries import Query, load_query
from graphcli.model.errors import AuthFailed, ConnectionFailed, GdsMissing, GraphcliError

Access = Literal["read", "write"]
AUTOCOMMIT_RETRY_SECONDS = 60.0  # as long as a transient conflict with a concurrent load may last
T = TypeVar("T")
_WRITE_CLAUSE = re.compile(
    r"\b(CREATE|MERGE|SET|DELETE|REMOVE|DROP|LOAD\s+CSV|FOREACH|IN\s+TRANSACTIONS|ALTER|GRANT|DENY|REVOKE)\b"
    r"|\.(write|mutate|drop|project)\b|apoc\.(create|merge|refactor|periodic)",
    re.IGNORECASE,
)


@dataclass
class Result:
    """What one query returned: its columns, rows (as dicts) and write counters."""

    columns: list[str] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)


def is_read_only(statement: str) -> bool:
    """A conservative guess: False if the statement has any clause or procedure that writes."""
    code = "\n".join(line for line in statement.splitlines() if not line.lstrip().startswith("//"))
    return _WRITE_CLAUSE.search(code) is None


class Gateway:
    """A connection to one Neo4j database. Use as a context manager; it closes the driver."""

    def __init__(self, driver: neo4j.Driver, database: str) -> None:
        self._driver = driver
        self.database = database

    @classmethod
    def connect(cls, uri: str, username: str, password: str | None, database: str = "neo4j") -> Gateway:
        """Open a driver and check the server answers; errors say what to do."""
        auth = (username, password) if password is not None else None
        try:
            # Labels and properties a fresh database has not seen yet (no alerts exported, no monitor run)
            # are normal for graphcli, not typos: the server's UNRECOGNIZED notices would only be noise.
            driver = GraphDatabase.driver(
                uri, auth=auth, user_agent="graphcli", notifications_disabled_categories=["UNRECOGNIZED"]
            )
        except (ValueError, neo4j_errors.ConfigurationError) as exc:
            raise ConnectionFailed(f"invalid Neo4j URI {uri!r}: {exc}") from None
        try:
            driver.verify_connectivity()
        except neo4j_errors.AuthError:
            driver.close()
            raise AuthFailed(
                f"Neo4j at {uri} refused the credentials for user {username!r}",
                hint="check NEO4J_USERNAME / NEO4J_PASSWORD or --username/--password",
            ) from None
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired, OSError, ValueError) as exc:
            # ValueError: the driver's "Cannot resolve address" for a host name DNS does not know
            driver.close()
            raise ConnectionFailed(
                f"cannot reach Neo4j at {uri}: {_first_line(exc)}",
                hint="is the server running? `graphcli neo4j status` for the managed one",
            ) from None
        return cls(driver, database)

    def __enter__(self) -> Gateway:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._driver.close()

    # --- running queries -------------------------------------------------------------------

    def read(self, name: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run the library query ``name`` in read transactions; return the last statement's rows."""
        return self.run(load_query(name), params, access="read").rows

    def write(self, name: str, params: Mapping[str, Any] | None = None) -> Result:
        """Run the library query ``name`` in write transactions (one per statement)."""
        return self.run(load_query(name), params, access="write")

    def write_together(self, steps: Sequence[tuple[str, Mapping[str, Any]]]) -> list[Result]:
        """Run several library queries, each with its parameters, in order in ONE managed write
        transaction (all commit or none; the driver retries the whole transaction on transient errors,
        so every step must be idempotent). Returns each step's result (its last statement's)."""
        queries = [(load_query(name), dict(params)) for name, params in steps]
        label = ",".join(name for name, _ in steps)

        @neo4j.unit_of_work(metadata={"graphcli": label})
        def work(tx: neo4j.ManagedTransaction) -> list[Result]:
            results = []
            for query, params in queries:
                result = Result()
                for statement in query.statements:
                    result = _collect(tx.run(statement, params))
                results.append(result)
            return results

        return self._execute(label, work, "write")

    def read_frame(self, name: str, params: Mapping[str, Any] | None = None) -> pd.DataFrame:
        """Run a read query and return its rows as a DataFrame (columns in the query's order)."""
        result = self.run(load_query(name), params, access="read")
        return pd.DataFrame(result.rows, columns=result.columns)

    def run(self, query: Query, params: Mapping[str, Any] | None = None, access: Access = "read") -> Result:
        """Run every statement of ``query`` in order, each in its own managed transaction."""
        result = Result()
        for statement in query.statements:
            result = self._run_statement(query.name, statement, dict(params or {}), access)
        return result

    def run_autocommit(self, name: str, params: Mapping[str, Any] | None = None) -> Result:
        """Run a library query in an auto-commit transaction per statement.

        Only for statements Neo4j requires it for (``CALL { ... } IN TRANSACTIONS``). These batch their
        own commits, which the driver's managed transactions cannot hold, so this retries a statement
        itself on a transient error (a deadlock with a concurrent load, a leader switch) for up to
        ``AUTOCOMMIT_RETRY_SECONDS``. A retry runs the whole statement again after some of its inner
        transactions committed: every such query must be safe to re-run (they delete, or write only what
        is missing).
        """
        query = load_query(name)
        result = Result()
        for statement in query.statements:
            result = self._autocommit_statement(name, statement, dict(params or {}))
        return result

    def _autocommit_statement(self, name: str, statement: str, params: dict[str, Any]) -> Result:
        def once() -> Result:
            with self._session() as session:
                return _collect(session.run(neo4j.Query(statement, metadata={"graphcli": name}), params))

        try:
            return retry_transient(once)
        except neo4j_errors.Neo4jError as exc:
            raise _domain_error(name, exc) from None
        except neo4j_errors.DriverError as exc:
            raise ConnectionFailed(
                f"lost the connection to Neo4j running {name}: {_first_line(exc)}"
            ) from None

    def _run_statement(self, name: str, statement: str, params: dict[str, Any], access: Access) -> Result:
        @neo4j.unit_of_work(metadata={"graphcli": name})
        def work(tx: neo4j.ManagedTransaction) -> Result:
            return _collect(tx.run(statement, params))

        return self._execute(name, work, access)

    def _execute(self, name: str, work: Callable[[neo4j.ManagedTransaction], T], access: Access) -> T:
        """Run ``work`` in a managed transaction; driver errors become graphcli errors naming ``name``."""
        with self._session() as session:
            try:
                if access == "write":
                    return session.execute_write(work)
                return session.execute_read(work)
            except neo4j_errors.Neo4jError as exc:
                raise _domain_error(name, exc) from None
            except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired) as exc:
                raise ConnectionFailed(
                    f"lost the connection to Neo4j running {name}: {_first_line(exc)}"
                ) from None
            except neo4j_errors.DriverError as exc:
                raise GraphcliError(f"{name}: the Neo4j driver said {_first_line(exc)}") from None
            except (OverflowError, UnicodeEncodeError) as exc:  # the driver could not encode a parameter
                raise GraphcliError(
                    f"{name}: a parameter value Neo4j cannot take ({_first_line(exc)})"
                ) from None

    def _session(self) -> neo4j.Session:
        return self._driver.session(database=self.database)

    # --- server facts and GDS --------------------------------------------------------------

    def server_versions(self) -> dict[str, str | None]:
        """Versions of Neo4j, GDS and APOC on the server (None where a plugin is absent)."""
        versions: dict[str, str | None] = {"neo4j": None, "edition": None, "gds": None, "apoc": None}
        for row in self.read("db/components"):
            if row["name"] == "Neo4j Kernel":
                versions["neo4j"] = row["versions"][0]
                versions["edition"] = row["edition"]
        for plugin in ("gds", "apoc"):
            try:
                versions[plugin] = self.read(f"db/{plugin}_version")[0]["version"]
            except GraphcliError:
                versions[plugin] = None
        return versions

    def has_gds(self) -> bool:
        """True when the Graph Data Science plugin answers."""
        return self.server_versions()["gds"] is not None

    def require_gds(self) -> None:
        """Raise :class:`GdsMissing` with advice if the server has no GDS."""
        if not self.has_gds():
            raise GdsMissing(
                "this Neo4j server has no Graph Data Science plugin",
                hint="use the managed server (`graphcli neo4j install`) or add GDS 2.13 to its plugins",
            )

    @contextmanager
    def gds_client(self) -> Iterator[Any]:
        """A ``graphdatascience`` client sharing this gateway's driver."""
        from graphdatascience import GraphDataScience

        self.require_gds()
        # The client borrows the driver (closing the client leaves it open). Open GDS has no Arrow
        # server, and library code never prints, so no Arrow and no tqdm progress bars.
        runner = _retrying_runner(self._driver, self.database)
        with GraphDataScience(runner, arrow=False, show_progress=False) as client:
            yield client


def retry_transient(work: Callable[[], T]) -> T:
    """``work()``, run again after a transient error (a deadlock with a concurrent load, a leader
    switch) for up to ``AUTOCOMMIT_RETRY_SECONDS``, as the driver's managed transactions do; any other
    error, or the last one, is raised. Only for work that is safe to run again."""
    deadline = time.monotonic() + AUTOCOMMIT_RETRY_SECONDS
    delay = 0.2
    while True:
        try:
            return work()
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
            if not exc.is_retryable() or time.monotonic() + delay >= deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 5.0)


def _retrying_runner(driver: neo4j.Driver, database: str) -> Any:
    """The GDS client's Bolt query runner on ``driver`` (not closed with the client), whose auto-commit
    queries (projections, algorithm writes, ``run_cypher(auto_commit=True)``) are retried on transient
    errors like the gateway's (:func:`retry_transient`); the client runs them with ``session.run``,
    which the driver does not retry. GDS procedures are safe to run again: a failed projection leaves
    no graph, and a write sets the same values."""
    from graphdatascience.query_runner.neo4j_query_runner import Neo4jQueryRunner

    class RetryingQueryRunner(Neo4jQueryRunner):
        def run_cypher(self, *args: Any, **kwargs: Any) -> pd.DataFrame:
            return retry_transient(lambda: super(RetryingQueryRunner, self).run_cypher(*args, **kwargs))

    return RetryingQueryRunner(driver, "bolt", auto_close=False, database=database, show_progress=False)


def _collect(cursor: neo4j.Result) -> Result:
    rows = [_row(record) for record in cursor]
    columns = list(cursor.keys())
    counters = cursor.consume().counters
    changed = {k: v for k, v in vars(counters).items() if isinstance(v, int) and v and not k.startswith("_")}
    return Result(columns, rows, changed)


# Values Record.data() returns unchanged (it only turns nodes, relationships and paths into plain data).
_SCALARS = frozenset({str, int, float, bool, type(None), DateTime, Date})


def _row(record: neo4j.Record) -> dict[str, Any]:
    """``record.data()``, skipping its per-element walk where every value is a scalar or a list of
    scalars: on a list of a million values that walk took about 4 s (the co-sharing read)."""
    row = dict(record)
    plain = all(
        type(v) in _SCALARS or (type(v) is list and all(type(x) in _SCALARS for x in v)) for v in row.values()
    )
    return row if plain else record.data()


def _domain_error(name: str, exc: neo4j_errors.Neo4jError) -> GraphcliError:
    code = exc.code or ""
    message = _first_line(exc.message or str(exc))
    if code.endswith("ProcedureNotFound") and ("gds." in message or "gds." in str(exc)):
        return GdsMissing(
            f"{name}: the server has no Graph Data Science procedure: {message}",
            hint="install GDS 2.13 on the server or use the managed one (`graphcli neo4j install`)",
        )
    if code.startswith("Neo.ClientError.Security"):
        return AuthFailed(f"{name}: {message}")
    return GraphcliError(f"{name}: Neo4j said {code or 'error'}: {message}")


def _first_line(exc: object) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__

"""Open a :class:`Gateway` from settings: a configured URI as given, else the managed local server."""

from __future__ import annotations

from dataclasses import dataclass, field

from graphcli.cypher.gateway import Gateway
from graphcli.cypher.schema import init_schema
from graphcli.model.progress import Messages, silent
from graphcli.model.settings import Settings
from graphcli.server import ManagedServer
from graphcli.server.bulk_import import BulkMarker


@dataclass(frozen=True)
class Connection:
    """Where and as whom to connect: what the gateway uses, and what other Neo4j clients (the Spark
    connector) are given."""

    uri: str
    username: str
    password: str | None = field(repr=False)
    database: str


def connection(settings: Settings, progress: Messages | None = None) -> Connection:
    """The connection the settings name. With no URI configured, start the managed server first if it
    is down and use its credentials. With a URI configured (``bolt://``, ``neo4j://``, ``neo4j+s://`` for
    Aura) nothing local is touched."""
    if not settings.managed:
        return Connection(settings.bolt_uri, settings.username, settings.password, settings.database)
    server = ManagedServer(settings)
    server.start(progress=progress)
    creds = server.credentials()
    password = settings.password if settings.password is not None else creds.password
    return Connection(settings.bolt_uri, creds.username, password, settings.database)


def open_gateway(settings: Settings, progress: Messages | None = None) -> Gateway:
    """Connect to Neo4j (see :func:`connection`). On the managed server, first finish a bulk load that
    was killed during its offline import (:func:`finish_interrupted_bulk_load`)."""
    c = connection(settings, progress)
    gw = Gateway.connect(c.uri, c.username, c.password, c.database)
    if not settings.managed:
        return gw
    try:
        finish_interrupted_bulk_load(gw, settings, progress)
    except BaseException:
        gw.close()
        raise
    return gw


def finish_interrupted_bulk_load(gw: Gateway, settings: Settings, progress: Messages | None = None) -> bool:
    """If a bulk load was killed after its offline import began (see :class:`BulkMarker`), restore the
    schema the import dropped and remove the load's CSV copy of the data; True if there was one."""
    marker = BulkMarker(settings.home)
    workdir = marker.interrupted()
    if workdir is None:
        return False
    init_schema(gw)
    marker.clear(workdir)
    (progress or silent)(
        "finished an interrupted bulk import: restored the schema and removed its temporary CSV files "
        "(the data it imported, if any, stays; run the load again to complete it)"
    )
    return True

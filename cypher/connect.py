"""Open a :class:`Gateway` from settings: a configured URI as given, else the managed local server."""

from __future__ import annotations

from dataclasses import dataclass, field

from graphcli.cypher.gateway import Gateway
from graphcli.model.progress import Messages
from graphcli.model.settings import Settings
from graphcli.server import ManagedServer


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
    """Connect to Neo4j (see :func:`connection`)."""
    c = connection(settings, progress)
    return Gateway.connect(c.uri, c.username, c.password, c.database)

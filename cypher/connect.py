"""Open a :class:`Gateway` from settings: a configured URI as given, else the managed local server."""

from __future__ import annotations

from collections.abc import Callable

from graphcli.cypher.gateway import Gateway
from graphcli.cypher.server import ManagedServer
from graphcli.settings import Settings


def open_gateway(settings: Settings, progress: Callable[[str], None] | None = None) -> Gateway:
    """Connect to Neo4j. With no URI configured, start the managed server first if it is down.

    With a URI configured (``bolt://``, ``neo4j://``, ``neo4j+s://`` for Aura) nothing local is touched.
    """
    if not settings.managed:
        return Gateway.connect(settings.bolt_uri, settings.username, settings.password, settings.database)
    server = ManagedServer(settings)
    server.start(progress=progress)
    creds = server.credentials()
    password = settings.password if settings.password is not None else creds.password
    return Gateway.connect(settings.bolt_uri, creds.username, password, settings.database)

"""Open a :class:`Gateway` from settings: a configured URI as given, else the managed local server."""

from __future__ import annotations

from graphcli.cypher.gateway import Gateway
from graphcli.model.progress import Messages
from graphcli.model.settings import Settings
from graphcli.server import ManagedServer


def open_gateway(settings: Settings, progress: Messages | None = None) -> Gateway:
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

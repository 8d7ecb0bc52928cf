"""Shared fixtures. Integration tests talk to the real Neo4j named by the settings (by default the
managed local server, started here if it is down). They fail, never skip, when it cannot be reached."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graphcli.cypher.connect import open_gateway
from graphcli.cypher.gateway import Gateway
from graphcli.cypher.schema import init_schema, wipe
from graphcli.settings import Settings


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings.load()


@pytest.fixture(scope="session")
def live_gateway(settings: Settings) -> Iterator[Gateway]:
    with open_gateway(settings) as gw:
        yield gw


@pytest.fixture
def gw(live_gateway: Gateway) -> Gateway:
    """A gateway on an empty database with the schema in place."""
    wipe(live_gateway)
    init_schema(live_gateway)
    return live_gateway

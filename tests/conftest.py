"""Shared fixtures. Integration tests talk to the real Neo4j named by the settings (by default the
managed local server, started here if it is down). They fail, never skip, when it cannot be reached."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import settings as hypothesis_settings

from graphcli.cypher.connect import open_gateway
from graphcli.cypher.gateway import Gateway
from graphcli.cypher.schema import init_schema, wipe
from graphcli.model.settings import Settings

# No per-example deadline: it is a timing assertion, and on a shared 2-core machine a 200 ms deadline failed
# an example that took 362 ms (test_correlations, under a parallel benchmark). Tests set their own
# max_examples; this only lifts the deadline.
hypothesis_settings.register_profile("graphcli", deadline=None)
hypothesis_settings.load_profile("graphcli")

# A test that takes one of these fixtures, directly or through another, talks to the server: it is
# marked ``neo4j`` whether its module says so or not, so ``make test-fast`` never needs a server.
SERVER_FIXTURES = frozenset({"live_gateway", "gw"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SERVER_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.neo4j)


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

"""The analytics test world: ``fixtures/world.cypher`` loaded into a wiped database (see its header for the
known values the tests rely on)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphcli.cypher.gateway import Gateway
from graphcli.cypher.queries import parse_query_file

FIXTURES = Path(__file__).parent / "fixtures"


def load_world(gw: Gateway, name: str = "world") -> None:
    """Run a fixture file's statements, in order, against the (already wiped) database."""
    gw.run(parse_query_file(FIXTURES / f"{name}.cypher"), access="write")


@pytest.fixture
def world(gw: Gateway) -> Gateway:
    """A gateway on a database holding exactly the analytics test world."""
    load_world(gw)
    return gw

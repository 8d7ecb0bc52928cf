"""Every runnable query in the Neo4j Browser guide runs on the test world and returns rows."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from graphcli.cypher.gateway import Gateway
from graphcli.cypher.queries import QUERY_ROOT, Query

GUIDE = QUERY_ROOT / "guide" / "graphcli.html"


def guide_queries() -> list[str]:
    blocks = re.findall(
        r'<pre mode="cypher"[^>]*runnable[^>]*>(.*?)</pre>', GUIDE.read_text(), flags=re.DOTALL
    )
    return [html.unescape(b).strip() for b in blocks]


def test_the_guide_has_slides_with_queries() -> None:
    text = GUIDE.read_text()
    assert text.count("<slide") >= 7 and len(guide_queries()) >= 8


@pytest.mark.neo4j
@pytest.mark.parametrize("index", range(len(guide_queries())))
def test_guide_query_runs(world: Gateway, index: int) -> None:
    statement = guide_queries()[index]
    result = world.run(Query(f"guide-{index}", Path(GUIDE), "guide", "", (statement,)), access="read")
    assert result.rows, statement

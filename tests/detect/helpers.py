"""Helpers for detection tests: load the hand-made fixture, or build a graph from plain Python lists."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from graphcli.cypher.gateway import Gateway
from graphcli.cypher.queries import parse_query_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
LOAD_GRAPH = FIXTURES / "detect_load_graph.cypher"


def load_small(gw: Gateway) -> dict[str, Any]:
    """Load tests/fixtures/detect_small.cypher and return its expected results."""
    gw.run(parse_query_file(FIXTURES / "detect_small.cypher"), access="write")
    expected: dict[str, Any] = json.loads(
        (FIXTURES / "detect_small.expected.json").read_text(encoding="utf-8")
    )
    return expected


def load_graph(
    gw: Gateway,
    likes: Iterable[tuple[str, str]] = (),
    retweets: Iterable[tuple[str, str]] = (),
    shares: Iterable[tuple[str, str, str, int]] = (),
    accounts: Iterable[str] = (),
) -> None:
    """Create accounts, posts, LIKED, RETWEETED and SHARED per the model contract.

    likes / retweets: (account uid, post uid); shares: (account uid, kind, key, epoch seconds).
    Duplicated like pairs become duplicated relationships on purpose (detection must not care).
    """
    share_rows = [
        {"account": a, "kind": k, "key": key, "t": t, "post_id": f"s{i}"}
        for i, (a, k, key, t) in enumerate(shares)
    ]
    gw.run(
        parse_query_file(LOAD_GRAPH),
        {
            "accounts": sorted(set(accounts)),
            "likes": [list(x) for x in likes],
            "retweets": [list(x) for x in retweets],
            "shares": share_rows,
        },
        access="write",
    )


def groups(rows: Sequence[dict[str, Any]], key: str = "accounts") -> set[frozenset[str]]:
    """Result rows with a member list -> a set of member sets."""
    return {frozenset(row[key]) for row in rows}

"""Gephi exports read back with networkx; the Bloom perspective's shape."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from graphcli.analytics.exports import (
    BLOOM_CATEGORIES,
    GraphFormat,
    bloom_perspective,
    coordinated_graph,
    write_graph,
)
from graphcli.cypher.gateway import Gateway
from graphcli.model.errors import ConfigError


@pytest.mark.neo4j
@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_coordinated_graph_round_trips(world: Gateway, tmp_path: Path, fmt: GraphFormat) -> None:
    graph = coordinated_graph(world)
    path = write_graph(graph, tmp_path / f"net.{fmt}", fmt)
    back = nx.read_gexf(path) if fmt == "gexf" else nx.read_graphml(path)
    # 13 members across link (tw:1-6), hashtag (tw:11-14), message (tw:7-9); old run's tw:16 left out
    assert back.number_of_nodes() == 13 and "tw:16" not in back
    assert back.number_of_edges() == 12
    tw5 = back.nodes["tw:5"]
    assert tw5["community_link"] == "c-link-2"
    assert float(tw5["bin_size_likes"]) == 6
    assert float(tw5["raw_universal_overall"]) == pytest.approx(0.67)
    edge = back.edges["tw:1", "tw:2"]
    assert float(edge["weight"]) == 2 and edge["kinds"] == "link"


@pytest.mark.neo4j
def test_kind_filter(world: Gateway) -> None:
    graph = coordinated_graph(world, kinds=["hashtag"])
    assert sorted(graph.nodes) == ["tw:11", "tw:12", "tw:13", "tw:14"]
    with pytest.raises(ConfigError, match="no co-sharing run for kind"):
        coordinated_graph(world, kinds=["image_hash"])


def test_bloom_perspective_has_the_categories_and_phrases() -> None:
    perspective = json.loads(json.dumps(bloom_perspective()))
    names = [c["name"] for c in perspective["categories"]]
    assert names == ["Account", "Post", "Object", "Bin", "Community"] == list(BLOOM_CATEGORIES)
    assert all(c["color"].startswith("#") and c["captions"] for c in perspective["categories"])
    phrases = {t["text"]: t for t in perspective["templates"]}
    assert {"bins larger than $n", "community $id"} <= set(phrases)
    for text, template in phrases.items():
        for param in template["params"]:
            assert param["name"] in text and param["name"] in template["cypher"]


def test_bloom_types_integers_as_integers() -> None:
    """Bloom reads each property with the type the perspective gives it: counts and sizes stay integers,
    and each property is typed once (the caption too)."""
    perspective = bloom_perspective()
    for category in perspective["categories"]:
        types = {p["name"]: p["dataType"] for p in category["properties"]}
        assert len(types) == len(category["properties"]), category["name"]
        for name, kind in types.items():
            if name in {"size", "n_items"} or name.endswith("_count") or name.startswith("bin_size"):
                assert kind == "integer", (category["name"], name, kind)
    bins = next(c for c in perspective["categories"] if c["name"] == "Bin")
    assert {"name": "size", "exclude": False, "dataType": "integer"} in bins["properties"]

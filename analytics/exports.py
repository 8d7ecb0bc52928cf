"""Files for visual investigation: Gephi (GEXF, GraphML) networks and a Neo4j Bloom perspective.

The Gephi files hold the coordinated networks of the selected co-sharing runs (all kinds in one graph; an
account pair coordinated in several kinds is one edge with a weight per kind), with each account's bin
sizes, communities, coordination degrees, status and bot scores as node attributes. Written with networkx's
own GEXF and GraphML writers.
"""

from __future__ import annotations

import json
import math
import time
import uuid
from pathlib import Path
from typing import Any, Literal

import networkx as nx
import pandas as pd

from graphcli.analytics.features import account_features
from graphcli.analytics.network import network_edges
from graphcli.analytics.runs import RunSelection, select_runs
from graphcli.cypher.gateway import Gateway
from graphcli.model.errors import ConfigError

GraphFormat = Literal["gexf", "graphml"]
NODE_ATTRIBUTES = (
    "screen_name",
    "status",
    "gone",
    "bin_size_likes",
    "bin_items_likes",
    "bin_uid_likes",
    "bin_size_retweets",
    "bin_uid_retweets",
    "bin_size_both",
    "raw_universal_overall",
    "raw_universal_astroturf",
    "cap_universal",
    "lite",
    "followers_count",
)


def coordinated_graph(
    gw: Gateway, runs: RunSelection | None = None, kinds: list[str] | None = None
) -> nx.Graph:
    """The coordinated accounts of the selected runs as one undirected graph with attributes.

    Node attributes: those in :data:`NODE_ATTRIBUTES` plus ``community_<kind>``, ``coord_degree_<kind>``;
    missing values are left out (Gephi shows them empty). Edge attributes: ``weight`` (sum over kinds),
    ``kinds`` (comma-separated), and ``weight_<kind>``, ``pairs_<kind>``, ``min_gap_s_<kind>`` per kind.
    """
    runs = runs or select_runs(gw)
    if kinds:
        unknown = sorted(set(kinds) - set(runs.cosharing))
        if unknown:
            raise ConfigError(
                f"no co-sharing run for kind(s) {', '.join(unknown)}",
                hint=f"kinds with runs: {', '.join(sorted(runs.cosharing)) or 'none'}",
            )
        runs = RunSelection({k: v for k, v in runs.cosharing.items() if k in kinds}, runs.runs)
    edges = network_edges(gw, runs)
    frame = account_features(gw, runs).set_index("uid")
    graph = nx.Graph(name="graphcli coordinated networks", runs=",".join(sorted(runs.cosharing.values())))
    members = sorted(set(edges["source"]) | set(edges["target"]))
    per_kind = [c for c in frame.columns if c.startswith(("community_", "coord_degree_"))]
    for uid in members:
        row = frame.loc[uid] if uid in frame.index else pd.Series(dtype=object)
        attrs = {name: _plain(row.get(name)) for name in (*NODE_ATTRIBUTES, *per_kind)}
        graph.add_node(
            uid,
            label=str(_plain(row.get("screen_name")) or uid),  # pages known by id only have no name
            **{k: v for k, v in attrs.items() if v is not None},
        )
    for edge in edges.to_dict("records"):
        data = graph.get_edge_data(edge["source"], edge["target"]) or {"weight": 0.0, "kinds": ""}
        kind = str(edge["kind"])
        data["weight"] = float(data["weight"]) + float(edge["weight"])
        data["kinds"] = ",".join(sorted({*filter(None, str(data["kinds"]).split(",")), kind}))
        data[f"weight_{kind}"] = float(edge["weight"])
        for name in ("pairs", "min_gap_s"):
            value = _plain(edge[name])
            if value is not None:
                data[f"{name}_{kind}"] = float(value)
        graph.add_edge(edge["source"], edge["target"], **data)
    return graph


def write_graph(graph: nx.Graph, out: Path, fmt: GraphFormat) -> Path:
    """Write the graph as GEXF 1.2 or GraphML."""
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "gexf":
        nx.write_gexf(graph, out)
    elif fmt == "graphml":
        nx.write_graphml(graph, out)
    else:
        raise ConfigError(f"unknown graph format {fmt!r} (gexf or graphml)")
    return out


def _plain(value: Any) -> Any:
    """A value GEXF/GraphML can hold (str, float, bool), or None when missing."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool) or type(value).__name__ in {"bool_", "bool"}:
        return bool(value)
    if isinstance(value, int | float) or (hasattr(value, "__float__") and not isinstance(value, str)):
        return float(value)
    return str(value)


# --- Neo4j Bloom ---------------------------------------------------------------------------------

# label -> (colour, caption property, further properties shown)
BLOOM_CATEGORIES: dict[str, tuple[str, str, list[tuple[str, str]]]] = {
    "Account": (
        "#F16667",
        "screen_name",
        [
            ("uid", "string"),
            ("status", "string"),
            ("bin_size_likes", "integer"),
            ("bin_size_retweets", "integer"),
            ("followers_count", "integer"),
        ],
    ),
    "Post": (
        "#57C7E3",
        "id",
        [
            ("uid", "string"),
            ("created_at", "DateTime"),
            ("like_count", "integer"),
            ("retweet_count", "integer"),
            ("availability", "string"),
        ],
    ),
    "Object": ("#8DCC93", "key", [("uid", "string"), ("kind", "string"), ("text", "string")]),
    "Bin": (
        "#FFC454",
        "size",
        [
            ("size", "integer"),
            ("uid", "string"),
            ("relation", "string"),
            ("n_items", "integer"),
            ("run_id", "string"),
        ],
    ),
    "Community": (
        "#C990C0",
        "uid",
        [
            ("kind", "string"),
            ("algorithm", "string"),
            ("size", "integer"),
            ("density", "number"),
            ("run_id", "string"),
        ],
    ),
}
BLOOM_RELATIONSHIPS = {
    "COORDINATED": "#D62728",
    "IN_BIN": "#FFC454",
    "IN_COMMUNITY": "#C990C0",
    "SHARED": "#8DCC93",
    "LIKED": "#A5ABB6",
    "RETWEETED": "#A5ABB6",
    "POSTED": "#57C7E3",
    "ON": "#FFC454",
}
BLOOM_PHRASES: list[tuple[str, str, list[tuple[str, str]]]] = [
    (
        "bins larger than $n",
        "MATCH (b:Bin) WHERE b.size > $n WITH b ORDER BY b.size DESC LIMIT 25 "
        "MATCH (a:Account)-[r:IN_BIN]->(b) RETURN a, r, b",
        [("$n", "Integer")],
    ),
    (
        "community $id",
        "MATCH (c:Community {uid: $id})<-[m:IN_COMMUNITY]-(a:Account) "
        "OPTIONAL MATCH (a)-[e:COORDINATED {run_id: c.run_id}]-(b:Account)-[:IN_COMMUNITY]->(c) "
        "RETURN c, m, a, e, b",
        [("$id", "String")],
    ),
    (
        "who shared $key in coordination",
        "MATCH (o:Object) WHERE o.key = $key OR o.uid = $key "
        "MATCH (a:Account)-[s:SHARED]->(o) WHERE EXISTS { (a)-[:COORDINATED]-(:Account)-[:SHARED]->(o) } "
        "RETURN a, s, o",
        [("$key", "String")],
    ),
]


def bloom_perspective(name: str = "graphcli") -> dict[str, Any]:
    """A Neo4j Bloom perspective (import it in Bloom's perspective gallery): categories for Account, Post,
    Object, Bin and Community with captions and colours, and the search phrases of :data:`BLOOM_PHRASES`."""
    now = int(time.time() * 1000)
    categories, labels = [], {}
    for i, (label, (colour, caption, props)) in enumerate(BLOOM_CATEGORIES.items(), start=1):
        # the caption keeps its own type when it is listed (a Bin's size is an integer, not a string)
        properties = props if caption in {p for p, _ in props} else [(caption, "string"), *props]
        categories.append(
            {
                "id": i,
                "name": label,
                "labels": [label],
                "color": colour,
                "icon": "no-icon",
                "size": 1,
                "textSize": 1,
                "textAlign": "top",
                "createdAt": now,
                "lastEditedAt": now,
                "styleRules": [],
                "properties": [{"name": p, "exclude": False, "dataType": t} for p, t in properties],
                "captionKeys": [caption],
                "captions": [
                    {
                        "key": caption,
                        "type": "property",
                        "isCaption": True,
                        "inTooltip": True,
                        "styles": [],
                        "isGdsData": False,
                    }
                ],
            }
        )
        labels[label] = [{"propertyKey": p, "type": label, "dataType": t} for p, t in properties]
    relationships = [
        {
            "id": rel,
            "name": rel,
            "color": colour,
            "properties": [],
            "size": 1,
            "textSize": 1,
            "textAlign": "top",
            "captionKeys": [],
            "styleRules": [],
            "captions": [
                {"key": rel, "type": "relationship", "isCaption": True, "inTooltip": True, "styles": []}
            ],
        }
        for rel, colour in BLOOM_RELATIONSHIPS.items()
    ]
    templates = [
        {
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"graphcli/bloom/{text}")),
            "name": text,
            "text": text,
            "cypher": cypher,
            "createdAt": now,
            "hasCypher": True,
            "hasCypherError": False,
            "isUpdateQuery": False,
            "params": [
                {"name": p, "dataType": t, "suggestionLabel": None, "suggestionProp": None, "cypher": None}
                for p, t in params
            ],
        }
        for text, cypher, params in BLOOM_PHRASES
    ]
    return {
        "name": name,
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"graphcli/bloom/{name}")),
        "type": "STANDARD_PERSPECTIVE",
        "version": "2.x",
        "createdAt": now,
        "lastEditedAt": now,
        "hideUncategorisedData": False,
        "parentPerspectiveId": None,
        "categories": categories,
        "labels": labels,
        "relationshipTypes": relationships,
        "hiddenRelationshipTypes": [],
        "templates": templates,
        "sceneActions": [],
        "metadata": {"pathSegments": [], "indexes": []},
    }


def write_bloom(out: Path, name: str = "graphcli") -> Path:
    """Write :func:`bloom_perspective` as JSON."""
    if out.suffix.lower() != ".json":
        raise ConfigError(f"{out}: a Bloom perspective file must end in .json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(bloom_perspective(name), indent=2) + "\n", encoding="utf-8")
    return out

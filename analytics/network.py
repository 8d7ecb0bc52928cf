"""The coordinated networks of the selected co-sharing runs as frames: nodes, edges and communities."""

from __future__ import annotations

from typing import Any

import pandas as pd

from graphcli.analytics.frames import to_int, to_number, to_str
from graphcli.analytics.labels import GroupContent, distinctive, group_content, label
from graphcli.analytics.runs import RunSelection
from graphcli.cypher.gateway import Gateway

NODE_COLUMNS = ["id", "name", "kind", "run_id", "community", "degree", "strength"]
EDGE_COLUMNS = ["source", "target", "kind", "run_id", "weight", "pairs", "mean_gap_s", "min_gap_s", "p_value"]
COMMUNITY_COLUMNS = [
    "community",
    "kind",
    "run_id",
    "algorithm",
    "size",
    "density",
    "label",
    "top_domains",
    "top_hashtags",
    "top_terms",
]


def preferred_community(communities: list[dict[str, Any]]) -> str | None:
    """The community to show for an account: a Leiden/Louvain partition wins over connected components."""
    ranked = sorted(communities, key=lambda c: (c.get("algorithm") in {"wcc", "components"}, str(c["uid"])))
    return str(ranked[0]["uid"]) if ranked else None


def network_nodes(gw: Gateway, runs: RunSelection) -> pd.DataFrame:
    """One row per (account, co-sharing kind) in a coordinated network: degree, strength, community."""
    params = runs.as_params()
    rows = gw.read("report/coordination_degree", {"runs": params}) if params else []
    return pd.DataFrame(
        {
            "id": to_str([r["uid"] for r in rows]),
            "name": to_str([r["screen_name"] for r in rows]),
            "kind": to_str([r["kind"] for r in rows]),
            "run_id": to_str([r["run_id"] for r in rows]),
            "community": to_str([preferred_community(r["communities"]) for r in rows]),
            "degree": to_int([r["degree"] for r in rows]),
            "strength": to_number([r["strength"] for r in rows]),
        },
        columns=NODE_COLUMNS,
    )


def network_edges(gw: Gateway, runs: RunSelection) -> pd.DataFrame:
    """The COORDINATED edges of the selected runs (one row per stored pair)."""
    params = runs.as_params()
    rows = gw.read("report/coordinated_edges", {"runs": params}) if params else []
    return pd.DataFrame(rows, columns=EDGE_COLUMNS)


def community_summary(gw: Gateway, runs: RunSelection, top: int = 3) -> pd.DataFrame:
    """One row per community: size and density (from detection) and a label from its most distinctive
    domains, hashtags and terms (see :mod:`graphcli.analytics.labels`)."""
    params = runs.as_params()
    if not params:
        return pd.DataFrame(columns=COMMUNITY_COLUMNS)
    communities = gw.read("report/communities", {"runs": params})
    contents = group_content(gw.read("report/community_content", {"runs": params}))
    tops = distinctive(contents, top)
    rows = []
    for c in communities:
        items = tops.get(str(c["community"]), {})
        rows.append(
            {
                **c,
                "label": label(items, fallback=_most_shared(contents.get(str(c["community"])))),
                "top_domains": " ".join(items.get("domains", [])),
                "top_hashtags": " ".join(items.get("hashtags", [])),
                "top_terms": " ".join(items.get("terms", [])),
            }
        )
    return pd.DataFrame(rows, columns=COMMUNITY_COLUMNS)


def _most_shared(content: GroupContent | None) -> list[str]:
    """The group's most shared links or texts, for a label when no domain, hashtag or term stands out."""
    if content is None:
        return []
    return [item for item, _ in (content.links + content.messages + content.hidden).most_common(2)]


def watchlist_candidates(gw: Gateway, runs: RunSelection) -> pd.DataFrame:
    """Coordinated accounts with provenance, one row per (account, kind): ``uid``, ``screen_name``, ``kind``,
    ``run_id``, ``community`` and a human ``reason``. For a monitor's watch list; the caller keeps only
    accounts it has not listed before."""
    nodes = network_nodes(gw, runs)
    reasons = [
        f"coordinated {kind} sharing with {degree} account(s) (weight {strength:g}) in run {run}"
        for kind, degree, strength, run in zip(
            nodes["kind"], nodes["degree"], nodes["strength"], nodes["run_id"], strict=True
        )
    ]
    return pd.DataFrame(
        {
            "uid": nodes["id"],
            "screen_name": nodes["name"],
            "kind": nodes["kind"],
            "run_id": nodes["run_id"],
            "community": nodes["community"],
            "reason": pd.Series(reasons, dtype="string"),
        }
    )


MULTIMODAL_COLUMNS = ["community", "run_id", "size", "density", "kinds", "edges", "min_p_value", "accounts"]


def multimodal_communities(gw: Gateway, runs: RunSelection, limit: int = 1_000_000) -> pd.DataFrame:
    """The communities of the selected multimodal run (``detect multimodal``), biggest first: size,
    density, the kinds their members coordinated on (``+``-joined), the edges inside, the smallest
    combined p-value among them, and the member uids (space-separated). Empty without such a run."""
    run_id = runs.cosharing.get("multimodal")
    if run_id is None:
        return pd.DataFrame(columns=MULTIMODAL_COLUMNS)
    listed = gw.read("detect/communities_list", {"run_id": run_id, "limit": limit})
    edges = gw.read("detect/multimodal_list", {"run_id": run_id, "limit": limit})
    member_of = {uid: c["uid"] for c in listed for uid in c["accounts"]}
    inside: dict[str, list[dict[str, Any]]] = {}
    for e in edges:
        if member_of.get(e["source"]) is not None and member_of.get(e["source"]) == member_of.get(
            e["target"]
        ):
            inside.setdefault(member_of[e["source"]], []).append(e)
    rows = []
    for c in listed:
        own = inside.get(c["uid"], [])
        rows.append(
            {
                "community": c["uid"],
                "run_id": run_id,
                "size": c["size"],
                "density": c["density"],
                "kinds": "+".join(sorted({k for e in own for k in e["kinds"]})),
                "edges": len(own),
                "min_p_value": min((e["p_value"] for e in own), default=None),
                "accounts": " ".join(c["accounts"]),
            }
        )
    return pd.DataFrame(rows, columns=MULTIMODAL_COLUMNS)


TRACE_COLUMNS = ["community", "run_id", "size", "density", "edges", "max_similarity", "accounts"]


def trace_communities(gw: Gateway, runs: RunSelection, limit: int = 1_000_000) -> pd.DataFrame:
    """The communities of the selected traces run (``detect traces``), biggest first: size, density, the
    similar pairs inside, their highest cosine similarity, and the member uids (space-separated)."""
    run_id = runs.cosharing.get("traces")
    if run_id is None:
        return pd.DataFrame(columns=TRACE_COLUMNS)
    listed = gw.read("detect/communities_list", {"run_id": run_id, "limit": limit})
    edges = gw.read("detect/traces_list", {"run_id": run_id, "limit": limit})
    member_of = {uid: c["uid"] for c in listed for uid in c["accounts"]}
    inside: dict[str, list[float]] = {}
    for e in edges:
        if member_of.get(e["source"]) is not None and member_of.get(e["source"]) == member_of.get(
            e["target"]
        ):
            inside.setdefault(member_of[e["source"]], []).append(float(e["similarity"]))
    rows = [
        {
            "community": c["uid"],
            "run_id": run_id,
            "size": c["size"],
            "density": c["density"],
            "edges": len(inside.get(c["uid"], [])),
            "max_similarity": max(inside.get(c["uid"], []), default=None),
            "accounts": " ".join(c["accounts"]),
        }
        for c in listed
    ]
    return pd.DataFrame(rows, columns=TRACE_COLUMNS)

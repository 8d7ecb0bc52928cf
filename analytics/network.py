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

"""Communities in a coordination graph: GDS Leiden / Louvain + WCC, or igraph + leidenalg without GDS.

Both paths return the same shape, a frame of ``account, community, component``, where ``component``
is the smallest account uid of the account's weakly connected component. Community labels are
arbitrary integers; what matters (and what the tests compare) is the partition.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any, Literal

import igraph
import leidenalg
import pandas as pd

from graphcli.cypher.gateway import Gateway

Algorithm = Literal["leiden", "louvain"]
# Fixed mapping from the user's choice to the GDS query file.
GDS_QUERIES: dict[str, str] = {"leiden": "detect/communities_leiden", "louvain": "detect/communities_louvain"}
ALGORITHMS: tuple[str, ...] = tuple(GDS_QUERIES)
SEED = 42

COMMUNITY_BATCH = 1000


def communities_python(edges: pd.DataFrame, algorithm: str) -> pd.DataFrame:
    """Communities and components from an edge frame (source, target, weight) with igraph/leidenalg."""
    if edges.empty:
        return pd.DataFrame({"account": [], "community": [], "component": []})
    graph = igraph.Graph.TupleList(
        edges[["source", "target", "weight"]].itertuples(index=False), weights=True
    )
    if algorithm == "leiden":
        partition = leidenalg.find_partition(
            graph, leidenalg.ModularityVertexPartition, weights="weight", seed=SEED
        )
        membership = list(partition.membership)
    else:
        membership = graph.community_multilevel(weights="weight").membership
    frame = pd.DataFrame(
        {
            "account": graph.vs["name"],
            "community": membership,
            "component": graph.connected_components().membership,
        }
    )
    return _name_components(frame)


def communities_gds(gw: Gateway, run_id: str, algorithm: str) -> pd.DataFrame:
    """Communities and components of a run's COORDINATED edges, computed by GDS on a projection.

    The projection gets a unique name and is dropped when this function returns, even on error.
    """
    graph_name = f"graphcli-{run_id}-{uuid.uuid4().hex[:8]}"
    params = {"graph_name": graph_name}
    gw.write("detect/coordinated_project", {**params, "run_id": run_id})
    try:
        communities = gw.read_frame(GDS_QUERIES[algorithm], params)
        components = gw.read_frame("detect/components_wcc", params)
    finally:
        gw.write("detect/graph_drop", params)
    if communities.empty:
        return pd.DataFrame({"account": [], "community": [], "component": []})
    frame = communities.merge(components, on="account")
    return _name_components(frame)


def _name_components(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame["component"] = frame.groupby("component")["account"].transform("min")
    return frame[["account", "community", "component"]]


def partition(frame: pd.DataFrame) -> set[frozenset[str]]:
    """The communities as a set of member sets (labels dropped), for comparing two results."""
    return {frozenset(group) for group in frame.groupby("community")["account"].apply(list)}


def community_rows(frame: pd.DataFrame, edges: pd.DataFrame, run_id: str) -> list[dict[str, Any]]:
    """One row per community for ``detect/communities_write``: uid, size, density, component, accounts.

    The uid is the run id plus a hash of the sorted member uids (deterministic for the same data);
    density = edges inside the community / (n (n - 1) / 2), 0 for a single account.
    """
    label_of = dict(zip(frame["account"], frame["community"], strict=True))
    inside = edges[edges["source"].map(label_of) == edges["target"].map(label_of)]
    internal = inside.groupby(inside["source"].map(label_of)).size().to_dict()
    rows = []
    for label, group in frame.groupby("community"):
        accounts = sorted(group["account"])
        n = len(accounts)
        digest = hashlib.sha256("\n".join(accounts).encode("utf-8")).hexdigest()[:16]
        rows.append(
            {
                "uid": f"{run_id}:{digest}",
                "size": n,
                "density": (2 * internal.get(label, 0) / (n * (n - 1))) if n > 1 else 0.0,
                "component": str(group["component"].iloc[0]),
                "accounts": accounts,
            }
        )
    return sorted(rows, key=lambda r: (-r["size"], r["uid"]))


def write_communities(
    gw: Gateway, run_id: str, kind: str, edges: pd.DataFrame, algorithm: str, use_gds: bool | None
) -> tuple[pd.DataFrame, list[dict[str, Any]], bool]:
    """Find the communities of a run's kept ``edges`` (with GDS on the run's COORDINATED-style edges
    already written, or igraph + leidenalg: ``use_gds`` None = GDS when the server has it) and write
    them under the run. Returns the membership frame, the community rows written, and whether GDS ran."""
    gds = gw.has_gds() if use_gds is None else use_gds
    if edges.empty or not gds:
        membership = communities_python(edges, algorithm)
    else:
        membership = communities_gds(gw, run_id, algorithm)
    rows = community_rows(membership, edges, run_id)
    for start in range(0, len(rows), COMMUNITY_BATCH):
        gw.write(
            "detect/communities_write",
            {
                "run_id": run_id,
                "kind": kind,
                "algorithm": algorithm,
                "rows": rows[start : start + COMMUNITY_BATCH],
            },
        )
    return membership, rows, gds

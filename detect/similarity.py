"""Near-identical neighbourhoods: groups of accounts whose post sets have Jaccard >= J.

Identical sets are collapsed first (Neo4j returns each distinct set once, with its accounts), so a
big exact bin counts once. Two engines give the groups, the connected components of the pairs of
distinct sets at or above the threshold:
- GDS node similarity + WCC on a projection of one representative account per distinct set. It keeps
  at most ``topK`` links per set, so it is exact only while no set has more than ``topK`` similar sets.
- without GDS, an exact sparse set-by-item product in Python (scipy).
"""

from __future__ import annotations

import uuid
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from graphcli.cypher.gateway import Gateway

WRITE_BATCH = 500
DEFAULT_TOP_K = 1000


def jaccard_groups(sets: list[list[str]], threshold: float) -> npt.NDArray[np.int64]:
    """Component label per set: sets are linked when |A & B| / |A | B| >= ``threshold``."""
    n = len(sets)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for i, items in enumerate(sets):
        for item in set(items):
            rows.append(i)
            cols.append(vocabulary.setdefault(item, len(vocabulary)))
    matrix = sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=(n, len(vocabulary)))
    sizes = np.asarray(matrix.sum(axis=1)).ravel()
    inter = sparse.triu(matrix @ matrix.T, k=1).tocoo()
    union = sizes[inter.row] + sizes[inter.col] - inter.data
    keep = inter.data >= threshold * union
    links = sparse.coo_matrix((np.ones(int(keep.sum())), (inter.row[keep], inter.col[keep])), shape=(n, n))
    _, labels = connected_components(links, directed=False)
    return labels.astype(np.int64)


def gds_groups(
    gw: Gateway, run_id: str, types: list[str], min_items: int, threshold: float, top_k: int
) -> dict[str, int]:
    """Component per distinct set (keyed by its smallest account uid), from GDS node similarity + WCC.

    Exact when no distinct set has more than ``top_k`` others at or above the threshold. The projection
    is dropped when this returns, even on error.
    """
    params = {"graph_name": f"graphcli-{run_id}-{uuid.uuid4().hex[:8]}"}
    gw.write("detect/similar_project", {**params, "types": types, "min_items": min_items})
    try:
        rows = gw.write("detect/similar_components", {**params, "threshold": threshold, "top_k": top_k}).rows
    finally:
        gw.write("detect/graph_drop", params)
    return {row["representative"]: row["component"] for row in rows}


def similar_bins(
    gw: Gateway,
    run_id: str,
    relation: str,
    types: list[str],
    min_items: int,
    threshold: float,
    use_gds: bool = False,
    top_k: int = DEFAULT_TOP_K,
) -> dict[str, Any]:
    """Write one Bin per group of two or more accounts linked by Jaccard >= ``threshold``.

    ``use_gds``: similarity and components from GDS (see :func:`gds_groups`), else the exact sparse
    computation in Python (:func:`jaccard_groups`).
    """
    from graphcli.detect.bins import items_key

    distinct = gw.read("detect/bins_sets", {"types": types, "min_items": min_items})
    if use_gds and distinct:
        component = gds_groups(gw, run_id, types, min_items, threshold, top_k)
        labels = np.array([component[row["accounts"][0]] for row in distinct], dtype=np.int64)
    else:
        labels = jaccard_groups([row["items"] for row in distinct], threshold)
    groups: dict[int, list[dict[str, Any]]] = {}
    for label, row in zip(labels.tolist(), distinct, strict=True):
        groups.setdefault(label, []).append(row)
    rows: list[dict[str, Any]] = []
    for members in groups.values():
        accounts = sorted(a for row in members for a in row["accounts"])
        if len(accounts) < 2:
            continue
        items = sorted({i for row in members for i in row["items"]})
        rows.append(
            {
                "key": items_key(accounts),
                "size": len(accounts),
                "n_items": len(items),
                "accounts": accounts,
                "items": items,
            }
        )
    for start in range(0, len(rows), WRITE_BATCH):
        gw.write(
            "detect/similar_bins_write",
            {
                "run_id": run_id,
                "relation": relation,
                "similarity": threshold,
                "rows": rows[start : start + WRITE_BATCH],
            },
        )
    return {
        "engine": "gds" if use_gds else "scipy",
        "distinct_sets": len(distinct),
        "bins": len(rows),
        "accounts_in_bins": sum(r["size"] for r in rows),
        "largest_bin": max((r["size"] for r in rows), default=0),
        "one_item_bins": sum(1 for r in rows if r["n_items"] == 1),
    }

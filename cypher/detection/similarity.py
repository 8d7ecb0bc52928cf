"""Near-identical neighbourhoods: groups of accounts whose post sets have Jaccard >= J.

Computed exactly in Python with a sparse set-by-item matrix (scipy): identical sets are first
collapsed (Neo4j returns each distinct set once, with its accounts), intersections come from one
sparse product, and groups are the connected components of the pairs at or above the threshold.
GDS node similarity keeps only each node's ``topK`` best neighbours, which can cut a component in
two when a large exact bin fills those slots; the exact product avoids that (see docs/detection.md).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
from graphcli.cypher.gateway import Gateway
from scipy import sparse
from scipy.sparse.csgraph import connected_components

WRITE_BATCH = 500


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


def similar_bins(
    gw: Gateway, run_id: str, relation: str, types: list[str], min_items: int, threshold: float
) -> dict[str, Any]:
    """Write one Bin per group of two or more accounts linked by Jaccard >= ``threshold``."""
    from graphcli.cypher.detection.bins import items_key

    distinct = gw.read("detect/bins_sets", {"types": types, "min_items": min_items})
    labels = jaccard_groups([row["items"] for row in distinct], threshold)
    groups: dict[int, list[dict[str, Any]]] = {}
    for label, row in zip(labels.tolist(), distinct, strict=True):
        groups.setdefault(label, []).append(row)
    rows = []
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
        "distinct_sets": len(distinct),
        "bins": len(rows),
        "accounts_in_bins": sum(r["size"] for r in rows),
        "largest_bin": max((r["size"] for r in rows), default=0),
        "one_item_bins": sum(1 for r in rows if r["n_items"] == 1),
    }

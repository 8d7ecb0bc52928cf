"""Behavioural-trace similarity: accounts whose traces are unusually alike, whenever they acted.

After Pacheco et al. (ICWSM 2021, "Uncovering coordinated networks on social media"): an account's trace
is what it shared (by default the hashtags it used, the domains it linked to and the posts it retweeted).
Accounts run by one hand use the same rare hashtags and sources even when they post hours apart, which
the co-sharing window never sees. Steps (all sparse, scipy):

1. an account x token count matrix; tokens shared by a single account or by more than ``max_df`` of the
   accounts are dropped (they cannot tell accounts apart), then accounts with fewer than ``min_tokens``
   distinct tokens left (too little trace to compare);
2. TF-IDF weights (count x ``log(accounts / accounts using the token)``), rows scaled to unit length;
3. cosine similarity of every pair sharing a token: one sparse product ``X X^T``;
4. the threshold: the same steps on ``shuffles`` worlds where the tokens of all share rows are permuted
   at random (each account keeps its number of shares, each token its number of uses), and the highest
   similarity any pair reaches in any of them. A pair is kept when it is more similar than that: more
   alike than anything chance produced in ``shuffles`` tries.

Pure functions (:func:`trace_similarity`, :func:`similar_pairs`) take a frame of account, token.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from graphcli.cypher.gateway import Gateway
from graphcli.detect import communities, runs
from graphcli.model.errors import ConfigError
from graphcli.model.progress import Messages, silent
from graphcli.model.records import SHARE_KINDS
from graphcli.model.runs import RunSummary

KIND = "traces"
DEFAULT_KINDS = ("hashtag", "domain", "retweet")
WRITE_BATCH = 10_000


@dataclass(frozen=True)
class TraceParams:
    """What ``graphcli detect traces`` was asked for."""

    kinds: tuple[str, ...] = DEFAULT_KINDS
    min_tokens: int = 5
    max_df: float = 0.05
    shuffles: int = 10
    seed: int = 42
    communities: str = "leiden"

    def validate(self) -> None:
        unknown = [k for k in self.kinds if k not in SHARE_KINDS]
        if unknown or not self.kinds:
            raise ConfigError(
                f"unknown share kind(s) {', '.join(unknown) or '(none)'}", hint=", ".join(SHARE_KINDS)
            )
        if self.min_tokens < 1:
            raise ConfigError("--min-tokens must be at least 1")
        if not 0 < self.max_df <= 1:
            raise ConfigError("--max-df must be in (0, 1]", hint="e.g. 0.05")
        if self.shuffles < 1:
            raise ConfigError("--shuffles must be at least 1")
        if self.communities not in communities.ALGORITHMS:
            raise ConfigError(f"unknown community algorithm {self.communities!r}", hint="leiden or louvain")

    def run_parameters(self) -> dict[str, Any]:
        params = asdict(self)
        params["kinds"] = list(self.kinds)
        return params


BLOCK_ROWS = 500  # accounts per block of the similarity product: bounds memory on popular tokens


@dataclass(frozen=True)
class _Traces:
    """Unit-length TF-IDF rows, 0/1 presence rows (same sparsity) and the account of each row."""

    weighted: sp.csr_matrix
    presence: sp.csr_matrix
    names: np.ndarray


def _traces(account: np.ndarray, token: np.ndarray, min_tokens: int, max_df: float) -> _Traces:
    """Steps 1-2 of the module docstring."""
    a_codes, accounts = pd.factorize(account, sort=True)
    t_codes, _ = pd.factorize(token)
    counts = sp.csr_matrix(
        (np.ones(len(a_codes)), (a_codes, t_codes)), shape=(len(accounts), int(t_codes.max(initial=-1)) + 1)
    )
    counts.sum_duplicates()
    users = np.bincount(counts.indices, minlength=counts.shape[1])
    informative = np.flatnonzero((users >= 2) & (users <= max_df * counts.shape[0]))
    counts = counts[:, informative].tocsr()
    kept = np.flatnonzero(np.diff(counts.indptr) >= min_tokens)
    counts = counts[kept]
    users = np.bincount(counts.indices, minlength=counts.shape[1])
    idf = np.log(max(counts.shape[0], 1) / np.maximum(users, 1))
    weighted = counts.multiply(idf[np.newaxis, :]).tocsr()
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    weighted = (sp.diags(1 / np.where(norms > 0, norms, 1)) @ weighted).tocsr()
    presence = counts.copy()
    presence.data[:] = 1
    return _Traces(weighted, presence.tocsr(), np.asarray(accounts)[kept])


def _scan(traces: _Traces, min_shared: int, floor: float) -> tuple[float, pd.DataFrame]:
    """Step 3, a block of accounts at a time: the highest similarity of any pair sharing at least
    ``min_shared`` tokens, and those of its pairs more similar than ``floor``."""
    w, p = traces.weighted, traces.presence
    # A token's weight is positive (it is used by fewer than all accounts), so both products have the
    # same sparsity: their sorted entries line up.
    highest, parts = 0.0, []
    for first in range(0, w.shape[0], BLOCK_ROWS):
        sims = (w[first : first + BLOCK_ROWS] @ w.T).tocsr()
        common = (p[first : first + BLOCK_ROWS] @ p.T).tocsr()
        sims.sort_indices()
        common.sort_indices()
        rows = first + np.repeat(np.arange(sims.shape[0]), np.diff(sims.indptr))
        pick = (sims.indices > rows) & (common.data >= min_shared)
        if not pick.any():
            continue
        values = np.minimum(sims.data[pick], 1.0)
        highest = max(highest, float(values.max()))
        above = values > floor
        if above.any():
            parts.append(
                pd.DataFrame(
                    {
                        "source": traces.names[rows[pick][above]],
                        "target": traces.names[sims.indices[pick][above]],
                        "similarity": values[above],
                        "shared": common.data[pick][above].astype(np.int64),
                    }
                )
            )
    empty = pd.DataFrame({"source": [], "target": [], "similarity": [], "shared": []})
    return highest, (pd.concat(parts, ignore_index=True) if parts else empty)


def trace_similarity(
    account: np.ndarray, token: np.ndarray, min_tokens: int = 5, max_df: float = 0.05, min_shared: int = 2
) -> pd.DataFrame:
    """Cosine similarity of the TF-IDF traces of every pair of accounts sharing at least ``min_shared``
    informative tokens (steps 1-3 of the module docstring). ``account`` and ``token``: one entry per
    share. Returns source < target (account order), similarity, shared (distinct tokens in common)."""
    return _scan(_traces(account, token, min_tokens, max_df), min_shared, -1.0)[1]


@dataclass(frozen=True)
class TraceSelection:
    """The similar pairs kept and the null they were measured against."""

    edges: pd.DataFrame
    candidates: int  # pairs sharing at least one informative token
    threshold: float  # the highest similarity of any pair in the shuffled worlds
    null_maxima: list[float] = field(default_factory=list)

    def counts(self) -> dict[str, Any]:
        return {
            "candidate_pairs": self.candidates,
            "threshold": self.threshold,
            "null_maxima": self.null_maxima,
            "edges": len(self.edges),
        }


def similar_pairs(
    traces: pd.DataFrame,
    min_tokens: int = 5,
    max_df: float = 0.05,
    shuffles: int = 10,
    seed: int = 42,
    min_shared: int = 2,
) -> TraceSelection:
    """The pairs of ``traces`` (account, token; one row per share) more alike than any pair of
    ``shuffles`` shuffled worlds (step 4 of the module docstring)."""
    account = traces["account"].to_numpy()
    token = traces["token"].to_numpy()
    rng = np.random.default_rng(seed)
    maxima = [
        _scan(_traces(account, rng.permutation(token), min_tokens, max_df), min_shared, np.inf)[0]
        for _ in range(shuffles)
    ]
    threshold = max(maxima)
    real = _traces(account, token, min_tokens, max_df)
    _, kept = _scan(real, min_shared, threshold)
    return TraceSelection(kept.reset_index(drop=True), _count_pairs(real, min_shared), threshold, maxima)


def _count_pairs(traces: _Traces, min_shared: int) -> int:
    """Pairs sharing at least ``min_shared`` tokens (the candidates), a block at a time."""
    p, total = traces.presence, 0
    for first in range(0, p.shape[0], BLOCK_ROWS):
        common = (p[first : first + BLOCK_ROWS] @ p.T).tocsr()
        rows = first + np.repeat(np.arange(common.shape[0]), np.diff(common.indptr))
        total += int(((common.indices > rows) & (common.data >= min_shared)).sum())
    return total


def read_traces(gw: Gateway, kinds: tuple[str, ...]) -> pd.DataFrame:
    """Every share of the given kinds as account, token (``kind:key``)."""
    row = gw.read("detect/trace_shares", {"kinds": list(kinds)})[0]
    tokens = [f"{k}:{key}" for k, key in zip(row["kinds"], row["keys"], strict=True)]
    return pd.DataFrame({"account": row["accounts"], "token": tokens})


def detect_traces(
    gw: Gateway, params: TraceParams, use_gds: bool | None = None, progress: Messages | None = None
) -> RunSummary:
    """Find the accounts with unusually similar traces, write them under a run with their communities."""
    params.validate()
    note = progress or silent
    run_id = runs.start_run(gw, KIND, params.run_parameters())
    traces = read_traces(gw, params.kinds)
    chosen = similar_pairs(traces, params.min_tokens, params.max_df, params.shuffles, params.seed)
    kept = chosen.edges
    note(
        f"traces over {', '.join(params.kinds)}: {len(traces):,} shares, {chosen.candidates:,} pairs share a "
        f"token, {len(kept):,} more alike than any shuffled pair (cosine > {chosen.threshold:.3f})"
    )
    rows = [
        {"source": str(s), "target": str(t), "similarity": float(v), "shared": int(n)}
        for s, t, v, n in kept[["source", "target", "similarity", "shared"]].to_numpy().tolist()
    ]
    for start in range(0, len(rows), WRITE_BATCH):
        gw.write("detect/traces_write", {"run_id": run_id, "rows": rows[start : start + WRITE_BATCH]})
    weighted = kept.assign(weight=kept["similarity"])
    membership, found, gds = communities.write_communities(
        gw, run_id, KIND, weighted, params.communities, use_gds
    )
    counts = {
        **chosen.counts(),
        "shares": len(traces),
        "trace_accounts": int(traces["account"].nunique()),  # max_df is a share of these (alerts use it)
        "accounts": int(membership["account"].nunique()) if len(membership) else 0,
        "communities": len(found),
        "engine": "gds" if gds else "igraph",
    }
    runs.finish_run(gw, run_id, counts)
    return RunSummary(run_id, KIND, params.run_parameters(), counts)

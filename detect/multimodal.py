"""Multimodal coordination: accounts that co-share on several kinds of object at once.

Two pages that once posted the same link, the same message with the same hashtag, and the same picture
within seconds co-shared one object of each kind: too little on any one kind to tell from chance, but
five or six coincidences at once are not chance. Per kind, candidate edges and their chance expectation
come from :mod:`cosharing` (same window, same participation, same null model); per pair of accounts the
kinds are added up:

- ``weight`` = objects co-shared over all kinds, ``kinds`` / ``kind_weights`` = on which kinds, how many;
- ``expected`` = the sum over every kind where both accounts take part of ``rate_k n_u,k n_v,k`` (a kind
  where they co-shared nothing still counts: it is evidence of independence);
- ``p_value`` = ``P(Poisson(expected) >= weight)``: under the null model the per-kind counts are
  independent Poisson variables, so their sum is Poisson with the summed mean. (Fisher's method over the
  kinds' p-values assumes continuous p-values; with discrete Poisson tails and p = 1 for every kind a
  pair did not co-share on, it throws most of that evidence away.)

An edge is kept when it spans at least ``min_kinds`` kinds and ``p_value <= alpha / (M (M - 1) / 2)``,
``M`` the accounts taking part (Bonferroni over every possible pair). Participation counts an account's
shares over all the kinds (at least ``min_participation``), not per kind. ``domain`` is left out
by default: a co-shared link always co-shares its domain, which would count one coincidence twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from graphcli.cypher.gateway import Gateway
from graphcli.detect import communities, cosharing, runs
from graphcli.model.errors import ConfigError
from graphcli.model.progress import Messages, silent
from graphcli.model.records import SHARE_KINDS
from graphcli.model.runs import RunSummary

KIND = "multimodal"
DERIVED_KINDS = ("domain",)  # implied by another kind (a link's domain): left out unless asked for
WRITE_BATCH = 10_000


@dataclass(frozen=True)
class MultimodalParams:
    """What ``graphcli detect multimodal`` was asked for."""

    kinds: tuple[str, ...] = ()  # () = every share kind present except the derived ones
    window: float = 60
    min_participation: int = 2
    min_kinds: int = 2
    alpha: float = 0.05
    communities: str = "leiden"

    def validate(self) -> None:
        unknown = [k for k in self.kinds if k not in SHARE_KINDS]
        if unknown:
            raise ConfigError(f"unknown share kind(s) {', '.join(unknown)}", hint=", ".join(SHARE_KINDS))
        if self.window <= 0:
            raise ConfigError("--window must be a positive number of seconds")
        if self.min_participation < 1:
            raise ConfigError("--min-participation must be at least 1")
        if self.min_kinds < 2:
            raise ConfigError("--min-kinds must be at least 2", hint="one kind is `detect cosharing`")
        if not 0 < self.alpha < 1:
            raise ConfigError("--alpha must be in (0, 1)", hint="e.g. 0.05")
        if self.communities not in communities.ALGORITHMS:
            raise ConfigError(f"unknown community algorithm {self.communities!r}", hint="leiden or louvain")

    def run_parameters(self) -> dict[str, Any]:
        params = asdict(self)
        params["kinds"] = list(self.kinds)
        return params


@dataclass(frozen=True)
class MultimodalSelection:
    """The combined edges kept, and what the rule removed."""

    edges: pd.DataFrame
    candidates: int  # account pairs with a candidate edge on at least one kind
    too_few_kinds: int  # co-shared on fewer than min_kinds kinds
    not_significant: int  # enough kinds, but the combined test failed
    p_cut: float
    accounts: int  # M, accounts taking part in some kind
    kinds: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, Any]:
        return {
            "kinds": self.kinds,
            "participating_accounts": self.accounts,
            "candidate_pairs": self.candidates,
            "too_few_kinds": self.too_few_kinds,
            "not_significant": self.not_significant,
            "p_threshold": self.p_cut,
            "edges": len(self.edges),
        }


def multimodal_edges(
    shares_by_kind: Mapping[str, pd.DataFrame],
    window: float = 60,
    min_participation: int = 2,
    min_kinds: int = 2,
    alpha: float = 0.05,
) -> MultimodalSelection:
    """Combine the kinds' co-sharing networks (see the module docstring). ``shares_by_kind``: kind ->
    shares (account, object, t). Returns edges with source < target, kinds, kind_weights, weight, pairs,
    mean_gap_s, min_gap_s, expected, p_value, n_kinds."""
    # Participation counts an account's shares over all the kinds: a page with one picture among twenty
    # posts takes part in the picture kind too.
    totals = pd.concat([s["account"] for s in shares_by_kind.values()]).value_counts()
    participants = totals[totals >= min_participation].index
    m = len(participants)
    p_cut = alpha / max(1.0, m * (m - 1) / 2)
    kinds = sorted(shares_by_kind)
    per_kind, activities, rates = [], {}, {}
    for kind in kinds:
        shares = shares_by_kind[kind]
        shares = shares[shares["account"].isin(participants)]
        edges = cosharing.coordination_edges(shares, window, "sliding", 1)
        activity = cosharing.participating_activity(shares, 1)
        activities[kind], rates[kind] = activity, cosharing.edges_chance_rate(edges, activity)
        if len(edges):
            per_kind.append(edges.assign(kind=kind, gap_sum=edges["mean_gap_s"] * edges["pairs"]))
    if not per_kind:
        return MultimodalSelection(_empty(), 0, 0, 0, p_cut, m, kinds)
    stacked = pd.concat(per_kind, ignore_index=True)
    n_kinds = stacked.groupby(["source", "target"])["kind"].transform("size")
    candidates = int(stacked.groupby(["source", "target"]).ngroups)
    # Only pairs on enough kinds are combined (most candidate pairs co-shared one object of one kind).
    stacked = stacked[n_kinds >= min_kinds].sort_values(["source", "target", "kind"])
    grouped = stacked.groupby(["source", "target"], sort=True)
    combined = grouped.agg(
        weight=("weight", "sum"),
        pairs=("pairs", "sum"),
        gap_sum=("gap_sum", "sum"),
        min_gap_s=("min_gap_s", "min"),
        n_kinds=("kind", "size"),
    ).reset_index()
    combined["kinds"] = grouped["kind"].agg(list).to_numpy() if len(combined) else []
    combined["kind_weights"] = grouped["weight"].agg(list).to_numpy() if len(combined) else []
    combined["mean_gap_s"] = combined["gap_sum"] / combined["pairs"]
    expected = np.zeros(len(combined))
    for kind, activity in activities.items():
        n_u = activity.reindex(combined["source"]).fillna(0).to_numpy(dtype=float)
        n_v = activity.reindex(combined["target"]).fillna(0).to_numpy(dtype=float)
        expected += rates[kind] * n_u * n_v
    combined["expected"] = expected
    combined["p_value"] = stats.poisson.sf(combined["weight"].to_numpy() - 1, expected)
    kept = combined[combined["p_value"] <= p_cut].drop(columns="gap_sum").reset_index(drop=True)
    return MultimodalSelection(
        kept, candidates, candidates - len(combined), len(combined) - len(kept), p_cut, m, kinds
    )


def _empty() -> pd.DataFrame:
    columns = ["source", "target", "weight", "pairs", "mean_gap_s", "min_gap_s", "n_kinds", "kinds"]
    return pd.DataFrame({c: [] for c in [*columns, "kind_weights", "expected", "p_value"]})


def present_kinds(gw: Gateway) -> list[str]:
    """The share kinds with shares in the graph."""
    return [row["kind"] for row in gw.read("detect/share_kinds") if row["kind"] in SHARE_KINDS]


def detect_multimodal(
    gw: Gateway, params: MultimodalParams, use_gds: bool | None = None, progress: Messages | None = None
) -> RunSummary:
    """Build the multimodal coordination network, write it under a run, find its communities."""
    params.validate()
    note = progress or silent
    kinds = list(params.kinds) or [k for k in present_kinds(gw) if k not in DERIVED_KINDS]
    run_id = runs.start_run(gw, KIND, params.run_parameters())
    shares = {kind: cosharing.read_shares(gw, kind) for kind in kinds}
    chosen = multimodal_edges(shares, params.window, params.min_participation, params.min_kinds, params.alpha)
    kept = chosen.edges
    note(
        f"multimodal over {', '.join(kinds) or 'no kinds'}: {chosen.candidates:,} pairs co-shared, "
        f"{chosen.too_few_kinds:,} on fewer than {params.min_kinds} kinds, {len(kept):,} kept "
        f"(p <= {chosen.p_cut:.3g})"
    )
    _write_edges(gw, run_id, kept)
    membership, rows, gds = communities.write_communities(gw, run_id, KIND, kept, params.communities, use_gds)
    counts = {
        **chosen.counts(),
        "accounts": int(membership["account"].nunique()) if len(membership) else 0,
        "communities": len(rows),
        "engine": "gds" if gds else "igraph",
    }
    runs.finish_run(gw, run_id, counts)
    return RunSummary(run_id, KIND, params.run_parameters(), counts)


def _write_edges(gw: Gateway, run_id: str, edges: pd.DataFrame) -> None:
    columns = ["source", "target", "kinds", "kind_weights", "weight", "pairs", "mean_gap_s", "min_gap_s"]
    typed = edges[[*columns, "expected", "p_value"]].astype(
        {
            "weight": int,
            "pairs": int,
            "mean_gap_s": float,
            "min_gap_s": int,
            "expected": float,
            "p_value": float,
        }
    )
    rows = [{str(k): v for k, v in row.items()} for row in typed.to_dict("records")]
    for row in rows:
        row["kinds"] = [str(k) for k in row["kinds"]]
        row["kind_weights"] = [int(w) for w in row["kind_weights"]]
    for start in range(0, len(rows), WRITE_BATCH):
        gw.write("detect/multimodal_write", {"run_id": run_id, "rows": rows[start : start + WRITE_BATCH]})

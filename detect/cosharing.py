"""Co-sharing networks: accounts that share the same objects within seconds of each other.

The shares of one kind are pulled into a DataFrame (shares are far fewer than likes), pairs within
the window come from :mod:`pairs`, edges are aggregated in pandas and kept by a rule (:data:`RULES`):
by default when their weight is unlikely to arise by chance (:func:`chance_of_edges`); on demand when
it reaches a percentile of all weights (CooRnet's rule). Then they are written as COORDINATED
relationships and grouped into communities.

The rule and selection logic is pure (pandas in, pandas out: :func:`coordination_edges`,
:func:`coortweet_edges`, :func:`select_edges`, :func:`coordinated_edges`), so another engine that
reads the same shares can reuse it; only :func:`read_shares` and :func:`detect_cosharing` touch Neo4j.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats

from graphcli.cypher.gateway import Gateway
from graphcli.detect import communities, runs
from graphcli.detect.pairs import BINNINGS, Binning, co_share_pairs, estimate_window
from graphcli.model.errors import ConfigError, GraphcliError
from graphcli.model.progress import Messages, silent
from graphcli.model.records import SHARE_KINDS
from graphcli.model.runs import RunSummary

WRITE_BATCH = 20_000
ENGINES = ("in-process", "spark")  # where the pairs are computed; Spark's is in spark_engine.py
EDGE_COLUMNS = ["source", "target", "weight", "pairs", "mean_gap_s", "min_gap_s"]
WRITTEN_COLUMNS = [*EDGE_COLUMNS, "expected", "p_value"]
# The written properties and their Python types (numpy's would not reach the driver).
WRITTEN_TYPES: dict[str, type] = {
    "weight": int,
    "pairs": int,
    "mean_gap_s": float,
    "min_gap_s": int,
    "expected": float,
    "p_value": float,
}

# Which candidate edges a run keeps: a name for a (percentile, chance test) pair.
#   chance:  the chance test at --alpha (plus a weight percentile only if --edge-percentile is given);
#   coornet: the 95th percentile of the weights (or --edge-percentile), no test: CooRnet and VERA-AI;
#   none:    every candidate edge (CooRTweet's detect_groups output, before its network step).
RULES: tuple[str, ...] = ("chance", "coornet", "none")
COORNET_PERCENTILE = 0.95
# Who takes part: "shares" = accounts with >= min_participation shares of the kind (both ends of a pair);
# "coortweet" = CooRTweet's detect_groups: the same count on input rows, then a pair is kept only if one
# of its accounts has >= min_participation rows that took part in some pair (:func:`coortweet_edges`).
PARTICIPATIONS: tuple[str, ...] = ("shares", "coortweet")


@dataclass(frozen=True)
class CosharingParams:
    """What ``graphcli detect cosharing`` was asked for, for one kind of shared object."""

    kind: str
    window: float | str = 60  # seconds, or "auto"
    min_participation: int = 2
    rule: str = "chance"
    edge_percentile: float | None = None  # a weight quantile cut; coornet's default 0.95
    alpha: float = 0.05  # family-wise error rate of the chance test (rule chance); 1 = no test
    participation: str = "shares"
    communities: str = "leiden"
    binning: Binning = "sliding"
    since: datetime | None = None  # only shares at or after this time (timezone-aware)
    until: datetime | None = None  # only shares at or before this time
    engine: str = "in-process"
    # The slice length (e.g. "1d") when this run is one time slice of ``detect persistence``: such runs
    # are never taken for the run over the whole data (analytics.runs.select_runs leaves them out).
    slice: str | None = None

    def validate(self) -> None:
        if self.kind not in SHARE_KINDS:
            raise ConfigError(
                f"unknown share kind {self.kind!r}", hint=f"choose one of {', '.join(SHARE_KINDS)}"
            )
        if self.window != "auto" and (isinstance(self.window, str) or self.window <= 0):
            raise ConfigError(f"--window must be a positive number of seconds or 'auto', not {self.window!r}")
        if self.min_participation < 1:
            raise ConfigError("--min-participation must be at least 1")
        if self.edge_percentile is not None and not 0 <= self.edge_percentile <= 1:
            raise ConfigError("--edge-percentile must be between 0 and 1", hint="e.g. 0.95")
        if self.rule not in RULES:
            raise ConfigError(f"unknown rule {self.rule!r}", hint=f"choose one of {', '.join(RULES)}")
        if self.participation not in PARTICIPATIONS:
            raise ConfigError(
                f"unknown participation rule {self.participation!r}", hint=f"{' or '.join(PARTICIPATIONS)}"
            )
        if self.participation == "coortweet" and self.engine == "spark":
            raise ConfigError("--participation coortweet runs in-process only", hint="drop --engine spark")
        if self.participation == "coortweet" and self.binning != "sliding":
            raise ConfigError(
                "--participation coortweet pairs shares in a sliding window", hint="drop --binning"
            )
        if not 0 < self.alpha <= 1:
            raise ConfigError("--alpha must be in (0, 1]", hint="e.g. 0.05; 1 turns the chance test off")
        if self.communities not in communities.ALGORITHMS:
            raise ConfigError(f"unknown community algorithm {self.communities!r}", hint="leiden or louvain")
        if self.binning not in BINNINGS:
            raise ConfigError(f"unknown binning {self.binning!r}", hint="sliding or fixed")
        for name, moment in (("since", self.since), ("until", self.until)):
            if moment is not None and moment.tzinfo is None:
                raise ConfigError(f"{name} must carry a time zone", hint="e.g. 2022-10-05T12:00:00+00:00")
        if self.since is not None and self.until is not None and self.since > self.until:
            raise ConfigError("since must not be after until")
        if self.engine not in ENGINES:
            raise ConfigError(f"unknown engine {self.engine!r}", hint=" or ".join(ENGINES))

    def selection(self) -> tuple[float | None, float]:
        """The rule as (weight percentile or None, alpha; 1 = no chance test)."""
        if self.rule == "coornet":
            return (COORNET_PERCENTILE if self.edge_percentile is None else self.edge_percentile), 1.0
        if self.rule == "none":
            return None, 1.0
        return self.edge_percentile, self.alpha

    def run_parameters(self) -> dict[str, Any]:
        """The parameters that identify the run. An absent time range is left out, so runs over all
        shares keep the ids they had before the range existed; so does the in-process engine, and a
        run that is not a persistence slice."""
        params = asdict(self)
        if params["engine"] == ENGINES[0]:
            del params["engine"]
        if params["slice"] is None:
            del params["slice"]
        for name in ("since", "until"):
            if params[name] is None:
                del params[name]
            else:
                params[name] = params[name].isoformat()
        return params


def coordination_edges(
    shares: pd.DataFrame, window: float, binning: Binning = "sliding", min_participation: int = 1
) -> pd.DataFrame:
    """All pairs of distinct accounts that co-shared at least one object, with their edge statistics.

    ``shares`` has columns account, object, t (epoch seconds). Accounts with fewer than
    ``min_participation`` shares take part in no edge. Fixed bins are anchored at each object's first
    share among all the shares given, as CooRnet's are. Returns columns source < target, weight
    (distinct objects co-shared), pairs (share pairs), mean_gap_s and min_gap_s.
    """
    # One hashing pass over the account ids gives both the codes and the shares per account.
    account_codes, accounts = pd.factorize(shares["account"], sort=True)
    keep = np.bincount(account_codes)[account_codes] >= min_participation
    if not keep.any():
        return _empty_edges()
    if binning == "sliding":
        # Sliding pairs do not depend on other shares, so dropping first gives the same pairs, cheaper.
        shares, account_codes = shares[keep], account_codes[keep]
        keep = keep[keep]
    object_codes, _ = pd.factorize(shares["object"])
    times = shares["t"].to_numpy(dtype=np.int64)
    parts = []
    for chunk in co_share_pairs(object_codes, times, window, binning):
        u, v = account_codes[chunk.left], account_codes[chunk.right]
        distinct = (u != v) & keep[chunk.left] & keep[chunk.right]
        parts.append(
            _per_object(
                chunk.left[distinct], chunk.right[distinct], account_codes, object_codes, times, accounts
            )
        )
    return _edges_of(parts, accounts)


def coortweet_edges(shares: pd.DataFrame, window: float, min_participation: int = 2) -> pd.DataFrame:
    """The co-sharing edges of CooRTweet's ``detect_groups`` (sliding window, both ends inclusive).

    ``shares`` has one row per input row, duplicates included (columns account, object, t, and
    optionally content, the row's post id; without it each row is its own post). As CooRTweet does:
    1. accounts with fewer than ``min_participation`` rows are dropped (duplicate rows count);
    2. every pair of rows of the same object within ``window`` seconds, from different accounts and
       different posts, is a candidate;
    3. a candidate is kept only if one of its two posts belongs to an account that has at least
       ``min_participation`` rows whose post took part in some candidate.
    The kept row pairs are aggregated as :func:`coordination_edges` aggregates its pairs.
    """
    account_codes, accounts = pd.factorize(shares["account"], sort=True)
    rows_of = np.bincount(account_codes)
    keep = rows_of[account_codes] >= min_participation
    if not keep.any():
        return _empty_edges()
    shares, account_codes = shares[keep], account_codes[keep]
    if "content" in shares:
        content_codes, _ = pd.factorize(shares["content"])
    else:
        content_codes = np.arange(len(shares))
    object_codes, _ = pd.factorize(shares["object"])
    times = shares["t"].to_numpy(dtype=np.int64)
    lefts, rights = [], []
    for chunk in co_share_pairs(object_codes, times, window, "sliding"):
        loop = (account_codes[chunk.left] == account_codes[chunk.right]) | (
            content_codes[chunk.left] == content_codes[chunk.right]
        )
        lefts.append(chunk.left[~loop])
        rights.append(chunk.right[~loop])
    if not lefts:
        return _empty_edges()
    left, right = np.concatenate(lefts), np.concatenate(rights)
    # Rows (of the filtered input) whose post took part in some pair, counted per account.
    took_part = np.isin(content_codes, np.union1d(content_codes[left], content_codes[right]))
    active = np.bincount(account_codes[took_part], minlength=len(accounts)) >= min_participation
    good_posts = np.unique(content_codes[active[account_codes]])
    kept = np.isin(content_codes[left], good_posts) | np.isin(content_codes[right], good_posts)
    part = _per_object(left[kept], right[kept], account_codes, object_codes, times, accounts)
    return _edges_of([part], accounts)


def _empty_edges() -> pd.DataFrame:
    return pd.DataFrame({c: [] for c in EDGE_COLUMNS})


def _per_object(
    left: npt.NDArray[np.int64],
    right: npt.NDArray[np.int64],
    account_codes: npt.NDArray[np.int64],
    object_codes: npt.NDArray[np.int64],
    times: npt.NDArray[np.int64],
    accounts: pd.Index,
) -> pd.DataFrame:
    """Share pairs (positions) summed per (account pair, object): pairs, gap sum and minimum gap."""
    u, v = account_codes[left], account_codes[right]
    frame = pd.DataFrame(
        {
            "pair": np.minimum(u, v).astype(np.int64) * len(accounts) + np.maximum(u, v).astype(np.int64),
            "object": object_codes[left],
            "gap": np.abs(times[right] - times[left]),
        }
    )
    return (
        frame.groupby(["pair", "object"])
        .agg(pairs=("gap", "size"), gap_sum=("gap", "sum"), gap_min=("gap", "min"))
        .reset_index()
    )


def _edges_of(parts: list[pd.DataFrame], accounts: pd.Index) -> pd.DataFrame:
    """One edge per account pair from the per-object sums of :func:`_per_object`."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return _empty_edges()
    n_accounts = len(accounts)
    per_object = (
        pd.concat(parts)
        .groupby(["pair", "object"])
        .agg(pairs=("pairs", "sum"), gap_sum=("gap_sum", "sum"), gap_min=("gap_min", "min"))
    )
    edges = per_object.groupby(level="pair").agg(
        weight=("pairs", "size"),
        pairs=("pairs", "sum"),
        gap_sum=("gap_sum", "sum"),
        min_gap_s=("gap_min", "min"),
    )
    pair = edges.index.to_numpy()
    names = np.asarray(accounts)
    return pd.DataFrame(
        {
            "source": names[pair // n_accounts],
            "target": names[pair % n_accounts],
            "weight": edges["weight"].to_numpy(),
            "pairs": edges["pairs"].to_numpy(),
            "mean_gap_s": edges["gap_sum"].to_numpy() / edges["pairs"].to_numpy(),
            "min_gap_s": edges["min_gap_s"].to_numpy(),
        }
    )


def threshold_edges(edges: pd.DataFrame, percentile: float | None) -> tuple[pd.DataFrame, float]:
    """Keep edges whose weight is at least the ``percentile`` quantile of all weights (CooRnet's rule);
    None keeps every edge (cut 0)."""
    if edges.empty or percentile is None:
        return edges, 0.0
    cut = float(np.quantile(edges["weight"].to_numpy(), percentile))
    return edges[edges["weight"] >= cut].reset_index(drop=True), cut


def quantile_of_histogram(histogram: pd.Series, q: float) -> float:
    """``np.quantile(weights, q)`` (linear, numpy's own arithmetic, so bit for bit) from a histogram of
    the weights: how many edges (values) have each weight (index). An engine that cannot hold every
    edge in one place (Spark) sends only this histogram to the driver."""
    if histogram.empty:
        return 0.0
    hist = histogram.sort_index()
    values = hist.index.to_numpy(dtype=np.int64)
    ends = np.cumsum(hist.to_numpy(dtype=np.int64))  # rank after the last edge of each weight
    n = int(ends[-1])
    position = (n - 1) * np.float64(q)
    if position >= n - 1:
        return float(values[-1])
    below = int(np.floor(position))
    gamma = position - below
    lower = values[np.searchsorted(ends, below, side="right")]
    upper = values[np.searchsorted(ends, below + 1, side="right")]
    diff = upper - lower
    return float(upper - diff * (1 - gamma) if gamma >= 0.5 else lower + diff * gamma)


def chance_rate(total_pairs: int, total_shares: float) -> float:
    """The chance that one co-sharing share pair lands on a given pair of shares (see
    :func:`chance_of_edges`): ``P / (N (N - 1) / 2)``."""
    return float(total_pairs) / (total_shares * (total_shares - 1) / 2)


def chance_columns(weight: np.ndarray, n_u: np.ndarray, n_v: np.ndarray, rate: float) -> pd.DataFrame:
    """``expected`` and ``p_value`` per edge from its weight and its two accounts' activity."""
    expected = rate * n_u * n_v
    return pd.DataFrame({"expected": expected, "p_value": stats.poisson.sf(weight - 1, expected)})


def p_threshold(alpha: float, n_accounts: int) -> float:
    """The largest p-value kept: ``alpha`` Bonferroni-corrected over every pair of participating
    accounts; 1 (no test) when ``alpha`` is 1."""
    return 1.0 if alpha >= 1 else alpha / max(1.0, n_accounts * (n_accounts - 1) / 2)


def chance_of_edges(edges: pd.DataFrame, activity: pd.Series) -> pd.DataFrame:
    """``edges`` with two more columns: ``expected``, the co-shares the pair would have by chance, and
    ``p_value``, the chance of a weight at least this large.

    The null model keeps every share's object and time and hands the shares to accounts at random, each
    account keeping its number of shares (``activity``, indexed by account, over the accounts that take
    part). Of the ``P`` co-sharing share pairs found in the data, each lands on accounts u and v with
    probability ``n_u n_v / (N (N - 1) / 2)``, N the shares in all; so the pair's count is about
    Poisson with mean ``P n_u n_v / (N (N - 1) / 2)``. Busy accounts and popular bursts get a high
    expected count, so their chance co-shares are not significant, while a few accounts that repeatedly
    share the same objects at the same moment are. The weight (distinct objects) is tested against the
    count of pairs, which makes the test conservative.
    """
    out = edges.copy()
    rate = edges_chance_rate(edges, activity)
    if out.empty or rate == 0:
        out["expected"], out["p_value"] = np.zeros(len(out)), np.ones(len(out))
        return out
    n_u = activity.reindex(out["source"]).to_numpy(dtype=float)
    n_v = activity.reindex(out["target"]).to_numpy(dtype=float)
    chance = chance_columns(out["weight"].to_numpy(), n_u, n_v, rate)
    out["expected"], out["p_value"] = chance["expected"].to_numpy(), chance["p_value"].to_numpy()
    return out


def edges_chance_rate(edges: pd.DataFrame, activity: pd.Series) -> float:
    """:func:`chance_rate` of candidate ``edges`` and the accounts' ``activity``: co-sharing share pairs
    found (``P``) over all pairs of shares (``N (N - 1) / 2``); 0 when there is nothing to test. A pair
    of accounts expects ``rate n_u n_v``."""
    n_total = float(activity.sum())
    if edges.empty or n_total < 2:
        return 0.0
    return chance_rate(int(edges["pairs"].sum()), n_total)


@dataclass(frozen=True)
class Selection:
    """Which candidate edges were kept, and why."""

    edges: pd.DataFrame  # the kept edges, with expected and p_value
    candidates: int  # edges before selection
    weight_cut: float  # the percentile's weight; 0 without a percentile
    p_cut: float  # the largest p-value kept (alpha / number of account pairs); 1 without the test
    below_percentile: int  # candidate edges under the weight cut
    not_significant: int  # reached the weight cut but not the chance test

    def counts(self) -> dict[str, Any]:
        """What the rule removed, for a run's counts."""
        return {
            "candidate_edges": self.candidates,
            "weight_threshold": self.weight_cut,
            "p_threshold": self.p_cut,
            "below_percentile": self.below_percentile,
            "not_significant": self.not_significant,
            "edges": len(self.edges),
        }


def select_edges(
    edges: pd.DataFrame, activity: pd.Series, percentile: float | None, alpha: float
) -> Selection:
    """Keep the edges whose weight reaches the ``percentile`` quantile of all weights (None: no cut)
    and which pass the chance test (:func:`chance_of_edges`) at family-wise error rate ``alpha``,
    Bonferroni-corrected over every pair of participating accounts (any pair could have become an
    edge). ``alpha`` = 1 skips the test: the percentile alone is CooRnet's rule. Every candidate gets
    its expected count and p-value, kept or not."""
    tested = chance_of_edges(edges, activity)
    heavy, cut = threshold_edges(tested, percentile)
    p_cut = p_threshold(alpha, len(activity))
    kept = heavy[heavy["p_value"] <= p_cut].reset_index(drop=True)
    return Selection(kept, len(edges), cut, p_cut, len(edges) - len(heavy), len(heavy) - len(kept))


def coordinated_edges(shares: pd.DataFrame, params: CosharingParams, window: float) -> Selection:
    """The co-sharing edges ``params`` keep among ``shares`` (account, object, t; one row per share):
    the whole computation of ``detect cosharing`` between reading the shares and writing the edges."""
    if params.participation == "coortweet":
        edges = coortweet_edges(shares, window, params.min_participation)
    else:
        edges = coordination_edges(shares, window, params.binning, params.min_participation)
    activity = participating_activity(shares, params.min_participation)
    percentile, alpha = params.selection()
    return select_edges(edges, activity, percentile, alpha)


def participating_activity(shares: pd.DataFrame, min_participation: int) -> pd.Series:
    """Shares per account, for the accounts with at least ``min_participation`` shares."""
    counts = shares["account"].value_counts()
    return counts[counts >= min_participation]


def read_shares(
    gw: Gateway, kind: str, since: datetime | None = None, until: datetime | None = None
) -> pd.DataFrame:
    """The shares of one kind as a frame: account, object, t (epoch seconds); with ``since`` / ``until``
    only those shared in that range (both ends included)."""
    row = gw.read("detect/shares", {"kind": kind, "since": since, "until": until})[0]
    return pd.DataFrame(
        {"account": row["accounts"], "object": row["objects"], "t": np.asarray(row["times"], dtype=np.int64)}
    )


def resolve_window(params: CosharingParams, shares: pd.DataFrame) -> float:
    """The window in seconds: as given, or estimated from the shares as CooRnet does."""
    if params.window != "auto":
        return float(params.window)
    if shares.empty:
        raise GraphcliError(
            f"no {params.kind} shares: cannot estimate a window", hint="give --window SECONDS"
        )
    codes, _ = pd.factorize(shares["object"])
    try:
        return estimate_window(codes, shares["t"].to_numpy(dtype=np.int64))
    except ValueError as exc:
        raise GraphcliError(f"{params.kind}: {exc}", hint="give --window SECONDS") from None


Selector = Callable[[Gateway, CosharingParams, Messages], tuple[int, float, Selection]]


def select_in_process(gw: Gateway, params: CosharingParams, note: Messages) -> tuple[int, float, Selection]:
    """The in-process engine: read the shares out of Neo4j, resolve the window, select the edges.
    Returns the number of shares, the window and the selection."""
    shares = read_shares(gw, params.kind, params.since, params.until)
    note(f"{params.kind}: {len(shares):,} shares")
    window = resolve_window(params, shares)
    return len(shares), window, coordinated_edges(shares, params, window)


def detect_cosharing(
    gw: Gateway,
    params: CosharingParams,
    use_gds: bool | None = None,
    progress: Messages | None = None,
    select: Selector = select_in_process,
) -> RunSummary:
    """Build the co-sharing network of one kind, write it under a run and return the run's summary.

    With ``params.since`` / ``params.until`` only the shares in that time range count (a monitor's window).

    ``use_gds``: None = GDS when the server has it; False = igraph + leidenalg in Python.
    ``select``: the engine that finds the kept edges (Spark's is ``spark_engine.spark_selector``).
    """
    params.validate()
    note = progress or silent
    run_id = runs.start_run(gw, "cosharing", params.run_parameters())
    n_shares, window, chosen = select(gw, params, note)
    kept, cut = chosen.edges, chosen.weight_cut
    note(
        f"{params.kind}: window {window:g} s, {chosen.candidates:,} candidate edges, {len(kept):,} kept by "
        f"rule {params.rule} (weight >= {cut:g}, p <= {chosen.p_cut:.3g}; {chosen.below_percentile:,} "
        f"under the weight cut, {chosen.not_significant:,} not significant)"
    )
    write_edges(gw, run_id, params.kind, kept)
    membership, rows, gds = communities.write_communities(
        gw, run_id, params.kind, kept, params.communities, use_gds
    )
    counts = {
        "shares": n_shares,
        "window_s": window,
        **chosen.counts(),
        "accounts": int(membership["account"].nunique()) if len(membership) else 0,
        "communities": len(rows),
        "components": int(membership["component"].nunique()) if len(membership) else 0,
        "engine": "gds" if gds else "igraph",
    }
    runs.finish_run(gw, run_id, counts)
    return RunSummary(run_id, "cosharing", params.run_parameters(), counts)


def write_edges(gw: Gateway, run_id: str, kind: str, edges: pd.DataFrame) -> None:
    """Write a run's kept ``edges`` (:data:`WRITTEN_COLUMNS`) as COORDINATED relationships, in
    batches of :data:`WRITE_BATCH` sent as columns, their ends found once by element id."""
    if edges.empty:
        return
    accounts = pd.unique(pd.concat([edges["source"], edges["target"]], ignore_index=True))
    ids = pd.Series(
        {row["uid"]: row["id"] for row in gw.read("detect/account_ids", {"uids": accounts.tolist()})},
        dtype=object,
    )
    columns: dict[str, list[Any]] = {
        "source": edges["source"].map(ids).tolist(),
        "target": edges["target"].map(ids).tolist(),
    }
    for name, kind_of in WRITTEN_TYPES.items():
        columns[name] = edges[name].astype(kind_of).tolist()
    for start in range(0, len(edges), WRITE_BATCH):
        gw.write(
            "detect/coordinated_write",
            {
                "run_id": run_id,
                "kind": kind,
                **{k: v[start : start + WRITE_BATCH] for k, v in columns.items()},
            },
        )

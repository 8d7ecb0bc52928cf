"""Honest correlation tests on the feature frame: does bin size go with bot scores or with accounts gone?

Every test is scipy's (``pearsonr``, ``spearmanr``, ``pointbiserialr``, ``mannwhitneyu``,
``false_discovery_control``). Confidence intervals are 95 % Fisher-z intervals for every coefficient:
scipy's own ``PearsonRResult.confidence_interval`` for Pearson r and the point-biserial r (which is Pearson r
with a 0/1 variable), and the same transform, ``tanh(atanh(r) +- z_0.975 / sqrt(n - 3))``, for Spearman rho,
which scipy gives no interval for. A row that cannot be computed says why in ``reason``; it is never a
silent NaN. ``note`` adds what a reader should know about a computed row (e.g. a scipy warning).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from graphcli.analytics.features import GONE_STATUSES, SCORE_COLUMNS
from graphcli.analytics.markdown import markdown_table
from graphcli.model.errors import ConfigError

COLUMNS = [
    "slice",
    "level",
    "x",
    "y",
    "method",
    "n",
    "statistic",
    "p_value",
    "ci_low",
    "ci_high",
    "p_bh",
    "reason",
    "note",
]


POSTS_SLICE = "posts looked up later"


@dataclass(frozen=True)
class CorrelationOptions:
    """What to test and on which slices. Bin classes are by the account's bin size for ``relation``."""

    relation: str = "likes"
    large_bin: int = 50
    small_bin: int = 10
    min_items: int | None = None
    min_n: int = 10
    confidence: float = 0.95

    def __post_init__(self) -> None:
        if self.relation not in {"likes", "retweets", "both"}:
            raise ConfigError(f"relation must be likes, retweets or both, not {self.relation!r}")
        if self.min_n < 4:
            raise ConfigError("min_n must be at least 4 (a Fisher-z interval needs n > 3)")


@dataclass(frozen=True)
class Slice:
    """A named subset of accounts."""

    name: str
    mask: pd.Series


def slices(frame: pd.DataFrame, options: CorrelationOptions) -> list[Slice]:
    """All accounts, large bins, small bins, and (if asked) accounts with at least ``min_items`` items."""
    size = frame[f"bin_size_{options.relation}"].astype("Float64")
    out = [
        Slice("all", pd.Series(True, index=frame.index)),
        Slice(f"large bins (size >= {options.large_bin})", (size >= options.large_bin).fillna(False)),
        Slice(f"small bins (size <= {options.small_bin})", (size <= options.small_bin).fillna(False)),
    ]
    if options.min_items is not None:
        items = frame[f"bin_items_{options.relation}"].astype("Float64")
        out.append(Slice(f"items >= {options.min_items}", (items >= options.min_items).fillna(False)))
    return out


def correlation_table(
    frame: pd.DataFrame, options: CorrelationOptions | None = None, counts: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Every test on every slice, one row each, with Benjamini-Hochberg adjusted p-values across the table.

    ``counts`` (the rows of ``report/counts_highest_vs_later``: one per post seen by the pull and by a
    later look-up) adds the post-level tests of the highest like and retweet counts the pull saw
    against the later ones, in the slice ``posts looked up later``."""
    options = options or CorrelationOptions()
    rows = [
        asdict(row)
        for part in slices(frame, options)
        for row in _slice_rows(frame[part.mask], part.name, options)
    ]
    if counts is not None:
        for kind in ("likes", "retweets"):
            pairs = _pair_rows(counts, POSTS_SLICE, "post", f"highest_{kind}", f"later_{kind}", options)
            rows += [asdict(row) for row in pairs]
    table = pd.DataFrame(rows, columns=COLUMNS)
    has_p = table["p_value"].notna()
    table["p_bh"] = np.nan
    if has_p.any():
        table.loc[has_p, "p_bh"] = stats.false_discovery_control(
            table.loc[has_p, "p_value"].to_numpy(), method="bh"
        )
    return table


def write_correlations(table: pd.DataFrame, out_dir: Path) -> dict[str, Path]:
    """``correlations.csv`` and ``correlations.md`` in ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {"csv": out_dir / "correlations.csv", "markdown": out_dir / "correlations.md"}
    table.to_csv(paths["csv"], index=False)
    paths["markdown"].write_text(correlations_markdown(table), encoding="utf-8")
    return paths


def correlations_markdown(table: pd.DataFrame) -> str:
    """The table as Markdown, one section per slice, numbers to 3 significant digits."""
    parts = [
        "# Correlations\n",
        "Pearson r and Spearman rho with 95 % Fisher-z confidence intervals; p_bh is the "
        "Benjamini-Hochberg adjusted p-value across the whole table.\n",
    ]
    for name, part in table.groupby("slice", sort=False):
        parts.append(f"\n## {name}\n")
        shown = part.drop(columns=["slice"])
        parts.append(markdown_table(shown))
    return "\n".join(parts)


@dataclass(frozen=True)
class Row:
    slice: str
    level: str
    x: str
    y: str
    method: str
    n: int
    statistic: float = math.nan
    p_value: float = math.nan
    ci_low: float = math.nan
    ci_high: float = math.nan
    p_bh: float = math.nan
    reason: str = ""
    note: str = ""


def _slice_rows(part: pd.DataFrame, name: str, options: CorrelationOptions) -> Iterator[Row]:
    size = f"bin_size_{options.relation}"
    for score in SCORE_COLUMNS:
        yield from _pair_rows(part, name, "account", size, score, options)
    yield from _pair_rows(part, name, "account", "raw_universal_overall", "lite", options)
    yield from _gone_rows(part, name, size, options)
    bins = bin_level(part, options.relation)
    yield from _pair_rows(bins, name, "bin", "bin_size", "share_gone", options)


def bin_level(part: pd.DataFrame, relation: str) -> pd.DataFrame:
    """One row per bin (an account alone is a bin of size 1): its size and the share of its members gone,
    counting only members whose status is known to be gone or active."""
    known = part[part["gone"].notna() & part[f"bin_size_{relation}"].notna()]
    key = known[f"bin_uid_{relation}"].astype("string").fillna(known["uid"].astype("string"))
    grouped = known.assign(_bin=key).groupby("_bin", sort=True)
    return pd.DataFrame(
        {
            "bin_size": grouped[f"bin_size_{relation}"].first().astype("float64"),
            "share_gone": grouped["gone"].mean().astype("float64"),
            "members_known": grouped["uid"].size(),
        }
    ).reset_index(drop=True)


def _pair_rows(
    frame: pd.DataFrame, name: str, level: str, x: str, y: str, options: CorrelationOptions
) -> Iterator[Row]:
    for method in ("pearson", "spearman"):
        base = Row(name, level, x, y, method, 0)
        if x not in frame or y not in frame:
            yield _with(base, reason=f"no column {x if x not in frame else y} in the data")
            continue
        pair = frame[[x, y]].astype("float64").dropna()
        reason = _unusable(pair, x, y, options.min_n)
        if reason:
            yield _with(base, n=len(pair), reason=reason)
            continue
        n = len(pair)
        if method == "pearson":
            res, note = _scipy(stats.pearsonr, pair[x], pair[y])
            ci = res.confidence_interval(confidence_level=options.confidence)
            yield _with(
                base,
                n=n,
                note=note,
                statistic=float(res.statistic),
                p_value=float(res.pvalue),
                ci_low=float(ci.low),
                ci_high=float(ci.high),
            )
        else:
            sres, note = _scipy(stats.spearmanr, pair[x], pair[y])
            rho = float(sres.statistic)
            low, high = fisher_z_interval(rho, n, options.confidence)
            yield _with(
                base, n=n, statistic=rho, p_value=float(sres.pvalue), ci_low=low, ci_high=high, note=note
            )


def _gone_rows(part: pd.DataFrame, name: str, size: str, options: CorrelationOptions) -> Iterator[Row]:
    """Bin size vs account gone (not found or suspended) against active; other statuses are left out."""
    gone_label = "gone (" + " or ".join(sorted(GONE_STATUSES)) + ")"
    base = Row(name, "account", size, gone_label, "point_biserial", 0)
    data = part[[size, "gone"]].dropna()
    x = data[size].astype("float64")
    g = data["gone"].astype(bool)
    pair = pd.DataFrame({size: x, "gone": g.astype("float64")})
    reason = _unusable(pair, size, "gone", options.min_n)
    if reason:
        yield _with(base, n=len(pair), reason=reason)
    else:
        res, note = _scipy(stats.pointbiserialr, pair["gone"], pair[size])
        same, _ = _scipy(stats.pearsonr, pair["gone"], pair[size])  # the same r; scipy's interval for it
        ci = same.confidence_interval(confidence_level=options.confidence)
        yield _with(
            base,
            n=len(pair),
            note=note,
            statistic=float(res.statistic),
            p_value=float(res.pvalue),
            ci_low=float(ci.low),
            ci_high=float(ci.high),
        )
    mw = _with(base, method="mann_whitney_u")
    gone, active = x[g], x[~g]
    if len(pair) < options.min_n:
        yield _with(mw, n=len(pair), reason=f"too few rows: n={len(pair)} < {options.min_n}")
    elif len(gone) == 0 or len(active) == 0:
        yield _with(mw, n=len(pair), reason=f"needs both groups: {len(gone)} gone, {len(active)} active")
    else:
        ures, note = _scipy(stats.mannwhitneyu, gone, active, alternative="two-sided")
        yield _with(
            mw,
            n=len(pair),
            statistic=float(ures.statistic),
            p_value=float(ures.pvalue),
            note="; ".join(
                filter(
                    None,
                    [f"U of gone (n={len(gone)}) vs active (n={len(active)}), two-sided; no interval", note],
                )
            ),
        )


def _scipy(test: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, str]:
    """Run a scipy test; its warnings (e.g. near-constant input) become a note in the table, not noise."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = test(*args, **kwargs)
    return result, "; ".join(f"scipy: {w.message}" for w in caught)


def _unusable(pair: pd.DataFrame, x: str, y: str, min_n: int) -> str:
    if pair.empty:
        return f"missing: no rows in this slice have both {x} and {y}"
    if len(pair) < min_n:
        return f"too few rows: n={len(pair)} < {min_n}"
    for column in (x, y):
        if pair[column].nunique() < 2:
            return f"constant: every {column} is {pair[column].iloc[0]:g}"
    return ""


def fisher_z_interval(r: float, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """The Fisher-z confidence interval of a correlation coefficient from ``n`` pairs (n > 3)."""
    if abs(r) >= 1.0:
        return (r, r)
    z = math.atanh(r)
    half = float(stats.norm.ppf(0.5 + confidence / 2)) / math.sqrt(n - 3)
    return (math.tanh(z - half), math.tanh(z + half))


def _with(row: Row, **changes: object) -> Row:
    return Row(**{**asdict(row), **changes})

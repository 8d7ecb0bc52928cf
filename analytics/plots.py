"""The report's figures, drawn with matplotlib's Agg backend (no display), saved as PNG and SVG.

Each ``*_figure`` function takes frames and returns a Figure; it draws a "no data" note instead of failing
when there is nothing to show, so a report on a thin graph still renders.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from graphcli.analytics.correlations import CorrelationOptions, bin_level

DPI = 110


def save_figure(fig: Figure, out_dir: Path, name: str) -> dict[str, Path]:
    """Write ``name.png`` and ``name.svg`` and close the figure."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {"png": out_dir / f"{name}.png", "svg": out_dir / f"{name}.svg"}
    fig.savefig(paths["png"], dpi=DPI)
    fig.savefig(paths["svg"])
    plt.close(fig)
    return paths


def _figure(width: float = 7.0, height: float = 4.5) -> tuple[Figure, plt.Axes]:
    fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
    return fig, ax


def _no_data(ax: plt.Axes, what: str) -> None:
    ax.text(0.5, 0.5, f"no data: {what}", ha="center", va="center", transform=ax.transAxes, color="grey")
    ax.set_xticks([])
    ax.set_yticks([])


def bin_size_distribution_figure(frame: pd.DataFrame, relation: str = "likes") -> Figure:
    """How many bins have each size (a lone account is a bin of size 1), on log-log axes."""
    fig, ax = _figure()
    column = f"bin_size_{relation}"
    data = frame[frame[column].notna()]
    key = data[f"bin_uid_{relation}"].astype("string").fillna(data["uid"].astype("string"))
    sizes = data.assign(_bin=key).groupby("_bin")[column].first().astype(int)
    if sizes.empty:
        _no_data(ax, f"no {relation} bin sizes")
        return fig
    counts = sizes.value_counts().sort_index()
    ax.loglog(counts.index, counts.to_numpy(), "o", color="#1f77b4")
    ax.set_xlabel(f"bin size ({relation}: accounts with identical sets)")
    ax.set_ylabel("number of bins")
    ax.set_title("Bin-size distribution")
    ax.grid(True, which="both", alpha=0.3)
    return fig


def bin_class(size: pd.Series, options: CorrelationOptions) -> pd.Series:
    """'alone', 'small', 'medium' or 'large' per account by bin size (thresholds from ``options``)."""
    s = size.astype("Float64")
    labels = pd.Series(pd.NA, index=size.index, dtype="string")
    labels[s == 1] = "alone (1)"
    labels[(s >= 2) & (s <= options.small_bin)] = f"small (2-{options.small_bin})"
    labels[(s > options.small_bin) & (s < options.large_bin)] = "medium"
    labels[s >= options.large_bin] = f"large (>= {options.large_bin})"
    return labels


def score_histograms_figure(
    frame: pd.DataFrame, score: str = "raw_universal_overall", options: CorrelationOptions | None = None
) -> Figure:
    """Histograms (densities) of a bot score for each bin class."""
    options = options or CorrelationOptions()
    fig, ax = _figure()
    classes = bin_class(frame[f"bin_size_{options.relation}"], options)
    data = pd.DataFrame({"cls": classes, "score": frame[score].astype("float64")}).dropna()
    if data.empty:
        _no_data(ax, f"no accounts with both a bin size and {score}")
        return fig
    bins = [float(b) for b in np.linspace(0, max(1.0, float(data["score"].max())), 21)]
    for cls, part in data.groupby("cls", sort=True):
        ax.hist(
            part["score"],
            bins=bins,
            histtype="step",
            linewidth=1.8,
            density=len(part) > 1,
            label=f"{cls}: n={len(part)}",
        )
    ax.set_xlabel(score)
    ax.set_ylabel("density")
    ax.set_title(f"{score} by bin class ({options.relation})")
    ax.legend(fontsize="small")
    return fig


def size_vs_score_figure(
    frame: pd.DataFrame, score: str = "raw_universal_overall", relation: str = "likes"
) -> Figure:
    """Each account's bin size (log scale) against a bot score, with a least-squares trend on log size."""
    fig, ax = _figure()
    data = frame[[f"bin_size_{relation}", score]].astype("float64").dropna()
    if data.empty:
        _no_data(ax, f"no accounts with both a bin size and {score}")
        return fig
    x, y = data.iloc[:, 0].to_numpy(), data.iloc[:, 1].to_numpy()
    ax.scatter(x, y, s=12, alpha=0.5, color="#ff7f0e", label="accounts")
    ax.set_xscale("log")
    if len(np.unique(x)) >= 2:
        slope, intercept = np.polyfit(np.log10(x), y, 1)
        grid = np.logspace(np.log10(x.min()), np.log10(x.max()), 50)
        ax.plot(
            grid,
            intercept + slope * np.log10(grid),
            color="black",
            label=f"trend: {slope:+.3f} per tenfold size",
        )
    ax.set_xlabel(f"bin size ({relation})")
    ax.set_ylabel(score)
    ax.set_title(f"Bin size vs {score}")
    ax.legend(fontsize="small")
    return fig


def correlation_heatmap_figure(table: pd.DataFrame, method: str = "spearman") -> Figure:
    """Account-level coefficients (one method) of bin size vs each score, per slice; untested cells blank."""
    rows = table[
        (table["method"] == method) & (table["level"] == "account") & table["x"].str.startswith("bin_size_")
    ]
    fig, ax = _figure(8.0, 6.0)
    if rows.empty:
        _no_data(ax, "no correlation rows")
        return fig
    grid = rows.pivot_table(index="y", columns="slice", values="statistic", aggfunc="first", sort=False)
    grid = grid.reindex(index=list(dict.fromkeys(rows["y"])), columns=list(dict.fromkeys(rows["slice"])))
    values = grid.to_numpy(dtype=float)
    image = ax.imshow(np.ma.masked_invalid(values), cmap="RdBu_r", vmin=-1, vmax=1, aspect="auto")
    ax.set_xticks(range(len(grid.columns)), grid.columns, rotation=20, ha="right", fontsize="small")
    ax.set_yticks(range(len(grid.index)), grid.index, fontsize="small")
    for (i, j), v in np.ndenumerate(values):
        ax.text(j, i, "n/a" if np.isnan(v) else f"{v:.2f}", ha="center", va="center", fontsize=7)
    fig.colorbar(image, ax=ax, label=f"{method} coefficient")
    ax.set_title(f"Bin size vs bot scores ({method}); n/a = not tested, see table")
    return fig


def communities_figure(nodes: pd.DataFrame, edges: pd.DataFrame, top: int = 4) -> Figure:
    """The ``top`` largest co-sharing communities, each drawn as its coordinated network."""
    sizes = (
        nodes.dropna(subset=["community"]).groupby("community")["id"].nunique().sort_values(ascending=False)
    )
    chosen = list(sizes.index[:top])
    cols = max(1, min(2, len(chosen)))
    rows = max(1, -(-len(chosen) // cols))
    fig, axes = plt.subplots(
        rows, cols, figsize=(5.0 * cols, 4.0 * rows), layout="constrained", squeeze=False
    )
    flat = list(axes.flat)
    if not chosen:
        _no_data(flat[0], "no co-sharing communities")
        return fig
    for ax, community in zip(flat, chosen, strict=False):
        members = nodes[nodes["community"] == community]
        kind = str(members["kind"].iloc[0])
        ids = set(members["id"])
        sub = edges[(edges["kind"] == kind) & edges["source"].isin(ids) & edges["target"].isin(ids)]
        graph = nx.Graph()
        graph.add_nodes_from(ids)
        graph.add_weighted_edges_from(sub[["source", "target", "weight"]].itertuples(index=False))
        layout = nx.spring_layout(graph, seed=7, weight="weight")
        degree = dict(graph.degree())
        nx.draw_networkx_edges(
            graph,
            layout,
            ax=ax,
            alpha=0.4,
            width=[1 + float(d["weight"]) ** 0.5 for *_e, d in graph.edges(data=True)],
        )
        nx.draw_networkx_nodes(
            graph, layout, ax=ax, node_size=[60 + 30 * degree[n] for n in graph.nodes], node_color="#d62728"
        )
        ax.set_title(f"{community} ({kind}, {len(ids)} accounts)", fontsize="small")
        ax.set_axis_off()
    for ax in flat[len(chosen) :]:
        ax.set_axis_off()
    return fig


def group_network_figure(members: pd.DataFrame, edges: pd.DataFrame, kind: str, title: str) -> Figure:
    """One group's coordinated network, each account labelled with its handle (``members`` has columns
    handle and uid; edge width grows with weight; node colour darker for a higher bot score)."""
    fig, ax = _figure(5.5, 4.2)
    ids = set(members["uid"])
    if not ids:
        _no_data(ax, "no members")
        return fig
    sub = edges[(edges["kind"] == kind) & edges["source"].isin(ids) & edges["target"].isin(ids)]
    graph = nx.Graph()
    graph.add_nodes_from(ids)
    graph.add_weighted_edges_from(sub[["source", "target", "weight"]].itertuples(index=False))
    layout = nx.spring_layout(graph, seed=7, weight="weight")
    degree = dict(graph.degree())
    scores = dict(zip(members["uid"], members["bot_score"], strict=True))
    colours = [_score_colour(scores.get(n)) for n in graph.nodes]
    nx.draw_networkx_edges(
        graph,
        layout,
        ax=ax,
        alpha=0.45,
        width=[0.8 + float(d["weight"]) ** 0.5 for *_e, d in graph.edges(data=True)],
    )
    nx.draw_networkx_nodes(
        graph,
        layout,
        ax=ax,
        node_size=[80 + 25 * degree[n] for n in graph.nodes],
        node_color=colours,
        edgecolors="#333",
        linewidths=0.5,
    )
    handles = dict(zip(members["uid"], members["handle"], strict=True))
    if len(ids) <= 40:  # past that the labels only overlap
        nx.draw_networkx_labels(
            graph, {n: (x, y + 0.07) for n, (x, y) in layout.items()}, labels=handles, ax=ax, font_size=7
        )
    ax.set_title(_short_title(title), fontsize="small")
    ax.margins(0.15)
    ax.set_axis_off()
    return fig


def _score_colour(score: object) -> str:
    """Grey when unscored; from light to dark red as the Botometer v4 overall score rises."""
    if not isinstance(score, int | float) or score != score:
        return "#bbbbbb"
    return str(matplotlib.colors.to_hex(plt.get_cmap("Reds")(0.25 + 0.75 * max(0.0, min(1.0, float(score))))))


def _short_title(text: str, n: int = 70) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def timeline_figure(shares: pd.DataFrame) -> Figure:
    """Coordinated shares per hour, one line per co-sharing kind (``shares`` has columns kind, at)."""
    fig, ax = _figure(8.0, 4.0)
    if shares.empty:
        _no_data(ax, "no coordinated shares")
        return fig
    for kind, part in shares.groupby("kind", sort=True):
        per_hour = part.set_index("at").resample("1h").size()
        hours = pd.DatetimeIndex(per_hour.index).tz_convert(None)
        ax.plot(hours, per_hour.to_numpy(), marker=".", label=str(kind))
    ax.set_xlabel("time (UTC)")
    ax.set_ylabel("coordinated shares per hour")
    ax.set_title("Timeline of coordinated shares")
    ax.legend(fontsize="small")
    fig.autofmt_xdate()
    return fig


def bin_share_gone_figure(frame: pd.DataFrame, relation: str = "likes") -> Figure:
    """Per bin: its size against the share of its members gone (not found or suspended)."""
    fig, ax = _figure()
    bins = bin_level(frame, relation)
    if bins.empty:
        _no_data(ax, "no bins with known statuses")
        return fig
    ax.scatter(bins["bin_size"], bins["share_gone"], s=10 + 4 * bins["members_known"], alpha=0.6)
    ax.set_xscale("log")
    ax.set_xlabel(f"bin size ({relation})")
    ax.set_ylabel("share of members gone")
    ax.set_title("Bins: size vs members gone")
    return fig

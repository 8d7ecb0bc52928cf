"""The HTML report: one self-contained file (plots embedded as base64 PNG) a person can open anywhere.

It holds the data summary, the methods and parameters (with the detection run ids it read), the correlation
table, the plots, and the largest bins and communities with their most distinctive links, domains,
hashtags and terms. A small inline script writes whether every image rendered into ``#render-status``, so a
headless browser test can read it from the DOM.
"""

from __future__ import annotations

import base64
import html
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from graphcli import __version__
from graphcli.analytics import plots
from graphcli.analytics.alerts import RedFlagRule, build_alerts, coordinated_shares
from graphcli.analytics.correlations import CorrelationOptions, correlation_table, write_correlations
from graphcli.analytics.features import account_features, write_features
from graphcli.analytics.groups import Group, build_groups
from graphcli.analytics.labels import distinctive, group_content
from graphcli.analytics.network import (
    community_summary,
    multimodal_communities,
    network_edges,
    network_nodes,
    trace_communities,
)
from graphcli.analytics.persistence import SHOWN_COLUMNS, persistent_groups
from graphcli.analytics.runs import RunSelection, select_runs
from graphcli.cypher.gateway import Gateway
from graphcli.cypher.schema import database_stats
from graphcli.model.progress import Messages, silent


@dataclass
class ReportResult:
    """Where the report and its parts went."""

    html: Path
    files: dict[str, Path] = field(default_factory=dict)
    plots: list[str] = field(default_factory=list)
    run_ids: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {
            "html": str(self.html),
            "files": {k: str(v) for k, v in self.files.items()},
            "plots": self.plots,
            "run_ids": self.run_ids,
        }


@dataclass
class ReportData:
    """Everything the sections draw on: computed once in :func:`write_report`, rendered by each section."""

    summary: dict[str, Any]
    runs: RunSelection
    options: CorrelationOptions
    rule: RedFlagRule
    table: pd.DataFrame
    images: dict[str, Path]
    groups: list[Group]
    group_images: dict[str, Path]
    bins: pd.DataFrame
    bins_overview: dict[str, Any]
    alerts: pd.DataFrame
    multimodal: pd.DataFrame  # communities of detect multimodal (network.multimodal_communities)
    traces: pd.DataFrame  # communities of detect traces (network.trace_communities)
    persistence: pd.DataFrame  # groups followed over time (persistence.persistent_groups)
    top: int = 10


def write_report(
    gw: Gateway,
    out_dir: Path,
    options: CorrelationOptions | None = None,
    top: int = 10,
    rule: RedFlagRule | None = None,
    progress: Messages | None = None,
) -> ReportResult:
    """Compute everything and write ``report.html`` plus its parts (CSV/Markdown/Parquet, PNG/SVG plots).

    The page leads with the findings (the strongest coordinated groups: handles, what they shared, when,
    why flagged), then one section per group, then bins, then statistics and methods."""
    options = options or CorrelationOptions()
    step = progress or silent
    out_dir.mkdir(parents=True, exist_ok=True)
    runs = select_runs(gw)
    step("features")
    frame = account_features(gw, runs)
    files = {"features": write_features(frame, out_dir / "features.parquet")}
    step("correlations")
    table = correlation_table(frame, options)
    files.update(write_correlations(table, out_dir))
    step("networks and alerts")
    nodes, edges = network_nodes(gw, runs), network_edges(gw, runs)
    communities = community_summary(gw, runs)
    alerts = build_alerts(gw, runs, rule)
    groups = build_groups(nodes, edges, alerts, communities, frame)
    step("plots")
    figures = {
        "timeline": plots.timeline_figure(coordinated_shares(gw, runs)),
        "bin_size_distribution": plots.bin_size_distribution_figure(frame, options.relation),
        "size_vs_score": plots.size_vs_score_figure(frame, "raw_universal_overall", options.relation),
        "score_histograms": plots.score_histograms_figure(frame, "raw_universal_overall", options),
        "size_vs_lite": plots.size_vs_score_figure(frame, "lite", options.relation),
        "bin_share_gone": plots.bin_share_gone_figure(frame, options.relation),
        "correlation_heatmap": plots.correlation_heatmap_figure(table),
    }
    group_figures = {
        g.anchor: plots.group_network_figure(g.members, edges, g.kind, f"#{i} {g.kind}: {g.label}")
        for i, g in enumerate(groups[:top], start=1)
    }
    images = {name: plots.save_figure(fig, out_dir / "plots", name) for name, fig in figures.items()}
    group_images = {
        name: plots.save_figure(fig, out_dir / "plots", name) for name, fig in group_figures.items()
    }
    step("bins")
    data = ReportData(
        summary=data_summary(gw, frame),
        runs=runs,
        options=options,
        rule=rule or RedFlagRule(),
        table=table,
        images={name: paths["png"] for name, paths in images.items()},
        groups=groups,
        group_images={name: paths["png"] for name, paths in group_images.items()},
        bins=top_bins(gw, options.relation, top),
        bins_overview=bins_overview(gw, options.relation),
        alerts=alerts,
        multimodal=multimodal_communities(gw, runs),
        traces=trace_communities(gw, runs),
        persistence=persistent_groups(gw, runs),
        top=top,
    )
    path = out_dir / "report.html"
    path.write_text(render(data), encoding="utf-8")
    return ReportResult(path, files, sorted([*images, *group_images]), sorted(set(runs.cosharing.values())))


def data_summary(gw: Gateway, frame: pd.DataFrame) -> dict[str, Any]:
    """Counts a reader needs to judge the numbers: nodes and relationships, scored and checked accounts.
    Labels and types with nothing in them are left out (they say nothing about this data)."""
    counts = database_stats(gw)
    statuses = frame["status"].fillna("(never checked)").value_counts().to_dict()
    return {
        "accounts": len(frame),
        "with a likes bin size": int(frame["bin_size_likes"].notna().sum()),
        "with a Botometer v4 score": int(frame["raw_universal_overall"].notna().sum()),
        "with a Botometer Lite score": int(frame["lite"].notna().sum()),
        **{f"status: {k}": int(v) for k, v in sorted(statuses.items())},
        **{f"nodes: {k}": v for k, v in sorted(counts["nodes"].items()) if v and k not in INTERNAL_LABELS},
        **{f"relationships: {k}": v for k, v in sorted(counts["relationships"].items()) if v},
    }


INTERNAL_LABELS = frozenset(
    {"Alert", "GraphcliMeta", "LoadRun", "SourceFile", "MonitorCycle", "DetectionRun"}
)


def top_bins(gw: Gateway, relation: str, top: int, min_items: int = 2) -> pd.DataFrame:
    """The ``top`` largest bins of at least ``min_items`` items, with their most distinctive domains,
    hashtags and terms, and top links. One-item bins are left to :func:`bins_overview`: accounts that
    liked the same single popular post are a coincidence, not a finding."""
    rows = gw.read("report/bin_content", {"relation": relation, "limit": top, "min_items": min_items})
    content = group_content(rows)
    tops = distinctive(content)
    seen: dict[str, dict[str, Any]] = {}
    for row in rows:
        seen.setdefault(
            str(row["group_id"]),
            {"bin": row["group_id"], "accounts": row["size"], "items": row["n_items"]},
        )
    out = []
    for gid, info in seen.items():
        items = tops.get(gid, {})
        links = content[gid].links.most_common(3) if gid in content else []
        out.append(
            {
                **info,
                "top links": " ".join(link for link, _ in links),
                **{
                    f"top {facet}": " ".join(items.get(facet, []))
                    for facet in ("domains", "hashtags", "terms")
                },
            }
        )
    return pd.DataFrame(out)


def bins_overview(gw: Gateway, relation: str) -> dict[str, Any]:
    """How many bins hold one item only and how many more, with the accounts in them."""
    rows = gw.read("report/bins_overview", {"relation": relation})
    out = {
        "one_item": {"bins": 0, "accounts": 0, "largest": 0},
        "more": {"bins": 0, "accounts": 0, "largest": 0},
    }
    for r in rows:
        out["one_item" if r["one_item"] else "more"] = {
            "bins": int(r["bins"]),
            "accounts": int(r["accounts"] or 0),
            "largest": int(r["largest"] or 0),
        }
    return out


# --- rendering ---------------------------------------------------------------------------------

CSS = """
body { font-family: system-ui, sans-serif; margin: 1rem auto; max-width: 1180px; padding: 0 1rem;
       color: #222; line-height: 1.35; }
h1 { border-bottom: 2px solid #d62728; padding-bottom: .2rem; margin: .2rem 0 .4rem; font-size: 1.5rem; }
h2 { margin-top: 2rem; } h3 { margin-bottom: .3rem; }
.headline { font-size: 1.1rem; margin: .3rem 0 .6rem; }
.box { max-width: 100%; overflow-x: auto; margin: .5rem 0 1rem; }
table { border-collapse: collapse; font-size: .82rem; width: 100%; }
th, td { border: 1px solid #ccc; padding: .2rem .4rem; text-align: left; vertical-align: top;
         overflow-wrap: anywhere; max-width: 28rem; }
th { background: #f3f3f3; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.handles { font-weight: 600; color: #8b1a1a; }
.figs { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 1rem; }
figure { margin: 0; } figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-size: .85rem; color: #444; }
.group { border-top: 1px solid #ddd; padding-top: .5rem; }
.group .cols { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1rem; }
.note { color: #555; font-size: .9rem; } #render-status { color: #888; font-size: .75rem; }
nav { font-size: .85rem; margin-bottom: .3rem; } nav a { margin-right: .8rem; }
"""

STATUS_SCRIPT = """
(function () {
  var errors = [];
  window.addEventListener('error', function (e) { errors.push(String(e.message || e.type)); }, true);
  window.addEventListener('load', function () {
    var imgs = Array.prototype.slice.call(document.images);
    var broken = imgs.filter(function (i) { return !(i.complete && i.naturalWidth > 0); });
    var wide = document.documentElement.scrollWidth > document.documentElement.clientWidth;
    var who = document.querySelector('#findings .handles');
    var first = who && who.getBoundingClientRect().bottom <= window.innerHeight;
    document.getElementById('render-status').textContent = (broken.length === 0 && errors.length === 0)
      ? 'images-ok ' + imgs.length + (wide ? ' overflow' : ' fits')
        + (first ? ' handles-on-first-screen' : ' handles-below')
      : 'images-broken ' + broken.length + ' of ' + imgs.length + '; errors: ' + errors.join(' | ');
  });
})();
"""

CAPTIONS = {
    "timeline": "When: coordinated shares per hour, one line per co-sharing kind.",
    "bin_size_distribution": "Bin-size distribution (log-log): how many bins of each size.",
    "size_vs_score": "Bin size vs Botometer v4 overall, with a least-squares trend on log size.",
    "score_histograms": "Botometer v4 overall (raw, universal) by bin class.",
    "size_vs_lite": "Bin size vs Botometer Lite.",
    "bin_share_gone": "Per bin: size vs share of members gone (not found or suspended).",
    "correlation_heatmap": "Spearman rho of bin size vs each bot score, per slice (n/a: not tested).",
}

e = html.escape


def findings_section(d: ReportData) -> str:
    """The first screen: how many groups, on which kinds, the strongest with handles, what, when, why."""
    groups = d.groups
    if not groups:
        return (
            '<section id="findings"><p class="headline">No coordinated groups found: no co-sharing run has '
            "a community (run <code>graphcli detect all</code> after loading data).</p></section>"
        )
    kinds: dict[str, int] = {}
    for g in groups:
        kinds[g.kind] = kinds.get(g.kind, 0) + 1
    accounts = {h for g in groups for h in g.members["uid"]}
    flagged = sum(1 for g in groups if g.red_flag_score > 0)
    headline = (
        f"<b>{len(groups)} coordinated group{'s' if len(groups) != 1 else ''}</b> of "
        f"<b>{len(accounts)} accounts</b>, on "
        + ", ".join(
            f"{e(k.replace('_', ' '))} ({n})" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1])
        )
        + f"; {flagged} with red flags. The strongest:"
    )
    rows = []
    for i, g in enumerate(groups[:5], start=1):
        handles = g.handles
        shown = ", ".join(handles[:6]) + (f" and {len(handles) - 6} more" if len(handles) > 6 else "")
        what = "<br>".join(e(_short(str(w), 90)) for w in g.objects["what"].head(2)) or e(g.label)
        why = [f"max weight {g.max_weight:g}"]
        if g.min_p_value is not None:
            why.append(f"p = {g.min_p_value:.2g}")
        why.extend(g.red_flags)
        rows.append(
            f'<tr><td class="num"><a href="#{g.anchor}">#{i}</a></td><td>{e(g.kind)}</td>'
            f'<td class="num">{g.size}</td><td class="handles">{e(shown)}</td><td>{what}</td>'
            f"<td>{e(_when(g))}</td><td>{e('; '.join(why))}</td></tr>"
        )
    head = "".join(
        f"<th>{h}</th>" for h in ("group", "kind", "accounts", "who", "what they shared", "when (UTC)", "why")
    )
    return (
        f'<section id="findings"><p class="headline">{headline}</p>'
        f'<div class="box"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
        '<p class="note">Weight: distinct objects two accounts shared within the window; p: chance of that '
        "weight given how much both share (Poisson). Red flags: engagement far above the usual, "
        "fast sharing, "
        "reach across communities (docs/alerts.md).</p></section>"
    )


def groups_section(d: ReportData) -> str:
    """One section per group: members with bot scores and statuses, shared objects with times, a picture."""
    parts = ['<section id="groups"><h2>The groups</h2>']
    for i, g in enumerate(d.groups[: d.top], start=1):
        picture = d.group_images.get(g.anchor)
        figure = (
            f'<figure><img alt="network of group {i}" src="data:image/png;base64,{_b64(picture)}">'
            f"<figcaption>Group {i}: who is tied to whom (edge width: weight; labels: handles).</figcaption>"
            "</figure>"
            if picture
            else ""
        )
        density = f", density {g.density:.2f}" if g.density is not None else ""
        members = table_html(g.members.drop(columns=["uid"]))
        parts.append(
            f'<div class="group" id="{e(g.anchor)}"><h3>#{i} {e(g.kind)}: {e(g.label)}</h3>'
            f'<p class="note">{g.size} accounts{density}; community {e(g.community)} of run {e(g.run_id)}; '
            f"{e(_when(g))}</p>"
            f'<div class="cols"><div>{members}</div><div>{figure}</div></div>'
            f"<h4>What they shared</h4>{table_html(g.objects.head(15))}</div>"
        )
    if len(d.groups) > d.top:
        parts.append(
            f'<p class="note">{len(d.groups) - d.top} smaller groups are not shown: see the alerts export '
            "(<code>graphcli alerts export</code>).</p>"
        )
    parts.append("</section>")
    return "".join(parts)


def bins_section(d: ReportData) -> str:
    """Identical-neighbourhood bins: the multi-item ones as findings, one-item bins apart and explained."""
    one, more = d.bins_overview["one_item"], d.bins_overview["more"]
    return (
        f'<section id="bins"><h2>Bins: accounts with identical {e(d.options.relation)}</h2>'
        f"<p>{more['bins']:,} bins of two or more accounts that engaged with the very same set of at "
        "least two "
        f"posts ({more['accounts']:,} accounts; the largest has {more['largest']:,}). The largest:</p>"
        f"{table_html(d.bins)}"
        f'<p class="note">Set apart: {one["bins"]:,} one-item bins ({one["accounts"]:,} accounts, the '
        f"largest {one['largest']:,}). Accounts that liked one single post, the same one, are mostly "
        "people who saw "
        "a popular post; such a bin is an artefact of the method, not evidence of coordination.</p></section>"
    )


def statistics_section(d: ReportData) -> str:
    """The plots, the correlation table and the data counts."""
    summary = d.summary
    figures = "\n".join(
        f'<figure><img alt="{e(name)}" src="data:image/png;base64,{_b64(path)}">'
        f"<figcaption>{e(CAPTIONS.get(name, name))}</figcaption></figure>"
        for name, path in d.images.items()
    )
    return (
        f'<section id="statistics"><h2>Statistics</h2><div class="figs">{figures}</div>'
        f"<h3>Bin size and bot scores</h3>{table_html(d.table)}"
        f"<h3>Data</h3>{table_html(pd.DataFrame({'what': list(summary), 'count': list(summary.values())}))}"
        "</section>"
    )


def methods_section(d: ReportData) -> str:
    """How everything above was computed, with the detection runs it read."""
    o, rule, runs = d.options, d.rule, d.runs
    run_rows = pd.DataFrame(
        [
            {
                "run": r.run_id,
                "kind": r.kind,
                "parameters": json.dumps(r.parameters),
                "started": str(r.started_at)[:19],
                "used": "yes" if r.run_id in runs.cosharing.values() else "",
            }
            for r in runs.runs
        ]
    )
    return f"""<section id="methods"><h2>Methods and parameters</h2>
<p>Each account's bin size counts the accounts whose set of {e(o.relation)} is exactly the same as
its own (1 when alone). Co-sharing kinds are read from the newest detection run of each kind
({e(", ".join(f"{k}: {v}" for k, v in sorted(runs.cosharing.items())) or "none")}).
Correlations: Pearson r and Spearman rho with 95 % confidence intervals from the Fisher z transform
(for both); bin size vs account gone (not found or suspended, against active; other statuses left out) as
point-biserial r and a two-sided Mann-Whitney U test; at bin level, bin size vs the share of members gone.
Slices: all accounts, large bins (size &ge; {o.large_bin}), small bins (size &le; {o.small_bin})
{f", accounts with at least {o.min_items} items" if o.min_items else ""}. Tests on fewer than
{o.min_n} rows, constant or missing columns are not run; the table says why. p_bh: Benjamini-Hochberg
adjusted p-values across the whole table.</p>
<p>Alert red flags (0-3): engagement outside median &plusmn; {rule.iqr_factor:g} IQR of the monitored history
(at least {rule.min_history} values); median gap between coordinated shares &le; {rule.fast_seconds:g} s;
shared by accounts of &ge; {rule.min_communities} communities. See docs/alerts.md.</p>
<h3>Detection runs</h3>
{table_html(run_rows)}</section>"""


def detectors_section(data: ReportData) -> str:
    """Communities of the detectors beyond co-sharing (detect/multimodal.py, detect/traces.py); nothing
    without such runs."""
    parts = []
    if not data.multimodal.empty:
        parts.append(
            "<h2>Multimodal coordination</h2>\n<p>Communities of accounts that co-shared on several kinds of "
            "object at once (kinds: on which), each kind too little alone; combined chance test "
            "(docs/detection.md).</p>\n" + table_html(data.multimodal.head(data.top))
        )
    if not data.traces.empty:
        parts.append(
            "<h2>Alike behavioural traces</h2>\n<p>Communities of accounts whose hashtags, domains and "
            "retweeted posts (TF-IDF, cosine) are more alike than any pair of shuffled worlds, whenever "
            "they posted (docs/detection.md).</p>\n" + table_html(data.traces.head(data.top))
        )
    if not parts:
        return ""
    return '<section id="detectors">\n' + "\n".join(parts) + "\n</section>"


def persistence_section(data: ReportData) -> str:
    """Groups followed over time slices (detect/persistence.py): reappearing, growing, persisting, with
    the accounts that joined after the first slice; nothing without a persistence run."""
    groups = data.persistence
    if groups.empty:
        return ""
    shown = groups.head(data.top).assign(
        joined_later=[
            _short(" ".join(part.split(" (")[0] for part in text.split("; ") if part), 120)
            for text in groups.head(data.top)["joined_later"]
        ]
    )[SHOWN_COLUMNS]
    counts = groups["status"].value_counts()
    return (
        '<section id="persistence">\n<h2>Groups over time</h2>\n<p>Co-sharing communities detected per time '
        "slice and matched across slices by the Jaccard index of their members: "
        f"{counts.get('reappears', 0)} reappear after a gap, {counts.get('grows', 0)} grow, "
        f"{counts.get('persists', 0)} persist. Accounts that joined after a group's first slice are "
        "candidates for the watch list; the exported <code>persistence</code> table says when each joined "
        "and through which slice community (docs/detection.md).</p>\n" + table_html(shown) + "\n</section>"
    )


# The page, top to bottom. A new kind of finding adds one function here (ReportData -> HTML).
SECTIONS: list[Callable[[ReportData], str]] = [
    findings_section,
    groups_section,
    detectors_section,
    persistence_section,
    bins_section,
    statistics_section,
    methods_section,
]
NAV = (
    ("findings", "Findings"),
    ("groups", "Groups"),
    ("detectors", "Multimodal, traces"),
    ("persistence", "Over time"),
    ("bins", "Bins"),
    ("statistics", "Statistics"),
    ("methods", "Methods"),
)


def render(data: ReportData) -> str:
    """The whole page as one string: the sections of :data:`SECTIONS` in turn."""
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    nav = "".join(f'<a href="#{anchor}">{name}</a>' for anchor, name in NAV)
    body = "\n".join(section(data) for section in SECTIONS)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>graphcli report: coordinated groups</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>{CSS}</style><script>{STATUS_SCRIPT}</script></head>
<body>
<h1>Coordinated groups found</h1>
<nav>{nav}<span class="note">Generated {e(generated)} by graphcli {e(__version__)}.
<span id="render-status">rendering</span></span></nav>
{body}
</body></html>
"""


def table_html(frame: pd.DataFrame, digits: int = 3) -> str:
    """A plain HTML table in a box that scrolls sideways when it must (the page itself never does);
    floats to ``digits`` significant digits, missing values blank."""
    if frame.empty:
        return '<p class="note">(none)</p>'
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = []
    for row in frame.itertuples(index=False):
        cells = []
        for value in row:
            number = isinstance(value, int | float) and not isinstance(value, bool)
            text = _fmt(value, digits)
            cells.append(f'<td class="num">{text}</td>' if number else f"<td>{html.escape(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<div class="box"><table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'
    )


def _when(g: Group) -> str:
    first, last = g.first_share, g.last_share
    if first is None or pd.isna(first):
        return ""
    start, end = pd.Timestamp(first), pd.Timestamp(last)
    if start.date() == end.date():
        return f"{start:%Y-%m-%d %H:%M}-{end:%H:%M}"
    return f"{start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M}"


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _fmt(value: Any, digits: int) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, pd.Timestamp):
        return "" if pd.isna(value) else f"{value:%Y-%m-%d %H:%M:%S}"
    if isinstance(value, float):
        return f"{value:.{digits}g}"
    return str(value)


def _b64(path: Path) -> str:
    return base64.b64encode(path.read_bytes()).decode("ascii")

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
from graphcli.analytics.labels import distinctive, group_content
from graphcli.analytics.network import (
    community_summary,
    multimodal_communities,
    network_edges,
    network_nodes,
    trace_communities,
)
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


def write_report(
    gw: Gateway,
    out_dir: Path,
    options: CorrelationOptions | None = None,
    top: int = 10,
    rule: RedFlagRule | None = None,
    progress: Messages | None = None,
) -> ReportResult:
    """Compute everything and write ``report.html`` plus its parts (CSV/Markdown/Parquet, PNG/SVG plots)."""
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
    step("plots")
    figures = {
        "bin_size_distribution": plots.bin_size_distribution_figure(frame, options.relation),
        "score_histograms": plots.score_histograms_figure(frame, "raw_universal_overall", options),
        "size_vs_score": plots.size_vs_score_figure(frame, "raw_universal_overall", options.relation),
        "size_vs_lite": plots.size_vs_score_figure(frame, "lite", options.relation),
        "bin_share_gone": plots.bin_share_gone_figure(frame, options.relation),
        "correlation_heatmap": plots.correlation_heatmap_figure(table),
        "communities": plots.communities_figure(nodes, edges),
        "timeline": plots.timeline_figure(coordinated_shares(gw, runs)),
    }
    images = {name: plots.save_figure(fig, out_dir / "plots", name) for name, fig in figures.items()}
    step("bins")
    bins = top_bins(gw, options.relation, top)
    page = render(
        summary=data_summary(gw, frame),
        runs=runs,
        options=options,
        rule=rule or RedFlagRule(),
        table=table,
        images={name: paths["png"] for name, paths in images.items()},
        bins=bins,
        communities=communities.head(top),
        alerts=alerts.head(top),
        community_links=top_links(gw, runs, list(communities["community"].head(top))),
    )
    page = page.replace("</body>", detector_findings_html(gw, runs, top) + "</body>", 1)
    path = out_dir / "report.html"
    path.write_text(page, encoding="utf-8")
    return ReportResult(path, files, sorted(images), sorted(set(runs.cosharing.values())))


def data_summary(gw: Gateway, frame: pd.DataFrame) -> dict[str, Any]:
    """Counts a reader needs to judge the numbers: nodes and relationships, scored and checked accounts."""
    counts = database_stats(gw)
    statuses = frame["status"].fillna("(never checked)").value_counts().to_dict()
    return {
        "accounts": len(frame),
        "with a likes bin size": int(frame["bin_size_likes"].notna().sum()),
        "with a Botometer v4 score": int(frame["raw_universal_overall"].notna().sum()),
        "with a Botometer Lite score": int(frame["lite"].notna().sum()),
        **{f"status: {k}": int(v) for k, v in sorted(statuses.items())},
        **{f"nodes: {k}": v for k, v in sorted(counts["nodes"].items())},
        **{f"relationships: {k}": v for k, v in sorted(counts["relationships"].items())},
    }


def top_bins(gw: Gateway, relation: str, top: int) -> pd.DataFrame:
    """The ``top`` largest bins with their most distinctive domains, hashtags and terms, and top links."""
    rows = gw.read("report/bin_content", {"relation": relation, "limit": top})
    content = group_content(rows)
    tops = distinctive(content)
    seen: dict[str, dict[str, Any]] = {}
    for row in rows:
        seen.setdefault(
            str(row["group_id"]),
            {"bin": row["group_id"], "size": row["size"], "items": row["n_items"], "run_id": row["run_id"]},
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


def top_links(gw: Gateway, runs: RunSelection, community_ids: list[str]) -> dict[str, str]:
    """Each listed community's three most shared links (by count, not distinctiveness)."""
    params = runs.as_params()
    if not params or not community_ids:
        return {}
    content = group_content(gw.read("report/community_content", {"runs": params}))
    return {
        c: " ".join(link for link, _ in content[c].links.most_common(3))
        for c in community_ids
        if c in content
    }


# --- rendering ---------------------------------------------------------------------------------

CSS = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222;
       line-height: 1.4; }
h1 { border-bottom: 2px solid #d62728; padding-bottom: .3rem; }
table { border-collapse: collapse; margin: 1rem 0; font-size: .85rem; }
th, td { border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.figs { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
figure { margin: 0; } figure img { max-width: 100%; border: 1px solid #eee; }
figcaption { font-size: .85rem; color: #444; }
.note { color: #555; font-size: .9rem; } #render-status { color: #888; font-size: .75rem; }
"""

STATUS_SCRIPT = """
(function () {
  var errors = [];
  window.addEventListener('error', function (e) { errors.push(String(e.message || e.type)); }, true);
  window.addEventListener('load', function () {
    var imgs = Array.prototype.slice.call(document.images);
    var broken = imgs.filter(function (i) { return !(i.complete && i.naturalWidth > 0); });
    document.getElementById('render-status').textContent = (broken.length === 0 && errors.length === 0)
      ? 'images-ok ' + imgs.length
      : 'images-broken ' + broken.length + ' of ' + imgs.length + '; errors: ' + errors.join(' | ');
  });
})();
"""

CAPTIONS = {
    "bin_size_distribution": "Bin-size distribution (log-log): how many bins of each size.",
    "score_histograms": "Botometer v4 overall (raw, universal) by bin class.",
    "size_vs_score": "Bin size vs Botometer v4 overall, with a least-squares trend on log size.",
    "size_vs_lite": "Bin size vs Botometer Lite.",
    "bin_share_gone": "Per bin: size vs share of members gone (not found or suspended).",
    "correlation_heatmap": "Spearman rho of bin size vs each bot score, per slice (n/a: not tested).",
    "communities": "The largest co-sharing communities as networks (node size: degree).",
    "timeline": "Coordinated shares per hour, per co-sharing kind.",
}


def render(
    *,
    summary: dict[str, Any],
    runs: RunSelection,
    options: CorrelationOptions,
    rule: RedFlagRule,
    table: pd.DataFrame,
    images: dict[str, Path],
    bins: pd.DataFrame,
    communities: pd.DataFrame,
    alerts: pd.DataFrame,
    community_links: dict[str, str],
) -> str:
    """The whole page as one string."""
    e = html.escape
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
    comm = communities.assign(**{"top links": [community_links.get(c, "") for c in communities["community"]]})
    figures = "\n".join(
        f'<figure><img alt="{e(name)}" src="data:image/png;base64,{_b64(path)}">'
        f"<figcaption>{e(CAPTIONS.get(name, name))}</figcaption></figure>"
        for name, path in images.items()
    )
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>graphcli report</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>{CSS}</style><script>{STATUS_SCRIPT}</script></head>
<body>
<h1>graphcli report</h1>
<p class="note">Generated {e(generated)} by graphcli {e(__version__)}.
<span id="render-status">rendering</span></p>
<h2>Plots</h2>
<div class="figs">{figures}</div>
<h2>Data</h2>
{table_html(pd.DataFrame({"what": list(summary), "count": list(summary.values())}))}
<h2>Methods and parameters</h2>
<p>Each account's bin size counts the accounts whose set of {e(options.relation)} is exactly the same as
its own (1 when alone). Co-sharing kinds are read from the newest detection run of each kind
({e(", ".join(f"{k}: {v}" for k, v in sorted(runs.cosharing.items())) or "none")}).
Correlations: Pearson r and Spearman rho with 95 % confidence intervals from the Fisher z transform
(for both); bin size vs account gone (not found or suspended, against active; other statuses left out) as
point-biserial r and a two-sided Mann-Whitney U test; at bin level, bin size vs the share of members gone.
Slices: all accounts, large bins (size &ge; {options.large_bin}), small bins (size &le; {options.small_bin})
{f", accounts with at least {options.min_items} items" if options.min_items else ""}. Tests on fewer than
{options.min_n} rows, constant or missing columns are not run; the table says why. p_bh: Benjamini-Hochberg
adjusted p-values across the whole table.</p>
<p>Alert red flags (0-3): engagement outside median &plusmn; {rule.iqr_factor:g} IQR of the monitored history
(at least {rule.min_history} values); median gap between coordinated shares &le; {rule.fast_seconds:g} s;
shared by accounts of &ge; {rule.min_communities} communities. See docs/alerts.md.</p>
<h3>Detection runs</h3>
{table_html(run_rows)}
<h2>Correlations</h2>
{table_html(table)}

<h2>Largest bins</h2>
{table_html(bins)}
<h2>Largest co-sharing communities</h2>
{table_html(comm)}
<h2>Top alerts</h2>
{table_html(alerts.drop(columns=["new"], errors="ignore"))}
</body></html>
"""


def table_html(frame: pd.DataFrame, digits: int = 3) -> str:
    """A plain HTML table; floats to ``digits`` significant digits, missing values blank."""
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
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _fmt(value: Any, digits: int) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float):
        return f"{value:.{digits}g}"
    return str(value)


def _b64(path: Path) -> str:
    return base64.b64encode(path.read_bytes()).decode("ascii")


# --- Findings of the detectors beyond co-sharing (detect/multimodal.py, detect/traces.py), kept apart
# from the page layout: sections appended before </body>.
def detector_findings_html(gw: Gateway, runs: RunSelection, top: int = 10) -> str:
    """Sections on multimodal coordination and on alike behavioural traces (the data:
    ``network.multimodal_communities`` and ``network.trace_communities``); empty without such runs."""
    parts = []
    multimodal = multimodal_communities(gw, runs)
    if not multimodal.empty:
        parts.append(
            "<h2>Multimodal coordination</h2>\n<p>Communities of accounts that co-shared on several kinds of "
            "object at once (kinds: on which), each kind too little alone; combined chance test "
            "(docs/detection.md).</p>\n" + table_html(multimodal.head(top))
        )
    traces = trace_communities(gw, runs)
    if not traces.empty:
        parts.append(
            "<h2>Alike behavioural traces</h2>\n<p>Communities of accounts whose hashtags, domains and "
            "retweeted posts (TF-IDF, cosine) are more alike than any pair of shuffled worlds, whenever "
            "they posted (docs/detection.md).</p>\n" + table_html(traces.head(top))
        )
    return "".join(part + "\n" for part in parts)

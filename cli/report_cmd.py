"""`graphcli report ...`: the feature frame, the correlation table and the HTML report."""

from __future__ import annotations

from pathlib import Path

import typer

from graphcli.analytics.correlations import CorrelationOptions, correlation_table, write_correlations
from graphcli.analytics.features import account_features, write_features
from graphcli.analytics.html_report import write_report
from graphcli.cli.common import JSON_OPTION, emit_json, gateway, new_app, say, state
from graphcli.cli.progress import counted_steps

REPORT_STEPS = 5  # write_report's steps: features, correlations, networks and alerts, plots, bins

app = new_app("Write the account feature frame, the correlation tests and the HTML report.")

RELATION = typer.Option("likes", "--relation", help="Which bin sizes to use: likes, retweets or both.")
LARGE = typer.Option(50, "--large-bin", min=2, help="Bins of at least this size form the 'large bins' slice.")
SMALL = typer.Option(10, "--small-bin", min=1, help="Bins of at most this size form the 'small bins' slice.")
MIN_ITEMS = typer.Option(None, "--min-items", min=1, help="Also test accounts with at least N binned items.")
MIN_N = typer.Option(10, "--min-n", min=4, help="Fewer rows than this: the test is not run (reason given).")


def options(
    relation: str, large_bin: int, small_bin: int, min_items: int | None, min_n: int
) -> CorrelationOptions:
    return CorrelationOptions(
        relation=relation, large_bin=large_bin, small_bin=small_bin, min_items=min_items, min_n=min_n
    )


@app.command()
def features(
    ctx: typer.Context,
    out: Path = typer.Argument(..., help="Where to write: a .parquet or .csv file."),
    json_out: bool = JSON_OPTION,
) -> None:
    """One row per account: bins, status, bot scores, coordination degree and community (docs/features.md)."""
    with gateway(ctx) as gw:
        frame = account_features(gw)
    path = write_features(frame, out)
    summary = {"file": str(path), "accounts": len(frame), "columns": len(frame.columns)}
    if json_out:
        emit_json(summary)
    else:
        say(f"wrote {len(frame):,} accounts x {len(frame.columns)} columns to {path}")


@app.command()
def correlations(
    ctx: typer.Context,
    out_dir: Path = typer.Argument(
        ..., help="Folder for correlations.csv, correlations.md, features.parquet."
    ),
    relation: str = RELATION,
    large_bin: int = LARGE,
    small_bin: int = SMALL,
    min_items: int | None = MIN_ITEMS,
    min_n: int = MIN_N,
    json_out: bool = JSON_OPTION,
) -> None:
    """Pearson and Spearman (with 95% Fisher-z intervals), point-biserial and Mann-Whitney tests of bin size
    against bot scores and accounts gone, per slice, and of the highest like/retweet counts seen against
    later ones where a later look-up was loaded, Benjamini-Hochberg adjusted."""
    opts = options(relation, large_bin, small_bin, min_items, min_n)
    with gateway(ctx) as gw:
        frame = account_features(gw)
        counts = gw.read_frame("report/counts_highest_vs_later", {"platform": None})
    table = correlation_table(frame, opts, counts if len(counts) else None)
    paths = write_correlations(table, out_dir)
    paths["features"] = write_features(frame, out_dir / "features.parquet")
    tested = int(table["reason"].eq("").sum())
    summary = {
        "files": {k: str(v) for k, v in paths.items()},
        "rows": len(table),
        "tested": tested,
        "not_tested": len(table) - tested,
    }
    if json_out:
        emit_json(summary)
    else:
        say(f"{tested} of {len(table)} tests run (the others say why); wrote {paths['markdown']}")


@app.command()
def html(
    ctx: typer.Context,
    out_dir: Path = typer.Argument(..., help="Folder for report.html and its parts (tables, plots)."),
    relation: str = RELATION,
    large_bin: int = LARGE,
    small_bin: int = SMALL,
    min_items: int | None = MIN_ITEMS,
    min_n: int = MIN_N,
    top: int = typer.Option(10, "--top", min=1, help="How many bins, communities and alerts to list."),
    json_out: bool = JSON_OPTION,
) -> None:
    """One self-contained HTML report (plots embedded), findings first: the coordinated groups with their
    handles, what they shared, when and why flagged; then each group, the bins, the statistics, the methods.

    Example: graphcli report html report --top 5
    """
    opts = options(relation, large_bin, small_bin, min_items, min_n)
    quiet = state(ctx).quiet
    with gateway(ctx) as gw:
        steps = None if quiet else counted_steps("report", REPORT_STEPS)
        result = write_report(gw, out_dir, opts, top=top, progress=steps)
    if json_out:
        emit_json(result.summary())
    else:
        say(f"wrote {result.html}")

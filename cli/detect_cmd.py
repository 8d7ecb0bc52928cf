"""`graphcli detect ...`: identical-neighbourhood bins, co-sharing communities, all of them, and runs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
from rich.table import Table

from graphcli.cli.common import JSON_OPTION, emit_json, gateway, new_app, out, say, state
from graphcli.cli.progress import timed
from graphcli.cypher.connect import connection
from graphcli.detect import runs, spark_engine
from graphcli.detect.bins import RELATIONS, BinParams, detect_bins
from graphcli.detect.communities import ALGORITHMS
from graphcli.detect.cosharing import ENGINES, RULES, CosharingParams, detect_cosharing
from graphcli.detect.multimodal import MultimodalParams, detect_multimodal
from graphcli.detect.pairs import BINNINGS
from graphcli.detect.persistence import CYCLES, PersistenceParams, detect_persistence
from graphcli.detect.registry import DETECTIONS, run_all
from graphcli.detect.traces import DEFAULT_KINDS as DEFAULT_TRACE_KINDS
from graphcli.detect.traces import TraceParams, detect_traces
from graphcli.model.errors import ConfigError
from graphcli.model.records import SHARE_KINDS
from graphcli.model.runs import RunSummary

app = new_app(
    "Find coordinated accounts: identical-neighbourhood bins, co-sharing and multimodal communities."
)

ENGINE_OPTION = typer.Option(
    "in-process",
    help=f"Where to compute: {' or '.join(ENGINES)} (Apache Spark; pip install 'graphcli[spark]').",
)
MASTER_OPTION = typer.Option(
    "local[*]", help="With --engine spark: Spark's master (local[N], spark://, yarn, k8s://)."
)
CONF_OPTION = typer.Option([], help="With --engine spark: a Spark setting key=value; repeat for more.")
INPUT_OPTION = typer.Option(
    None,
    "--input",
    help="With --engine spark: read this Parquet/CSV table (any path Spark reads) instead of Neo4j.",
)


@contextmanager
def _spark(
    ctx: typer.Context, master: str, conf: list[str], table: str | None
) -> Iterator[tuple[Any, spark_engine.SparkOptions]]:
    """A Spark session and its options for this command: Neo4j through the connector unless a table
    is given."""
    st = state(ctx)
    settings = st.settings()
    options = spark_engine.SparkOptions(
        master=master,
        conf=spark_engine.parse_conf(conf),
        input=table,
        connection=None if table else connection(settings),
        home=settings.home,
    )
    with spark_engine.spark_session(options, None if st.quiet else say) as session:
        yield session, options


def _check_engine(engine: str, master: str, conf: list[str], table: str | None) -> None:
    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r}", hint=" or ".join(ENGINES))
    spark_engine.parse_conf(conf)
    if engine != "spark" and (master != "local[*]" or conf or table):
        raise ConfigError("--spark-master, --spark-conf and --input need --engine spark")


def _notes(ctx: typer.Context) -> Any:
    return None if state(ctx).quiet else say


def _summarise(summaries: list[RunSummary], json_out: bool, as_list: bool = True) -> None:
    """JSON on stdout (a list, or one object for a single detection), else one line each on stderr."""
    if json_out:
        emit_json([s.as_json() for s in summaries] if as_list else summaries[0].as_json())
        return
    for summary in summaries:
        s = {**summary.parameters, **summary.counts}  # no clash in the keys these lines use
        if summary.detection == "bins":
            say(
                f"{summary.run_id}: {s['bins']:,} bins ({s['relation']}) "
                f"holding {s['accounts_in_bins']:,} accounts, "
                f"largest {s['largest_bin']:,}"
            )
            if s.get("one_item_bins"):
                say(
                    f"  warning: {s['one_item_bins']:,} bins have a single item; with a per-request cap on "
                    "scraped likers, large one-item bins are an artefact of the cap, not coordination"
                )
        elif summary.detection == "multimodal":
            say(
                f"{summary.run_id}: multimodal over {', '.join(s['kinds'])}: {s['edges']:,} pairs on "
                f"{s['min_kinds']}+ kinds (p <= {s['p_threshold']:.2g}), {s['communities']:,} communities of "
                f"{s['accounts']:,} accounts [{s['engine']}]"
            )
        elif summary.detection == "traces":
            say(
                f"{summary.run_id}: traces: {s['edges']:,} pairs more alike than chance (cosine > "
                f"{s['threshold']:.3f}), {s['communities']:,} communities of {s['accounts']:,} accounts "
                f"[{s['engine']}]"
            )
        elif summary.detection == "persistence":
            say(
                f"{summary.run_id}: {s['kind']} over {s['slices']} slices of {s['slice']}: {s['groups']:,} "
                f"groups in two slices or more ({s['persists']} persist, {s['grows']} grow, "
                f"{s['reappears']} reappear; {s['new_accounts']:,} accounts joined later)"
            )
        else:
            say(
                f"{summary.run_id}: {s['kind']}: window {s['window_s']:g} s, "
                f"{s['edges']:,} coordinated edges "
                f"(weight >= {s['weight_threshold']:g}, p <= {s['p_threshold']:.2g}), "
                f"{s['communities']:,} communities of "
                f"{s['accounts']:,} accounts [{s['engine']}]"
            )


@app.command()
def bins(
    ctx: typer.Context,
    relation: str = typer.Option("likes", help=f"Which posts make an account's set: {', '.join(RELATIONS)}."),
    min_items: int = typer.Option(1, help="Leave out accounts with fewer items than this."),
    similarity: float | None = typer.Option(
        None, help="Group near-identical sets instead: Jaccard >= this (0 < J < 1), by connected components."
    ),
    no_gds: bool = typer.Option(
        False, "--no-gds", help="With --similarity: exact scipy computation, not GDS."
    ),
    engine: str = ENGINE_OPTION,
    spark_master: str = MASTER_OPTION,
    spark_conf: list[str] = CONF_OPTION,
    table: str | None = typer.Option(
        None, "--input", help="With --engine spark: a likes or retweets table (Parquet/CSV) instead of Neo4j."
    ),
    json_out: bool = JSON_OPTION,
) -> None:
    """Bin accounts whose sets of liked / retweeted posts are equal (or near-equal with --similarity).

    Example: graphcli detect bins --relation both --engine spark --spark-master local[2]
    """
    _check_engine(engine, spark_master, spark_conf, table)
    params = BinParams(relation=relation, min_items=min_items, similarity=similarity, engine=engine)
    params.validate()
    if no_gds and similarity is None:
        raise ConfigError("--no-gds only applies with --similarity", hint="exact bins always run in Cypher")
    with gateway(ctx) as gw:
        if engine == "spark":
            with _spark(ctx, spark_master, spark_conf, table) as (session, options):
                summary = spark_engine.detect_bins(gw, params, session, options, _notes(ctx))
        else:
            summary = detect_bins(gw, params, _notes(ctx), use_gds=False if no_gds else None)
    _summarise([summary], json_out, as_list=False)


def parse_window(value: str) -> float | str:
    """``auto`` or a positive number of seconds."""
    if value == "auto":
        return "auto"
    try:
        seconds = float(value)
    except ValueError:
        raise ConfigError(f"--window must be a number of seconds or 'auto', not {value!r}") from None
    return seconds


@app.command()
def cosharing(
    ctx: typer.Context,
    kind: str = typer.Option("link", help=f"Shared object kind: {', '.join(SHARE_KINDS)}, or all."),
    window: str = typer.Option(
        "60", help="Seconds between two shares of the same object, or 'auto' (CooRnet)."
    ),
    min_participation: int = typer.Option(2, help="Leave out accounts with fewer shares of that kind."),
    rule: str = typer.Option(
        "chance",
        help=f"Which edges to keep: {', '.join(RULES)} (chance = the chance test; coornet = the 95th "
        "weight percentile, no test, as CooRnet runs it; none = every candidate edge).",
    ),
    edge_percentile: float | None = typer.Option(
        None, help="Also keep only edges whose weight is at least this quantile (coornet: 0.95)."
    ),
    alpha: float = typer.Option(
        0.05, help="Rule chance: keep edges unlikely by chance at this family-wise error rate."
    ),
    participation: str = typer.Option(
        "shares",
        help="Who takes part: shares (accounts with >= --min-participation shares) or coortweet "
        "(CooRTweet's detect_groups: rows incl. duplicates, then its after-pairing filter).",
    ),
    communities: str = typer.Option("leiden", help=f"Community algorithm: {', '.join(ALGORITHMS)}."),
    binning: str = typer.Option(
        "sliding", help=f"Time rule: {', '.join(BINNINGS)} (fixed = CooRnet's bins)."
    ),
    no_gds: bool = typer.Option(False, "--no-gds", help="Find communities with igraph + leidenalg, not GDS."),
    engine: str = ENGINE_OPTION,
    spark_master: str = MASTER_OPTION,
    spark_conf: list[str] = CONF_OPTION,
    table: str | None = INPUT_OPTION,
    json_out: bool = JSON_OPTION,
) -> None:
    """Link accounts that shared the same objects within a time window; write edges and communities.

    Examples: graphcli detect cosharing --kind link --rule coornet --participation coortweet --window 10
              graphcli detect cosharing --kind link --engine spark --input shares.parquet
    """
    _check_engine(engine, spark_master, spark_conf, table)
    if binning not in BINNINGS:
        raise ConfigError(f"unknown binning {binning!r}", hint="sliding or fixed")
    kinds = list(SHARE_KINDS) if kind == "all" else [kind]
    plans = [
        CosharingParams(
            kind=k,
            window=parse_window(window),
            min_participation=min_participation,
            rule=rule,
            edge_percentile=edge_percentile,
            alpha=alpha,
            participation=participation,
            communities=communities,
            binning=BINNINGS[binning],
            engine=engine,
        )
        for k in kinds
    ]
    for plan in plans:
        plan.validate()
    use_gds = False if no_gds else None
    with gateway(ctx) as gw:
        if engine == "spark":
            with _spark(ctx, spark_master, spark_conf, table) as (session, options):
                if kind == "all":
                    present = set(spark_engine.share_kinds(session, options, gw))
                    plans = [p for p in plans if p.kind in present]
                summaries = [
                    spark_engine.detect_cosharing(gw, p, session, options, use_gds, _notes(ctx))
                    for p in plans
                ]
        else:
            if kind == "all":
                present = {row["kind"] for row in gw.read("detect/share_kinds")}
                plans = [p for p in plans if p.kind in present]
            summaries = [detect_cosharing(gw, p, use_gds=use_gds, progress=_notes(ctx)) for p in plans]
    _summarise(summaries, json_out, as_list=kind == "all")


@app.command("multimodal")
def multimodal_cmd(
    ctx: typer.Context,
    kinds: str = typer.Option(
        "", help="Comma-separated share kinds to combine; default every kind present except domain."
    ),
    window: float = typer.Option(60, help="Seconds between two shares of the same object."),
    min_participation: int = typer.Option(2, help="Leave out accounts with fewer shares over all kinds."),
    min_kinds: int = typer.Option(2, help="Keep pairs that co-shared on at least this many kinds."),
    alpha: float = typer.Option(0.05, help="Family-wise error rate of the combined chance test."),
    communities: str = typer.Option("leiden", help=f"Community algorithm: {', '.join(ALGORITHMS)}."),
    no_gds: bool = typer.Option(False, "--no-gds", help="Find communities with igraph + leidenalg, not GDS."),
    json_out: bool = JSON_OPTION,
) -> None:
    """Link accounts that co-shared on several kinds of object at once (links, messages, hashtags,
    pictures, retweets), each kind too little to stand out alone; write edges and communities.

    Example: graphcli detect multimodal --kinds link,message,hashtag,image_hash --json
    """
    params = MultimodalParams(
        kinds=tuple(k.strip() for k in kinds.split(",") if k.strip()),
        window=window,
        min_participation=min_participation,
        min_kinds=min_kinds,
        alpha=alpha,
        communities=communities,
    )
    params.validate()
    with gateway(ctx) as gw:
        summary = detect_multimodal(gw, params, use_gds=False if no_gds else None, progress=_notes(ctx))
    _summarise([summary], json_out, as_list=False)


@app.command("traces")
def traces_cmd(
    ctx: typer.Context,
    kinds: str = typer.Option(
        ",".join(DEFAULT_TRACE_KINDS), help="Comma-separated share kinds whose objects make up a trace."
    ),
    min_tokens: int = typer.Option(5, help="Leave out accounts with fewer distinct informative tokens."),
    max_df: float = typer.Option(0.05, help="Drop tokens used by more than this share of the accounts."),
    shuffles: int = typer.Option(10, help="Shuffled worlds the threshold is measured on."),
    seed: int = typer.Option(42, help="Seed of the shuffles."),
    communities: str = typer.Option("leiden", help=f"Community algorithm: {', '.join(ALGORITHMS)}."),
    no_gds: bool = typer.Option(False, "--no-gds", help="Find communities with igraph + leidenalg, not GDS."),
    json_out: bool = JSON_OPTION,
) -> None:
    """Link accounts whose behavioural traces (TF-IDF of hashtags used, domains linked, posts retweeted)
    are more alike than any pair in shuffled worlds, whenever they posted; write edges and communities.

    Example: graphcli detect traces --kinds hashtag,domain --shuffles 20 --json
    """
    params = TraceParams(
        kinds=tuple(k.strip() for k in kinds.split(",") if k.strip()),
        min_tokens=min_tokens,
        max_df=max_df,
        shuffles=shuffles,
        seed=seed,
        communities=communities,
    )
    params.validate()
    with gateway(ctx) as gw:
        summary = detect_traces(gw, params, use_gds=False if no_gds else None, progress=_notes(ctx))
    _summarise([summary], json_out, as_list=False)


@app.command("persistence")
def persistence_cmd(
    ctx: typer.Context,
    kind: str = typer.Option("link", help=f"Shared object kind: {', '.join(SHARE_KINDS)}."),
    slice_: str = typer.Option(
        "1d",
        "--slice",
        help=f"Slice length (90s, 30m, 6h, 1d; aligned to the epoch, so 1d = UTC days), or {CYCLES} "
        "(the co-sharing runs of the monitor's cycles).",
    ),
    min_jaccard: float = typer.Option(
        0.3, help="A community continues a group when shared / either members is at least this."
    ),
    max_gap: int = typer.Option(
        2, help="Slices a group may be missing and still be matched when it returns."
    ),
    growth: float = typer.Option(
        1.5, help="Grows: its latest community has at least this many times its first's members."
    ),
    window: float = typer.Option(60, help="Co-sharing window per slice, seconds."),
    min_participation: int = typer.Option(2, help="Per slice, leave out accounts with fewer shares."),
    alpha: float = typer.Option(0.05, help="Per slice, family-wise error rate of the chance test."),
    communities: str = typer.Option("leiden", help=f"Community algorithm: {', '.join(ALGORITHMS)}."),
    no_gds: bool = typer.Option(False, "--no-gds", help="Find communities with igraph + leidenalg, not GDS."),
    json_out: bool = JSON_OPTION,
) -> None:
    """Follow co-sharing groups over time: detect per slice, match communities across slices (Jaccard of
    members), and report the groups that persist, grow, or reappear with new accounts.

    Examples: graphcli detect persistence --kind message --slice 1d --json
              graphcli detect persistence --kind link --slice cycles --min-jaccard 0.5
    """
    params = PersistenceParams(
        kind=kind,
        slice=slice_,
        min_jaccard=min_jaccard,
        max_gap=max_gap,
        growth=growth,
        window=window,
        min_participation=min_participation,
        alpha=alpha,
        communities=communities,
    )
    params.validate()
    with gateway(ctx) as gw:
        summary = detect_persistence(gw, params, use_gds=False if no_gds else None, progress=_notes(ctx))
    _summarise([summary], json_out, as_list=False)


@app.command("all")
def all_cmd(
    ctx: typer.Context,
    engine: str = ENGINE_OPTION,
    spark_master: str = MASTER_OPTION,
    spark_conf: list[str] = CONF_OPTION,
    json_out: bool = JSON_OPTION,
) -> None:
    """Bins for likes and retweets, co-sharing for every kind present, multimodal coordination, trace
    similarity and persistence over daily slices (kinds spanning two days or more), at default settings.

    Examples: graphcli detect all --json
              graphcli detect all --engine spark --spark-conf spark.driver.memory=4g
    """
    _check_engine(engine, spark_master, spark_conf, None)
    with gateway(ctx) as gw:
        if engine == "spark":
            with _spark(ctx, spark_master, spark_conf, None) as (session, options):
                summaries = spark_engine.run_all(gw, session, options, _notes(ctx))
        else:
            summaries = run_all(gw, None if state(ctx).quiet else timed("detect all"))
    _summarise(summaries, json_out)


@app.command("runs")
def runs_cmd(
    ctx: typer.Context,
    kind: str | None = typer.Option(None, help=f"Only runs of this detection: {', '.join(DETECTIONS)}."),
    json_out: bool = JSON_OPTION,
) -> None:
    """List the detection runs stored in the graph, newest first."""
    if kind is not None and kind not in DETECTIONS:
        raise ConfigError(f"unknown detection {kind!r}", hint=f"choose one of {', '.join(DETECTIONS)}")
    with gateway(ctx) as gw:
        listed = [r for r in runs.list_runs(gw) if kind is None or r.kind == kind]
    if json_out:
        emit_json([vars(r) for r in listed])
        return
    table = Table("id", "kind", "parameters", "finished", "found")
    for r in listed:
        params = ", ".join(f"{k}={v}" for k, v in r.parameters.items())
        table.add_row(r.run_id, r.kind or "", params, r.finished_at or "(unfinished)", f"{r.found:,}")
    out.print(table)

"""`graphcli load FORMAT PATH...`: read source files into the graph."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import typer

from graphcli.cli.common import JSON_OPTION, emit_json, gateway, say, state
from graphcli.cli.progress import OverallProgress, measure_inputs
from graphcli.loaders.load import LoadPath, LoadResult, choose_path, load_plans
from graphcli.loaders.options import ReadOptions
from graphcli.loaders.pipeline import DEFAULT_BATCH_SIZE
from graphcli.loaders.pseudonymize import Pseudonymizer
from graphcli.loaders.sources import LoadPlan, plan_load
from graphcli.model.errors import ConfigError, InputError
from graphcli.model.normalize import parse_time
from graphcli.model.records import parse_share_kind


def load(
    ctx: typer.Context,
    format_name: str = typer.Argument(
        ..., metavar="FORMAT", help="A format name, or `auto` to detect each path's."
    ),
    paths: list[Path] = typer.Argument(..., metavar="PATH...", help="Files or folders to read."),
    keep_text: bool = typer.Option(
        False, "--keep-text", help="Keep the original texts of posts and messages."
    ),
    trust_pickles: bool = typer.Option(
        False, "--trust-pickles", help="Read pickle files (unpickling runs code: only your own files)."
    ),
    kind: str | None = typer.Option(
        None, "--kind", help="The object kind of a 4-column share table, e.g. link."
    ),
    platform: str | None = typer.Option(
        None,
        "--platform",
        help="The platform records belong to. Default: the format's own (Twitter for scrapes, twarc, "
        "Botometer and look-ups; Facebook for CrowdTangle, Meta Content Library and share tables, "
        "except 4-column retweet tables); canonical tables without a platform column need it.",
    ),
    rejects: Path | None = typer.Option(
        None,
        "--rejects",
        help="Rejected rows go here as JSON lines [default: one rejects-RUNID.jsonl per run next to the "
        "first input (next to the key file with --pseudonymize), else here].",
    ),
    scored_at: str | None = typer.Option(
        None,
        "--scored-at",
        metavar="TIME",
        help="When the Botometer scores or look-ups were made, for files that do not say "
        "[default: each file's modification time].",
    ),
    max_rejects: int | None = typer.Option(
        None, "--max-rejects", min=0, help="Fail once more than N rows were rejected."
    ),
    batch_size: int = typer.Option(
        DEFAULT_BATCH_SIZE, "--batch-size", min=1, help="Records per transaction."
    ),
    pseudonymize: Path | None = typer.Option(
        None,
        "--pseudonymize",
        metavar="KEYFILE",
        help="Replace account ids and screen names by an HMAC under this key.",
    ),
    bulk: bool | None = typer.Option(
        None,
        "--bulk/--no-bulk",
        help="Import offline with neo4j-admin (empty managed database), or never. Default: offline "
        "when the managed database is empty and the input has at least `bulk_rows` rows "
        "(GRAPHCLI_BULK_ROWS).",
        show_default=False,
    ),
    workers: int = typer.Option(
        1,
        "--workers",
        min=1,
        help="Processes that parse files while this one writes (same graph whatever the number).",
    ),
    row_path: bool = typer.Option(
        False,
        "--row-path",
        help="Read every table row by row, as before column-wise reading (slower; for comparison).",
    ),
    json_out: bool = JSON_OPTION,
) -> None:
    """Load files into the graph: every row is loaded, a duplicate, or rejected (to the rejects file).

    Re-running the same load changes nothing; a load killed half-way can simply be run again."""
    plans, skipped = plan_load(format_name, paths)
    quiet = state(ctx).quiet
    if not quiet:
        _say_plan(plans, skipped, auto=format_name == "auto")
    options = ReadOptions(
        keep_text=keep_text,
        trust_pickles=trust_pickles,
        share_kind=parse_share_kind(kind) if kind else None,
        platform=platform,
        scored_at=_time_option(scored_at),
        columnar=not row_path,
    )
    pseudonymizer = Pseudonymizer.from_file(pseudonymize) if pseudonymize else None
    # Rejects hold raw rows: with --pseudonymize they are kept beside the key, as secret as it is.
    rejects_dir = (
        None if rejects else _default_rejects_dir(pseudonymize.resolve() if pseudonymize else paths[0])
    )
    if rejects is not None:
        if rejects.is_dir():
            raise ConfigError(f"--rejects {rejects} is a folder", hint="give a file name, e.g. rejects.jsonl")
        rejects.unlink(missing_ok=True)  # one load, one rejects file
    settings = state(ctx).settings()
    if bulk and not settings.managed:
        raise ConfigError("--bulk imports only into the managed local server", hint="unset --uri / NEO4J_URI")
    size = measure_inputs(p for plan in plans for p in plan.paths)
    if not quiet:
        say(f"load: {size.describe()}")
    with gateway(ctx) as gw, OverallProgress("load", size.rows, quiet=quiet) as bar:
        path = choose_path(gw, settings, size.rows, bulk)
        if not quiet and path.bulk:
            say(f"loading offline with neo4j-admin: {path.reason} (--no-bulk loads over Bolt)")
        result = load_plans(
            gw,
            plans,
            options,
            batch_size=batch_size,
            rejects_path=rejects,
            rejects_dir=rejects_dir,
            max_rejects=max_rejects,
            pseudonymizer=pseudonymizer,
            progress=lambda _plan, n: bar.advance(n),
            bulk=settings if path.bulk else None,
            messages=None if state(ctx).quiet else say,
            workers=workers,
        )
    result.skipped[:0] = [(str(path), reason) for path, reason in skipped]
    _report(result, path, json_out, quiet=quiet)
    if result.totals()["read"] == 0:
        raise InputError(
            f"nothing was read from the {len(paths)} input(s) given ({len(result.skipped)} skipped)",
            hint=result.skipped[0][1] if result.skipped else "are the files empty?",
        )


def _time_option(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return parse_time(text)
    except ValueError as exc:
        raise ConfigError(f"--scored-at {text!r}: {exc}") from None


# Files a collection holds beside its data: listed once as "not data", never as a failed input.
NOT_DATA_NAMES = frozenset({"truth.json", "readme", "readme.md", "readme.txt", "license", "manifest.json"})
NOT_DATA_SUFFIXES = frozenset({".log", ".md", ".txt", ".pdf", ".png", ".jpg", ".html", ".yaml", ".yml"})


def is_not_data(path: Path) -> bool:
    """A file that is no source data (the synth's truth.json, logs, notes)."""
    return path.name.lower() in NOT_DATA_NAMES or path.suffix.lower() in NOT_DATA_SUFFIXES


def _say_plan(plans: list[LoadPlan], skipped: list[tuple[Path, str]], auto: bool) -> None:
    """Each input once, with its format; files that are not data once, together; other skips with why."""
    if auto:
        for plan in plans:
            for path, reason in zip(plan.paths, plan.reasons, strict=True):
                say(f"{path}: {plan.format} ({reason.removeprefix(f'{path.name}: ')})")
    not_data = [path for path, _ in skipped if is_not_data(path)]
    for path, reason in skipped:
        if not is_not_data(path):
            say(f"{path}: skipped ({reason.removeprefix(f'{path}: ')})")
    if not_data:
        say("not data, left out: " + ", ".join(str(p) for p in not_data))


def _default_rejects_dir(first: Path) -> Path:
    """Next to the first input (outside it, for a folder) if that folder is writable, else here."""
    folder = first.resolve().parent
    return folder if _writable(folder) else Path.cwd()


def _reader_skips(result: LoadResult) -> int:
    """How many of the skipped paths the readers passed over (the planner's were said already)."""
    return sum(len(s.skipped) for s in result.summaries)


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK)


def _report(result: LoadResult, load_path: LoadPath, json_out: bool, quiet: bool) -> None:
    totals = result.totals()
    rejects_paths = list(
        dict.fromkeys(s.rejects_path for s in result.summaries if s.rejected and s.rejects_path)
    )
    if json_out:
        emit_json(
            {
                **totals,
                "skipped": [{"path": path, "reason": reason} for path, reason in result.skipped],
                "rejects_path": rejects_paths[0] if rejects_paths else None,
                "rejects_paths": rejects_paths,
                "runs": [s.to_dict() for s in result.summaries],
                "path": load_path.name,
                "path_reason": load_path.reason,
                "bulk_imported": result.imported or None,
                "bulk_seconds": result.bulk_seconds or None,
                "import_stages": result.import_stages or None,
            }
        )
        return
    for s in result.summaries:
        say(
            f"{s.format}: read {s.read:,} rows: {s.loaded:,} loaded, {s.duplicate:,} duplicate, "
            f"{s.rejected:,} rejected ({s.seconds:.1f}s)"
        )
    for path in rejects_paths:
        say(f"rejected rows are in {path}")
    if totals["duplicate"]:
        say(
            f"{totals['duplicate']:,} duplicate rows changed nothing: the same record read twice (the same "
            "like in two scrapes, a score in both JSON and CSV, a tweet in two twarc pages) or already in "
            "the graph"
        )
    if not quiet:
        for path, reason in result.skipped[len(result.skipped) - _reader_skips(result) :]:
            say(f"{path}: skipped ({reason})")
    passed_over = [path for path, _ in result.skipped if not is_not_data(Path(path))]
    if passed_over:  # files that are not data were named once, apart
        say(f"skipped {len(passed_over)} file(s)" + ("" if quiet else "; see above"))
    if result.imported:
        say("bulk import: " + ", ".join(f"{n:,} {name}" for name, n in result.imported.items()))
        say("bulk import took " + ", ".join(f"{step} {s:.1f}s" for step, s in result.bulk_seconds.items()))

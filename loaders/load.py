"""Load planned inputs: one pipeline run per format, over Bolt or as one offline bulk import."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from graphcli.cypher.gateway import Gateway
from graphcli.loaders.options import ReadOptions
from graphcli.loaders.parallel import Readers
from graphcli.loaders.pipeline import DEFAULT_BATCH_SIZE, LoadSummary, load_rows, record_summary
from graphcli.loaders.pseudonymize import Pseudonymizer
from graphcli.loaders.sources import LoadPlan
from graphcli.loaders.writer import FreshGraph
from graphcli.model.progress import Messages
from graphcli.model.records import Block, Blocks, Reject, Row
from graphcli.model.settings import Settings


@dataclass
class LoadResult:
    """Every run's summary, what a bulk import put in (empty without ``bulk``) and where its time went
    (seconds per step, and the importer's stages: :class:`graphcli.loaders.bulk.BulkResult`), and every
    path passed over with the reason (by the planner and by the readers)."""

    summaries: list[LoadSummary] = field(default_factory=list)
    imported: dict[str, int] = field(default_factory=dict)
    bulk_seconds: dict[str, float] = field(default_factory=dict)
    import_stages: dict[str, float] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def totals(self) -> dict[str, int]:
        return {
            k: sum(getattr(s, k) for s in self.summaries) for k in ("read", "loaded", "rejected", "duplicate")
        }


@dataclass(frozen=True)
class LoadPath:
    """How a load writes: offline with the importer (``bulk``) or over Bolt, and why."""

    bulk: bool
    reason: str

    @property
    def name(self) -> str:
        return "bulk" if self.bulk else "bolt"


def choose_path(gw: Gateway, settings: Settings, rows: int | None, requested: bool | None) -> LoadPath:
    """Bolt or the offline importer for a load of about ``rows`` input rows. ``requested`` True or
    False is the user's choice (``--bulk``/``--no-bulk``); None lets the size decide: the importer when
    the managed server's database is empty and the input has at least ``settings.bulk_rows`` rows
    (where both took the same time, measured; 0: never), Bolt otherwise."""
    if requested is not None:
        return LoadPath(requested, "--bulk" if requested else "--no-bulk")
    if not settings.managed:
        return LoadPath(False, "the server is not the managed local one, which the importer needs")
    if not settings.bulk_rows:
        return LoadPath(False, "the automatic switch to the importer is off (bulk_rows = 0)")
    if rows is None or rows < settings.bulk_rows:
        counted = "an unknown number of" if rows is None else f"{rows:,}"
        return LoadPath(False, f"{counted} input rows, fewer than bulk_rows ({settings.bulk_rows:,})")
    if gw.read("load/any_node"):
        return LoadPath(False, "the database holds data, and the importer needs an empty one")
    return LoadPath(
        True, f"{rows:,} input rows into an empty database, at least bulk_rows ({settings.bulk_rows:,})"
    )


def load_plans(
    gw: Gateway,
    plans: Sequence[LoadPlan],
    options: ReadOptions,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    rejects_path: Path | None = None,
    max_rejects: int | None = None,
    pseudonymizer: Pseudonymizer | None = None,
    progress: Callable[[LoadPlan, int], None] | None = None,
    bulk: Settings | None = None,
    messages: Messages | None = None,
    rejects_dir: Path | None = None,
    fresh: bool = True,
    workers: int = 1,
) -> LoadResult:
    """Read every plan's paths with its reader and load the rows (see :func:`load_rows`). Rejects go
    to ``rejects_path``, or to one file per run in ``rejects_dir``.

    What a reader notes on how it read (``options.notice``: where a time came from...) goes into its
    run's summary and LoadRun node as ``notes``, and is passed on to ``messages``; files a reader
    passes over go into the run's ``skipped`` and the result's. With ``bulk`` (the managed server's
    settings) the database must be empty; everything is collected and imported offline at the end,
    and the server restarted. Without it, a load that begins on an empty database CREATEs what it
    knows to be new (``fresh``, see :class:`FreshGraph`; False always MERGEs).
    With ``workers`` above 1, files are parsed in that many worker processes while this one writes
    (same rows in the same order, see ``loaders.parallel``)."""
    with Readers(workers) as readers:
        return _load_plans(
            gw,
            plans,
            options,
            readers,
            batch_size=batch_size,
            rejects_path=rejects_path,
            max_rejects=max_rejects,
            pseudonymizer=pseudonymizer,
            progress=progress,
            bulk=bulk,
            messages=messages,
            rejects_dir=rejects_dir,
            fresh=fresh,
        )


def _load_plans(
    gw: Gateway,
    plans: Sequence[LoadPlan],
    options: ReadOptions,
    readers: Readers,
    *,
    batch_size: int,
    rejects_path: Path | None,
    max_rejects: int | None,
    pseudonymizer: Pseudonymizer | None,
    progress: Callable[[LoadPlan, int], None] | None,
    bulk: Settings | None,
    messages: Messages | None,
    rejects_dir: Path | None,
    fresh: bool,
) -> LoadResult:
    result = LoadResult()
    bulk_writer = None
    fresh_graph = None
    if bulk is not None:
        from graphcli.loaders.bulk import BulkWriter, require_empty

        require_empty(gw)
        bulk_writer = BulkWriter()
    elif fresh:
        fresh_graph = FreshGraph.if_empty(gw)
    for plan in plans:
        notes: list[str] = []
        skipped: list[tuple[str, str]] = []

        def note(message: str, notes: list[str] = notes) -> None:
            notes.append(message)
            if messages is not None:
                messages(message)

        def skip(path: str, reason: str, skipped: list[tuple[str, str]] = skipped) -> None:
            skipped.append((path, reason))

        plan_options = replace(options, notice=note, skip=skip)
        summary = load_rows(
            gw,
            rows_of_readable_files(plan, plan_options, skip, readers),
            source=", ".join(str(p) for p in plan.paths),
            files=plan.paths,
            format_name=plan.format,
            batch_size=batch_size,
            rejects_path=rejects_path,
            rejects_dir=rejects_dir,
            max_rejects=max_rejects,
            pseudonymizer=pseudonymizer,
            progress=partial(progress, plan) if progress else None,
            writer=bulk_writer,
            options=options.identity(),  # reader options change what is loaded: part of the run id
            fresh=fresh_graph,
        )
        if notes or skipped:
            summary.notes, summary.skipped = notes, [{"path": p, "reason": r} for p, r in skipped]
            record_summary(gw, summary)
        result.summaries.append(summary)
        result.skipped.extend(skipped)
    if bulk is not None and bulk_writer is not None:
        from graphcli.loaders.bulk import finish_bulk

        with tempfile.TemporaryDirectory(prefix="graphcli-bulk-", dir=bulk.home) as workdir:
            done = finish_bulk(bulk_writer, gw, bulk, Path(workdir), result.summaries, progress=messages)
        result.imported, result.bulk_seconds, result.import_stages = done.counts, done.seconds, done.stages
    return result


def rows_of_readable_files(
    plan: LoadPlan, options: ReadOptions, skip: Callable[[str, str], None], readers: Readers | None = None
) -> Iterator[Row | Reject | Block | Blocks]:
    """Every row of every path of ``plan``, read by ``readers`` (in this process without them); a
    file its reader cannot read at all (empty, a missing column, unreadable) is passed to ``skip``
    with the reason and the load goes on with the next one. Rows read before a file failed part-way
    stay counted; the reason says where it stopped."""
    files = [(plan.reader_of(path), path) for path in plan.paths]
    return (readers or Readers()).read(files, options, skip)

"""Load planned inputs: one pipeline run per format, over Bolt or as one offline bulk import."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path

from graphcli.cypher.gateway import Gateway
from graphcli.loaders.options import ReadOptions
from graphcli.loaders.pipeline import DEFAULT_BATCH_SIZE, LoadSummary, load_rows
from graphcli.loaders.pseudonymize import Pseudonymizer
from graphcli.loaders.sources import LoadPlan
from graphcli.model.errors import GraphcliError, InputError
from graphcli.model.progress import Messages
from graphcli.model.records import Reject, Row
from graphcli.model.settings import Settings


@dataclass
class LoadResult:
    """Every run's summary, and what a bulk import put in (empty without ``bulk``)."""

    summaries: list[LoadSummary] = field(default_factory=list)
    imported: dict[str, int] = field(default_factory=dict)

    def totals(self) -> dict[str, int]:
        return {
            k: sum(getattr(s, k) for s in self.summaries) for k in ("read", "loaded", "rejected", "duplicate")
        }


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
) -> LoadResult:
    """Read every plan's paths with its reader and load the rows (see :func:`load_rows`). Rejects go
    to ``rejects_path``, or to one file per run in ``rejects_dir``.

    With ``bulk`` (the managed server's settings) the database must be empty; everything is collected
    and imported offline at the end, and the server restarted."""
    result = LoadResult()
    writer = None
    if bulk is not None:
        from graphcli.loaders.bulk import BulkWriter, require_empty

        require_empty(gw)
        writer = BulkWriter()
    for plan in plans:
        skipped: list[dict[str, str]] = []
        summary = load_rows(
            gw,
            rows_of_readable_files(plan, options, skipped),
            source=", ".join(str(p) for p in plan.paths),
            files=plan.paths,
            format_name=plan.format,
            batch_size=batch_size,
            rejects_path=rejects_path,
            rejects_dir=rejects_dir,
            max_rejects=max_rejects,
            pseudonymizer=pseudonymizer,
            progress=partial(progress, plan) if progress else None,
            writer=writer,
            options=asdict(options),  # reader options change what is loaded: part of the run id
        )
        summary.skipped = skipped
        result.summaries.append(summary)
    if bulk is not None and writer is not None:
        from graphcli.loaders.bulk import finish_bulk

        with tempfile.TemporaryDirectory(prefix="graphcli-bulk-", dir=bulk.home) as workdir:
            result.imported = finish_bulk(
                writer, gw, bulk, Path(workdir), result.summaries, progress=messages
            )
    return result


def rows_of_readable_files(
    plan: LoadPlan, options: ReadOptions, skipped: list[dict[str, str]]
) -> Iterator[Row | Reject]:
    """Every row of every path of ``plan``; a file its reader cannot read at all (empty, a missing
    column, unreadable) is added to ``skipped`` with the reason and the load goes on with the next
    one. Rows read before a file failed part-way stay counted; the reason says where it stopped."""
    for path in plan.paths:
        rows = 0
        try:
            for item in plan.reader.read(path, options):
                rows += 1
                yield item
        except GraphcliError as exc:
            if not isinstance(exc, InputError):
                raise  # the database or the settings: nothing later would load either
            skipped.append({"path": str(path), "reason": _after(rows, exc.message)})
        except (OSError, ValueError) as exc:  # an unreadable file, undecodable content
            reason = getattr(exc, "strerror", None) or f"{type(exc).__name__}: {exc}"
            skipped.append({"path": str(path), "reason": _after(rows, f"cannot read it: {reason}")})


def _after(rows: int, reason: str) -> str:
    return f"{reason} (stopped after {rows:,} row(s))" if rows else reason

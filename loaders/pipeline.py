"""The load pipeline: rows from a format reader -> counted, de-duplicated batches -> a writer.

Every input row is counted exactly once: ``loaded`` (it brought something new), ``duplicate`` (every
record in it was already seen in this run) or ``rejected`` (the reader refused it, or a record in it
names nothing the graph can key on). So ``read = loaded + rejected + duplicate`` always. Rejected rows
are appended to the rejects file as JSON lines ``{file, line, reason, raw}``.

Every write is an idempotent MERGE and the run's id derives from the inputs, so re-running a load
(after a crash, or on purpose) leaves the same graph as a single uninterrupted run.
"""

from __future__ import annotations

import gc
import json
import os
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from graphcli.cypher.gateway import Gateway
from graphcli.loaders.batch import block_doubtful, record_problem
from graphcli.loaders.dedup import Deduper
from graphcli.loaders.provenance import SourceFile, describe_files, record_run, run_id, utc_now
from graphcli.loaders.pseudonymize import Pseudonymizer
from graphcli.loaders.writer import BoltWriter, FreshGraph, RecordSink
from graphcli.model.errors import InputError
from graphcli.model.progress import RowCounts
from graphcli.model.records import Block, Blocks, Record, Reject, Row

DEFAULT_BATCH_SIZE = 10_000
PROGRESS_EVERY = 5_000  # rows between progress reports when nothing needs writing


@dataclass
class RecordCounts:
    """Records of one type: how many rows gave, and how many of those were new in this run."""

    read: int = 0
    new: int = 0


@dataclass
class LoadSummary:
    """What one load did. ``read == loaded + rejected + duplicate`` always holds."""

    run_id: str
    source: str
    format: str
    files: int
    read: int = 0
    loaded: int = 0
    rejected: int = 0
    duplicate: int = 0
    written: int = 0  # records sent to the database (new ones and ones with newer observations)
    batches: int = 0
    records: dict[str, RecordCounts] = field(default_factory=dict)
    rejects_path: str | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    seconds: float = 0.0
    source_files: list[SourceFile] = field(default_factory=list, repr=False)
    notes: list[str] = field(default_factory=list)  # how the reader read (e.g. where a time came from)
    skipped: list[dict[str, str]] = field(default_factory=list)  # files passed over: {path, reason}

    @property
    def reconciles(self) -> bool:
        return self.read == self.loaded + self.rejected + self.duplicate

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (times as ISO strings)."""
        data = asdict(self)
        del data["source_files"]
        for key in ("started_at", "finished_at"):
            data[key] = data[key].isoformat() if data[key] else None
        return data


def load_rows(
    gw: Gateway,
    rows: Iterable[Row | Reject | Block | Blocks],
    *,
    source: str,
    files: Sequence[Path],
    format_name: str = "unknown",
    batch_size: int = DEFAULT_BATCH_SIZE,
    rejects_path: Path | None = None,
    max_rejects: int | None = None,
    pseudonymizer: Pseudonymizer | None = None,
    progress: RowCounts | None = None,
    writer: RecordSink | None = None,
    options: Mapping[str, Any] | None = None,
    rejects_dir: Path | None = None,
    fresh: FreshGraph | None = None,
) -> LoadSummary:
    """Load ``rows`` into the graph and record the run's provenance; return the counts.

    ``files`` are the inputs (folders stand for the files under them) recorded as SourceFile nodes.
    ``batch_size`` is the number of records per transaction. Rejected rows are appended to
    ``rejects_path`` (created only when there is one), or else written to ``rejects-<run id>.jsonl`` in
    ``rejects_dir``: one file per run, which only a re-run of the same run (same inputs, same
    options, so the same rejects) replaces. Raises :class:`InputError` once more than
    ``max_rejects`` rows were rejected. ``writer`` defaults to batched Bolt writes through ``gw``
    (closed here); a writer given by the caller is flushed but left for the caller to close.
    ``options`` are the reader options that change what is loaded (they enter the run id).
    """
    if batch_size < 1:
        raise InputError(f"the batch size must be at least 1, got {batch_size}")
    sink = writer or BoltWriter(gw, fresh=fresh)
    described = describe_files(files, format_name)
    tags = dict(options or {})
    if pseudonymizer is not None:
        tags["pseudonym_key"] = pseudonymizer.fingerprint
    this_run = run_id(format_name, described, tags)
    if rejects_path is None and rejects_dir is not None:
        rejects_path = rejects_dir / f"rejects-{this_run}.jsonl"
        try:
            rejects_path.unlink(missing_ok=True)  # this run's own file, from an earlier attempt
        except OSError as exc:
            raise InputError(f"cannot replace the rejects file {rejects_path}: {exc.strerror}") from None
    summary = LoadSummary(
        run_id=this_run,
        source=source,
        format=format_name,
        files=len(described),
        started_at=utc_now(),
        rejects_path=str(rejects_path) if rejects_path else None,
        source_files=described,
    )
    started = time.monotonic()
    record_summary(gw, summary)
    counter = _Counter(summary, sink, batch_size, pseudonymizer, progress)
    try:
        with _RejectsFile(rejects_path) as rejects, fewer_collections():
            for item in rows:
                if isinstance(item, Block | Blocks):
                    for rejected in counter.block(item) if isinstance(item, Block) else counter.blocks(item):
                        counter.reject()
                        rejects.write(rejected)
                        _check_rejects(summary, max_rejects, rejected, rejects_path)
                    continue
                if isinstance(item, Row):
                    item = counter.row(item)
                if isinstance(item, Reject):
                    counter.reject()
                    rejects.write(item)
                    _check_rejects(summary, max_rejects, item, rejects_path)
            counter.flush()
    finally:
        if writer is None:
            sink.close()  # the Bolt writer's last batch may still be in flight
    summary.finished_at = utc_now()
    summary.seconds = round(time.monotonic() - started, 3)
    record_summary(gw, summary)
    return summary


def _check_rejects(
    summary: LoadSummary, max_rejects: int | None, last: Reject | None, rejects_path: Path | None
) -> None:
    if max_rejects is not None and last is not None and summary.rejected > max_rejects:
        raise InputError(
            f"more than {max_rejects} rows rejected; the last: {last.file} line {last.line}: {last.reason}",
            hint=f"see {rejects_path}" if rejects_path else None,
        )


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often while loading. A load holds millions of small
    tuples and dicts (the de-duplicator's identities, the folded batches) that form no cycles, and each
    full collection walks all of them: 48 of them over medium's 2.5M likes and retweets took a fifth
    of the client's time. Reference counting still frees everything as usual."""
    before = gc.get_threshold()
    gc.set_threshold(100_000, before[1], before[2])
    try:
        yield
    finally:
        gc.set_threshold(*before)


class _Counter:
    """Counts rows, asks the deduper what to write, and hands full batches to the sink."""

    def __init__(
        self,
        summary: LoadSummary,
        sink: RecordSink,
        batch_size: int,
        pseudonymizer: Pseudonymizer | None,
        progress: RowCounts | None,
    ) -> None:
        self.summary, self.sink, self.batch_size = summary, sink, batch_size
        self.pseudonymizer, self.progress = pseudonymizer, progress
        self.dedup = Deduper()
        self.pending: list[Record | Block] = []
        self.pending_records = 0
        self.rows_since_flush = 0
        self.per_type: Counter[str] = Counter()
        self.new_per_type: Counter[str] = Counter()

    def row(self, row: Row) -> Row | Reject:
        """Count a row as loaded or duplicate, or turn it into a Reject if a record is unusable."""
        for rec in row.records:  # checked before pseudonymising, which would hide a bad id
            problem = record_problem(rec)
            if problem:
                return Reject(row.file, row.line, problem, repr(rec))
        records = [self.pseudonymizer.record(r) for r in row.records] if self.pseudonymizer else row.records
        any_new = False
        for rec in records:
            verdict = self.dedup.admit(rec)
            self.per_type[type(rec).__name__] += 1
            if verdict.new:
                any_new = True
                self.new_per_type[type(rec).__name__] += 1
            if verdict.write:
                self.pending.append(rec)
                self.pending_records += 1
        self.summary.read += 1
        # A row without records (an empty API page) brought nothing to repeat: it is loaded.
        if any_new or not records:
            self.summary.loaded += 1
        else:
            self.summary.duplicate += 1
        self._tick()
        return row

    def block(self, block: Block) -> list[Reject]:
        """Count the rows of a block as :meth:`row` would, a column at a time; return the rows that
        were rejected (a record :func:`record_problem` refuses), which the caller counts and writes.
        Records that might be refused, and every record when pseudonymising, take the row path."""
        doubtful = block_doubtful(block) if len(block) else set()
        if self.pseudonymizer is not None or doubtful:
            return self._block_in_parts(block, doubtful)
        new, write = self.dedup.admit_block(block)
        name = block.kind.__name__
        self.per_type[name] += len(block)
        self.new_per_type[name] += sum(new)
        lines = block.lines
        rows = loaded = 0
        row_new = False
        for i, line in enumerate(lines):
            row_new = row_new or new[i]
            if i + 1 == len(lines) or lines[i + 1] != line:  # the last record of its input row
                rows += 1
                loaded += row_new
                row_new = False
        self.summary.read += rows
        self.summary.loaded += loaded
        self.summary.duplicate += rows - loaded
        written = block.take(write)
        if len(written):
            self.pending.append(written)
            self.pending_records += len(written)
        self.rows_since_flush += rows
        if self.pending_records >= self.batch_size:
            self.flush()
        elif self.rows_since_flush >= PROGRESS_EVERY:
            self._report_progress()
        return []

    def blocks(self, group: Blocks) -> list[Reject]:
        """Count the rows of a group of blocks as :meth:`row` would: each row once, loaded when any
        of its records is new; the blocks are checked, de-duplicated and kept type by type. A row
        with a record that might be refused (every row when pseudonymising) takes the row path."""
        if self.pseudonymizer is not None:
            bad_lines = set(group.lines())
        else:
            bad_lines = {b.lines[i] for b in group.blocks if len(b) for i in block_doubtful(b)}
        if bad_lines:
            return self._blocks_in_parts(group, bad_lines)
        new_lines: dict[int, bool] = {}
        for block in group.blocks:
            new, write = self.dedup.admit_block(block)
            name = block.kind.__name__
            self.per_type[name] += len(block)
            self.new_per_type[name] += sum(new)
            for line, is_new in zip(block.lines, new, strict=True):
                if is_new:
                    new_lines[line] = True
                else:
                    new_lines.setdefault(line, False)
            written = block.take(write)
            if len(written):
                self.pending.append(written)
                self.pending_records += len(written)
        rows = len(new_lines)
        loaded = sum(new_lines.values())
        self.summary.read += rows
        self.summary.loaded += loaded
        self.summary.duplicate += rows - loaded
        self.rows_since_flush += rows
        if self.pending_records >= self.batch_size:
            self.flush()
        elif self.rows_since_flush >= PROGRESS_EVERY:
            self._report_progress()
        return []

    def _blocks_in_parts(self, group: Blocks, bad_lines: set[int]) -> list[Reject]:
        """The rows in ``bad_lines`` through :meth:`row`, the runs of rows between them as groups."""
        rejected: list[Reject] = []
        lines = group.lines()
        for start, end, bad in _runs(lines, bad_lines):
            part = group.between(lines[start], lines[end - 1])
            if not bad:
                self.blocks(part)
            else:
                rejected.extend(self._rows(part.rows()))
        return rejected

    def _block_in_parts(self, block: Block, doubtful: set[int]) -> list[Reject]:
        """The rows holding a doubtful record through :meth:`row`, the runs between them as blocks."""
        rejected: list[Reject] = []
        if self.pseudonymizer is not None:
            doubtful = set(range(len(block)))
        lines = block.lines
        for start, end, bad in _runs(lines, {lines[i] for i in doubtful}):
            part = block.slice(start, end)
            if not bad:
                self.block(part)
            else:
                rejected.extend(self._rows(part.rows()))
        return rejected

    def _rows(self, rows: Iterable[Row]) -> list[Reject]:
        """Rows one at a time through :meth:`row`; the rejects among them."""
        return [outcome for outcome in map(self.row, rows) if isinstance(outcome, Reject)]

    def reject(self) -> None:
        self.summary.read += 1
        self.summary.rejected += 1
        self._tick()

    def _tick(self) -> None:
        self.rows_since_flush += 1
        if self.pending_records >= self.batch_size:
            self.flush()
        elif self.rows_since_flush >= PROGRESS_EVERY:
            # Runs of duplicates write nothing; the progress still moves.
            self._report_progress()

    def flush(self) -> None:
        if self.pending:
            self.sink.write(self.pending)
            self.summary.written += self.pending_records
            self.summary.batches += 1
            self.pending = []
            self.pending_records = 0
        self._report_progress()

    def _report_progress(self) -> None:
        if self.progress and self.rows_since_flush:
            self.progress(self.rows_since_flush)
        self.rows_since_flush = 0
        self.summary.records = {
            name: RecordCounts(self.per_type[name], self.new_per_type[name]) for name in sorted(self.per_type)
        }


class _RejectsFile:
    """Appends rejects as JSON lines; the file is created on the first reject only."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.fh: IO[str] | None = None

    def __enter__(self) -> _RejectsFile:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fh:
            self.fh.close()

    def write(self, reject: Reject) -> None:
        if self.path is None:
            return
        if self.fh is None:
            try:
                # Raw rows may name people: readable by the owner only.
                descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
                self.fh = open(descriptor, "a", encoding="utf-8")  # noqa: SIM115 - closed in __exit__
            except OSError as exc:
                raise InputError(f"cannot write the rejects file {self.path}: {exc.strerror}") from None
        self.fh.write(
            json.dumps(
                {"file": reject.file, "line": reject.line, "reason": reject.reason, "raw": reject.raw},
                ensure_ascii=False,
            )
            + "\n"
        )


def record_summary(gw: Gateway, summary: LoadSummary) -> None:
    """Write the run's LoadRun node (with its counts so far) and its SourceFile links."""
    run: dict[str, Any] = {
        "id": summary.run_id,
        "source": summary.source,
        "format": summary.format,
        "started_at": summary.started_at,
        "finished_at": summary.finished_at,
        "read": summary.read,
        "loaded": summary.loaded,
        "rejected": summary.rejected,
        "duplicate": summary.duplicate,
    }
    if summary.notes or summary.skipped:  # Neo4j properties hold lists of strings, not maps
        run["notes"] = list(summary.notes)
        run["skipped"] = [f"{s['path']}: {s['reason']}" for s in summary.skipped]
    record_run(gw, run, summary.source_files)


def _runs(lines: Sequence[int], bad_lines: set[int]) -> Iterator[tuple[int, int, bool]]:
    """The maximal runs of ``lines`` (as start, end indexes) that are all in ``bad_lines`` or all not."""
    start = 0
    while start < len(lines):
        end, bad = start, lines[start] in bad_lines
        while end < len(lines) and (lines[end] in bad_lines) == bad:
            end += 1
        yield start, end, bad
        start = end

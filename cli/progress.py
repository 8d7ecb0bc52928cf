"""Progress a person can trust: the inputs counted first, then one overall bar with rows, rate and time left.

In a terminal it is a Rich bar; when stderr is not a terminal (a log, CI, a pipe) it is one plain status line
every few seconds, so a long load is never silent; with --quiet nothing. The library only calls the
``advance`` callback it is given (conventions 10): counting, drawing and printing live here.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from graphcli.cli.common import err, say

# Files whose rows are lines (one header line for the CSV-like ones): counting newlines estimates rows.
LINE_FILES = {".csv": 1, ".tsv": 1, ".jsonl": 0, ".ndjson": 0, ".json": 0}


class RateColumn(ProgressColumn):
    """Items per second, e.g. ``52,310 rows/s``."""

    def __init__(self, unit: str) -> None:
        super().__init__()
        self.unit = unit

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} {self.unit}/s" if speed else "", style="progress.data.speed")


@dataclass
class InputSize:
    """What a load is about to read: files, bytes and an estimate of its rows (None: cannot tell)."""

    files: int
    bytes: int
    rows: int | None

    def describe(self) -> str:
        rows = f", about {self.rows:,} rows" if self.rows else ""
        return f"{self.files:,} file{'s' if self.files != 1 else ''}, {_human_bytes(self.bytes)}{rows}"


def measure_inputs(paths: Iterable[Path]) -> InputSize:
    """Count files and bytes, and estimate rows from line counts (Parquet: its row count). A twarc page
    holds many tweets on one line, so the estimate is a floor; the bar grows past it if need be."""
    files, size, rows = 0, 0, 0
    for path in paths:
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if not file.is_file():
                continue
            files += 1
            size += file.stat().st_size
            suffix = file.suffix.lower()
            if suffix in LINE_FILES:
                rows += max(0, _count_lines(file) - LINE_FILES[suffix])
            elif suffix == ".parquet":
                rows += _parquet_rows(file)
    return InputSize(files, size, rows or None)


class OverallProgress:
    """One overall progress indicator (a context manager); call :meth:`advance` with each batch's rows."""

    def __init__(self, what: str, total: int | None, *, quiet: bool, unit: str = "rows", every: float = 10.0):
        self.what, self.total, self.unit, self.every = what, total, unit, every
        self.quiet = quiet
        self.done = 0
        self.started = self.last_line = time.monotonic()
        self.bar: Progress | None = None
        if not quiet and err.is_terminal:
            self.bar = Progress(
                TextColumn("{task.description}", markup=False),
                BarColumn(),
                MofNCompleteColumn(),
                TaskProgressColumn(),
                RateColumn(unit),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=err,
            )
            self.task = self.bar.add_task(what, total=total)

    def __enter__(self) -> OverallProgress:
        if self.bar is not None:
            self.bar.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.bar is not None:
            self.bar.stop()
        elif not self.quiet and kind is None and self.done:
            err.print(self.final_line(), highlight=False)

    def advance(self, n: int) -> None:
        self.done += n
        if self.total is not None and self.done > self.total:
            self.total = self.done  # the estimate was a floor
        if self.bar is not None:
            self.bar.update(self.task, completed=self.done, total=self.total)
        elif not self.quiet and time.monotonic() - self.last_line >= self.every:
            self.last_line = time.monotonic()
            err.print(self.status_line(), highlight=False)

    def final_line(self) -> str:
        """``load: 19,946 rows in 0:00:32 (621 rows/s)``."""
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.done / elapsed
        return f"{self.what}: {self.done:,} {self.unit} in {_clock(elapsed)} ({rate:,.0f} {self.unit}/s)"

    def status_line(self) -> str:
        """``load: 52,310 of ~155,563 rows (34%), 5,210 rows/s, about 0:00:20 left`` (elapsed when done)."""
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.done / elapsed
        text = f"{self.what}: {self.done:,}"
        if self.total:
            text += f" of ~{self.total:,} {self.unit} ({100 * self.done / self.total:.0f}%)"
        else:
            text += f" {self.unit}"
        text += f", {rate:,.0f} {self.unit}/s"
        if self.total and rate > 0 and self.done < self.total:
            text += f", about {_clock((self.total - self.done) / rate)} left"
        else:
            text += f", {_clock(elapsed)} so far"
        return text


def _count_lines(file: Path) -> int:
    lines, last = 0, b"\n"
    with file.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return lines + (last != b"\n")


def _parquet_rows(file: Path) -> int:
    import pyarrow.parquet as pq  # only when there is Parquet to count

    try:
        return int(pq.ParquetFile(file).metadata.num_rows)
    except (OSError, ValueError):
        return 0


def _human_bytes(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:,.0f} {unit}" if unit == "B" else f"{size:,.1f} {unit}"
        size /= 1024
    return f"{n} B"


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


def counted_steps(what: str, total: int) -> Callable[[str], None]:
    """A progress callback for work made of ``total`` named steps: ``report [2/5] correlations (3 s)``."""
    started = time.monotonic()
    count = 0

    def step(message: str) -> None:
        nonlocal count
        count += 1
        elapsed = time.monotonic() - started
        say(f"{what} [{min(count, total)}/{total}] {message} ({_clock(elapsed)} so far)")

    return step


def timed(what: str) -> Callable[[str], None]:
    """A progress callback that stamps each message with the time since the work began, so long silent
    stretches show in a log: ``detect all 0:01:05 message: window 60 s, ...``."""
    started = time.monotonic()

    def note(message: str) -> None:
        say(f"{what} {_clock(time.monotonic() - started)} {message}")

    return note

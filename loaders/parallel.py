"""Reading the files of a load, one by one or in worker processes.

Files are independent, so they are parsed in worker processes while the main process counts,
de-duplicates and writes (one core for the readers, one for the writer and the server, on this
project's 2-core machines). The main process takes each file's rows in the order the files were
given, whatever order the workers finish in: the same rows in the same order as one process
reads them, so the same counts, rejects, batches and graph. A file is parsed whole in its worker
and sent back at once, so at most ``2 x workers`` files' rows are in memory at a time.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from graphcli.loaders.formats import TRUNCATED
from graphcli.loaders.options import ReadOptions
from graphcli.loaders.sources import FormatReader
from graphcli.model.errors import GraphcliError, InputError
from graphcli.model.records import Block, Blocks, Reject, Row

Item = Row | Reject | Block | Blocks
Skip = Callable[[str, str], None]


def read_file(reader: FormatReader, path: Path, options: ReadOptions, skip: Skip) -> Iterator[Item]:
    """Every row of one file; a file its reader cannot read at all (empty, a missing column,
    unreadable) is passed to ``skip`` with the reason. Rows read before a file failed part-way stay;
    the reason says where it stopped."""
    rows = 0
    try:
        for item in read_items(reader, path, options):
            if isinstance(item, Block):
                rows += len(dict.fromkeys(item.lines))
            else:
                rows += len(item.lines()) if isinstance(item, Blocks) else 1
            yield item
    except GraphcliError as exc:
        if not isinstance(exc, InputError):
            raise  # the database or the settings: nothing later would load either
        skip(str(path), _after(rows, exc.message))
    except (OSError, ValueError) as exc:  # an unreadable file, undecodable content
        reason = getattr(exc, "strerror", None) or f"{type(exc).__name__}: {exc}"
        skip(str(path), _after(rows, f"cannot read it: {reason}"))
    except EOFError:  # gzip's way of saying a compressed file was cut short (an interrupted copy)
        skip(str(path), _after(rows, TRUNCATED))


def read_items(reader: FormatReader, path: Path, options: ReadOptions) -> Iterator[Item]:
    """What ``reader`` reads from ``path``: blocks where it reads by column and ``options.columnar``
    allows it, else one Row or Reject per input row."""
    read_blocks = getattr(reader, "read_blocks", None) if options.columnar else None
    if read_blocks is not None:
        items: Iterator[Item] = read_blocks(path, options)
        return items
    return reader.read(path, options)


def _after(rows: int, reason: str) -> str:
    return f"{reason} (stopped after {rows:,} row(s))" if rows else reason


@dataclass
class _FileRead:
    """What a worker read from one file, and what it was told to report."""

    items: list[Item] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    error: GraphcliError | None = None


def _read_in_worker(reader_name: str, path: Path, options: ReadOptions) -> _FileRead:
    from graphcli.loaders.formats import FORMATS

    read = _FileRead()
    here = replace(options, notice=read.notes.append, skip=lambda p, r: read.skipped.append((p, r)))
    try:
        read.items.extend(read_file(FORMATS[reader_name], path, here, here.skipped))
    except GraphcliError as exc:
        read.error = exc
    return read


class Readers:
    """Worker processes that read files (``workers`` of them; with 1, files are read in this process).
    A context manager: the processes end when its block does."""

    def __init__(self, workers: int = 1) -> None:
        self.workers = max(1, workers)
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Readers:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def read(
        self, files: Sequence[tuple[FormatReader, Path]], options: ReadOptions, skip: Skip
    ) -> Iterator[Item]:
        """Every row of every file, in the order given (see :func:`read_file`). Notices and skipped
        files a worker reported reach ``options.notice`` and ``skip`` after that file's rows."""
        if self.workers == 1 or len(files) < 2:
            for reader, path in files:
                yield from read_file(reader, path, options, skip)
            return
        pool = self._start()
        plain = replace(options, notice=None, skip=None)  # callbacks stay here; workers report back
        pending: deque[Future[_FileRead]] = deque()
        queue = iter(files)
        for reader, path in queue:
            pending.append(pool.submit(_read_in_worker, reader.NAME, path, plain))
            if len(pending) >= 2 * self.workers:
                break
        while pending:
            read = pending.popleft().result()
            following = next(queue, None)
            if following is not None:
                pending.append(pool.submit(_read_in_worker, following[0].NAME, following[1], plain))
            yield from read.items
            for note in read.notes:
                options.tell(note)
            for path_name, reason in read.skipped:
                skip(path_name, reason)
            if read.error is not None:
                raise read.error

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # A fresh server process forks the workers: the caller's threads (the driver's, the
            # writer's) and their locks are not copied into them.
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["graphcli.loaders.formats"])
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context)
        return self._pool

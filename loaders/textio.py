"""Reading text files row by row without ever crashing on bad bytes, BOMs or ragged rows.

Files are decoded as UTF-8 (a BOM is dropped) with undecodable bytes kept as surrogate escapes, so one
bad byte rejects only the row it sits in. Each CSV record and each JSON line comes with its 1-based
starting line number and its raw text, which is what a reject needs.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from graphcli.model.errors import InputError
from graphcli.model.normalize import parse_time
from graphcli.model.records import Record, Reject, Row

# Long texts (CrowdTangle messages, image texts) exceed the csv module's default 128 KiB field limit.
csv.field_size_limit(16 * 1024 * 1024)


def open_text(path: Path) -> TextIO:
    """Open a file for reading as UTF-8 text, dropping a BOM and keeping bad bytes as surrogates.
    A gzip file (by its first bytes, whatever its name) is decompressed on the fly: people store
    twarc output as ``.jsonl.gz``."""
    if is_gzip(path):
        return gzip.open(path, "rt", encoding="utf-8-sig", errors="surrogateescape", newline="")
    return open(path, encoding="utf-8-sig", errors="surrogateescape", newline="")


def is_gzip(path: Path) -> bool:
    """True when the file starts with gzip's magic bytes."""
    try:
        with open(path, "rb") as handle:
            return handle.read(2) == b"\x1f\x8b"
    except OSError:
        return False


def data_suffix(path: Path) -> str:
    """The suffix that says what the data is, lower-cased, ignoring a trailing ``.gz``
    (``x.jsonl.gz`` -> ``.jsonl``)."""
    name = path.name.lower().removesuffix(".gz")
    return Path(name).suffix


_BAD_BYTE_RE = re.compile("[\udc80-\udcff]")


def has_bad_bytes(text: str) -> bool:
    """True when ``text`` holds bytes that were not valid UTF-8 (kept as surrogate escapes)."""
    return _BAD_BYTE_RE.search(text) is not None


def printable(text: str) -> str:
    """``text`` with bad bytes shown as ``\\xNN`` escapes, safe to write as JSON."""
    if not has_bad_bytes(text):
        return text
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def first_line(path: Path, limit: int = 65536) -> str:
    """The first line of a file (at most ``limit`` characters), or "" for an empty or unreadable file."""
    try:
        with open_text(path) as handle:
            return handle.readline(limit)
    except OSError:
        return ""


def csv_header(path: Path) -> list[str]:
    """The column names in the first line of a CSV file, or [] when there are none."""
    line = first_line(path)
    if not line.strip():
        return []
    try:
        return [name.strip() for name in next(csv.reader([line]))]
    except (csv.Error, StopIteration):
        return []


@dataclass(frozen=True, slots=True)
class CsvRecord:
    """One CSV record: its starting line, its raw text, its fields by column name, and what is wrong."""

    line: int
    raw: str
    fields: dict[str, str]
    problem: str | None


class _Recorder:
    """Iterates a file's lines and remembers those the csv reader consumed since the last take()."""

    def __init__(self, handle: TextIO) -> None:
        self._handle = handle
        self._taken: list[str] = []

    def __iter__(self) -> _Recorder:
        return self

    def __next__(self) -> str:
        line = next(self._handle)
        self._taken.append(line)
        return line

    def take(self) -> str:
        raw = "".join(self._taken)
        self._taken.clear()
        return raw


def read_csv(path: Path, required: Iterable[str] = (), any_of: Iterable[str] = ()) -> Iterator[CsvRecord]:
    """The records of a CSV file by column name, header excluded; blank lines are skipped.

    Raises InputError (one line, naming the file) when the file is empty or lacks a required column,
    or has none of ``any_of`` when that is given. Records with bad bytes or the wrong number of fields
    (such as a truncated last line) come with ``problem`` set instead of failing the file.
    """
    with open_text(path) as handle:
        lines = _Recorder(handle)
        reader = csv.reader(lines)
        try:
            header = [name.strip() for name in next(reader)]
        except StopIteration:
            raise InputError(f"{path}: empty file, no header", hint="is this the right file?") from None
        except csv.Error as exc:
            raise InputError(f"{path}: unreadable CSV header ({exc})") from None
        lines.take()
        check_columns(path, header, required, any_of)
        next_line = reader.line_num + 1
        while True:
            start = next_line
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                next_line = reader.line_num + 1
                yield CsvRecord(start, printable(lines.take()), {}, f"malformed CSV ({exc})")
                continue
            next_line = reader.line_num + 1
            raw = lines.take()
            if not values:
                continue
            merged = _merged_rows(raw, len(header))
            if merged is not None:
                # An unbalanced quote swallowed the rows after it: reject its own line, read the rest.
                yield CsvRecord(start, printable(merged[0]), {}, UNBALANCED_QUOTE)
                for offset, line in enumerate(merged[1:], start=1):
                    yield _record(header, start + offset, line, next(csv.reader([line]), []))
                continue
            yield _record(header, start, raw, values)


UNBALANCED_QUOTE = (
    "unbalanced quote: its field ran on over the next line(s), which were read as rows of their own"
)


def _record(header: list[str], line: int, raw: str, values: list[str]) -> CsvRecord:
    problem = None
    if has_bad_bytes(raw):
        problem = "invalid UTF-8 bytes"
    elif len(values) != len(header):
        problem = f"{len(values)} fields where the header has {len(header)} (truncated or ragged row)"
    return CsvRecord(line, printable(raw), dict(zip(header, values, strict=False)), problem)


def _merged_rows(raw: str, width: int) -> list[str] | None:
    """The physical lines of a record that spans lines because of an unbalanced quote, or None.

    A quoted field may hold line breaks (a long post's text), so spanning lines is normal. But when
    every line after the first reads as a complete row by itself (as many fields as the header, the
    last line excepted), the quote that opened the field was never meant to span them."""
    physical = raw.splitlines(keepends=True)
    if len(physical) < 2 or width < 2:
        return None
    rest = physical[1:]
    widths = [len(next(csv.reader([line]), [])) for line in rest]
    full = [w == width for w in widths]
    if all(full[:-1]) and (full[-1] or len(rest) > 1):
        return physical
    return None


def check_columns(
    path: Path, header: Iterable[str], required: Iterable[str], any_of: Iterable[str] = ()
) -> None:
    """Raise a one-line InputError naming the file and the missing columns, if any are missing."""
    present = set(header)
    missing = [name for name in required if name not in present]
    if missing:
        raise InputError(
            f"{path}: missing column(s) {', '.join(repr(m) for m in missing)}",
            hint=f"found {', '.join(repr(h) for h in header) or 'none'}",
        )
    wanted = list(any_of)
    if wanted and not present.intersection(wanted):
        raise InputError(
            f"{path}: needs at least one of the columns {', '.join(repr(w) for w in wanted)}",
            hint=f"found {', '.join(repr(h) for h in header) or 'none'}",
        )


def read_json_lines(path: Path, fast: bool = True) -> Iterator[tuple[int, str, Any | None, str | None]]:
    """(line, raw, value, problem) for each non-blank line of a JSON-lines file.

    ``value`` is None and ``problem`` says why when the line has bad bytes or is not JSON (a truncated
    last line, say). With ``fast``, lines are parsed by orjson from bytes (several times faster than
    the json module, which twarc2 pages of a hundred tweets make most of a load's reading); a line
    orjson refuses is read again by the json module, so that what is read and every reason stay
    those of the json module (it also takes NaN and lone surrogates). One difference is left: orjson
    reads an integer beyond 64 bits (no platform's id or count) as a float, which the record checks
    then refuse (digits lost), where the json module keeps every digit; finding such literals first
    would cost more than parsing."""
    if not fast:
        with open_text(path) as handle:
            for number, line in enumerate(handle, start=1):
                parsed = _json_line(number, line)
                if parsed is not None:
                    yield parsed
        return
    import orjson

    number = 0
    with gzip.open(path, "rb") if is_gzip(path) else open(path, "rb") as handle:
        for chunk in handle:
            if number == 0 and chunk.startswith(b"\xef\xbb\xbf"):
                chunk = chunk[3:]
            # Text mode ends lines at \r too: so do bytes' splitlines (only for the rare chunk with one).
            body = chunk[:-2] if chunk.endswith(b"\r\n") else chunk
            pieces = chunk.splitlines(keepends=True) if b"\r" in body else (chunk,)
            for piece in pieces:
                number += 1
                try:
                    value = orjson.loads(piece)
                except orjson.JSONDecodeError:
                    parsed = _json_line(number, piece.decode("utf-8", "surrogateescape"))
                    if parsed is not None:
                        yield parsed
                    continue
                yield number, piece.decode("utf-8").rstrip("\r\n"), value, None


def _json_line(number: int, line: str) -> tuple[int, str, Any | None, str | None] | None:
    """One line of a JSON-lines file read by the json module, as :func:`read_json_lines` yields it;
    None for a blank line."""
    if not line.strip():
        return None
    raw = printable(line.rstrip("\r\n"))
    if has_bad_bytes(line):
        return number, raw, None, "invalid UTF-8 bytes"
    try:
        return number, raw, json.loads(line), None
    except json.JSONDecodeError as exc:
        return number, raw, None, f"not valid JSON ({exc.msg} at column {exc.colno})"


# What converting a JSON value of an unexpected shape can raise (a string where an object was expected...).
SHAPE_ERRORS = (ValueError, TypeError, AttributeError, KeyError)


def shape_reason(exc: Exception) -> str:
    """A reject reason for an exception from SHAPE_ERRORS: a ValueError's own message, else the shape."""
    if isinstance(exc, ValueError):
        return str(exc)
    return f"unexpected JSON shape ({type(exc).__name__}: {exc})"


def convert_rows(
    path: Path, records: Iterable[CsvRecord], convert: Callable[[dict[str, str]], tuple[Record, ...]]
) -> Iterator[Row | Reject]:
    """A Row per CSV record that ``convert`` turns into records, a Reject per record that is broken or
    makes ``convert`` raise ValueError (bad number, unparsable time...)."""
    name = str(path)
    for record in records:
        if record.problem is not None:
            yield Reject(name, record.line, record.problem, record.raw)
            continue
        try:
            yield Row(name, record.line, convert(record.fields))
        except ValueError as exc:
            yield Reject(name, record.line, str(exc), record.raw)


# Cell converters. Empty cells mean "absent"; anything else unusable raises ValueError with a reason.


def cell(value: Any) -> str | None:
    """A stripped string, or None for an empty cell, NaN or None."""
    if type(value) is str:  # the common case first: every JSON string, every CSV cell
        return value.strip() or None
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    return text or None


def to_int(value: Any, column: str = "value") -> int | None:
    """An integer from ``12``, ``12.0`` (as pandas writes counts) or ``1,234``; None when empty."""
    if type(value) is int:  # a JSON number
        if not INT64_MIN <= value <= INT64_MAX:
            raise ValueError(f"number out of range in {column}: {value} (more than 64 bits)")
        return value
    text = cell(value)
    if text is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"bad number in {column}: {text!r}")
    if isinstance(value, int):
        return in_int64(value, column)
    try:
        number = float(text.replace(",", ""))
    except ValueError:
        raise ValueError(f"bad number in {column}: {text[:40]!r}") from None
    if not number.is_integer():
        raise ValueError(f"bad whole number in {column}: {text[:40]!r}")
    return in_int64(int(number), column)


INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def in_int64(number: int, column: str = "value") -> int:
    """``number`` if Neo4j can store it (a signed 64-bit integer); ValueError naming the column if not."""
    if not INT64_MIN <= number <= INT64_MAX:
        raise ValueError(f"number out of range in {column}: {number} (more than 64 bits)")
    return number


def to_float(value: Any, column: str = "value") -> float | None:
    """A float, or None when empty."""
    text = cell(value)
    if text is None:
        return None
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"bad number in {column}: {text[:40]!r}") from None
    if number != number:
        return None
    return number


def to_bool(value: Any, column: str = "value") -> bool | None:
    """A bool from True/False/true/false/1/0/yes/no, or None when empty."""
    if isinstance(value, bool):
        return value
    text = cell(value)
    if text is None:
        return None
    lowered = text.lower()
    if lowered in {"true", "1", "1.0", "yes", "t"}:
        return True
    if lowered in {"false", "0", "0.0", "no", "f"}:
        return False
    raise ValueError(f"bad true/false in {column}: {text[:40]!r}")


def to_time(value: Any, column: str = "time") -> datetime | None:
    """A UTC datetime, or None when empty; ValueError naming the column when unparsable."""
    if isinstance(value, datetime):
        return parse_time(value)
    text = cell(value)
    if text is None:
        return None
    try:
        return parse_time(text)
    except ValueError as exc:
        raise ValueError(f"{column}: {exc}") from None


def to_id(value: Any) -> str | None:
    """An id as a string; ``123.0`` (a float written by pandas) becomes ``123``."""
    if isinstance(value, float) and value == value and value.is_integer():
        return str(int(value))
    text = cell(value)
    if text is not None and text.endswith(".0") and text[:-2].isdigit():
        return text[:-2]
    return text

"""Columnar reading (issue 16): blocks of records read a column at a time load what the row path
loads. Readers give the same rows, the pipeline the same counts and parameters, the database the
same graph; with worker processes too."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphcli.cypher.gateway import Gateway
from graphcli.cypher.schema import init_schema, wipe
from graphcli.loaders import canonical, share_tables
from graphcli.loaders.batch import build_params
from graphcli.loaders.columnar import as_rows
from graphcli.loaders.load import load_plans
from graphcli.loaders.options import ReadOptions
from graphcli.loaders.pipeline import LoadSummary, _Counter
from graphcli.loaders.sources import plan_load
from graphcli.loaders.textio import read_json_lines
from graphcli.model.errors import InputError
from graphcli.model.records import Block, Blocks, Record, Reject, Row
from graphcli.synth.generate import generate
from tests.fingerprint import content_fingerprint

# --- generated tables, good and bad cells ------------------------------------------------------

# Good values are drawn more often than odd ones, so that most rows go into blocks.
GOOD_ID = st.sampled_from(["7", "12", "0012", "7.0"]) | st.integers(0, 10**20).map(str)
ID = st.one_of(
    GOOD_ID,
    GOOD_ID,
    GOOD_ID,
    st.sampled_from(["", " ", "1e5", "a b", "x\x01", "١٢", "pfbid02x", "99" * 130]),
)
NAME = st.one_of(st.none(), st.sampled_from(["", "Alice", "alice", " Bob ", "ålice", "bad\x07"]))
TIME = st.one_of(
    st.sampled_from(
        [
            "",
            "2022-10-01T12:00:00Z",
            "2022-10-01 12:00:00",
            "2022-10-01T12:00:00.123+02:00",
            "2022-10-01T12:00:00.1234567Z",
            "1664625600",
            "1664625600.5",
            "0",
            "-5",
            "1999-12-31T23:59:59Z",
            "Wed Oct 10 20:19:24 +0000 2018",
            "2021-01-02 03:04:05 EST",
            "2022-02-30T00:00:00",
            "0999-01-01T00:00:00",
            "yesterday",
        ]
    ),
    st.datetimes(min_value=datetime(2001, 1, 1)).map(lambda d: d.isoformat()),
    st.datetimes(min_value=datetime(2001, 1, 1), timezones=st.just(UTC)).map(lambda d: d.isoformat()),
    st.integers(10**9, 2 * 10**9).map(str),
)
COUNT = st.sampled_from(["", "3", "12.0", "1,234", "-1", "x", "99999999999999999999", "007"])
PLATFORM = st.sampled_from(["", "twitter", "facebook", " twitter ", "bad platform!"])
TEXT = st.sampled_from(["", "hello", "https://example.com/a?utm_source=x", "#tag", "x", "Example.com/b"])
CELLS: dict[str, st.SearchStrategy[Any]] = {
    "platform": PLATFORM,
    "id": ID,
    "post_id": ID,
    "account_id": ID,
    "author_id": ID,
    "screen_name": NAME,
    "author_screen_name": NAME,
    "kind": st.sampled_from(["link", "domain", "hashtag", "nope", ""]),
    "key": TEXT,
    "text": TEXT,
    "source": TEXT,
    "lang": st.sampled_from(["", "en", "da"]),
    "status": st.sampled_from(["active", "suspended", "gone", ""]),
    "availability": st.sampled_from(["", "deleted", "alive"]),
    "observed_at": TIME,
    "at": TIME,
    "created_at": TIME,
    "checked_at": TIME,
    "like_count": COUNT,
    "retweet_count": COUNT,
    "followers_count": COUNT,
    "protected": st.sampled_from(["", "true", "False", "1", "maybe"]),
    # share tables
    "object_id": TEXT,
    "content_id": ID,
    "timestamp_share": TIME,
    "timestamp": TIME,
    "url_id": TEXT,
    "domain_id": st.sampled_from(["", "Example.COM", "www.x.org"]),
    "hashtag_id": st.sampled_from(["", "#Tag", "tag"]),
    "phash_id": st.sampled_from(["", "ABC123"]),
}
TABLES = {
    "likes.csv": ["platform", "post_id", "account_id", "screen_name", "observed_at", "at", "source"],
    "retweets.parquet": ["platform", "post_id", "account_id", "observed_at", "at"],
    "shares.csv": ["platform", "account_id", "kind", "key", "at", "post_id", "text"],
    "accounts.csv": ["platform", "id", "screen_name", "created_at", "followers_count", "protected"],
    "posts.csv": ["platform", "id", "author_id", "created_at", "like_count", "retweet_count", "observed_at"],
    "statuses.parquet": ["platform", "account_id", "screen_name", "status", "checked_at"],
    "link.csv": ["object_id", "account_id", "content_id", "timestamp_share"],
    "wide.csv": ["account_id", "post_id", "timestamp", "url_id", "domain_id", "hashtag_id", "phash_id"],
    "hashtag.csv": ["platform", "object_id", "account_id", "content_id", "timestamp_share"],
}


@st.composite
def tables(draw: st.DrawFn) -> tuple[str, list[str], list[list[str]], ReadOptions]:
    """A table file's name, columns and rows; rows repeat (duplicates) and may be bad."""
    name = draw(st.sampled_from(sorted(TABLES)))
    columns = [c for c in TABLES[name] if draw(st.integers(0, 5)) > 0]
    distinct = draw(st.lists(st.tuples(*(CELLS[c] for c in columns)).map(list), min_size=1, max_size=6))
    rows = draw(st.lists(st.sampled_from(distinct), min_size=1, max_size=14))
    # Rows that differ in one column only (the same object shared with and without its text...).
    if len(distinct) > 1 and columns:
        column = draw(st.integers(0, len(columns) - 1))
        rows.append([*rows[0][:column], distinct[-1][column], *rows[0][column + 1 :]])
    options = ReadOptions(platform=draw(st.sampled_from([None, "twitter"])), keep_text=draw(st.booleans()))
    return name, columns, rows, options


def write_table(folder: Path, name: str, columns: list[str], rows: list[list[str]]) -> Path:
    path = folder / name
    if name.endswith(".parquet"):
        data = {c: [row[i] or None for row in rows] for i, c in enumerate(columns)}
        pq.write_table(pa.table(data) if columns else pa.table({"x": [1] * len(rows)}), path)
        return path
    import csv

    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(rows)
    return path


def reader_of(path: Path) -> Any:
    return canonical if canonical.sniff(path) else share_tables


class Collect:
    """A record sink that keeps what the pipeline decided to write, in order."""

    def __init__(self) -> None:
        self.items: list[Record | Block] = []

    def write(self, records: Sequence[Record | Block]) -> None:
        self.items.extend(records)

    def close(self) -> None:
        pass


def count(
    items: Iterable[Row | Reject | Block | Blocks], batch_size: int = 5
) -> tuple[dict[str, Any], Collect, list[Reject]]:
    """What the pipeline's counter makes of ``items`` (no database): the summary, what it wrote,
    the rejects."""
    summary = LoadSummary(run_id="x", source="x", format="x", files=1)
    sink = Collect()
    counter = _Counter(summary, sink, batch_size, None, None)
    rejects: list[Reject] = []
    for item in items:
        if isinstance(item, Block | Blocks):
            for rejected in counter.block(item) if isinstance(item, Block) else counter.blocks(item):
                counter.reject()
                rejects.append(rejected)
            continue
        if isinstance(item, Row):
            item = counter.row(item)
        if isinstance(item, Reject):
            counter.reject()
            rejects.append(item)
    counter.flush()
    figures = summary.to_dict()
    for key in ("run_id", "batches", "started_at", "finished_at", "seconds", "rejects_path"):
        figures.pop(key)
    return figures, sink, rejects


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tables())
def test_columns_and_rows_give_equal_records_counts_and_parameters(
    tmp_path: Path, case: tuple[str, list[str], list[list[str]], ReadOptions]
) -> None:
    name, columns, rows, options = case
    assert_paths_agree(write_table(tmp_path, name, columns, rows), options)


def assert_paths_agree(path: Path, options: ReadOptions) -> None:
    """The row path and the columnar path give equal rows, counts, rejects and parameters."""
    reader = reader_of(path)
    try:
        by_row = list(reader.read(path, options))
    except InputError as exc:  # a missing column: both paths refuse the file alike
        with pytest.raises(InputError, match=exc.message.split(":")[0]):
            list(reader.read_blocks(path, options))
        return
    items = list(reader.read_blocks(path, options))
    assert list(as_rows(items)) == by_row
    row_figures, row_sink, row_rejects = count(by_row)
    block_figures, block_sink, block_rejects = count(items)
    assert block_figures == row_figures
    assert block_figures["read"] == len(by_row)
    assert (
        block_figures["read"]
        == block_figures["loaded"] + block_figures["rejected"] + block_figures["duplicate"]
    )
    assert block_rejects == row_rejects
    assert build_params(block_sink.items) == build_params(row_sink.items)


@pytest.mark.parametrize(
    ("name", "columns", "rows"),
    [
        (  # one object shared with its text, then without: the text stays
            "shares.csv",
            ["platform", "account_id", "kind", "key", "at", "post_id", "text"],
            [
                ["twitter", "1", "link", "a", "2022-10-01T00:00:00Z", "5", "hello"],
                ["twitter", "2", "link", "a", "2022-10-01T00:01:00Z", "6", ""],
                ["twitter", "2", "link", "a", "2022-10-01T00:01:00Z", "6", ""],
            ],
        ),
        (  # a like seen again later widens its window; a retweet keeps its first time
            "likes.csv",
            ["platform", "post_id", "account_id", "screen_name", "observed_at", "source"],
            [
                ["twitter", "9", "1", "Ann", "2022-10-02T00:00:00Z", "a"],
                ["twitter", "9", "1", "ann", "2022-10-01T00:00:00Z", ""],
                ["twitter", "9", "1", "Ann", "2022-10-03T00:00:00+02:00", "b"],
            ],
        ),
        (  # a post's counts: the latest observation wins, untimed counts only fill
            "posts.csv",
            ["platform", "id", "author_id", "like_count", "observed_at"],
            [
                ["twitter", "9", "1", "5", "2022-10-02T00:00:00Z"],
                ["twitter", "9", "1", "3", "2022-10-01T00:00:00Z"],
                ["twitter", "9", "1", "8", ""],
                ["twitter", "9", "1", "7", "2022-10-03T00:00:00Z"],
            ],
        ),
        (  # a wide row gives several shares; one with no object at all is an empty row
            "wide.csv",
            ["account_id", "post_id", "timestamp", "url_id", "domain_id", "hashtag_id"],
            [
                ["1", "5", "1664625600", "https://x.org/a", "x.org", "#Tag"],
                ["1", "6", "1664625601", "", "", ""],
                ["2", "5", "1664625600", "https://x.org/a", "", "tag"],
            ],
        ),
    ],
)
def test_the_paths_agree_on_the_folding_rules(
    tmp_path: Path, name: str, columns: list[str], rows: list[list[str]]
) -> None:
    path = write_table(tmp_path, name, columns, rows)
    assert any(
        isinstance(item, Block) for item in reader_of(path).read_blocks(path, ReadOptions(keep_text=True))
    )
    assert_paths_agree(path, ReadOptions(keep_text=True))


def test_a_block_with_a_record_the_checks_refuse_rejects_that_row_only(tmp_path: Path) -> None:
    path = write_table(
        tmp_path,
        "likes.csv",
        ["platform", "post_id", "account_id", "observed_at"],
        [
            ["twitter", "1", "2", "2022-10-01T00:00:00Z"],
            ["twitter", "1", "3", "1970-01-01T00:00:00Z"],
            ["twitter", "1", "2", "2022-10-02T00:00:00Z"],
        ],
    )
    items = list(canonical.read_blocks(path, ReadOptions()))
    assert any(isinstance(item, Block) for item in items)
    figures, _, rejects = count(items)
    assert (figures["read"], figures["loaded"], figures["rejected"], figures["duplicate"]) == (3, 1, 1, 1)
    assert [(r.line, r.reason.split(":")[0]) for r in rejects] == [(3, "implausible time in observed_at")]


def test_a_csv_with_a_line_break_in_a_field_is_read_row_by_row(tmp_path: Path) -> None:
    path = tmp_path / "shares.csv"
    path.write_text(
        'platform,account_id,kind,key,at,post_id,text\ntwitter,1,link,a,2022-10-01T00:00:00Z,5,"two\nlines"\n'
    )
    items = list(canonical.read_blocks(path, ReadOptions(keep_text=True)))
    assert items == list(canonical.read(path, ReadOptions(keep_text=True)))
    assert [item.line for item in items if not isinstance(item, Block)] == [2]


# --- the same graph: row path vs blocks, one reader vs worker processes --------------------------


@pytest.fixture(scope="module")
def tiny_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tiny")
    # Every format whose reading differs between the paths (blocks, orjson).
    generate(out, "tiny", seed=3, formats="scrape,twarc,lookups,botometer,crowdtangle,shares,csv,parquet")
    return out


def load_world(
    gw: Gateway, world: Path, options: ReadOptions, workers: int = 1
) -> tuple[str, dict[str, int]]:
    wipe(gw)
    init_schema(gw)
    plans, _ = plan_load("auto", [world])
    result = load_plans(gw, plans, options, batch_size=700, workers=workers)
    return content_fingerprint(gw), result.totals()


@pytest.mark.neo4j
def test_row_path_blocks_and_workers_load_the_same_graph(gw: Gateway, tiny_world: Path) -> None:
    by_row, row_totals = load_world(gw, tiny_world, ReadOptions(columnar=False))
    by_block, block_totals = load_world(gw, tiny_world, ReadOptions())
    assert block_totals == row_totals
    assert row_totals["read"] == row_totals["loaded"] + row_totals["rejected"] + row_totals["duplicate"]
    assert by_block == by_row
    by_workers, worker_totals = load_world(gw, tiny_world, replace(ReadOptions()), workers=2)
    assert worker_totals == row_totals
    assert by_workers == by_row


# --- JSON lines: orjson reads what the json module reads ------------------------------------------

# Integers within 64 bits: orjson reads larger ones as floats (see read_json_lines).
JSON_LINE = st.one_of(
    st.sampled_from(
        [
            b"",
            b"   ",
            b"\xc2\xa0",
            b'{"a": 1}',
            b'{"a": NaN}',
            b'{"s": "\\ud800"}',
            b'{"a": "\xff"}',
            b'{"a": [1, 2',
            b"[1, 2]",
            b'{"a": 1, "a": 2}',
            b'"text"',
            b"\x1c",
        ]
    ),
    st.recursive(
        st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | st.floats(allow_nan=False) | st.text(),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
        max_leaves=6,
    ).map(lambda value: json.dumps(value).encode()),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.tuples(JSON_LINE, st.sampled_from([b"\n", b"\r\n", b"\r"])), max_size=6),
    st.booleans(),
    st.booleans(),
)
def test_json_lines_read_by_orjson_equal_the_json_module(
    tmp_path: Path, lines: list[tuple[bytes, bytes]], bom: bool, zipped: bool
) -> None:
    data = (b"\xef\xbb\xbf" if bom else b"") + b"".join(line + end for line, end in lines)
    path = tmp_path / "pages.jsonl"
    path.write_bytes(gzip.compress(data) if zipped else data)
    slow = list(read_json_lines(path, fast=False))
    assert list(read_json_lines(path, fast=True)) == slow

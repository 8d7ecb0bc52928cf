"""Format detection for ``load auto``, and the bad-input rules every reader shares."""

from __future__ import annotations

import csv
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from graphcli.loaders.formats import FORMATS, detect_all, detect_format, get_format
from graphcli.loaders.options import ReadOptions
from graphcli.model.errors import InputError
from graphcli.model.records import Reject, Row

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PULL = FIXTURES / "pull_folders" / "Pull-31-10-2022-14:00:00"

DETECTED = [
    (PULL, "pull-folders"),
    (PULL / "CSVs" / "2022-10-31T14:05:03.000Z.csv", "pull-folders"),
    (PULL / "CSVs" / "Likers_of_alarms" / "Likers_of_alarms_2022-10-31T14:10:00.000Z.csv", "pull-folders"),
    (FIXTURES / "twarc" / "liking_users", "twarc"),
    (FIXTURES / "twarc" / "liking_users" / "1580000000000000001.jsonl", "twarc"),
    (FIXTURES / "twarc" / "liking_users" / "1580000000000000002.jsonl", "twarc"),
    (FIXTURES / "twarc" / "retweeted_by" / "1580000000000000001.jsonl", "twarc"),
    (FIXTURES / "twarc" / "search" / "tweets.jsonl", "twarc"),
    (FIXTURES / "botometer" / "results.jsonl", "botometer"),
    (FIXTURES / "botometer" / "results_array.json", "botometer"),
    (FIXTURES / "botometer" / "flat_dotted.csv", "botometer"),
    (FIXTURES / "botometer" / "flat_underscore.csv", "botometer"),
    (FIXTURES / "botometer" / "lite.json", "botometer"),
    (FIXTURES / "botometer" / "lite.csv", "botometer"),
    (FIXTURES / "lookups" / "users.jsonl", "lookups"),
    (FIXTURES / "lookups" / "lookup_table.csv", "lookups"),
    (FIXTURES / "crowdtangle" / "posts.csv", "crowdtangle"),
    (FIXTURES / "meta_content_library" / "posts.csv", "meta-content-library"),
    (FIXTURES / "share_tables" / "links_4col.csv", "share-tables"),
    (FIXTURES / "share_tables" / "wide.csv", "share-tables"),
    *[
        (FIXTURES / "canonical" / f"{table}.csv", "canonical")
        for table in ("accounts", "posts", "likes", "statuses")
    ],
]


@pytest.mark.parametrize(("path", "expected"), DETECTED, ids=lambda v: v if isinstance(v, str) else v.name)
def test_detects_each_fixture(path: Path, expected: str) -> None:
    name, reason = detect_format(path)
    assert name == expected
    assert reason.startswith(f"{path.name}: ") and FORMATS[name].SNIFF_RULE in reason


def test_registry_names() -> None:
    assert list(FORMATS) == [
        "pull-folders",
        "botometer",
        "lookups",
        "later-counts",
        "twarc",
        "crowdtangle",
        "crowdtangle-api",
        "meta-content-library",
        "share-tables",
        "canonical",
    ]
    for name, module in FORMATS.items():
        assert name == module.NAME and callable(module.sniff) and callable(module.read)


def test_unknown_format_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "mystery.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(InputError, match=r"mystery\.csv: cannot tell its format") as caught:
        detect_format(path)
    assert "\n" not in str(caught.value) and "share-tables" in str(caught.value)
    with pytest.raises(InputError, match="no such file or folder"):
        detect_format(tmp_path / "missing.csv")
    with pytest.raises(InputError, match="unknown format 'tweets'"):
        get_format("tweets")


CSV_FORMATS = [
    ("crowdtangle", FIXTURES / "crowdtangle" / "posts.csv", ReadOptions()),
    ("meta-content-library", FIXTURES / "meta_content_library" / "posts.csv", ReadOptions()),
    (
        "lookups",
        FIXTURES / "lookups" / "lookup_table.csv",
        ReadOptions(scored_at=datetime(2023, 1, 30, tzinfo=UTC)),
    ),
    (
        "botometer",
        FIXTURES / "botometer" / "flat_dotted.csv",
        ReadOptions(scored_at=datetime(2023, 2, 6, tzinfo=UTC)),
    ),
    ("share-tables", FIXTURES / "share_tables" / "wide.csv", ReadOptions()),
    ("share-tables", FIXTURES / "share_tables" / "links_4col.csv", ReadOptions(share_kind="link")),
    ("canonical", FIXTURES / "canonical" / "accounts.csv", ReadOptions()),
    ("pull-folders", PULL / "CSVs" / "2022-10-31T14:05:03.000Z.csv", ReadOptions()),
]


@pytest.mark.parametrize(("name", "path", "options"), CSV_FORMATS, ids=lambda v: getattr(v, "name", None))
def test_every_csv_record_comes_out_exactly_once(name: str, path: Path, options: ReadOptions) -> None:
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        records = sum(1 for values in csv.reader(handle) if values) - 1  # header
    got = list(get_format(name).read(path, options))
    assert len(got) == records
    assert all(isinstance(item, Row | Reject) for item in got)
    assert len({item.line for item in got}) == records


@pytest.mark.parametrize(("name", "path", "options"), CSV_FORMATS, ids=lambda v: getattr(v, "name", None))
def test_empty_file_is_a_one_line_error_and_header_only_gives_nothing(
    name: str, path: Path, options: ReadOptions, tmp_path: Path
) -> None:
    empty = tmp_path / path.name
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty file"):
        list(get_format(name).read(empty, options))
    header = path.read_bytes().splitlines(keepends=True)[0]
    empty.write_bytes(header)
    assert list(get_format(name).read(empty, options)) == []


@pytest.mark.parametrize(("name", "path", "options"), CSV_FORMATS, ids=lambda v: getattr(v, "name", None))
def test_bom_and_crlf_change_nothing(name: str, path: Path, options: ReadOptions, tmp_path: Path) -> None:
    text = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    copy = tmp_path / path.name
    copy.write_bytes(b"\xef\xbb\xbf" + text.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    plain = tmp_path / "plain" / path.name
    plain.parent.mkdir()
    plain.write_bytes(text.replace(b"\r\n", b"\n"))
    with_bom = [_strip(item) for item in get_format(name).read(copy, options)]
    without = [_strip(item) for item in get_format(name).read(plain, options)]
    assert with_bom == without


def _strip(item: Row | Reject) -> object:
    """A row or reject without its file name and raw line ending, to compare copies of a file."""
    if isinstance(item, Row):
        return (item.line, item.records)
    return (item.line, item.reason, item.raw.rstrip("\r\n"))


def test_wrong_columns_name_the_file_and_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "shares.csv"
    path.write_text("platform,account_id,kind\nfacebook,1,link\n")
    with pytest.raises(InputError) as caught:
        list(get_format("canonical").read(path, ReadOptions()))
    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message and "'key', 'at', 'post_id'" in message


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("twarc", '{"data": ["not a user"], "meta": {"result_count": 1}}'),
        (
            "twarc",
            '{"data": [{"id": "1", "text": "hi", "entities": {"urls": ["x"]}, "author_id": "2", '
            '"created_at": "2022-01-01T00:00:00Z"}], "meta": {}}',
        ),
        ("lookups", '{"errors": [1, 2]}'),
        ("lookups", '{"data": [{"username": "x"}]}'),
        (
            "botometer",
            '{"raw_scores": {"english": {"overall": "high"}}, "user": {"user_data": {"id_str": "1"}}}',
        ),
        ("botometer", '"a string, not an object"'),
    ],
)
def test_json_of_an_unexpected_shape_is_a_reject(name: str, line: str, tmp_path: Path) -> None:
    path = tmp_path / "liking_users" / "1580000000000000009.jsonl"
    path.parent.mkdir()
    path.write_text(line + "\n")
    got = list(get_format(name).read(path, ReadOptions()))
    assert len(got) == 1 and isinstance(got[0], Reject)
    assert (got[0].line, got[0].raw) == (1, line)


_garbage = st.lists(st.binary(max_size=60), min_size=1, max_size=5)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(_garbage)
def test_garbage_rows_never_raise(tmp_path: Path, lines: list[bytes]) -> None:
    # Rows, not broken files: bytes that open as gzip make a truncated compressed file, which the load
    # skips with its reason (test_probe_findings: test_a_truncated_gzip_among_others_is_skipped...).
    assume(not b"\n".join(lines).startswith(b"\x1f\x8b"))
    for name, path, options in CSV_FORMATS:
        copy = tmp_path / path.name
        copy.write_bytes(path.read_bytes().splitlines(keepends=True)[0] + b"\n".join(lines))
        for item in get_format(name).read(copy, options):
            assert isinstance(item, Row | Reject)
    for name in ("twarc", "lookups", "botometer"):
        copy = tmp_path / "liking_users" / "1.jsonl"
        copy.parent.mkdir(exist_ok=True)
        copy.write_bytes(b"\n".join(lines))
        if not copy.read_bytes().lstrip().startswith(b"["):
            for item in get_format(name).read(copy, ReadOptions()):
                assert isinstance(item, Row | Reject)


def test_detect_all_walks_a_folder_of_sources(tmp_path: Path) -> None:
    root = tmp_path / "world"
    shutil.copytree(FIXTURES / "pull_folders", root / "pull")
    shutil.copytree(FIXTURES / "twarc" / "liking_users", root / "liking_users")
    shutil.copy(FIXTURES / "crowdtangle" / "posts.csv", root / "ct.csv")
    (root / "truth.json").write_text("{}")
    got = [(p.relative_to(root).as_posix(), name) for p, name, _ in detect_all(root)]
    assert got == [
        ("ct.csv", "crowdtangle"),
        ("liking_users", "twarc"),
        ("pull/Pull-31-10-2022-14:00:00", "pull-folders"),
        ("truth.json", None),
    ]
    assert detect_all(FIXTURES / "crowdtangle" / "posts.csv")[0][1] == "crowdtangle"

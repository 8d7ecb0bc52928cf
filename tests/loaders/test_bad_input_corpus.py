"""A corpus of bad inputs, generated the way issue 15's hostile probe made them: every real fixture
truncated, re-encoded, emptied, inflated, with wrong types, NUL bytes, stray quotes and binary garbage,
and Parquet files broken the same ways. One ``load auto`` of the lot must end with a summary, never a
traceback; every total reconciles, and every reject and skipped file comes with a reason."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphcli.cli.app import app
from graphcli.cypher.gateway import Gateway

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# Real files of every format (pull folders are folders: they get their own variants below).
SEEDS = sorted(
    p
    for p in FIXTURES.rglob("*")
    if p.is_file() and p.suffix in (".csv", ".json", ".jsonl") and "pull_folders" not in p.parts
)


def _second_line(data: bytes, change: Callable[[bytes], bytes]) -> bytes:
    lines = data.split(b"\n")
    if len(lines) > 1:
        lines[1] = change(lines[1])
    return b"\n".join(lines)


def _middle(insert: bytes) -> Callable[[bytes], bytes]:
    return lambda line: line[: len(line) // 2] + insert + line[len(line) // 2 :]


def _first_number(replacement: bytes) -> Callable[[bytes], bytes]:
    return lambda line: re.sub(rb"\b\d{3,}\b", replacement, line, count=1)


VARIANTS: dict[str, Callable[[bytes], bytes]] = {
    "truncated-third": lambda d: d[: len(d) // 3],
    "truncated-two-thirds": lambda d: d[: 2 * len(d) // 3],
    "empty": lambda d: b"",
    "header-only": lambda d: d.split(b"\n", 1)[0] + b"\n",
    "latin1-bytes": lambda d: _second_line(d, _middle(b"caf\xe9 \xff")),
    "utf16": lambda d: d.decode("utf-8", "replace").encode("utf-16"),
    "bom-crlf": lambda d: b"\xef\xbb\xbf" + d.replace(b"\n", b"\r\n"),
    "huge-field": lambda d: _second_line(d, _middle(b"x" * 100_000)),
    "nul-byte": lambda d: _second_line(d, _middle(b"\x00")),
    "stray-quote": lambda d: _second_line(d, lambda line: b'"' + line),
    "overflow": lambda d: _second_line(d, _first_number(b"9" * 25)),
    "scientific-id": lambda d: _second_line(d, _first_number(b"1.5e+18")),
    "negative": lambda d: _second_line(d, _first_number(b"-1")),
    "word-for-number": lambda d: _second_line(d, _first_number(b"many")),
    "binary": lambda d: bytes(range(256)) * 4,
}


def _parquet_variants(folder: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    ids = [str(9000 + i) for i in range(300)]
    good = pa.table({"platform": ["twitter"] * 300, "id": ids, "like_count": list(range(300))})
    pq.write_table(good, folder / "posts-good.parquet")
    data = (folder / "posts-good.parquet").read_bytes()
    (folder / "posts-truncated.parquet").write_bytes(data[: len(data) // 2])
    middle = len(data) // 2
    (folder / "posts-corrupt.parquet").write_bytes(
        data[: middle - 100] + b"\xff" * 200 + data[middle + 100 :]
    )
    (folder / "posts-empty.parquet").write_bytes(b"")
    overflow = pa.table(
        {"platform": ["twitter"], "id": ["1"], "like_count": pa.array([2**64 - 1], pa.uint64())}
    )
    pq.write_table(overflow, folder / "posts-overflow.parquet")
    words = pa.table({"platform": ["twitter"], "id": ["2"], "like_count": ["many"], "created_at": ["0"]})
    pq.write_table(words, folder / "posts-words.parquet")
    no_platform = pa.table({"id": ["3"]})
    pq.write_table(no_platform, folder / "likes-no-columns.parquet")


def build_corpus(root: Path) -> int:
    """Write every variant of every seed under ``root`` (file names kept: sniffing reads them)."""
    count = 0
    for name, change in VARIANTS.items():
        for seed in SEEDS:
            target = root / name / seed.relative_to(FIXTURES)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(change(seed.read_bytes()))
            count += 1
        pull = root / name / "pull_folders"
        shutil.copytree(FIXTURES / "pull_folders", pull)
        for csv_file in sorted(pull.rglob("*.csv"))[:2]:
            csv_file.write_bytes(change(csv_file.read_bytes()))
            count += 1
    (root / "parquet").mkdir()
    _parquet_variants(root / "parquet")
    return count + 7


@pytest.mark.neo4j
def test_a_corpus_of_bad_inputs_loads_with_reasons_and_reconciled_totals(gw: Gateway, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    assert build_corpus(corpus) > 300
    rejects = tmp_path / "rejects.jsonl"
    result = CliRunner().invoke(app, ["load", "auto", str(corpus), "--rejects", str(rejects), "--json"])
    assert "Traceback" not in result.output
    assert result.exit_code == 0, result.output[-3000:]
    report = json.loads(result.stdout)
    assert report["read"] == report["loaded"] + report["rejected"] + report["duplicate"]
    assert report["loaded"] > 0 and report["rejected"] > 0
    for run in report["runs"]:
        assert run["read"] == run["loaded"] + run["rejected"] + run["duplicate"], run["format"]
        assert all(skip["reason"].strip() for skip in run["skipped"]), run["skipped"]
    lines = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == report["rejected"]
    assert all(line["reason"].strip() and line["file"] for line in lines)
    # Paths sniffing could not place are listed with their reason (stderr, one line each).
    skipped = [line for line in result.stderr.splitlines() if ": skipped (" in line]
    assert skipped and all(re.search(r": skipped \(.+\)$", line) for line in skipped)


FOLDER_FORMAT = {
    "botometer": "botometer",
    "canonical": "canonical",
    "crowdtangle": "crowdtangle",
    "lookups": "lookups",
    "meta_content_library": "meta-content-library",
    "share_tables": "share-tables",
    "twarc": "twarc",
}


@pytest.mark.neo4j
@pytest.mark.parametrize("folder", sorted(FOLDER_FORMAT))
def test_each_format_named_explicitly_takes_the_corpus_without_a_traceback(
    gw: Gateway, tmp_path: Path, folder: str
) -> None:
    """The same corpus, each format's files given with the format's name (no sniffing to skip them)."""
    corpus = tmp_path / "corpus"
    build_corpus(corpus)
    files = sorted(p for p in corpus.glob(f"*/{folder}/**/*") if p.is_file() and p.stat().st_size)
    args = ["load", FOLDER_FORMAT[folder], *map(str, files), "--rejects", str(tmp_path / "r.jsonl"), "--json"]
    if folder == "share_tables":
        args += ["--kind", "link"]
    result = CliRunner().invoke(app, args)
    assert "Traceback" not in result.output
    assert result.exit_code == 0, result.output[-3000:]
    report = json.loads(result.stdout)
    assert report["read"] == report["loaded"] + report["rejected"] + report["duplicate"]
    skipped = [skip for run in report["runs"] for skip in run["skipped"]]
    assert all(skip["reason"].strip() for skip in skipped)
    # Every file is accounted for: it gave rows, or it was skipped with a reason.
    assert report["read"] > 0 and len(skipped) < len(files)

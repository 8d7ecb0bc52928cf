"""Gzipped inputs are read as if they were not (issue 15 R4): twarc output is often kept as .jsonl.gz."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

from graphcli.loaders import twarc
from graphcli.loaders.formats import detect_format
from graphcli.loaders.options import ReadOptions
from graphcli.model.records import Reject, Row

TWARC = Path(__file__).resolve().parent.parent / "fixtures" / "twarc"


def _without_file(items: list[Row | Reject]) -> list[object]:
    return [(i.line, i.records) if isinstance(i, Row) else (i.line, i.reason) for i in items]


def test_gzipped_twarc_folder_reads_like_the_plain_one(tmp_path: Path) -> None:
    folder = tmp_path / "liking_users"
    folder.mkdir()
    for path in sorted((TWARC / "liking_users").iterdir()):
        with open(path, "rb") as plain, gzip.open(folder / (path.name + ".gz"), "wb") as packed:
            shutil.copyfileobj(plain, packed)
    plain_rows = list(twarc.read(TWARC / "liking_users", ReadOptions()))
    packed_rows = list(twarc.read(folder, ReadOptions()))
    assert plain_rows and _without_file(packed_rows) == _without_file(plain_rows)
    assert detect_format(folder)[0] == "twarc"
    one = next(folder.iterdir())
    assert detect_format(one)[0] == "twarc"


def test_an_empty_gzipped_tweet_file_is_a_tweet_nobody_liked(tmp_path: Path) -> None:
    path = tmp_path / "1580000000000000009.jsonl.gz"
    with gzip.open(path, "wb"):
        pass
    rows = list(twarc.read(path, ReadOptions()))
    assert len(rows) == 1 and isinstance(rows[0], Row)
    assert rows[0].records[0].id == "1580000000000000009"  # type: ignore[union-attr]


def test_twarc_saved_as_a_json_array_reads_like_json_lines(tmp_path: Path) -> None:
    lines = (TWARC / "search" / "tweets.jsonl").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "tweets.json"
    path.write_text("[\n" + ",\n".join(line for line in lines if line.strip()) + "\n]\n", encoding="utf-8")
    assert detect_format(path)[0] == "twarc"
    as_lines = [
        i.records for i in twarc.read(TWARC / "search" / "tweets.jsonl", ReadOptions()) if isinstance(i, Row)
    ]
    as_array = [i.records for i in twarc.read(path, ReadOptions()) if isinstance(i, Row)]
    assert as_lines and as_array == as_lines

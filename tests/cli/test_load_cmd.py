"""`graphcli load` through Typer's CliRunner, with a small stand-in format reader.

The stand-in reads lines ``post,screen_name,hour`` (header ``post,name,hour``) into likes; anything
else is a reject. Expected for GOOD + BAD below: read 5 = loaded 3 + duplicate 1 + rejected 1.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from typer.testing import CliRunner

from graphcli.cli.app import app
from graphcli.cypher.gateway import Gateway
from graphcli.cypher.schema import database_stats
from graphcli.loaders import sources
from graphcli.model.records import Engagement, Reject, Row

runner = CliRunner()


def read_likes(path: Path, options: Any) -> Iterator[Row | Reject]:
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines[1:], start=2):
        parts = line.split(",")
        if len(parts) != 3 or not parts[2].isdigit():
            yield Reject(str(path), number, "expected post,name,hour", line)
            continue
        seen = datetime(2022, 10, 1, int(parts[2]), tzinfo=UTC)
        yield Row(
            str(path),
            number,
            (
                Engagement(
                    options.platform_or("twitter"),
                    "like",
                    parts[0],
                    screen_name=parts[1],
                    observed_at=seen,
                    source=path.name,
                ),
            ),
        )


STANDIN = SimpleNamespace(NAME="likes", sniff=lambda p: p.suffix == ".likes", read=read_likes)


def detect(path: Path) -> list[tuple[Path, str | None, str]]:
    if path.suffix == ".likes":
        return [(path, "likes", "suffix .likes")]
    return [(path, "unknown", "no reader recognises it")]


@pytest.fixture(autouse=True)
def standin_format(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "format_registry", lambda: ({"likes": STANDIN}, detect))


@pytest.fixture
def inputs(tmp_path: Path) -> tuple[Path, Path]:
    good = tmp_path / "in" / "a.likes"
    good.parent.mkdir()
    good.write_text("post,name,hour\n9,ann,1\n9,bob,1\n9,Ann,1\n")
    bad = tmp_path / "in" / "b.likes"
    bad.write_text("post,name,hour\n9,cy,2\nthis line is broken\n")
    return good, bad


def test_help_texts_exist() -> None:
    result = runner.invoke(app, ["load", "--help"])
    assert result.exit_code == 0
    for option in (
        "--keep-text",
        "--trust-pickles",
        "--kind",
        "--rejects",
        "--max-rejects",
        "--batch-size",
        "--pseudonymize",
        "--bulk",
        "--workers",
        "--row-path",
        "--json",
    ):
        assert option in result.output


@pytest.mark.neo4j
def test_json_summary_reconciles_and_rejects_are_written(gw: Gateway, inputs: tuple[Path, Path]) -> None:
    good, bad = inputs
    result = runner.invoke(
        app, ["--quiet", "load", "likes", str(good), str(bad), "--json", "--batch-size", "2"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["read"], summary["loaded"], summary["duplicate"], summary["rejected"]) == (5, 3, 1, 1)
    assert summary["read"] == summary["loaded"] + summary["duplicate"] + summary["rejected"]
    (run,) = summary["runs"]
    assert (
        run["format"] == "likes"
        and run["files"] == 2
        and run["records"]["Engagement"] == {"read": 4, "new": 3}
    )
    rejects = good.parent / f"rejects-{run['run_id']}.jsonl"  # next to the first input, one per run
    assert summary["rejects_path"] == str(rejects)
    (line,) = [json.loads(x) for x in rejects.read_text().splitlines()]
    assert line == {
        "file": str(bad),
        "line": 3,
        "reason": "expected post,name,hour",
        "raw": "this line is broken",
    }
    assert database_stats(gw)["relationships"]["LIKED"] == 3

    again = runner.invoke(app, ["--quiet", "load", "likes", str(good), str(bad), "--json"])
    assert again.exit_code == 0 and json.loads(again.stdout)["loaded"] == 3
    assert database_stats(gw)["relationships"]["LIKED"] == 3
    assert database_stats(gw)["nodes"]["LoadRun"] == 1


@pytest.mark.neo4j
def test_auto_says_what_it_decided(gw: Gateway, inputs: tuple[Path, Path], tmp_path: Path) -> None:
    good, _ = inputs
    result = runner.invoke(app, ["load", "auto", str(good), "--rejects", str(tmp_path / "r.jsonl")])
    assert result.exit_code == 0, result.output
    assert f"{good}: likes (suffix .likes)" in result.stderr
    assert "read 3 rows: 2 loaded, 1 duplicate, 0 rejected" in result.stderr
    assert not (tmp_path / "r.jsonl").exists()


@pytest.mark.neo4j
def test_too_many_rejects_is_an_error(gw: Gateway, inputs: tuple[Path, Path], tmp_path: Path) -> None:
    _, bad = inputs
    result = runner.invoke(
        app, ["load", "likes", str(bad), "--max-rejects", "0", "--rejects", str(tmp_path / "r.jsonl")]
    )
    assert result.exit_code == 1
    assert "Error: more than 0 rows rejected" in result.stderr and "Traceback" not in result.output


@pytest.mark.neo4j
def test_pseudonymized_load_hides_screen_names(
    gw: Gateway, inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    good, _ = inputs
    key = tmp_path / "key"
    key.write_text("a-secret-key-of-enough-length\n")
    result = runner.invoke(app, ["--quiet", "load", "likes", str(good), "--pseudonymize", str(key), "--json"])
    assert result.exit_code == 0, result.output
    names = {
        r["name"]
        for r in gw.read("load/content")
        if r["kind"] == "node"
        for r in [{"name": r["props"].get("screen_name")}]
        if r["name"]
    }
    assert len(names) == 2 and not names & {"ann", "Ann", "bob"}


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (["load", "likes", "/nonexistent/x.likes"], "no such file or folder: /nonexistent/x.likes", 1),
        (["load", "nosuchformat", "{good}"], "unknown format 'nosuchformat' (choose one of: auto, likes)", 2),
        (["load", "auto", "{readme}"], "cannot tell its format (no reader recognises it)", 1),
        (["load", "likes", "{good}", "--pseudonymize", "{short}"], "at least 16 bytes", 2),
    ],
)
def test_bad_invocations_are_one_line_errors(
    inputs: tuple[Path, Path], tmp_path: Path, args: list[str], message: str, code: int
) -> None:
    (tmp_path / "readme.txt").write_text("hello")
    (tmp_path / "short").write_text("tiny")
    names = {"good": str(inputs[0]), "readme": str(tmp_path / "readme.txt"), "short": str(tmp_path / "short")}
    result = runner.invoke(app, [a.format(**names) for a in args])
    assert result.exit_code == code
    assert message in result.stderr and "Traceback" not in result.output


def test_bulk_refuses_a_server_it_does_not_manage(inputs: tuple[Path, Path]) -> None:
    result = runner.invoke(app, ["--uri", "bolt://127.0.0.1:1", "load", "likes", str(inputs[0]), "--bulk"])
    assert result.exit_code == 2
    assert "--bulk imports only into the managed local server" in result.stderr


@pytest.mark.neo4j
def test_bulk_refuses_a_database_with_data(gw: Gateway, inputs: tuple[Path, Path]) -> None:
    assert runner.invoke(app, ["--quiet", "load", "likes", str(inputs[0])]).exit_code == 0
    result = runner.invoke(app, ["--quiet", "load", "likes", str(inputs[0]), "--bulk"])
    assert result.exit_code == 1
    assert "--bulk needs an empty database, and this one has data" in result.stderr

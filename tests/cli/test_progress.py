"""Progress a person can trust: inputs counted first, one overall indicator, a periodic status line when
stderr is not a terminal, each input named once, files that are not data listed once as such."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphcli.cli.app import app
from graphcli.cli.progress import OverallProgress, measure_inputs
from graphcli.cypher.gateway import Gateway

runner = CliRunner()


def test_inputs_are_counted_and_sized_first(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("h1,h2\n1,2\n3,4\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.jsonl").write_text('{"x": 1}\n{"x": 2}\n{"x": 3}')  # no final newline
    size = measure_inputs([tmp_path])
    assert (size.files, size.rows) == (2, 5)
    assert size.bytes == sum(p.stat().st_size for p in tmp_path.rglob("*") if p.is_file())
    assert size.describe().startswith("2 files, ") and "about 5 rows" in size.describe()


def test_without_a_terminal_a_status_line_with_rate_and_time_left(capsys: pytest.CaptureFixture[str]) -> None:
    with OverallProgress("load", 100, quiet=False, every=0) as bar:
        bar.advance(40)
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines[0].startswith("load: 40 of ~100 rows (40%), ") and "rows/s, about " in lines[0]
    assert lines[0].endswith(" left")


def test_the_estimate_is_a_floor_and_quiet_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    with OverallProgress("load", 10, quiet=False, every=3600) as bar:
        bar.advance(25)
    assert bar.total == 25
    assert capsys.readouterr().err.startswith("load: 25 rows in 0:00:00 (")
    with OverallProgress("load", 10, quiet=True, every=0) as quiet:
        quiet.advance(5)
    assert capsys.readouterr().err == ""


@pytest.mark.neo4j
def test_load_auto_names_each_file_once_and_truth_json_as_not_data(gw: Gateway, tmp_path: Path) -> None:
    world = tmp_path / "world"
    assert (
        runner.invoke(app, ["-q", "synth", str(world), "--profile", "tiny", "--formats", "shares"]).exit_code
        == 0
    )
    result = runner.invoke(app, ["load", "auto", str(world), "--rejects", str(tmp_path / "r.jsonl")])
    assert result.exit_code == 0, result.output
    err = result.stderr
    assert err.count("truth.json") == 1 and f"not data, left out: {world / 'truth.json'}" in err
    assert "skipped" not in err
    named = [line for line in err.splitlines() if line.startswith(str(world))]
    assert named and len({line.split(": ")[0] for line in named}) == len(named)  # each input on one line
    for line in named:  # and its name once on that line
        assert line.count(Path(line.split(": ")[0]).name) == 1, line
    counted = next(line for line in err.splitlines() if line.startswith("load: ") and " file" in line)
    assert "about " in counted and " rows" in counted
    assert err.index(counted) < err.index("share-tables: read")  # counted before loading
    assert "load: " in err.split(counted)[1]  # and a final status line (stderr is not a terminal here)


def test_timed_messages_carry_the_elapsed_time(capsys: pytest.CaptureFixture[str]) -> None:
    from graphcli.cli.progress import timed

    note = timed("detect all")
    note("link: 1,222 shares")
    assert capsys.readouterr().err.strip() == "detect all 0:00:00 link: 1,222 shares"

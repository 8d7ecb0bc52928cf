"""`graphcli load` on the real writers' files: what is skipped is said (R4), pickles give one clear
error, analysis leftovers are not data, and nothing read is a failure."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from graphcli.cli.app import app
from graphcli.cypher.gateway import Gateway

REAL = Path(__file__).resolve().parent.parent / "fixtures" / "real"
PULL = REAL / "study_pull" / "Pull-fixture_fv22"
UNTRUSTED = "pickle file: rerun with --trust-pickles"
runner = CliRunner()


def test_pickle_given_to_a_text_format_is_one_clear_error(gw: Gateway, tmp_path: Path) -> None:
    pickle = PULL / "Botscores" / "botscores_likers_v4.pkl"
    result = runner.invoke(app, ["load", "botometer", str(pickle), "--rejects", str(tmp_path / "r.jsonl")])
    assert result.exit_code == 1, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    assert len(errors) == 1 and "nothing was read" in errors[0], result.stderr
    assert UNTRUSTED in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "r.jsonl").exists()  # no reject per line of binary noise


def test_quiet_json_lists_every_skipped_file_with_its_reason(gw: Gateway, tmp_path: Path) -> None:
    folder = tmp_path / PULL.name
    shutil.copytree(PULL, folder)
    result = runner.invoke(
        app, ["--quiet", "load", "auto", str(folder), "--json", "--rejects", str(tmp_path / "r.jsonl")]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    reasons = {Path(s["path"]).name: s["reason"] for s in summary["skipped"]}
    assert reasons["laterusers.pkl"].startswith(UNTRUSTED)
    assert reasons["botscores_likers_v4.pkl"].startswith(UNTRUSTED)
    assert reasons["botlite_hist_likers.png"].startswith("not a file of the scraper")
    assert summary["rejected"] == 0 and summary["read"] > 0
    assert summary["runs"][0]["skipped"]  # per run too


def test_feature_frame_is_not_a_data_file(gw: Gateway, tmp_path: Path) -> None:
    frame = PULL / "features-frame_likers.csv"
    result = runner.invoke(app, ["load", "auto", str(frame), "--rejects", str(tmp_path / "r.jsonl")])
    assert result.exit_code == 1
    assert "not a data file: an analysis feature frame" in result.stderr


def test_nothing_read_from_a_folder_of_leftovers_fails(gw: Gateway, tmp_path: Path) -> None:
    folder = tmp_path / "leftovers"
    folder.mkdir()
    shutil.copy(PULL / "features-frame_likers.csv", folder)
    shutil.copy(PULL / "botlite_hist_likers.png", folder)
    result = runner.invoke(
        app, ["--quiet", "load", "auto", str(folder), "--json", "--rejects", str(tmp_path / "r.jsonl")]
    )
    assert result.exit_code == 1
    assert len(json.loads(result.stdout)["skipped"]) == 2
    assert "nothing was read from the 1 input(s) given (2 skipped)" in result.stderr

"""`load` into an empty managed database switches to the offline importer from `bulk_rows` input rows
(issue 16), says so, and gives the same graph as over Bolt; `--bulk`/`--no-bulk` decide for it."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphcli.cli.app import app
from graphcli.cypher.gateway import Gateway
from graphcli.cypher.schema import database_stats, init_schema, wipe
from graphcli.loaders.load import choose_path
from graphcli.model.errors import ConfigError
from graphcli.model.settings import DEFAULT_BULK_ROWS, Settings
from graphcli.synth.generate import generate
from tests.fingerprint import content_fingerprint

runner = CliRunner()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("switch") / "tiny"
    generate(out, "tiny", 1)
    return out


def load(world: Path, rejects: Path, bulk_rows: int, *options: str) -> dict[str, object]:
    result = runner.invoke(
        app,
        ["--quiet", "load", "auto", str(world), "--json", "--rejects", str(rejects), *options],
        env={"GRAPHCLI_BULK_ROWS": str(bulk_rows)},
    )
    assert result.exit_code == 0, result.output
    out: dict[str, object] = json.loads(result.stdout)
    return out


def test_bulk_rows_is_a_whole_number_from_the_environment() -> None:
    assert Settings.load(environ={}, config_file=None).bulk_rows == DEFAULT_BULK_ROWS
    assert Settings.load(environ={"GRAPHCLI_BULK_ROWS": "0"}).bulk_rows == 0
    with pytest.raises(ConfigError, match="bulk_rows"):
        Settings.load(environ={"GRAPHCLI_BULK_ROWS": "many"})
    with pytest.raises(ConfigError, match="bulk_rows"):
        Settings.load(environ={"GRAPHCLI_BULK_ROWS": "-1"})


def test_the_path_follows_the_size_the_database_and_the_options(gw: Gateway, settings: Settings) -> None:
    at_ten = replace(settings, bulk_rows=10)
    assert choose_path(gw, at_ten, 10, None).bulk
    assert "empty database" in choose_path(gw, at_ten, 10, None).reason
    assert not choose_path(gw, at_ten, 9, None).bulk
    assert not choose_path(gw, at_ten, None, None).bulk  # size unknown: Bolt
    assert not choose_path(gw, replace(at_ten, bulk_rows=0), 10**9, None).bulk  # switched off
    assert not choose_path(gw, replace(at_ten, uri="bolt://elsewhere:7687"), 10**9, None).bulk
    assert choose_path(gw, at_ten, 1, True).bulk and not choose_path(gw, at_ten, 10**9, False).bulk
    gw.write("load/pass/accounts", {"accounts": [{"uid": "twitter:1", "props": {"platform": "twitter"}}]})
    held = choose_path(gw, at_ten, 10**9, None)
    assert not held.bulk and "holds data" in held.reason


@pytest.mark.slow
# ManagedServer.start leaves its detached server's Popen object to be collected while it runs.
@pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_load_above_bulk_rows_is_imported_offline_and_gives_the_bolt_graph(
    gw: Gateway, world: Path, tmp_path: Path
) -> None:
    bolt = load(world, tmp_path / "bolt.jsonl", 10**9)
    assert bolt["path"] == "bolt" and bolt["bulk_imported"] is None
    expected, stats = content_fingerprint(gw), database_stats(gw)
    assert stats["relationships"]["LIKED"] > 0 and stats["relationships"]["SHARED"] > 0

    wipe(gw)
    init_schema(gw)
    bulk = load(world, tmp_path / "bulk.jsonl", 10)
    assert bulk["path"] == "bulk" and "at least bulk_rows (10)" in str(bulk["path_reason"])
    assert isinstance(bulk["bulk_imported"], dict) and bulk["bulk_imported"]["LIKED"] > 0
    seconds = bulk["bulk_seconds"]
    assert isinstance(seconds, dict) and {"csv", "stop", "import", "start", "schema"} <= set(seconds)
    assert isinstance(bulk["import_stages"], dict) and bulk["import_stages"]["total"] > 0
    assert {k: bulk[k] for k in ("read", "loaded", "rejected", "duplicate")} == {
        k: bolt[k] for k in ("read", "loaded", "rejected", "duplicate")
    }
    assert database_stats(gw) == stats
    assert content_fingerprint(gw) == expected

    again = load(world, tmp_path / "again.jsonl", 10)  # the database holds data now: Bolt, no change
    assert again["path"] == "bolt" and "holds data" in str(again["path_reason"])
    assert content_fingerprint(gw) == expected

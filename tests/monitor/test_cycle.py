"""The monitor cycle against the live server, over two inbox drops cut from a `graphcli synth` tiny
world (see ``tests/monitor/monitor_drops.py``). With a 24 h window the first cycle detects over day 1 and
the second over day 2 (the window ends at the newest share in the database), so each drop brings its own
coordination.
"""

from __future__ import annotations

import json
import shutil
from datetime import timedelta
from pathlib import Path
from typing import cast

import pandas as pd
import pytest

import graphcli.monitor.cycle as monitor_module
from graphcli.cypher.connect import open_gateway
from graphcli.cypher.gateway import Gateway
from graphcli.model.errors import ConfigError, InputError
from graphcli.model.settings import Settings
from graphcli.monitor.cycle import CycleReport, MonitorConfig, parse_duration, run_cycle, run_forever
from tests.monitor.monitor_drops import make_drops


@pytest.fixture(scope="session")
def drops(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    return make_drops(tmp_path_factory.mktemp("synth"))


def _drop(inbox: Path, files: list[Path]) -> list[str]:
    for f in files:
        shutil.copy(f, inbox / f.name)
    return sorted(str(inbox / f.name) for f in files)


def _config(tmp_path: Path) -> MonitorConfig:
    inbox = tmp_path / "inbox"
    inbox.mkdir(exist_ok=True)
    return MonitorConfig(inbox, tmp_path / "watch.csv", tmp_path / "alerts", window=timedelta(hours=24))


def _objects(report_dir: Path) -> set[tuple[str, str]]:
    rows = json.loads((report_dir / "new_alerts.json").read_text(encoding="utf-8"))
    return {(r["kind"], r["object"]) for r in rows}


@pytest.mark.neo4j
def test_two_cycles_load_each_file_once_and_report_only_new_coordination(
    gw: Gateway, drops: dict[str, list[Path]], tmp_path: Path, settings: Settings
) -> None:
    config = _config(tmp_path)
    first_files = _drop(config.inbox, drops["one"])

    first = run_cycle(gw, config, use_gds=False)
    assert sorted(first.files) == first_files
    assert first.window_end is not None and first.window_end.date().isoformat() == "2022-10-05"
    assert {"link", "message", "retweet"} <= set(first.detected)
    assert first.new_alert_ids and first.new_accounts
    assert first.out_dir is not None
    first_objects = _objects(first.out_dir)
    assert len(first_objects) == len(first.new_alert_ids)
    watch = pd.read_csv(config.watchlist, dtype=str)
    assert list(watch.columns) == monitor_module.WATCHLIST_COLUMNS
    assert sorted(watch["uid"]) == sorted(first.new_accounts)
    assert set(watch["run_id"]) <= set(first.detected.values())
    assert watch["reason"].str.startswith("coordinated ").all()
    assert (watch["cycle"] == first.cycle_id).all()

    # Nothing new (a copy of a loaded file under another name is the same content): nothing repeats.
    shutil.copy(drops["one"][1], config.inbox / "copy-of-day1.csv")
    before = config.watchlist.read_text(encoding="utf-8")
    idle = run_cycle(gw, config, use_gds=False)
    assert (idle.files, idle.detected, idle.new_alert_ids, idle.new_accounts) == ([], {}, [], [])
    assert config.watchlist.read_text(encoding="utf-8") == before

    second_files = _drop(config.inbox, drops["two"])
    second = run_cycle(gw, config, use_gds=False)
    assert second.files == second_files
    assert second.window_end is not None and second.window_end.date().isoformat() == "2022-10-06"
    assert second.window_start == second.window_end - timedelta(hours=24)
    assert second.new_alert_ids and not set(second.new_alert_ids) & set(first.new_alert_ids)
    assert second.out_dir is not None
    assert not _objects(second.out_dir) & first_objects
    alerts = pd.read_json(second.out_dir / "new_alerts.json", orient="records", convert_dates=False)
    assert (pd.to_datetime(alerts["last_share_at"], utc=True) >= second.window_start).all()

    watch = pd.read_csv(config.watchlist, dtype=str)
    assert not watch["uid"].duplicated().any()
    assert list(watch["uid"]) == list(watch[watch["cycle"] == first.cycle_id]["uid"]) + list(
        watch[watch["cycle"] == second.cycle_id]["uid"]
    )
    assert sorted(watch[watch["cycle"] == second.cycle_id]["uid"]) == sorted(second.new_accounts)
    assert len(watch) == second.watchlist_size == len(first.new_accounts) + len(second.new_accounts)
    assert set(watch[watch["cycle"] == second.cycle_id]["run_id"]) <= set(second.detected.values())

    # A restarted monitor (new driver, new gateway) finds everything done.
    with open_gateway(settings) as fresh:
        again = run_cycle(fresh, config, use_gds=False)
        cycles = fresh.read("monitor/cycles")
    assert (again.files, again.detected, again.new_alert_ids, again.new_accounts) == ([], {}, [], [])
    assert pd.read_csv(config.watchlist, dtype=str).equals(watch)
    assert len(cycles) == 4 and all(c["finished_at"] is not None for c in cycles)


@pytest.mark.neo4j
@pytest.mark.parametrize("kill_in", ["_report_alerts", "_extend_watchlist"])
def test_a_killed_cycle_is_finished_by_the_next_without_repeating(
    gw: Gateway, drops: dict[str, list[Path]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kill_in: str
) -> None:
    """Killed before reporting alerts: the next cycle reports them. Killed after (in the watch list
    step): the next cycle does not report them again but does add the accounts."""
    config = _config(tmp_path)
    _drop(config.inbox, drops["one"])

    def killed(*_args: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(monitor_module, kill_in, killed)
    with pytest.raises(KeyboardInterrupt):
        run_cycle(gw, config, use_gds=False)
    monkeypatch.undo()

    resumed = run_cycle(gw, config, use_gds=False)
    assert resumed.files == []  # the load had finished: not loaded twice
    assert {"link", "message", "retweet"} <= set(resumed.detected)  # detection redone
    assert bool(resumed.new_alert_ids) == (kill_in == "_report_alerts")
    assert resumed.new_accounts
    assert len(pd.read_csv(config.watchlist, dtype=str)) == len(resumed.new_accounts)
    idle = run_cycle(gw, config, use_gds=False)
    assert (idle.files, idle.detected, idle.new_alert_ids, idle.new_accounts) == ([], {}, [], [])


@pytest.mark.neo4j
def test_a_four_column_share_table_takes_its_kind_from_its_name(
    gw: Gateway, drops: dict[str, list[Path]], tmp_path: Path
) -> None:
    config = _config(tmp_path)
    _drop(config.inbox, drops["narrow"])
    report = run_cycle(gw, config, use_gds=False)
    assert [Path(f).name for f in report.files] == ["hashtag.csv"]
    assert report.loaded_records > 0 and report.rejected_records == 0
    assert set(report.detected) == {"hashtag"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6h", timedelta(hours=6)),
        ("90s", timedelta(seconds=90)),
        ("2d", timedelta(days=2)),
        ("1.5h", timedelta(minutes=90)),
    ],
)
def test_parse_duration(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "6", "h", "-1h", "0h", "6 hours", "6w"])
def test_parse_duration_rejects(text: str) -> None:
    with pytest.raises(ConfigError):
        parse_duration(text)


def test_a_missing_inbox_is_an_input_error(tmp_path: Path) -> None:
    config = MonitorConfig(tmp_path / "nope", tmp_path / "watch.csv", tmp_path / "alerts")
    with pytest.raises(InputError, match="not a folder"):
        config.validate()


def test_run_forever_reports_failed_cycles_and_keeps_the_period(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = _config(tmp_path)
    outcomes: list[object] = [InputError("bad drop"), CycleReport("c2")]

    def fake_cycle(*_args: object) -> CycleReport:
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        assert isinstance(outcome, CycleReport)
        return outcome

    monkeypatch.setattr(monitor_module, "run_cycle", fake_cycle)
    done: list[str] = []
    errors: list[str] = []
    sleeps: list[float] = []
    run_forever(
        cast(Gateway, None),
        config,
        timedelta(hours=6),
        lambda r: done.append(r.cycle_id),
        on_error=lambda e: errors.append(str(e)),
        sleep=sleeps.append,
        cycles=2,
    )
    assert (done, errors, len(sleeps)) == (["c2"], ["bad drop"], 1)
    assert 0 < sleeps[0] <= 6 * 3600

    outcomes.append(InputError("again"))
    with pytest.raises(InputError):
        run_forever(
            cast(Gateway, None),
            config,
            timedelta(hours=6),
            lambda r: done.append(r.cycle_id),
            sleep=sleeps.append,
            cycles=1,
        )

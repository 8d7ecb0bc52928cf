"""Alerts on the test world: which objects, their red flags, stability of ids, the network files."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from graphcli.analytics.alerts import alert_id, export_alerts
from graphcli.analytics.labels import distinctive, group_content, terms_of
from graphcli.analytics.network import watchlist_candidates
from graphcli.analytics.runs import select_runs
from graphcli.cypher.gateway import Gateway

EXPECTED_SCORES = {
    "link:https://ex.com/a": 1,
    "link:https://ex.com/b": 1,
    "hashtag:vote": 2,
    "message:h-vote": 0,
}


@pytest.mark.neo4j
def test_one_alert_per_coordinated_object_with_its_red_flags(world: Gateway, tmp_path: Path) -> None:
    export = export_alerts(world, tmp_path)
    alerts = export.alerts.set_index("object")
    assert set(alerts.index) == set(EXPECTED_SCORES)  # the slow "popular" link is no alert
    assert alerts["red_flag_score"].to_dict() == EXPECTED_SCORES
    a = alerts.loc["link:https://ex.com/a"]
    assert (a["accounts"], a["shares"], a["engagement"]) == (4, 4, 10)  # tw:16's slow share is not counted
    assert a["first_share_at"] == pd.Timestamp("2026-11-01T10:00:00Z")
    assert a["last_share_at"] == pd.Timestamp("2026-11-01T10:00:30Z")
    assert "fast" in str(a["red_flags"])
    assert a["why"] == "4 coordinated accounts shared it, each within 60 s of a partner (link co-sharing)"
    assert alerts.loc["link:https://ex.com/b", "communities"] == "c-link-1 c-link-2"
    assert "reach" in str(alerts.loc["link:https://ex.com/b", "red_flags"])
    assert "above" in str(alerts.loc["hashtag:vote", "red_flags"])
    assert alerts.loc["link:https://ex.com/a", "alert_id"] == alert_id(
        "link", "link:https://ex.com/a", ["c-link-1"], "run-link"
    )


@pytest.mark.neo4j
def test_ids_are_stable_and_only_first_export_is_new(world: Gateway, tmp_path: Path) -> None:
    first = export_alerts(world, tmp_path / "one")
    second = export_alerts(world, tmp_path / "two")
    assert sorted(first.alert_ids) == sorted(second.alert_ids)
    assert sorted(first.new_alert_ids) == sorted(first.alert_ids)
    assert second.new_alert_ids == []


@pytest.mark.neo4j
def test_since_keeps_only_later_coordination(world: Gateway, tmp_path: Path) -> None:
    export = export_alerts(world, tmp_path, since=datetime(2026, 11, 2, tzinfo=UTC))
    assert sorted(export.alerts["object"]) == ["hashtag:vote", "message:h-vote"]


@pytest.mark.neo4j
def test_json_network_files(world: Gateway, tmp_path: Path) -> None:
    export = export_alerts(world, tmp_path, fmt="json")
    assert set(export.paths) == {"alerts", "nodes", "edges", "communities"}
    nodes = json.loads(export.paths["nodes"].read_text())
    tw2 = next(n for n in nodes if n["id"] == "tw:2" and n["kind"] == "link")
    assert (tw2["degree"], tw2["community"], tw2["name"]) == (3, "c-link-1", "User2")
    communities = {c["community"]: c for c in json.loads(export.paths["communities"].read_text())}
    assert set(communities) == {"c-link-1", "c-link-2", "c-hashtag-1", "c-message-1"}  # old run left out
    assert communities["c-hashtag-1"]["label"].startswith("#vote")
    assert "vote" in communities["c-message-1"]["top_terms"].split()
    assert communities["c-link-2"]["engagement"] == 12
    edges = json.loads(export.paths["edges"].read_text())
    assert len(edges) == 12


def test_labels_prefer_what_one_group_pushes() -> None:
    rows: list[dict[str, Any]] = [
        {"group_id": "g1", "kind": "link", "key": "https://www.news.dk/x", "text": None, "shares": 5},
        {"group_id": "g1", "kind": "link", "key": "https://fringe.example/y", "text": None, "shares": 4},
        {"group_id": "g2", "kind": "link", "key": "https://news.dk/z", "text": None, "shares": 9},
        {"group_id": "g2", "kind": "message", "key": "h", "text": "Stem NU på partiet!", "shares": 2},
    ]
    # news.dk: 5 * (ln(3/3) + 1) = 5; fringe.example: 4 * (ln(3/2) + 1) = 5.6
    tops = distinctive(group_content(rows), top=1)
    assert tops["g1"]["domains"] == ["fringe.example"]
    assert tops["g2"]["terms"] == ["partiet"]  # ties with "stem"; names break ties
    assert terms_of("Vote early, vote OFTEN") == ["vote", "early", "vote", "often"]


@pytest.mark.neo4j
def test_watchlist_candidates_carry_provenance(world: Gateway) -> None:
    rows = watchlist_candidates(world, select_runs(world)).set_index(["uid", "kind"])
    assert len(rows) == 13
    tw2 = rows.to_dict("index")[("tw:2", "link")]
    assert (tw2["run_id"], tw2["community"], tw2["screen_name"]) == ("run-link", "c-link-1", "User2")
    assert tw2["reason"] == "coordinated link sharing with 3 account(s) (weight 4) in run run-link"

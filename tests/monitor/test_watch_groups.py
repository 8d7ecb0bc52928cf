"""The monitor's watch-list expansion from groups followed over its cycles (detect persistence
--slice cycles): accounts that joined a group after its first cycle come first, with that provenance."""

from __future__ import annotations

from datetime import timedelta

import pytest

import graphcli.monitor.cycle as monitor_module
from graphcli.analytics.runs import RunSelection, select_runs
from graphcli.cypher.gateway import Gateway
from graphcli.detect.cosharing import CosharingParams, detect_cosharing
from graphcli.model.progress import silent
from tests.detect.helpers import load_graph
from tests.detect.test_persistence import day, three_days


@pytest.mark.neo4j
def test_accounts_that_joined_a_followed_group_are_listed_with_the_group(gw: Gateway) -> None:
    load_graph(gw, shares=three_days())
    report = monitor_module.CycleReport("cycle-1")
    window = {}
    for d in range(3):  # three daily cycles' co-sharing runs
        params = CosharingParams(kind="message", since=day(d), until=day(d + 1) - timedelta(seconds=1))
        window = {"message": detect_cosharing(gw, params, use_gds=False).run_id}
        if d == 0:  # after one cycle there is nothing to follow yet
            assert monitor_module._follow_over_cycles(gw, report, window, silent, False) == {}
    followed = monitor_module._follow_over_cycles(gw, report, window, silent, False)
    assert set(followed) == {"message"} and report.detected["persistence:message"] == followed["message"]
    runs = RunSelection(window, select_runs(gw).runs)
    added = monitor_module._extend_watchlist(gw, runs, "cycle-1", followed)
    watch = monitor_module.read_watchlist(gw).set_index("uid")
    assert sorted(added) == sorted(watch.index)
    joined = watch[watch["reason"].str.startswith("joined message group")]
    # g4 and g5 joined the growing group, r5 the reappearing one; everyone else is listed as before
    assert sorted(joined.index) == ["x:g4", "x:g5", "x:r5"]
    assert (joined["run_id"] == followed["message"]).all()
    assert "(reappears, 2 cycles)" in str(joined.loc["x:r5", "reason"])
    assert watch.drop(joined.index)["reason"].str.startswith("coordinated ").all()

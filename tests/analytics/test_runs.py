"""Analytics read the window a run really used: the estimated one after ``--window auto``."""

from __future__ import annotations

import pytest

from graphcli.analytics.runs import select_runs
from graphcli.cypher.gateway import Gateway
from graphcli.detect.cosharing import CosharingParams, detect_cosharing
from graphcli.model.runs import DEFAULT_WINDOW_S, DetectionRun
from tests.detect.helpers import load_small


@pytest.mark.neo4j
def test_alerts_search_with_the_estimated_window_after_window_auto(gw: Gateway) -> None:
    load_small(gw)
    params = CosharingParams(kind="link", window="auto", alpha=1, edge_percentile=0)
    summary = detect_cosharing(gw, params, use_gds=False)
    assert summary.counts["window_s"] != DEFAULT_WINDOW_S  # else this test could not tell the two apart
    assert summary.counts["edges"] > 0
    assert select_runs(gw).window_s("link") == pytest.approx(summary.counts["window_s"])


def test_a_run_prefers_the_resolved_window_to_its_parameter() -> None:
    row = {
        "run_id": "r",
        "kind": "cosharing",
        "parameters": '{"window": "auto"}',
        "counts": '{"window_s": 7.5}',
    }
    assert DetectionRun.from_row(row).window_s == 7.5
    assert DetectionRun.from_row({**row, "counts": None}).window_s is None
    assert DetectionRun.from_row({**row, "parameters": '{"window": 30}', "counts": None}).window_s == 30.0
    assert DetectionRun.from_row({**row, "parameters": "not json"}).parameters == {}

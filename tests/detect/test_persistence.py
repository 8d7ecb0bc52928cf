"""Persistence over time: matching by hand, the slices, a hand-made three-day graph, errors, synth."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from graphcli.analytics.quality import planted_persistence, score_persistence
from graphcli.analytics.runs import select_runs
from graphcli.cli.app import app
from graphcli.cypher.gateway import Gateway
from graphcli.detect.cosharing import CosharingParams, detect_cosharing
from graphcli.detect.persistence import (
    PersistenceParams,
    Slice,
    detect_persistence,
    epoch_slices,
    follow_shares,
    jaccard,
    match_slices,
)
from graphcli.detect.runs import list_runs
from graphcli.model.errors import ConfigError, GraphcliError
from graphcli.model.runs import DetectionRun
from graphcli.synth import truth as synth_truth
from graphcli.synth.profiles import get_profile
from graphcli.synth.shares import share_table
from graphcli.synth.world import build_world
from tests.detect.helpers import load_graph

runner = CliRunner()
DAY = 86_400
T0 = 1_664_928_000  # 2022-10-05T00:00:00Z


def day(i: int) -> datetime:
    return datetime.fromtimestamp(T0 + i * DAY, UTC)


def sl(index: int, **communities: str) -> Slice:
    """A slice whose communities are given as uid="a b c"."""
    return Slice(
        index,
        day(index),
        day(index + 1),
        f"run{index}",
        {uid: frozenset(members.split()) for uid, members in communities.items()},
    )


def test_jaccard() -> None:
    assert jaccard(frozenset("abc"), frozenset("bcd")) == pytest.approx(2 / 4)
    assert jaccard(frozenset(), frozenset()) == 0.0


def test_matching_by_hand() -> None:
    slices = [
        sl(0, p0="a b c d", g0="g1 g2 g3", r0="r1 r2 r3 r4 r5", l0="l1 l2 l3 l4"),
        sl(1, p1="a b c d", g1="g1 g2 g3 g4 g5"),
        sl(2, p2="a b c", g2="g1 g2 g3 g4 g5 g6", l2="l4 x1 x2 x3 x4"),
        sl(3, r3="r2 r3 r4 r5 n1 n2"),
    ]
    tracks = {t.steps[0].community: t for t in match_slices(slices, min_jaccard=0.3, max_gap=2)}
    persists, grows, back = tracks["p0"], tracks["g0"], tracks["r0"]
    assert [s.community for s in persists.steps] == ["p0", "p1", "p2"]
    assert persists.status(1.5) == "persists"
    assert [link.jaccard for link in persists.links] == [1.0, pytest.approx(3 / 4)]
    assert [s.community for s in grows.steps] == ["g0", "g1", "g2"] and grows.status(1.5) == "grows"
    assert grows.links[0].new_accounts == ("g4", "g5") and grows.links[1].new_accounts == ("g6",)
    # away for slices 1 and 2, back in 3 with r2-r5 and two new accounts: J = 4 / 7
    assert [s.community for s in back.steps] == ["r0", "r3"] and back.status(1.5) == "reappears"
    (link,) = back.links
    assert (link.gap, link.shared, link.new_accounts) == (2, 4, ("n1", "n2"))
    assert link.jaccard == pytest.approx(4 / 7)
    assert back.joined()["n1"].community == "r3" and back.joined()["r1"].community == "r0"
    # l0 and l2 share one account (J = 1/8): two groups of one slice each
    assert tracks["l0"].status(1.5) is None and tracks["l2"].status(1.5) is None
    assert sorted(tracks) == ["g0", "l0", "l2", "p0", "r0"]


def test_a_gap_longer_than_max_gap_starts_a_new_group() -> None:
    slices = [sl(0, a="a b c"), sl(1), sl(2), sl(3, b="a b c")]
    assert [len(t.steps) for t in match_slices(slices, max_gap=2)] == [2]
    assert [len(t.steps) for t in match_slices(slices, max_gap=1)] == [1, 1]


def test_matches_are_one_to_one_best_first() -> None:
    # a split: both halves resemble the group; the closer one continues it, the other starts anew
    slices = [sl(0, g="a b c d e f"), sl(1, big="a b c d", small="e f")]
    tracks = match_slices(slices, min_jaccard=0.3)
    assert [[s.community for s in t.steps] for t in tracks] == [["g", "big"], ["small"]]
    # below the threshold nothing is matched
    assert all(len(t.steps) == 1 for t in match_slices(slices, min_jaccard=0.7))


def test_epoch_slices_are_utc_days() -> None:
    times = np.array([T0 + 5, T0 + DAY + 100, T0 + 3 * DAY + DAY - 1])
    bounds = epoch_slices(times, timedelta(days=1))
    assert [(i, s, e) for i, s, e in bounds] == [(i, day(i), day(i + 1)) for i in range(4)]
    six = epoch_slices(np.array([T0 + 7 * 3600, T0 + 13 * 3600]), timedelta(hours=6))
    assert [s.hour for _, s, _ in six] == [6, 12]
    with pytest.raises(ConfigError, match="slices"):
        epoch_slices(np.array([T0, T0 + 400 * DAY]), timedelta(hours=1))


@pytest.mark.parametrize(
    "bad",
    [
        PersistenceParams(slice="1x"),
        PersistenceParams(slice="0d"),
        PersistenceParams(slice="0.5s"),
        PersistenceParams(slice=""),
        PersistenceParams(kind="nope"),
        PersistenceParams(min_jaccard=0),
        PersistenceParams(min_jaccard=1.2),
        PersistenceParams(max_gap=-1),
        PersistenceParams(growth=1),
        PersistenceParams(window=0),
        PersistenceParams(alpha=0),
        PersistenceParams(communities="nope"),
        PersistenceParams(slice="cycles", window=30),  # the monitor's runs are taken as they are
        PersistenceParams(slice="cycles", alpha=0.01),
    ],
)
def test_bad_parameters(bad: PersistenceParams) -> None:
    with pytest.raises(ConfigError):
        bad.validate()


def test_only_the_slice_runs_are_slices() -> None:
    assert DetectionRun("cosharing-1", "cosharing", {"kind": "link", "slice": "1d"}).is_slice
    assert not DetectionRun("cosharing-2", "cosharing", {"kind": "link", "since": "2022-10-05"}).is_slice
    assert not DetectionRun("persistence-1", "persistence", {"kind": "link", "slice": "1d"}).is_slice


def test_good_slices() -> None:
    assert PersistenceParams(slice="6h").slice_length() == timedelta(hours=6)
    assert PersistenceParams(slice="1.5h").slice_length() == timedelta(minutes=90)
    assert PersistenceParams(slice="cycles").slice_length() is None


def three_days() -> list[tuple[str, str, str, int]]:
    """Three days of messages: a group that persists (p1-p4 every day), one that grows (g1-g3, then
    g4 and g5 from day 2), one that reappears on day 3 with a new page (r1-r4 on day 1, r2-r5 on day
    3), a one-day group (o1-o4 on day 2), and 60 pages posting their own messages (the background that
    makes three co-shares in seconds stand out from chance)."""
    shares: list[tuple[str, str, str, int]] = []

    def group(members: str, d: int, name: str) -> None:
        for k in range(3):
            base = T0 + d * DAY + 3600 * (k + 1) + 600 * len(name)
            shares.extend(
                (f"x:{m}", "message", f"{name}{d}-{k}", base + i) for i, m in enumerate(members.split())
            )

    for d in range(3):
        group("p1 p2 p3 p4", d, "p")
    group("g1 g2 g3", 0, "g")
    for d in (1, 2):
        group("g1 g2 g3 g4 g5", d, "g")
    group("r1 r2 r3 r4", 0, "r")
    group("r2 r3 r4 r5", 2, "r")
    group("o1 o2 o3 o4", 1, "o")
    for d in range(3):
        for b in range(60):
            for k in range(4):
                shares.append(
                    (f"x:b{b}", "message", f"own{d}-{b}-{k}", T0 + d * DAY + 40_000 + b * 300 + k * 7)
                )
    return shares


def test_three_days_in_the_graph(gw: Gateway) -> None:
    load_graph(gw, shares=three_days())
    whole = detect_cosharing(gw, CosharingParams(kind="message"), use_gds=False)
    summary = detect_persistence(gw, PersistenceParams(kind="message"), use_gds=False)
    counts = summary.counts
    assert (counts["slices"], counts["empty_slices"], len(counts["slice_runs"])) == (3, 0, 3)
    assert (counts["persists"], counts["grows"], counts["reappears"], counts["groups"]) == (1, 1, 1, 3)
    assert counts["new_accounts"] == 2 + 1  # g4, g5; r5
    listed = gw.read("detect/persistence_list", {"run_id": summary.run_id, "limit": 100})
    by_status = {g["status"]: g for g in listed}
    assert {m["uid"] for m in by_status["persists"]["members"]} == {"x:p1", "x:p2", "x:p3", "x:p4"}
    assert by_status["persists"]["slices"] == 3
    grows = by_status["grows"]
    assert {m["uid"] for m in grows["members"] if m["new"]} == {"x:g4", "x:g5"}
    assert (grows["first_size"], grows["last_size"]) == (3, 5)
    back = by_status["reappears"]
    (new,) = [m for m in back["members"] if m["new"]]
    assert new["uid"] == "x:r5" and new["joined_at"].startswith("2022-10-07")
    assert new["via_run"] == counts["slice_runs"][2]  # provenance: the day-3 slice run
    continues = gw.read("detect/continues_list", {"run_id": summary.run_id, "limit": 100})
    assert sorted(row["gap"] for row in continues) == [0, 0, 0, 0, 1]
    assert sorted(a for row in continues for a in row["new_accounts"]) == ["x:g4", "x:g5", "x:r5"]
    # the slice runs are marked and never taken for the run over the whole data
    slice_runs = [r for r in list_runs(gw) if r.is_slice]
    assert sorted(r.run_id for r in slice_runs) == sorted(counts["slice_runs"])
    assert select_runs(gw).cosharing == {"message": whole.run_id}
    # running again replaces the run's results instead of adding to them
    again = detect_persistence(gw, PersistenceParams(kind="message"), use_gds=False)
    assert again.run_id == summary.run_id and again.counts["slice_runs"] == counts["slice_runs"]
    assert len(gw.read("detect/persistence_list", {"run_id": summary.run_id, "limit": 100})) == 3
    assert len(gw.read("detect/continues_list", {"run_id": summary.run_id, "limit": 100})) == 5


def test_slice_runs_alone_are_not_the_whole_data_run(gw: Gateway) -> None:
    load_graph(gw, shares=three_days())
    detect_persistence(gw, PersistenceParams(kind="message"), use_gds=False)
    assert select_runs(gw).cosharing == {}


def test_no_shares_or_one_slice_is_an_error(gw: Gateway) -> None:
    with pytest.raises(GraphcliError, match="no message shares"):
        detect_persistence(gw, PersistenceParams(kind="message"), use_gds=False)
    load_graph(gw, shares=[s for s in three_days() if s[3] < T0 + DAY])
    with pytest.raises(GraphcliError, match="one 1d slice"):
        detect_persistence(gw, PersistenceParams(kind="message"), use_gds=False)
    assert list_runs(gw) == []  # nothing was written


def test_monitor_cycles_as_slices(gw: Gateway) -> None:
    load_graph(gw, shares=three_days())
    with pytest.raises(GraphcliError, match="0 monitor cycle"):
        detect_persistence(gw, PersistenceParams(kind="message", slice="cycles"), use_gds=False)
    for d in range(3):  # what three daily monitor cycles run: co-sharing over their window
        detect_cosharing(
            gw, CosharingParams(kind="message", since=day(d), until=day(d + 1) - timedelta(seconds=1)), False
        )
    summary = detect_persistence(gw, PersistenceParams(kind="message", slice="cycles"), use_gds=False)
    assert (summary.counts["persists"], summary.counts["grows"], summary.counts["reappears"]) == (1, 1, 1)
    assert summary.counts["slices"] == 3


def test_cli(gw: Gateway) -> None:
    load_graph(gw, shares=three_days())
    result = runner.invoke(
        app, ["--quiet", "detect", "persistence", "--kind", "message", "--no-gds", "--json"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["detection"] == "persistence" and summary["counts"]["groups"] == 3
    assert summary["parameters"]["slice"] == "1d"
    text = runner.invoke(app, ["detect", "persistence", "--kind", "message", "--no-gds"])
    assert text.exit_code == 0 and "1 persist, 1 grow, 1 reappear" in text.stderr
    bad = runner.invoke(app, ["detect", "persistence", "--kind", "message", "--slice", "1week"])
    assert bad.exit_code != 0 and "--slice '1week' is not a slice length" in bad.stderr
    assert "Traceback" not in bad.output and len(bad.stderr.strip().splitlines()) <= 2
    empty = runner.invoke(app, ["detect", "persistence", "--kind", "image_hash"])
    assert empty.exit_code != 0 and "no image_hash shares" in empty.stderr


def test_help() -> None:
    result = runner.invoke(app, ["detect", "persistence", "--help"])
    assert result.exit_code == 0
    assert "--slice" in result.stdout and "Example" in result.stdout


@pytest.mark.parametrize(("profile", "seed"), [("small", 1), ("small", 3)])
def test_planted_persistence_is_found_in_synth_worlds(profile: str, seed: int) -> None:
    world = build_world(get_profile(profile), seed)
    shares = share_table(world)
    by_kind = synth_truth.index_shares(world, shares)
    truth = {"planted": synth_truth.planted(world, by_kind), "decoys": synth_truth.decoys(world, by_kind)}
    part = shares[shares["kind"] == "message"]
    frame = pd.DataFrame(
        {"account": "facebook:" + part["account_id"], "object": part["key"], "t": part["at"].astype(np.int64)}
    )
    _, tracks = follow_shares(frame, PersistenceParams(kind="message"))
    followed = [t for t in tracks if t.status(1.5)]
    flagged = {uid for t in followed for uid in t.joined()}
    score = score_persistence(truth, flagged, "message")
    assert score.planted == len(planted_persistence(truth, "message")[0]) > 0
    assert score.ok, score
    # each planted group is followed with its status, and the pages that joined later are named
    for group in truth["planted"]:
        if group["kind"] != "persistence" or group["parameters"]["expect"] == "none":
            continue
        members = {f"facebook:{m}" for m in group["members"]}
        (track,) = [t for t in followed if members & set(t.joined())]
        assert set(track.joined()) == members and track.status(1.5) == group["parameters"]["expect"]
        new = {uid for uid, step in track.joined().items() if step is not track.steps[0]}
        assert new == {f"facebook:{m}" for m in group["parameters"]["joined_later"]}

"""The whole pipeline on a `small` synthetic world, checked against its truth.json.

`graphcli synth --profile small` -> `graphcli load auto` (every format at once) -> `graphcli detect all`
-> `graphcli report features / correlations` and `graphcli alerts export`, all through the CLI as a user
runs them. The load must reconcile with the world's totals, detection must recover what was planted
(issue 4's quality bar: bins exact, co-sharing precision and recall >= 0.95 per kind, no decoy flagged)
and the reports must agree with it. One world for the module: loading it takes a few minutes.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pandas as pd
import pytest
from scipy import stats
from typer.testing import CliRunner

from graphcli.analytics import quality
from graphcli.cli.app import app
from graphcli.cypher.gateway import Gateway
from graphcli.cypher.schema import init_schema, wipe

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

runner = CliRunner()


def graphcli(*args: str) -> Any:
    result = runner.invoke(app, ["--quiet", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout) if "--json" in args else result.stdout


@pytest.fixture(scope="module")
def world(live_gateway: Gateway, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("small")
    graphcli("synth", str(root / "world"), "--profile", "small", "--seed", "3", "--json")
    wipe(live_gateway)
    init_schema(live_gateway)
    load = graphcli("load", "auto", str(root / "world"), "--rejects", str(root / "rejects.jsonl"), "--json")
    detected = graphcli("detect", "all", "--json")
    truth = json.loads((root / "world" / "truth.json").read_text(encoding="utf-8"))
    return {"root": root, "truth": truth, "load": load, "detected": detected}


def test_load_reconciles_with_the_worlds_totals(world: dict[str, Any], live_gateway: Gateway) -> None:
    load, totals = world["load"], world["truth"]["world"]
    assert load["read"] == load["loaded"] + load["rejected"] + load["duplicate"]
    assert load["rejected"] == 0, (world["root"] / "rejects.jsonl").read_text()[:2000]
    nodes = {(r["label"], r["platform"]): r["count"] for r in live_gateway.read("db/platform_counts")}
    assert nodes == {
        ("Account", "twitter"): totals["twitter_accounts"],
        ("Account", "facebook"): totals["facebook_pages"],
        ("Post", "twitter"): totals["twitter_posts"] + totals["retweets"],  # a retweet is a post of its own
        ("Post", "facebook"): totals["facebook_posts"],
    }
    relationships = graphcli("db", "stats", "--json")["relationships"]
    assert relationships["LIKED"] == totals["likes"] and relationships["RETWEETED"] == totals["retweets"]
    shared = {(r["platform"], r["kind"]): r["count"] for r in live_gateway.read("db/share_counts")}
    for kind, n in totals["shares"].items():
        platform = "twitter" if kind == "retweet" else "facebook"
        assert shared[(platform, kind)] == n, kind
    scores = graphcli("db", "stats", "--json")["nodes"]["BotScore"]
    assert scores == totals["bot_scores"]["v4"] + totals["bot_scores"]["lite"]


def test_detection_recovers_what_was_planted(world: dict[str, Any], live_gateway: Gateway) -> None:
    scored = quality.score_runs(live_gateway, world["truth"], world["detected"])
    kinds = set(scored.loc[scored["detection"] == "cosharing", "what"])
    assert kinds >= set(world["truth"]["world"]["shares"])  # every kind in the world was detected
    assert scored.loc[scored["detection"] == "multimodal", "planted"].tolist() == [18]  # 4 + 6 + 8 pages
    assert scored.loc[scored["detection"] == "traces", "planted"].tolist() == [25]  # 5 + 8 + 12 pages
    persistence = scored[scored["detection"] == "persistence"].set_index("what")
    assert persistence.loc["message", "planted"] == 31  # 6 persist, 5 + 3 x 3 grow, 7 + 4 reappear
    failing = scored[~scored["ok"]]
    assert failing.empty, failing.to_string()


def test_planted_share_groups_are_communities(world: dict[str, Any], live_gateway: Gateway) -> None:
    runs = {s["parameters"]["kind"]: s["run_id"] for s in world["detected"] if s["detection"] == "cosharing"}
    for group in world["truth"]["planted"]:
        if group["kind"] != "share":
            continue
        members = {f"{group['platform']}:{m}" for m in group["members"]}
        listed = live_gateway.read(
            "detect/communities_list", {"run_id": runs[group["share_kind"]], "limit": quality.ALL}
        )
        holding = [set(c["accounts"]) for c in listed if set(c["accounts"]) & members]
        assert holding == [members], (group["id"], holding)


def test_features_and_correlations_agree_with_the_world(world: dict[str, Any]) -> None:
    root, truth = world["root"], world["truth"]
    graphcli("report", "features", str(root / "features.parquet"), "--json")
    frame = pd.read_parquet(root / "features.parquet").set_index("uid")
    for group in truth["planted"]:
        if group["kind"] == "like_set":
            sizes = frame.loc[[f"twitter:{m}" for m in group["members"]], "bin_size_likes"]
            assert (sizes == len(group["members"])).all(), group["id"]
    twitter = frame[frame["platform"] == "twitter"]
    assert Counter(twitter["status"].dropna()) == Counter(
        {k: v for k, v in truth["world"]["statuses"].items() if v}
    )
    assert twitter["raw_universal_overall"].notna().sum() == truth["world"]["bot_scores"]["v4"]
    assert twitter["lite"].notna().sum() == truth["world"]["bot_scores"]["lite"]

    graphcli("report", "correlations", str(root / "correlations"), "--json")
    table = pd.read_csv(root / "correlations" / "correlations.csv")
    got = table[
        (table["slice"] == "all")
        & (table["x"] == "bin_size_likes")
        & (table["y"] == "raw_universal_overall")
        & (table["method"] == "spearman")
    ].iloc[0]
    pair = frame[["bin_size_likes", "raw_universal_overall"]].dropna().astype(float)
    expected = stats.spearmanr(pair["bin_size_likes"], pair["raw_universal_overall"])
    assert got["n"] == len(pair)
    assert got["statistic"] == pytest.approx(expected.statistic)
    assert got["p_value"] == pytest.approx(expected.pvalue)


def test_alerts_name_the_planted_objects_and_no_decoy(world: dict[str, Any]) -> None:
    root, truth = world["root"], world["truth"]
    summary = graphcli("alerts", "export", str(root / "alerts"), "--format", "json", "--json")
    alerts = json.loads((root / "alerts" / "alerts.json").read_text(encoding="utf-8"))
    assert summary["alerts"] == len(alerts)
    alerted = {a["object"] for a in alerts}
    planted = {
        f"{group['share_kind']}:{obj['key']}"
        for group in truth["planted"]
        if group["kind"] == "share"
        for obj in group["objects"]
    }
    decoys = {f"{d['share_kind']}:{obj['key']}" for d in truth["decoys"] for obj in d["objects"]}
    assert planted <= alerted
    assert not alerted & decoys
    # every object a multimodal group co-shared is alerted under the multimodal run, with its kinds
    multimodal = {
        f"{obj['share_kind']}:{obj['key']}"
        for group in truth["planted"]
        if group["kind"] == "multimodal"
        for obj in group["objects"]
        if obj["share_kind"] != "domain"
    }
    by_multimodal = {a["object"]: a["kinds"] for a in alerts if "+" in a["kinds"]}
    assert multimodal == set(by_multimodal)
    assert set(by_multimodal.values()) == {"hashtag+image_hash+image_text+link+message"}
    # every rare hashtag and domain a trace group used is alerted under the traces run, each naming that
    # group's pages (all of them: the tokens are the group's own) and no decoy's objects
    for group in truth["planted"]:
        if group["kind"] != "traces":
            continue
        tokens = {f"{obj['share_kind']}:{obj['key']}" for obj in group["objects"]}
        by_traces = {a["object"]: a for a in alerts if a["kinds"] == "traces" and a["object"] in tokens}
        assert set(by_traces) == tokens, group["id"]
        assert {a["accounts"] for a in by_traces.values()} == {len(group["members"])}, group["id"]
        assert all("alike behavioural traces" in a["why"] for a in by_traces.values())


def test_groups_over_time_in_alerts_and_exports(world: dict[str, Any], live_gateway: Gateway) -> None:
    root, truth = world["root"], world["truth"]
    graphcli("alerts", "export", str(root / "over-time"), "--format", "json", "--json")
    alerts = json.loads((root / "over-time" / "alerts.json").read_text(encoding="utf-8"))
    groups = json.loads((root / "over-time" / "persistence.json").read_text(encoding="utf-8"))
    message = [g for g in groups if g["kind"] == "message"]
    for group in truth["planted"]:
        if group["kind"] != "persistence" or group["parameters"]["expect"] == "none":
            continue
        members = {f"facebook:{m}" for m in group["members"]}
        (row,) = [g for g in message if members & set(g["accounts"].split())]
        assert row["status"] == group["parameters"]["expect"] and set(row["accounts"].split()) == members
        later = {part.split(" (")[0] for part in row["joined_later"].split("; ") if part}
        assert later == {f"facebook:{m}" for m in group["parameters"]["joined_later"]}
        # every object the group co-shared is alerted with the group's status and uid
        keys = {f"message:{obj['key']}" for obj in group["objects"]}
        tagged = {a["object"]: a["persistence"] for a in alerts if a["object"] in keys}
        assert set(tagged) == keys
        assert set(tagged.values()) == {f"{row['status']} {row['group']}"}
    decoys = set().union(
        *(
            {f"facebook:{m}" for m in g["members"]}
            for g in truth["planted"]
            if g["kind"] == "persistence" and g["parameters"]["expect"] == "none"
        )
    )
    assert not decoys & {uid for g in groups for uid in g["accounts"].split()}

"""The Danish 2022 study's pull folder as its real writers left it (tests/fixtures/real/README.md),
loaded and read back through Cypher: Botometer v4 and Lite from pickle and from CSV, the user look-ups
with their 'none'/'empty' stand-ins, the later counts, the final harvest's time, and what is skipped."""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from graphcli.cypher.gateway import Gateway
from graphcli.cypher.queries import Query
from graphcli.loaders.load import LoadResult, load_plans
from graphcli.loaders.options import ReadOptions
from graphcli.loaders.sources import plan_load
from graphcli.model.normalize import parse_time

REAL = Path(__file__).resolve().parent.parent / "fixtures" / "real"
TRUTH = json.loads((REAL / "ground_truth.json").read_text())
PULL_NAME = "Pull-fixture_fv22"
CATEGORIES = ("astroturf", "fake_follower", "financial", "other", "overall", "self_declared", "spammer")


def real_copy(tmp_path: Path, *parts: str) -> Path:
    """A copy of the fixtures under ``parts`` with the modification times the writers gave them (git
    keeps none; MTIMES.json lists them)."""
    mtimes: dict[str, str] = json.loads((REAL / "MTIMES.json").read_text())
    source = REAL.joinpath(*parts)
    target = tmp_path.joinpath(*parts)
    shutil.copytree(source, target)
    prefix = "/".join(parts)
    for name, when in mtimes.items():
        if name.startswith(prefix):
            stamp = parse_time(when).timestamp()
            path = tmp_path / name
            os.utime(path, (stamp, stamp))
    return target


def load(gw: Gateway, paths: list[Path], **options: Any) -> LoadResult:
    plans, skipped = plan_load("auto", paths)
    rejects = paths[0].parent / "rejects.jsonl"
    result = load_plans(gw, plans, ReadOptions(**options), rejects_path=rejects)
    if result.totals()["rejected"]:
        print(rejects.read_text()[:3000])
    result.skipped[:0] = [(str(p), r) for p, r in skipped]
    totals = result.totals()
    assert totals["read"] == totals["loaded"] + totals["rejected"] + totals["duplicate"]
    return result


def cypher(gw: Gateway, text: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The rows of one ad-hoc Cypher statement (what an analyst would type in Browser)."""
    return gw.run(Query("test", Path("test.cypher"), "test", "", (text,)), params, access="write").rows


def scores_of(gw: Gateway, account_uid: str, version: str, first: bool = False) -> dict[str, Any]:
    """The account's one score of ``version`` (the earliest, with ``first``: likers were scored before
    retweeters, and an account in both files has a score from each)."""
    rows = cypher(
        gw,
        "MATCH (:Account {uid: $uid})-[:SCORED]->(s:BotScore {version: $version})"
        " RETURN properties(s) AS s ORDER BY s.scored_at",
        {"uid": account_uid, "version": version},
    )
    assert len(rows) == 1 or (first and rows), rows
    return dict(rows[0]["s"])


@pytest.fixture
def study(tmp_path: Path, gw: Gateway) -> tuple[Gateway, LoadResult]:
    pull = real_copy(tmp_path, "study_pull", PULL_NAME)
    return gw, load(gw, [pull], trust_pickles=True)


def test_study_folder_loads_without_rejects_and_lists_what_it_skipped(
    study: tuple[Gateway, LoadResult],
) -> None:
    _, result = study
    assert result.totals()["rejected"] == 0
    assert result.totals()["loaded"] > 100
    skipped = {Path(path).name: reason for path, reason in result.skipped}
    assert skipped["features-frame_likers.csv"].startswith("an analysis feature frame")
    assert skipped["features-frame_likers.pkl"].startswith("an analysis feature frame")
    assert skipped["botlite_hist_likers.png"] == "not a file of the scraper or the study (.png)"
    assert skipped["botscores_retweeters_lite.pkl"].startswith("an empty DataFrame")
    assert skipped["binary-matrix-likers.pkl"].startswith("a binary matrix")
    assert skipped["bins_likers.pkl"].startswith("a pickled list")
    assert "pull_printouts.log" in skipped


def test_botometer_v4_from_pickle_keeps_every_number(study: tuple[Gateway, LoadResult]) -> None:
    import pandas as pd

    gw, result = study
    frame = pd.read_pickle(REAL / "study_pull" / PULL_NAME / "Botscores" / "botscores_likers_v4.pkl")
    row = frame[frame["screenname"] == "dk_user_20"].iloc[0]
    assert len(cypher(gw, "MATCH (:Account {id: '1000020'})-[:SCORED]->(s {version: 'v4'}) RETURN s")) == 2
    got = scores_of(gw, "twitter:1000020", "v4", first=True)
    truth = TRUTH["botometer_v4"]["dk_user_20"]
    for kind in ("raw", "display"):
        for language in ("english", "universal"):
            for category in CATEGORIES:
                assert got[f"{kind}_{language}_{category}"] == truth[f"{kind}_{language}"][category]
    assert got["cap_english"] == row["result_cap_e"] and got["cap_universal"] == row["result_cap_uni"]
    assert got["majority_lang"] == row["maj_lang"]
    # No time in the file: the file's modification time, said in the run's notes.
    assert got["scored_at"].to_native() == datetime(2023, 2, 6, 10, 4, tzinfo=UTC)
    notes = [n for s in result.summaries for n in s.notes]
    assert any(n.startswith("botscores_likers_v4.pkl: results carry no scoring time") for n in notes)
    run_notes = cypher(gw, "MATCH (r:LoadRun) RETURN r.notes AS notes")[0]["notes"]
    assert any("modification time" in n for n in run_notes)


def test_botometer_lite_and_the_case_changed_account(study: tuple[Gateway, LoadResult]) -> None:
    gw, _ = study
    lite = scores_of(gw, "twitter:1000013", "lite")  # protected: no v4 score, a Lite one
    assert 0 <= lite["lite"] <= 1 and lite["scored_at"].to_native() == datetime(2023, 2, 6, 9, 30, tzinfo=UTC)
    assert not cypher(gw, "MATCH (:Account {uid: 'twitter:1000013'})-[:SCORED]->(s {version: 'v4'}) RETURN s")
    # dk_user_07 became DK_User_07: v4 has two rows for the id, the graph one account and one score.
    assert scores_of(gw, "twitter:1000007", "v4")["raw_universal_overall"] == pytest.approx(
        TRUTH["botometer_v4"]["DK_User_07"]["raw_universal"]["overall"]
        if "DK_User_07" in TRUTH["botometer_v4"]
        else TRUTH["botometer_v4"]["dk_user_07"]["raw_universal"]["overall"]
    )


def test_lookups_none_and_empty_are_missing_and_statuses_are_right(study: tuple[Gateway, LoadResult]) -> None:
    gw, _ = study
    assert not cypher(gw, "MATCH (a:Account) WHERE a.id IN ['empty', 'none', 'nan'] RETURN a")
    assert not cypher(gw, "MATCH (s:StatusCheck) WHERE s.error_title IN ['none', 'empty'] RETURN s")
    rows = cypher(
        gw,
        "MATCH (a:Account) WHERE a.status IS NOT NULL RETURN a.screen_name_lower AS name, a.status AS status,"
        " a.id AS id, a.verified AS verified, a.followers_count AS followers",
    )
    status = {r["name"]: r["status"] for r in rows}
    for name in TRUTH["suspended"]:
        assert status[name] == "suspended"
    for name in ("dk_user_11", "dk_user_25", "dk_user_05"):
        assert status[name] == "not_found"
    assert status["dk_user_13"] == "protected"
    assert status["dk_user_15"] == "active" and status["dk_user_20"] == "active"
    assert all(value in {"active", "protected", "suspended", "not_found"} for value in status.values())
    by_name = {r["name"]: r for r in rows}
    assert by_name["dk_user_15"]["verified"] is True
    assert isinstance(by_name["dk_user_20"]["followers"], int)
    # One account per id: the case-changed account is one node, whatever name its likes used, and
    # both names it was seen under are kept (Botometer was asked for it under each).
    assert len(cypher(gw, "MATCH (a:Account {id: '1000007'}) RETURN a")) == 1
    names = cypher(
        gw,
        "MATCH (:Account {id: '1000007'})-[w:WAS_NAMED]->(n:ScreenName) RETURN w.name AS name,"
        " n.uid AS uid, w.first_seen AS first ORDER BY name",
    )
    assert [n["name"] for n in names] == ["DK_User_07", "dk_user_07"]
    assert {n["uid"] for n in names} == {"twitter:dk_user_07"}
    assert names[0]["first"].to_native() == datetime(2023, 1, 30, 9, tzinfo=UTC)  # the look-up found it first


def test_later_counts_and_the_count_history_answer_the_studys_question(
    study: tuple[Gateway, LoadResult],
) -> None:
    gw, _ = study
    rows = {r["post_id"]: r for r in gw.read("report/counts_highest_vs_later", {"platform": "twitter"})}
    # latercounts' like counts leave out the likes of accounts gone since (ground truth).
    assert rows["1580000000000000101"]["later_likes"] == 7
    assert rows["1580000000000000104"]["later_likes"] == 9
    assert rows["1580000000000000104"]["highest_likes"] == 11  # the final harvest's highest seen
    assert rows["1580000000000000104"]["likes_removed"] == 2
    assert rows["1580000000000000105"]["later_error"].startswith("Could not find tweet")
    assert rows["1580000000000000105"]["availability"] == "deleted"
    assert rows["1580000000000000107"]["availability"] == "unavailable"
    history = gw.read("report/count_history", {"platform": "twitter", "post_id": "1580000000000000101"})
    assert [h["source"] for h in history].count("pull snapshot") >= 2
    assert history[-1]["source"] == "later look-up"
    # The final harvest's likes carry the harvest's time, from its printout log.
    seen = cypher(
        gw,
        "MATCH (:Post {uid: 'twitter:1580000000000000104'})<-[l:LIKED]-(:Account {id: '1000020'})"
        " RETURN l.last_seen AS last",
    )
    assert seen[0]["last"].to_native() == datetime(2022, 10, 7, 10, 36, 34, tzinfo=UTC)


def test_csv_exports_give_the_same_scores_and_statuses_as_the_pickles(tmp_path: Path, gw: Gateway) -> None:
    csvs = real_copy(tmp_path, "csv")
    result = load(gw, [csvs])
    assert result.totals()["rejected"] == 0
    assert sorted(s.format for s in result.summaries) == ["botometer", "later-counts", "lookups"]
    from_csv = scores_of(gw, "twitter:1000020", "v4")
    lite_csv = scores_of(gw, "twitter:1000013", "lite")
    statuses_csv = cypher(gw, "MATCH (a:Account) RETURN a.uid AS uid, a.status AS s ORDER BY uid")
    cypher(gw, "MATCH (n) DETACH DELETE n")
    load(gw, [real_copy(tmp_path / "p", "study_pull", PULL_NAME)], trust_pickles=True)
    assert scores_of(gw, "twitter:1000020", "v4", first=True) == from_csv
    assert scores_of(gw, "twitter:1000013", "lite") == lite_csv
    statuses = {r["uid"]: r["s"] for r in statuses_csv if r["s"]}
    again = {r["uid"]: r["s"] for r in cypher(gw, "MATCH (a:Account) RETURN a.uid AS uid, a.status AS s")}
    assert all(again[uid] == s for uid, s in statuses.items())


def test_scored_at_given_wins_over_the_mtime(tmp_path: Path, gw: Gateway) -> None:
    csvs = real_copy(tmp_path, "csv")
    given = datetime(2023, 2, 1, 12, tzinfo=UTC)
    load(gw, [csvs / "botscores_likers_v4.csv"], scored_at=given)
    assert scores_of(gw, "twitter:1000020", "v4")["scored_at"].to_native() == given

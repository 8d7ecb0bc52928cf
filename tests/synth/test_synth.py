"""`graphcli synth`: determinism, planted groups as seen in the written files, consistency across
formats, and truth totals against the files. Files are read back with pandas/json, the way a loader
would, never through the generator's arrays."""

from __future__ import annotations

import ast
import hashlib
import itertools
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from graphcli.cli.app import app
from graphcli.synth.generate import generate

SENTINEL = re.compile(r"^AwarenessRequired_")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("synth") / "tiny"
    return out, generate(out, "tiny", 7)


def _digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _strings(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _liker_lists(out: Path, kind: str) -> dict[str, set[str]]:
    """screen name (lower case) -> tweet ids, from every Likers_/Retweeters_of_alarms file."""
    sub, col = ("Likers_of_alarms", "likers") if kind == "like" else ("Retweeters_of_alarms", "retweeters")
    sets: dict[str, set[str]] = defaultdict(set)
    for path in out.glob(f"scrape/Pull-*/CSVs/{sub}/*.csv"):
        frame = _strings(path)
        for tweet, names in zip(frame.iloc[:, 0], frame[col], strict=True):
            for name in ast.literal_eval(names):
                if not SENTINEL.match(name):
                    sets[name.lower()].add(tweet)
    return sets


def _twarc_sets(out: Path, folder: str) -> dict[str, set[str]]:
    sets: dict[str, set[str]] = defaultdict(set)
    for path in (out / "twarc" / folder).glob("*.jsonl"):
        for line in path.read_text().splitlines():
            for user in json.loads(line)["data"]:
                sets[user["id"]].add(path.stem)
    return sets


def _bins(sets: dict[str, set[str]]) -> dict[frozenset[str], set[str]]:
    bins: dict[frozenset[str], set[str]] = defaultdict(set)
    for account, items in sets.items():
        bins[frozenset(items)].add(account)
    return bins


def test_same_seed_same_bytes_other_seed_differs(tmp_path: Path, world: tuple[Path, dict[str, Any]]) -> None:
    out, _ = world
    again = tmp_path / "again"
    generate(again, "tiny", 7)
    assert _digest(again) == _digest(out)
    other = tmp_path / "other"
    generate(other, "tiny", 8, formats="csv")
    assert (other / "canonical" / "likes.csv").read_bytes() != (out / "canonical" / "likes.csv").read_bytes()


@pytest.mark.parametrize("source", ["scrape", "twarc", "canonical"])
def test_like_set_groups_are_exact_bins(world: tuple[Path, dict[str, Any]], source: str) -> None:
    out, truth = world
    groups = [g for g in truth["planted"] if g["kind"] == "like_set"]
    if source == "scrape":
        sets, members_of = _liker_lists(out, "like"), (lambda g: {s.lower() for s in g["screen_names"]})
    elif source == "twarc":
        sets, members_of = _twarc_sets(out, "liking-users"), (lambda g: set(g["members"]))
    else:
        likes = pq.read_table(out / "canonical" / "likes.parquet").to_pandas()
        sets = {a: set(p) for a, p in likes.groupby("account_id")["post_id"]}
        members_of = lambda g: set(g["members"])  # noqa: E731
    bins = _bins(sets)
    planted = set().union(*(members_of(g) for g in groups))
    sizes = {g["parameters"]["items"] for g in groups}
    assert 1 in sizes and max(sizes) > 1  # one-item and multi-item sets
    for g in groups:
        assert bins[frozenset(g["items"])] == members_of(g), g["id"]
    for accounts in bins.values():  # no bin mixes planted and background accounts
        assert not (accounts & planted) or any(accounts == members_of(g) for g in groups)


def test_retweet_set_groups_in_retweeter_lists(world: tuple[Path, dict[str, Any]]) -> None:
    out, truth = world
    bins = _bins(_liker_lists(out, "retweet"))
    for g in (g for g in truth["planted"] if g["kind"] == "retweet_set"):
        assert bins[frozenset(g["items"])] == {s.lower() for s in g["screen_names"]}


def test_share_groups_co_share_within_window_in_share_tables(world: tuple[Path, dict[str, Any]]) -> None:
    out, truth = world
    groups = [g for g in truth["planted"] if g["kind"] == "share"]
    assert {g["share_kind"] for g in groups} == {
        "link",
        "domain",
        "message",
        "image_text",
        "hashtag",
        "image_hash",
        "retweet",
    }
    for g in groups:
        table = _strings(out / "shares" / f"{g['share_kind']}.csv")
        assert len(g["objects"]) >= 3
        for obj in g["objects"]:
            posts = {s["post_id"] for s in obj["shares"]}
            rows = table[table["content_id"].isin(posts)]
            assert set(rows["account_id"]) == set(g["members"]), g["id"]
            times = rows["timestamp_share"].astype(int)
            assert times.max() - times.min() <= g["parameters"]["window_s"], g["id"]
            # every member's copy is the same object once normalised
            assert len({_norm(g["share_kind"], v) for v in rows["object_id"]}) == 1, g["id"]
            # nobody outside the group shares it
            kind = g["share_kind"]
            normed = table["object_id"].map(lambda v, kind=kind: _norm(kind, v))
            everyone = table[normed == _norm(kind, rows["object_id"].iloc[0])]
            assert set(everyone["account_id"]) == set(g["members"]), g["id"]


def test_crowdtangle_rows_match_share_tables(world: tuple[Path, dict[str, Any]]) -> None:
    out, truth = world
    ct = _strings(next((out / "facebook").glob("*-search-csv-export.csv")))
    assert {
        "Page Name",
        "User Name",
        "Facebook Id",
        "Post Created",
        "Type",
        "Link",
        "Message",
        "Image Text",
        "Total Interactions",
        "URL",
    } <= set(ct.columns)
    ct["post_id"] = ct["URL"].str.rsplit("/", n=1).str[-1]
    links = _strings(out / "shares" / "link.csv")
    merged = links.merge(ct, left_on="content_id", right_on="post_id", validate="one_to_one")
    assert len(merged) == len(links) == (ct["Link"] != "").sum()
    assert (merged["object_id"] == merged["Link"]).all() and (
        merged["account_id"] == merged["Facebook Id"]
    ).all()
    created = pd.to_datetime(merged["Post Created"].str.replace(" UTC", "", regex=False), utc=True)
    epoch_seconds = (created - pd.Timestamp(0, tz="UTC")) // pd.Timedelta(seconds=1)
    assert (epoch_seconds == merged["timestamp_share"].astype(int)).all()
    for g in (g for g in truth["planted"] if g.get("share_kind") == "message"):
        for obj in g["objects"]:
            rows = ct[ct["post_id"].isin({s["post_id"] for s in obj["shares"]})]
            assert len({_norm("message", m) for m in rows["Message"]}) == 1


def test_slow_decoys_are_hours_apart(world: tuple[Path, dict[str, Any]]) -> None:
    out, truth = world
    slow = [d for d in truth["decoys"] if d["kind"] == "slow"]
    assert slow
    for d in slow:
        table = _strings(out / "shares" / f"{d['share_kind']}.csv")
        rows = table[table["content_id"].isin({s["post_id"] for s in d["objects"][0]["shares"]})]
        gaps = np.diff(np.sort(rows["timestamp_share"].astype(int).to_numpy()))
        assert len(rows) == 3 and gaps.min() >= 2 * 3600


def test_ids_agree_across_formats(world: tuple[Path, dict[str, Any]]) -> None:
    out, _ = world
    accounts = _strings(out / "canonical" / "accounts.csv")
    posts = _strings(out / "canonical" / "posts.csv")
    tw_accounts = set(accounts.loc[accounts["platform"] == "twitter", "id"])
    tw_posts = set(posts.loc[posts["platform"] == "twitter", "id"])
    assert {p.stem for p in (out / "twarc" / "liking-users").glob("*.jsonl")} == tw_posts
    scraped = set()
    for path in out.glob("scrape/Pull-*/CSVs/*.csv"):
        frame = _strings(path)
        scraped |= set(frame["id"])
        assert set(frame["author id"]) <= tw_accounts
    assert scraped == tw_posts
    names = {s.lower(): i for s, i in zip(accounts["screen_name"], accounts["id"], strict=True)}
    assert set(_liker_lists(out, "like")) <= set(names)
    lookup = _strings(out / "lookups" / "users_lookup.csv")
    assert set(lookup.loc[lookup["id"] != "empty", "id"]) <= tw_accounts  # parse_users' stand-in
    assert set(lookup.loc[lookup["id"] == "empty", "error_title"]) <= {"Forbidden", "Not Found Error"}
    assert (lookup.loc[lookup["id"] != "empty", "error_title"] == "none").all()
    assert {names[u.lower()] for u in lookup["username"]} == tw_accounts
    bots = [json.loads(x) for x in (out / "botometer" / "botometer_v4.jsonl").read_text().splitlines()]
    assert {b["user"]["user_data"]["id_str"] for b in bots} <= tw_accounts
    fb_posts = set(posts.loc[posts["platform"] == "facebook", "id"])
    wide = _strings(out / "shares" / "wide.csv")
    assert set(wide["post_id"]) <= fb_posts
    ct = _strings(next((out / "facebook").glob("*.csv")))
    assert set(ct["URL"].str.rsplit("/", n=1).str[-1]) == fb_posts
    shares = pq.read_table(out / "canonical" / "shares.parquet").to_pandas()
    assert set(shares.loc[shares["kind"] == "retweet", "key"].str.removeprefix("twitter:")) <= tw_posts


def _count_rows(path: Path) -> int:
    if path.suffix == ".parquet":
        return pq.read_metadata(path).num_rows
    if path.suffix == ".jsonl":
        return len(path.read_text().splitlines())
    return len(pd.read_csv(path, dtype=str, keep_default_na=False))


def test_truth_totals_match_the_files(world: tuple[Path, dict[str, Any]]) -> None:
    out, truth = world
    for fmt, entry in truth["written"].items():
        for rel, rows in entry["files"].items():
            assert _count_rows(out / rel) == rows, (fmt, rel)
    w, rec = truth["world"], truth["written"]
    assert (
        _count_rows(out / "canonical" / "likes.parquet") == w["likes"] == rec["canonical"]["records"]["likes"]
    )
    assert sum(rec["shares"]["records"][k] for k in w["shares"]) == w["shares_total"]
    twarc_likes = sum(
        len(json.loads(x)["data"])
        for p in (out / "twarc" / "liking-users").glob("*.jsonl")
        for x in p.read_text().splitlines()
    )
    assert twarc_likes == rec["twarc"]["records"]["likes"]
    visible = sum(len(v) for v in _liker_lists(out, "like").values())
    assert visible == rec["scrape"]["records"]["visible_likes"] < w["likes"]
    lookup = _strings(out / "lookups" / "users_lookup.csv")
    assert (lookup["error_title"] == "Forbidden").sum() == w["statuses"]["suspended"]
    assert (lookup["error_title"] == "Not Found Error").sum() == w["statuses"]["not_found"]


def test_scrape_emulates_the_cap_and_sentinels(world: tuple[Path, dict[str, Any]]) -> None:
    out, _ = world
    lengths, sentinels, seen = [], set(), defaultdict(list)
    for path in sorted(out.glob("scrape/Pull-*/CSVs/Likers_of_alarms/*.csv")):
        frame = _strings(path)
        assert list(frame.columns)[1:] == ["delta", "likers"]
        for names in frame["likers"]:
            lst = ast.literal_eval(names)
            lengths.append(len(lst))
            sentinels |= {n for n in lst if SENTINEL.match(n)}
    for path in sorted(out.glob("scrape/Pull-*/CSVs/*.csv")):
        frame = _strings(path)
        for tid, likes in zip(frame["id"], frame["like_count"].astype(int), strict=True):
            seen[tid].append(likes)
    assert max(lengths) == 100
    assert "AwarenessRequired_Liking_Users_of_Deleted_Tweet" in sentinels
    assert all(a <= b for counts in seen.values() for a, b in itertools.pairwise(counts))
    assert max(len(c) for c in seen.values()) >= 3


def test_planted_accounts_more_often_suspended(world: tuple[Path, dict[str, Any]]) -> None:
    out, truth = world
    statuses = _strings(out / "canonical" / "statuses.csv")
    planted = {m for g in truth["planted"] if g["platform"] == "twitter" for m in g["members"]}
    bad = statuses["status"].isin(["suspended", "not_found"])
    in_planted = statuses["account_id"].isin(planted)
    assert bad[in_planted].mean() > 2 * bad[~in_planted].mean()


def test_cli_json_summary_and_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app, ["-q", "synth", str(tmp_path / "o"), "--profile", "tiny", "--formats", "shares", "--json"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["formats"] == ["shares"] and summary["written"]["shares"]["files"] == 8
    assert not (tmp_path / "o" / "canonical").exists()
    bad = runner.invoke(app, ["synth", str(tmp_path / "x"), "--profile", "huge"])
    assert bad.exit_code == 2 and "unknown profile" in bad.output
    bad = runner.invoke(app, ["synth", str(tmp_path / "x"), "--formats", "xml"])
    assert bad.exit_code == 2 and "unknown format" in bad.output
    assert runner.invoke(app, ["synth", "--help"]).exit_code == 0


_TRACK = re.compile(r"^(utm_.*|fbclid)$")


def _norm(kind: str, value: str) -> str:
    """An independent, minimal normaliser: what any loader following the model must at least fold."""
    if kind == "link":
        u = urlsplit(value)
        q = urlencode([(k, v) for k, v in parse_qsl(u.query) if not _TRACK.match(k)])
        return urlunsplit((u.scheme.lower(), u.netloc.lower(), u.path.rstrip("/"), q, ""))
    if kind in ("message", "image_text", "hashtag", "domain"):
        return " ".join(value.lower().split())
    return value


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_link_spellings_fold_to_one_key(seed: int) -> None:
    from graphcli.model.normalize import normalize_link
    from graphcli.synth.facebook import _link_variants

    rng = np.random.default_rng(seed)
    url = f"https://nyt{seed % 97}.dk/artikel/{seed}"
    assert {normalize_link(v) for v in _link_variants(rng, url, 20)} == {url}


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_text_spellings_fold_to_one_key(seed: int) -> None:
    from graphcli.model.normalize import text_key
    from graphcli.synth.facebook import _text_variants
    from graphcli.synth.text import sentences

    rng = np.random.default_rng(seed)
    text = sentences(rng, 1)[0]
    assert {text_key(v) for v in _text_variants(rng, text, 20)} == {text_key(text)}
    assert text_key(text) != text_key(sentences(rng, 1, 15, 16)[0])


def test_planted_accounts_score_higher_on_botometer(world: tuple[Path, dict[str, Any]]) -> None:
    out, truth = world
    planted = {m for g in truth["planted"] if g["platform"] == "twitter" for m in g["members"]}
    scores: dict[bool, list[float]] = {True: [], False: []}
    for line in (out / "botometer" / "botometer_v4.jsonl").read_text().splitlines():
        result = json.loads(line)
        user = result["user"]["user_data"]["id_str"]
        scores[user in planted].append(result["raw_scores"]["universal"]["overall"])
        assert result["display_scores"]["english"]["overall"] == float(
            np.round(result["raw_scores"]["english"]["overall"] * 5, 1)
        )
    assert np.mean(scores[True]) > np.mean(scores[False]) + 0.2
    assert min(scores[True]) < max(scores[False])  # noisy: scores alone do not separate them

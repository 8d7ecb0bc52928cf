"""CrowdTangle API responses and the tables flattened from them (tests/fixtures/real/crowdtangle, made
as VERA-AI's pipeline makes them), read back through Cypher; and ``load auto`` over every real fixture
at once against each input alone."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from graphcli.cypher.gateway import Gateway
from graphcli.cypher.schema import init_schema, wipe
from graphcli.loaders import crowdtangle_api
from graphcli.loaders.formats import detect_format
from graphcli.loaders.options import ReadOptions
from graphcli.model.records import Account, Post, Row, Share
from tests.loaders.test_real_study import PULL_NAME, TRUTH, cypher, load, real_copy

CT = Path(__file__).resolve().parent.parent / "fixtures" / "real" / "crowdtangle"
SEARCH = CT / "posts_search_response.json"


def test_every_crowdtangle_fixture_is_claimed_by_the_api_reader() -> None:
    for path in sorted(CT.iterdir()):
        assert detect_format(path)[0] == "crowdtangle-api", path


def test_api_post_maps_to_account_post_and_shares() -> None:
    rows = [r for r in crowdtangle_api.read(SEARCH, ReadOptions()) if isinstance(r, Row)]
    assert len(rows) == len(json.loads(SEARCH.read_text())["result"]["posts"])
    account, post, *shares = rows[0].records
    assert isinstance(account, Account)
    assert account == Account(
        "facebook",
        "100000000000001",
        "dkfakepage01",
        "Fake Page 01",
        created_at=account.created_at,
        description="Fabricated page 01",
        verified=False,
    )
    assert isinstance(post, Post) and post.id == "500000000000001" and post.like_count == 68
    assert (post.comment_count, post.share_count, post.lang) == (391, 291, "da")
    kinds = sorted(s.kind for s in shares if isinstance(s, Share))
    assert kinds == ["domain", "link", "message"]


def test_the_three_planted_patterns_are_co_shared_objects(tmp_path: Path, gw: Gateway) -> None:
    result = load(gw, [CT])
    assert result.totals()["rejected"] == 0
    truth = TRUTH["crowdtangle"]
    shared = {
        r["kind"]: set(r["ids"])
        for r in cypher(
            gw,
            "MATCH (a:Account)-[:SHARED]->(o:Object) WHERE o.kind IN ['link', 'message', 'image_text']"
            " WITH o, collect(DISTINCT a.id) AS ids WHERE size(ids) > 1 RETURN o.kind AS kind, ids",
        )
    }
    assert set(truth["clsb_accounts_platformId"]) <= shared["link"]  # utm/fbclid/slash variants, one link
    assert set(truth["cmsb_accounts_platformId"]) == shared["message"]
    assert set(truth["citsb_accounts_platformId"]) == shared["image_text"]
    page = cypher(gw, "MATCH (a:Account {uid: 'facebook:100000000000001'}) RETURN properties(a) AS p")
    assert page[0]["p"]["screen_name"] == "dkfakepage01" and page[0]["p"]["verified"] is False
    group = cypher(gw, "MATCH (a:Account {uid: 'facebook:100000000000011'}) RETURN properties(a) AS p")
    assert "screen_name" not in group[0]["p"]  # groups have no handle
    counts = cypher(
        gw,
        "MATCH (p:Post {uid: 'facebook:500000000000001'}) RETURN p.like_count AS likes,"
        " p.comment_count AS comments, p.share_count AS shares",
    )
    assert counts == [{"likes": 68, "comments": 391, "shares": 291}]


def _graph(gw: Gateway) -> str:
    """A hash of the graph without the load's provenance (which runs read which files)."""
    lines = []
    for row in gw.read("load/content"):
        if {"LoadRun", "SourceFile", "READ"} & set(row["labels"]):
            continue
        props = {
            k: v if isinstance(v, str | int | float | bool | list) else str(v)
            for k, v in row["props"].items()
        }
        lines.append(
            json.dumps([row["kind"], sorted(row["labels"]), props, row["start"], row["end"]], sort_keys=True)
        )
    return hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()


def test_all_fixtures_at_once_equal_each_alone(tmp_path: Path, gw: Gateway) -> None:
    root = tmp_path / "all"
    real_copy(root, "study_pull", PULL_NAME)
    real_copy(root, "csv")
    (root / "crowdtangle").mkdir()
    for path in CT.iterdir():
        (root / "crowdtangle" / path.name).write_bytes(path.read_bytes())
    options: dict[str, Any] = {"trust_pickles": True}
    together = load(gw, [root], **options)
    assert together.totals()["rejected"] == 0
    at_once = _graph(gw)
    wipe(gw)
    init_schema(gw)
    inputs = [
        root / "study_pull" / PULL_NAME,
        *sorted((root / "csv").iterdir()),
        *sorted((root / "crowdtangle").iterdir()),
    ]
    for path in inputs:
        load(gw, [path], **options)
    assert _graph(gw) == at_once

"""Defects a hostile probe of graphcli found (issue 15), each kept as the reproduction that showed it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graphcli.cypher.gateway import Gateway
from graphcli.cypher.queries import Query
from graphcli.loaders.load import LoadResult, load_plans
from graphcli.loaders.options import ReadOptions
from graphcli.loaders.sources import plan_load


def load(gw: Gateway, *paths: Path, rejects: Path | None = None, **options: Any) -> LoadResult:
    plans, _ = plan_load("auto", list(paths))
    return load_plans(gw, plans, ReadOptions(**options), rejects_path=rejects)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def ask(gw: Gateway, statement: str, **params: Any) -> list[dict[str, Any]]:
    return gw.run(Query("test", Path("test.cypher"), "test", "", (statement,)), params).rows


# --- R1: load order must not decide post counts ---------------------------------------------------

TIMED = "platform,id,observed_at\nfacebook,9,2022-10-01T12:00:00Z\n"
COUNTED = "platform,id,like_count,share_count\nfacebook,9,7,2\n"


def _posts(gw: Gateway) -> list[dict[str, Any]]:
    return ask(
        gw,
        "MATCH (p:Post) RETURN p.uid AS uid, p.like_count AS likes, p.share_count AS shares, "
        "toString(p.observed_at) AS observed ORDER BY uid",
    )


@pytest.mark.parametrize("order", ["timed first", "counts first"])
def test_counts_without_an_observation_time_survive_either_order_across_loads(
    gw: Gateway, tmp_path: Path, order: str
) -> None:
    timed, counted = write(tmp_path / "a" / "posts.csv", TIMED), write(tmp_path / "b" / "posts.csv", COUNTED)
    for path in (timed, counted) if order == "timed first" else (counted, timed):
        load(gw, path)
    assert _posts(gw) == [{"uid": "facebook:9", "likes": 7, "shares": 2, "observed": "2022-10-01T12:00:00Z"}]


@pytest.mark.parametrize("order", ["timed first", "counts first"])
def test_counts_without_an_observation_time_survive_either_order_in_one_load(
    gw: Gateway, tmp_path: Path, order: str
) -> None:
    names = ("posts-1.csv", "posts-2.csv")
    first, second = (TIMED, COUNTED) if order == "timed first" else (COUNTED, TIMED)
    write(tmp_path / "in" / names[0], first)
    write(tmp_path / "in" / names[1], second)
    load(gw, tmp_path / "in")
    assert _posts(gw) == [{"uid": "facebook:9", "likes": 7, "shares": 2, "observed": "2022-10-01T12:00:00Z"}]


def test_timed_counts_still_beat_untimed_ones_in_either_order(gw: Gateway, tmp_path: Path) -> None:
    timed = "platform,id,like_count,observed_at\nfacebook,9,3,2022-10-01T12:00:00Z\n"
    results = []
    for order in ((timed, COUNTED), (COUNTED, timed)):
        from graphcli.cypher.schema import init_schema, wipe

        wipe(gw)
        init_schema(gw)
        for i, text in enumerate(order):
            load(gw, write(tmp_path / f"{len(results)}-{i}" / "posts.csv", text))
        results.append(_posts(gw))
    assert results[0] == results[1]
    assert results[0][0]["likes"] == 3 and results[0][0]["shares"] == 2


# --- R2: a value too long to index must not abort the load ---------------------------------------


def test_a_9000_character_url_loses_neither_its_batch_nor_later_files(gw: Gateway, tmp_path: Path) -> None:
    long_url = "https://example.org/track?" + "x" * 9000
    write(
        tmp_path / "in" / "a-link.csv",
        "object_id,account_id,content_id,timestamp_share\n"
        "https://example.org/a,1,100,1664625600\n"
        f"{long_url},2,101,1664625601\n"
        "https://example.org/b,3,102,1664625602\n",
    )
    write(
        tmp_path / "in" / "b-link.csv",
        "object_id,account_id,content_id,timestamp_share\nhttps://example.org/c,4,103,1664625603\n",
    )
    result = load(gw, tmp_path / "in")
    assert result.totals() == {"read": 4, "loaded": 4, "rejected": 0, "duplicate": 0}
    shared = ask(gw, "MATCH (a:Account)-[:SHARED]->(o:Object) RETURN a.id AS id, o.key AS key ORDER BY id")
    assert [row["id"] for row in shared] == ["1", "2", "3", "4"]
    # The full value is kept on the node, its key is a hash short enough to index.
    kept = ask(gw, "MATCH (o:Object) WHERE size(o.key) > 9000 RETURN o.uid AS uid, o.key AS key")
    assert len(kept) == 1 and kept[0]["key"].startswith("https://example.org/track?xxx")
    assert len(kept[0]["uid"]) < 200

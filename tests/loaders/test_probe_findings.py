"""Defects a hostile probe of graphcli found (issue 15), each kept as the reproduction that showed it."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from graphcli.cli.app import app
from graphcli.cypher.gateway import Gateway
from graphcli.cypher.queries import Query
from graphcli.cypher.schema import init_schema, wipe
from graphcli.loaders import canonical
from graphcli.loaders.load import LoadResult, load_plans
from graphcli.loaders.options import ReadOptions
from graphcli.loaders.sources import plan_load
from graphcli.loaders.writer import BoltWriter
from graphcli.model.errors import GraphcliError
from graphcli.model.records import Post
from graphcli.model.settings import Settings


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
    results: list[list[dict[str, Any]]] = []
    for order in ((timed, COUNTED), (COUNTED, timed)):
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


# --- R14: an unbalanced quote must not merge lines into one garbage row ---------------------------


@pytest.mark.parametrize(
    "body",
    [
        'facebook,1,5\n"facebook,2,7\nfacebook,3,8\nfacebook,4,9\n',  # the quote swallowed the rest
        'facebook,1,5\n"facebook,2,7\nfacebook",3,8\nfacebook,4,9\n',  # two lines merged into one row
    ],
)
def test_an_unbalanced_quote_is_a_reject_and_the_rows_after_it_still_load(
    gw: Gateway, tmp_path: Path, body: str
) -> None:
    rejects = tmp_path / "rejects.jsonl"
    result = load(gw, write(tmp_path / "posts.csv", "platform,id,like_count\n" + body), rejects=rejects)
    totals = result.totals()
    assert totals["read"] == totals["loaded"] + totals["rejected"] + totals["duplicate"]
    platforms = ask(gw, "MATCH (p:Post) RETURN DISTINCT p.platform AS platform")
    assert platforms == [{"platform": "facebook"}]
    ids = [r["id"] for r in ask(gw, "MATCH (p:Post) RETURN p.id AS id ORDER BY id")]
    assert "1" in ids and "4" in ids and "2" not in ids
    reasons = [json.loads(line)["reason"] for line in rejects.read_text().splitlines()]
    assert any("unbalanced quote" in reason for reason in reasons)


def test_a_field_may_still_span_lines_when_the_lines_are_not_rows(tmp_path: Path) -> None:
    text = 'platform,id,text\nfacebook,1,"first line\nsecond line, with a comma"\nfacebook,2,x\n'
    rows = list(canonical.read(write(tmp_path / "posts.csv", text), ReadOptions(keep_text=True)))
    assert [type(r).__name__ for r in rows] == ["Row", "Row"]
    assert rows[0].records[0].text == "first line\nsecond line, with a comma"  # type: ignore[union-attr]


# --- R15: implausible values are rejected with a reason -------------------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("facebook,1.5e+18,", "scientific notation"),
        ("facebook,12\x0034,", "control character"),
        ("facebook,9,0", "implausible time"),
        ("facebook,9,44927.5", "implausible time"),
        ("facebook,9,1970-01-01T00:00:00Z", "implausible time"),
        ("face book,9,", "bad platform"),
        ("facebook," + "7" * 300 + ",", "too long"),
    ],
)
def test_implausible_values_are_rejected_with_a_reason(
    gw: Gateway, tmp_path: Path, line: str, reason: str
) -> None:
    rejects = tmp_path / "rejects.jsonl"
    path = write(tmp_path / "in" / "posts.csv", f"platform,id,created_at\nfacebook,1,2022-01-01\n{line}\n")
    result = load(gw, path, rejects=rejects)
    assert result.totals() == {"read": 2, "loaded": 1, "rejected": 1, "duplicate": 0}
    [reject] = [json.loads(text) for text in rejects.read_text().splitlines()]
    assert reject["line"] == 3 and reason in reject["reason"]


# --- R3: bad values and unreadable files are rejects or skips, never tracebacks --------------------


def test_a_count_above_int64_in_csv_is_a_reject(gw: Gateway, tmp_path: Path) -> None:
    rejects = tmp_path / "rejects.jsonl"
    path = write(tmp_path / "in" / "posts.csv", f"platform,id,like_count\nfacebook,1,3\nfacebook,2,{2**64}\n")
    result = load(gw, path, rejects=rejects)
    assert result.totals() == {"read": 2, "loaded": 1, "rejected": 1, "duplicate": 0}
    assert "out of range" in json.loads(rejects.read_text())["reason"]


def test_a_count_above_int64_in_parquet_is_a_reject(gw: Gateway, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "platform": ["facebook", "facebook"],
            "id": ["1", "2"],
            "like_count": pa.array([3, 2**64 - 1], type=pa.uint64()),
        }
    )
    (tmp_path / "in").mkdir()
    pq.write_table(table, tmp_path / "in" / "posts.parquet")
    rejects = tmp_path / "rejects.jsonl"
    result = load(gw, tmp_path / "in" / "posts.parquet", rejects=rejects)
    assert result.totals() == {"read": 2, "loaded": 1, "rejected": 1, "duplicate": 0}
    assert "out of range" in json.loads(rejects.read_text())["reason"]


def test_a_corrupt_parquet_page_is_a_reject_and_later_files_still_load(gw: Gateway, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = tmp_path / "in"
    folder.mkdir()
    ids = [str(i) for i in range(1000)]
    pq.write_table(pa.table({"platform": ["facebook"] * 1000, "id": ids}), folder / "posts-1.parquet")
    data = bytearray((folder / "posts-1.parquet").read_bytes())
    middle = len(data) // 2
    data[middle - 200 : middle + 200] = b"\xff" * 400  # the pages, not the footer
    (folder / "posts-1.parquet").write_bytes(bytes(data))
    write(folder / "posts-2.csv", "platform,id\nfacebook,x1\n")
    rejects = tmp_path / "rejects.jsonl"
    result = load(gw, folder, rejects=rejects)
    totals = result.totals()
    assert totals["rejected"] >= 1
    assert totals["read"] == totals["loaded"] + totals["rejected"] + totals["duplicate"]
    assert ask(gw, "MATCH (p:Post {id: 'x1'}) RETURN count(p) AS n") == [{"n": 1}]
    reasons = [json.loads(line)["reason"] for line in rejects.read_text().splitlines()]
    assert any("Parquet" in reason for reason in reasons)


def test_bad_utf8_in_a_botometer_json_array_is_a_reject(gw: Gateway, tmp_path: Path) -> None:
    good = '{"raw_scores": {"universal": {"overall": 0.2}}, "user": {"user_data": {"id_str": "1"}}}'
    bad = '{"raw_scores": {"universal": {"overall": 0.9}}, "user": {"user_data": {"screen_name": "x\xff"}}}'
    path = tmp_path / "in" / "scores.json"
    path.parent.mkdir()
    path.write_bytes(("[" + good + ",\n" + bad + "]").encode("latin-1"))
    rejects = tmp_path / "rejects.jsonl"
    result = load(gw, path, rejects=rejects)
    assert result.totals() == {"read": 2, "loaded": 1, "rejected": 1, "duplicate": 0}
    assert "UTF-8" in json.loads(rejects.read_text())["reason"]


def test_an_unreadable_subfolder_is_skipped_with_its_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "in" / "posts.csv", "platform,id\nfacebook,1\n")
    locked = tmp_path / "in" / "locked"
    locked.mkdir()
    real_iterdir = Path.iterdir

    def iterdir(self: Path) -> Any:
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    plans, skipped = plan_load("auto", [tmp_path / "in"])
    assert [p.paths for p in plans] == [[tmp_path / "in" / "posts.csv"]]
    assert skipped == [(locked, "cannot read the folder: Permission denied")]


def test_an_unreadable_file_during_sniffing_is_skipped_with_its_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "in" / "posts.csv", "platform,id\nfacebook,1\n")
    locked = write(tmp_path / "in" / "scores.json", "[]")
    real_open = Path.open

    def open_(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_)
    import builtins

    real_builtin_open = builtins.open

    def builtin_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(file) == locked:
            raise PermissionError(13, "Permission denied", str(file))
        return real_builtin_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", builtin_open)
    plans, skipped = plan_load("auto", [tmp_path / "in"])
    assert [p.paths for p in plans] == [[tmp_path / "in" / "posts.csv"]]
    assert skipped == [(locked, "cannot read the file: Permission denied")]


def test_an_unreadable_file_given_by_name_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import builtins

    locked = write(tmp_path / "scores.json", "[]")
    real_open = builtins.open

    def builtin_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(str(file)) == locked:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", builtin_open)
    result = CliRunner().invoke(app, ["load", "auto", str(locked)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "cannot read the file: Permission denied" in result.stderr


def test_an_error_in_the_writers_thread_surfaces_as_a_graphcli_error(gw: Gateway) -> None:
    writer = BoltWriter(gw)
    with pytest.raises(GraphcliError, match="load/pass/posts: a parameter value Neo4j cannot take"):
        writer.write([Post("facebook", "1", like_count=2**70)])  # bypasses the reader's checks
        writer.close()


def test_any_other_error_of_the_writers_thread_is_a_graphcli_error_too(
    gw: Gateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(steps: object) -> None:
        raise RuntimeError("something unforeseen")

    writer = BoltWriter(gw)
    monkeypatch.setattr(gw, "write_together", broken)
    with pytest.raises(GraphcliError, match="writing a batch to Neo4j failed: RuntimeError: something"):
        writer.write([Post("facebook", "1")])
        writer.close()


# --- R11: one empty or unreadable file must not abort a multi-file load ----------------------------


def test_an_empty_file_among_others_is_skipped_and_the_summary_says_why(gw: Gateway, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write(folder / "posts-1.csv", "platform,id\nfacebook,1\n")
    write(folder / "posts-2.csv", "")
    write(folder / "posts-3.csv", "platform,id\nfacebook,3\n")
    write(folder / "likes.csv", "platform,account_id\nfacebook,1\n")  # no post_id column
    result = CliRunner().invoke(app, ["load", "auto", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["read"], report["loaded"]) == (2, 2)
    skipped = {Path(s["path"]).name: s["reason"] for run in report["runs"] for s in run["skipped"]}
    assert skipped.keys() == {"posts-2.csv", "likes.csv"}
    assert "empty file" in skipped["posts-2.csv"] and "post_id" in skipped["likes.csv"]
    assert ask(gw, "MATCH (p:Post) RETURN p.id AS id ORDER BY id") == [{"id": "1"}, {"id": "3"}]


def test_a_truncated_gzip_among_others_is_skipped_and_the_load_goes_on(gw: Gateway, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write(folder / "posts-1.csv", "platform,id\nfacebook,1\n")
    whole = gzip.compress(b"platform,id\nfacebook,2\n" * 50)
    (folder / "posts-2.csv").write_bytes(whole[: len(whole) // 2])  # gzip by its bytes, cut short
    (folder / "liking_users").mkdir()
    (folder / "liking_users" / "7.jsonl").write_bytes(b"\x1f\x8b")  # gzip's magic bytes and nothing else
    result = CliRunner().invoke(app, ["load", "auto", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    # the planner skips the JSON file (its sniffer reads it), the reader the CSV (named as a table)
    skipped = {Path(s["path"]).name: s["reason"] for s in report["skipped"]}
    skipped.update({Path(s["path"]).name: s["reason"] for run in report["runs"] for s in run["skipped"]})
    assert skipped.keys() == {"posts-2.csv", "7.jsonl"}
    assert all("compressed data ends early" in reason for reason in skipped.values())
    assert report["read"] == report["loaded"] + report["rejected"] + report["duplicate"]
    assert {"id": "1"} in ask(gw, "MATCH (p:Post) RETURN p.id AS id ORDER BY id")


# --- R5: one rejects file per run; a load never deletes another load's rejects ---------------------


def test_sibling_folders_keep_their_own_rejects_files(gw: Gateway, tmp_path: Path) -> None:
    for name in ("a", "b"):
        write(tmp_path / "data" / name / "posts.csv", f"platform,id\nfacebook,{name}1\nfacebook,1.5e+18\n")
    runner = CliRunner()
    reports = []
    for name in ("a", "b"):
        result = runner.invoke(app, ["load", "auto", str(tmp_path / "data" / name), "--json"])
        assert result.exit_code == 0, result.output
        reports.append(json.loads(result.stdout))
    paths = [Path(report["rejects_path"]) for report in reports]
    assert paths[0] != paths[1] and all(path.parent == tmp_path / "data" for path in paths)
    for report, path in zip(reports, paths, strict=True):
        assert path.name == f"rejects-{report['runs'][0]['run_id']}.jsonl"
        assert len(path.read_text().splitlines()) == 1  # the first survives the second load
        assert path.stat().st_mode & 0o077 == 0  # raw rows: readable by the owner only


# --- R7: --pseudonymize leaves no raw account id or screen name in the graph or beside the inputs ---

RAW_NAMES = ("alicewonder", "bobbybuilder", "carolsinger")
RAW_IDS = ("90817263545", "80716254434", "70615243323")


def test_a_pseudonymised_load_leaves_no_raw_id_or_name_anywhere(gw: Gateway, tmp_path: Path) -> None:
    a, b, c = RAW_NAMES
    i, j, k = RAW_IDS
    folder = tmp_path / "in"
    write(
        folder / "accounts.csv",
        f"platform,id,screen_name,name\ntwitter,{i},{a},Alice W\ntwitter,{j},{b},Bob\n",
    )
    write(
        folder / "statuses.csv",
        "platform,account_id,screen_name,status,checked_at,error_title,error_detail\n"
        f"twitter,,{c},not_found,2022-10-03T00:00:00Z,Not Found Error,Could not find user: [{c}].\n"
        f'twitter,{j},,suspended,2022-10-03T00:00:00Z,Forbidden,"User has been suspended: [{j}]."\n',
    )
    write(
        folder / "likes.csv",
        f"platform,post_id,account_id,screen_name\ntwitter,555,,{a.upper()}\ntwitter,556,{k},\n"
        f"twitter,557,{i},{a}\ntwitter,1.5e+18,,{b}\n",  # the last row is a reject
    )
    write(folder / "posts.csv", f"platform,id,author_id,author_screen_name\ntwitter,555,{j},{b}\n")
    write(
        folder / "bot_scores.csv",
        f"platform,account_id,screen_name,version,raw_universal_overall\ntwitter,,{c},v4,0.8\n",
    )
    keys = tmp_path / "keys"
    keys.mkdir()
    key = write(keys / "key", "a-secret-key-of-enough-length\n")
    before = {p for p in tmp_path.rglob("*")}
    result = CliRunner().invoke(app, ["load", "auto", str(folder), "--pseudonymize", str(key), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["rejected"] == 1
    graph = json.dumps(gw.read("load/content"), default=str).lower()
    raw = [*RAW_NAMES, *RAW_IDS, "alice w"]
    assert [value for value in raw if value in graph] == []
    assert [value for value in raw if value in result.output.lower()] == []
    # The rejects are the raw rows: they are kept beside the key, nowhere near the data.
    new = {p for p in tmp_path.rglob("*")} - before
    assert new and all(p.parent == keys and p.name.startswith("rejects-") for p in new)


# --- R18: a bulk load killed mid-import leaves neither a schema-less database nor its CSV copies ----


def test_the_next_command_restores_the_schema_and_removes_the_csvs_of_a_killed_bulk_load(
    gw: Gateway, settings: Settings
) -> None:
    import subprocess

    from graphcli.cypher.connect import open_gateway
    from graphcli.server.bulk_import import BulkMarker

    workdir = settings.home / "graphcli-bulk-killed"
    write(workdir / "Account.csv", "uid:ID(Account)\ntwitter:1\n")
    dead = subprocess.Popen(["true"])
    dead.wait()  # the killed load's process: gone
    BulkMarker(settings.home).write(workdir, pid=dead.pid)
    drop = Query("t", Path("t"), "t", "", ("DROP CONSTRAINT account_uid IF EXISTS",))
    gw.run(drop, access="write")  # what the offline import leaves: no schema
    messages: list[str] = []
    with open_gateway(settings, progress=messages.append) as again:
        names = {row["name"] for row in again.run(Query("t", Path("t"), "t", "", ("SHOW CONSTRAINTS",))).rows}
    assert "account_uid" in names
    assert not workdir.exists() and not BulkMarker(settings.home).path.exists()
    assert any("interrupted bulk import" in message for message in messages)


def test_a_running_bulk_load_is_left_alone(gw: Gateway, settings: Settings) -> None:
    import os

    from graphcli.cypher.connect import open_gateway
    from graphcli.server.bulk_import import BulkMarker

    workdir = settings.home / "graphcli-bulk-running"
    write(workdir / "Account.csv", "uid:ID(Account)\ntwitter:1\n")
    marker = BulkMarker(settings.home)
    marker.write(workdir, pid=os.getppid())  # a live process that is not this one
    try:
        with open_gateway(settings):
            pass
        assert workdir.exists() and marker.path.exists()
    finally:
        marker.clear()
        import shutil

        shutil.rmtree(workdir)


# --- R16: which account a screen-name-only like lands on must not depend on load order -------------


def test_a_name_only_like_goes_to_the_lowest_uid_in_either_order(gw: Gateway, tmp_path: Path) -> None:
    like = "platform,post_id,screen_name\ntwitter,555,ann\n"
    first = "platform,id,screen_name\ntwitter,9,ann\n"
    second = "platform,id,screen_name\ntwitter,10,ann\n"
    owners: list[list[dict[str, Any]]] = []
    # like first (a placeholder, folded onto 9, then moved), like between (straight to 9, then moved),
    # like last (straight to the lowest)
    for order in ((like, first, second), (first, like, second), (first, second, like)):
        wipe(gw)
        init_schema(gw)
        for i, text in enumerate(order):
            name = "likes.csv" if text is like else "accounts.csv"
            load(gw, write(tmp_path / f"{len(owners)}-{i}" / name, text))
        owners.append(ask(gw, "MATCH (a:Account)-[:LIKED]->(:Post {id: '555'}) RETURN a.uid AS uid"))
    assert owners == [[{"uid": "twitter:10"}]] * 3  # the lowest uid, as docs/model.md promises


def test_a_like_moved_by_a_rename_is_not_created_twice_in_a_fresh_load(gw: Gateway, tmp_path: Path) -> None:
    """One load into an empty database (CREATE for what it knows to be new), a record per batch: a
    name-only like goes to twitter:9, moves to the lower uid twitter:10 when 10 wears the name, and then
    10's own like of the same post arrives by id. The move happened on the server: the load must MERGE
    that like, not CREATE a second one."""
    files = [
        ("1/accounts.csv", "platform,id,screen_name\ntwitter,9,ann\n"),
        ("2/likes.csv", "platform,post_id,screen_name\ntwitter,555,ann\n"),
        ("3/accounts.csv", "platform,id,screen_name\ntwitter,10,ann\n"),
        ("4/likes.csv", "platform,post_id,account_id\ntwitter,555,10\n"),
    ]
    for name, text in files:
        write(tmp_path / "in" / name, text)
    plans, _ = plan_load("auto", [tmp_path / "in"])
    assert [p.name for plan in plans for p in plan.paths] == ["accounts.csv", "likes.csv"] * 2
    load_plans(gw, plans, ReadOptions(), batch_size=1)
    likes = ask(gw, "MATCH (a:Account)-[:LIKED]->(p:Post) RETURN a.uid AS uid, p.id AS post")
    assert likes == [{"uid": "twitter:10", "post": "555"}]


def test_a_like_also_named_by_id_stays_with_its_account(gw: Gateway, tmp_path: Path) -> None:
    """Account 9 liked post 555 (by id), and a scrape named the same like by screen name: when the lower
    uid twitter:10 wears the name later, 9's own like does not move, and one named only by name does."""
    files = [
        ("accounts.csv", "platform,id,screen_name\ntwitter,9,ann\n"),
        ("likes.csv", "platform,post_id,screen_name\ntwitter,555,ann\ntwitter,556,ann\n"),
        ("likes.csv", "platform,post_id,account_id\ntwitter,555,9\n"),
        ("accounts.csv", "platform,id,screen_name\ntwitter,10,ann\n"),
    ]
    for i, (name, text) in enumerate(files):
        load(gw, write(tmp_path / str(i) / name, text))
    likes = ask(gw, "MATCH (a:Account)-[:LIKED]->(p:Post) RETURN a.uid AS uid, p.id AS post ORDER BY post")
    assert likes == [{"uid": "twitter:9", "post": "555"}, {"uid": "twitter:10", "post": "556"}]

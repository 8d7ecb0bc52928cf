"""The gateway against the live server: transactions, counters, and errors that say what to do."""

from pathlib import Path

import pytest

from graphcli.cypher.gateway import Gateway, is_read_only
from graphcli.cypher.queries import Query, parse_query_file
from graphcli.model.errors import AuthFailed, ConnectionFailed, GdsMissing, GraphcliError
from graphcli.model.settings import Settings


def _query(tmp_path: Path, text: str) -> Query:
    f = tmp_path / "q.cypher"
    f.write_text("// Test query\n// Parameters: see test.\n" + text)
    return parse_query_file(f)


@pytest.mark.neo4j
def test_write_then_read_with_parameters(gw: Gateway, tmp_path: Path) -> None:
    created = gw.run(
        _query(tmp_path, "UNWIND $ids AS id CREATE (:Probe {id: id})"), {"ids": [1, 2, 3]}, access="write"
    )
    assert created.counters["nodes_created"] == 3
    rows = gw.run(
        _query(tmp_path, "MATCH (p:Probe) WHERE p.id > $min RETURN p.id AS id ORDER BY id"), {"min": 1}
    ).rows
    assert rows == [{"id": 2}, {"id": 3}]


@pytest.mark.neo4j
def test_rows_are_plain_data_nodes_as_their_properties(live_gateway: Gateway, tmp_path: Path) -> None:
    text = (
        "RETURN range(1, 5) AS xs, ['a', null] AS names, datetime('2022-10-05T06:00:00Z') AS at, "
        "apoc.create.vNode(['Probe'], {k: 1}) AS node, [apoc.create.vNode(['Probe'], {k: 2})] AS nodes, "
        "{m: apoc.create.vNode(['Probe'], {k: 3})} AS map"
    )
    (row,) = live_gateway.run(_query(tmp_path, text)).rows
    assert row["xs"] == [1, 2, 3, 4, 5] and row["names"] == ["a", None]
    assert row["at"].to_native().isoformat() == "2022-10-05T06:00:00+00:00"
    assert row["node"] == {"k": 1} and row["nodes"] == [{"k": 2}] and row["map"] == {"m": {"k": 3}}


@pytest.mark.neo4j
def test_server_runs_5_26_with_gds_and_apoc(live_gateway: Gateway) -> None:
    versions = live_gateway.server_versions()
    assert versions["neo4j"] is not None and versions["neo4j"].startswith("5.26.")
    assert versions["gds"] is not None and versions["gds"].startswith("2.13.")
    assert versions["apoc"] is not None and versions["apoc"].startswith("5.26")
    assert live_gateway.has_gds()


@pytest.mark.neo4j
def test_gds_louvain_and_leiden_find_the_two_triangles(gw: Gateway, tmp_path: Path) -> None:
    gw.run(_query(tmp_path, "UNWIND range(0, 5) AS i CREATE (:Toy {id: i})"), access="write")
    gw.run(
        _query(
            tmp_path, "MATCH (a:Toy), (b:Toy) WHERE a.id < b.id AND a.id / 3 = b.id / 3 CREATE (a)-[:T]->(b)"
        ),
        access="write",
    )
    with gw.gds_client() as gds:
        with gds.graph.project.native("toy", "Toy", {"T": {"orientation": "UNDIRECTED"}}) as graph:
            for algo in (gds.louvain, gds.leiden):
                frame = algo.stream(graph)
                node_ids = frame["nodeId"].tolist()
                names = gw.run(
                    _query(tmp_path, "UNWIND $ids AS i RETURN gds.util.asNode(i).id AS id"), {"ids": node_ids}
                ).rows
                by_id = {row["id"]: c for row, c in zip(names, frame["communityId"], strict=True)}
                assert by_id[0] == by_id[1] == by_id[2]
                assert by_id[3] == by_id[4] == by_id[5]
                assert by_id[0] != by_id[3]
        remaining = gw.run(
            _query(tmp_path, "CALL gds.graph.list() YIELD graphName RETURN count(*) AS n")
        ).rows
        assert remaining == [{"n": 0}]  # the projection was dropped when its block ended


@pytest.mark.neo4j
def test_missing_gds_procedure_is_reported_as_gds_missing(gw: Gateway, tmp_path: Path) -> None:
    with pytest.raises(GdsMissing, match="Graph Data Science"):
        gw.run(_query(tmp_path, "CALL gds.noSuchProcedure()"))


@pytest.mark.neo4j
def test_cypher_syntax_error_is_one_line(gw: Gateway, tmp_path: Path) -> None:
    with pytest.raises(GraphcliError) as info:
        gw.run(_query(tmp_path, "MATCH (n RETURN n"))
    assert "\n" not in str(info.value)
    assert "SyntaxError" in str(info.value)


@pytest.mark.neo4j
def test_wrong_password_says_so(settings: Settings, live_gateway: Gateway) -> None:
    with pytest.raises(AuthFailed, match="refused the credentials"):
        Gateway.connect(settings.bolt_uri, "neo4j", "definitely-wrong")


def test_unreachable_server_says_so() -> None:
    with pytest.raises(ConnectionFailed, match="cannot reach"):
        Gateway.connect("bolt://127.0.0.1:1", "neo4j", "x")


def test_read_only_guess() -> None:
    assert is_read_only("MATCH (n) RETURN count(n)")
    assert not is_read_only("MATCH (n) SET n.x = 1")
    assert not is_read_only("CALL gds.louvain.write('g', {})")
    assert is_read_only("// CREATE in a comment\nRETURN 1")


def test_an_autocommit_query_is_retried_after_a_deadlock(
    gw: Gateway, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`detect all` during a load: its auto-commit statements meet the load's locks in the other order."""
    import threading
    import time

    from graphcli.cypher import gateway as gateway_module

    gw.run(_query(tmp_path, "CREATE (:ProbeLock {k: 1}), (:ProbeLock {k: 2})"), access="write")
    other = _query(
        tmp_path,
        "MATCH (x:ProbeLock {k: 1}) SET x.v = 1 WITH x CALL apoc.util.sleep(1000) "
        "MATCH (y:ProbeLock {k: 2}) SET y.v = 1",
    )
    ours = Query(
        "test/deadlock",
        tmp_path / "ours.cypher",
        "test",
        "",
        (
            "MATCH (y:ProbeLock {k: 2}) SET y.v = 2 WITH y CALL apoc.util.sleep(1000) "
            "MATCH (x:ProbeLock {k: 1}) SET x.v = 2",
        ),
    )
    monkeypatch.setattr(gateway_module, "load_query", lambda name: ours)
    load = threading.Thread(target=lambda: gw.run(other, access="write"))
    load.start()
    time.sleep(0.3)  # the other transaction holds x first; this one takes y, then wants x
    try:
        gw.run_autocommit("test/deadlock")
    finally:
        load.join()
    rows = gw.run(_query(tmp_path, "MATCH (n:ProbeLock) RETURN n.k AS k, n.v AS v ORDER BY k")).rows
    assert rows == [{"k": 1, "v": 2}, {"k": 2, "v": 2}]  # ours ran after the other committed


def test_a_gds_client_query_is_retried_after_a_deadlock(gw: Gateway, tmp_path: Path) -> None:
    """The GDS client runs projections and algorithm writes in auto-commit transactions, which the
    driver does not retry: the gateway's client retries them on a transient error like its own."""
    import threading
    import time

    gw.run(_query(tmp_path, "CREATE (:ProbeLock {k: 1}), (:ProbeLock {k: 2})"), access="write")
    other = _query(
        tmp_path,
        "MATCH (x:ProbeLock {k: 1}) SET x.v = 1 WITH x CALL apoc.util.sleep(1000) "
        "MATCH (y:ProbeLock {k: 2}) SET y.v = 1",
    )
    ours = (
        "MATCH (y:ProbeLock {k: 2}) SET y.v = 2 WITH y CALL apoc.util.sleep(1000) "
        "MATCH (x:ProbeLock {k: 1}) SET x.v = 2"
    )
    with gw.gds_client() as gds:
        load = threading.Thread(target=lambda: gw.run(other, access="write"))
        load.start()
        time.sleep(0.3)  # the other transaction holds x first; this one takes y, then wants x
        try:
            gds.run_cypher(ours, auto_commit=True)  # the client's session.run path, as its procedures use
        finally:
            load.join()
    rows = gw.run(_query(tmp_path, "MATCH (n:ProbeLock) RETURN n.k AS k, n.v AS v ORDER BY k")).rows
    assert rows == [{"k": 1, "v": 2}, {"k": 2, "v": 2}]  # ours ran after the other committed

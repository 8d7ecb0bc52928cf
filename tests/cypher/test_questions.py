"""The query library's questions: `cypher --list` shows them (and not the internal steps), `--all` shows
everything, and every question runs on the server with the example values of its own `:param` lines."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from graphcli.cli.app import app
from graphcli.cypher.gateway import Gateway, is_read_only
from graphcli.cypher.queries import Query, load_query, query_names, question_names

runner = CliRunner()


def test_list_shows_the_questions_and_all_shows_everything() -> None:
    listed = [line.split()[0] for line in runner.invoke(app, ["cypher", "--list"]).stdout.splitlines()]
    assert listed == question_names() and "detect/runs" in listed and "report/coordinated_objects" in listed
    assert "db/wipe" not in listed and not any(name.startswith("load/") for name in listed)
    everything = runner.invoke(app, ["cypher", "--list", "--all"]).stdout.splitlines()
    assert [line.split()[0] for line in everything] == query_names()
    assert any(line.startswith("db/wipe ") and line.endswith("(internal)") for line in everything)


@pytest.mark.parametrize("name", question_names())
def test_a_question_reads_only_and_documents_its_parameters(name: str) -> None:
    query = load_query(name)
    assert all(is_read_only(s) for s in query.statements), name
    assert query.parameters <= query.examples.keys(), f"{name}: no :param example for some parameter"


@pytest.mark.parametrize("name", question_names())
def test_every_question_runs_with_its_examples(gw: Gateway, name: str) -> None:
    query = load_query(name)
    params = {
        key: gw.run(Query("example", query.path, "example", "", (f"RETURN {value} AS v",))).rows[0]["v"]
        for key, value in query.examples.items()
        if key in query.parameters
    }
    result = gw.run(query, params)
    assert result.columns, name  # it ran and returned its columns (rows depend on the data)


INTERNAL_WRITES = [
    name
    for name in query_names()
    if not load_query(name).is_question and not all(is_read_only(s) for s in load_query(name).statements)
]


def test_internal_write_steps_refuse_with_one_line_and_touch_nothing(gw: Gateway) -> None:
    gw.run(Query("mark", load_query("db/stats").path, "mark", "", ("CREATE (:Marker)",)), access="write")
    assert "db/wipe" in INTERNAL_WRITES and "load/pass/liked" in INTERNAL_WRITES
    for name in INTERNAL_WRITES:
        result = runner.invoke(app, ["cypher", name])
        assert result.exit_code != 0, name
        message = result.output.strip()
        assert len(message.splitlines()) == 1 and "internal write step" in message, message
        assert "Traceback" not in message and "Neo4j said" not in message
    wipe = runner.invoke(app, ["cypher", "db/wipe"]).output
    assert "graphcli db wipe --yes" in wipe
    assert gw.run(
        Query("count", load_query("db/stats").path, "count", "", ("MATCH (m:Marker) RETURN count(m) AS n",))
    ).rows == [{"n": 1}]

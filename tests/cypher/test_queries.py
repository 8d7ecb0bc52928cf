"""Every library query is for people too: it has a header an analyst can read in Neo4j Browser."""

import re
from pathlib import Path

import pytest

from graphcli.cypher.queries import load_query, parse_query_file, query_names
from graphcli.model.errors import QueryNotFound


@pytest.mark.parametrize("name", query_names())
def test_every_query_has_a_header_naming_its_parameters(name: str) -> None:
    query = load_query(name)
    lines = query.header.splitlines()
    assert len(lines) >= 2, f"{name}: header needs a title and what it answers"
    assert any(line.lower().startswith("parameters") for line in lines), f"{name}: no 'Parameters' line"
    for param in query.parameters:
        assert re.search(rf":param\s+{param}\b", query.header), f"{name}: no `:param {param}` example"


def test_query_names_cover_the_db_queries() -> None:
    names = query_names()
    assert {"db/init", "db/stats", "db/wipe"} <= set(names)


def test_multi_statement_files_are_split(tmp_path: Path) -> None:
    f = tmp_path / "two.cypher"
    f.write_text(
        "// Two\n// Parameters: none.\nCREATE (:A);\nMATCH (a:A) // trailing; comment\nRETURN count(a);\n"
    )
    q = parse_query_file(f)
    assert len(q.statements) == 2
    assert q.title == "Two"


def test_unknown_query_and_path_escape_are_refused() -> None:
    with pytest.raises(QueryNotFound):
        load_query("db/nope")
    with pytest.raises(QueryNotFound):
        load_query("../model/settings")

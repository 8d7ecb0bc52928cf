"""The documentation describes what the code produces: every feature column is in docs/features.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graphcli.analytics.features import account_features
from graphcli.cypher.gateway import Gateway

DOCS = Path(__file__).resolve().parents[2] / "docs"


def documented_columns() -> list[re.Pattern[str]]:
    names = re.findall(r"^\| `([a-z0-9_<>]+)` \|", (DOCS / "features.md").read_text(), flags=re.MULTILINE)
    return [
        re.compile(
            "^" + re.sub(r"<[a-z]+>", "[a-z_]+", re.escape(n).replace(r"\<", "<").replace(r"\>", ">")) + "$"
        )
        for n in names
    ]


@pytest.mark.neo4j
def test_every_feature_column_is_documented(world: Gateway) -> None:
    patterns = documented_columns()
    missing = [c for c in account_features(world).columns if not any(p.match(c) for p in patterns)]
    assert missing == []


def test_the_documented_files_exist() -> None:
    for name in ("features.md", "alerts.md", "report-screenshot.png"):
        assert (DOCS / name).is_file(), name

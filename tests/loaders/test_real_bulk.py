"""The new records of the real-file readers (count observations, screen-name history) go through the
offline bulk import exactly as through Bolt."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from graphcli.cypher.gateway import Gateway
from graphcli.cypher.schema import init_schema, wipe
from graphcli.loaders.bulk import BulkWriter, finish_bulk
from graphcli.loaders.pipeline import load_rows
from graphcli.model.records import Account, CountObservation, NameSeen, Post, Row
from graphcli.model.settings import Settings
from tests.fingerprint import content_fingerprint


def at(hour: int) -> datetime:
    return datetime(2022, 10, 7, hour, tzinfo=UTC)


ROWS = [
    Row(
        "a",
        1,
        (Account("twitter", "7", "DK_User_07"), NameSeen("twitter", "7", "DK_User_07", at(9), "look-up")),
    ),
    Row("a", 2, (NameSeen("twitter", "7", "dk_user_07", at(10), "botometer"),)),
    Row("a", 3, (NameSeen("twitter", "7", "dk_user_07", at(8), "botometer"),)),
    Row(
        "c",
        1,
        (
            Post("twitter", "101", like_count=6, observed_at=at(10)),
            CountObservation("twitter", "101", at(10), "pull snapshot", 6, 2, 1, 0),
        ),
    ),
    Row("c", 2, (CountObservation("twitter", "101", at(11), "later look-up", 4, 2, 1, 0),)),
    Row("c", 3, (CountObservation("twitter", "105", at(11), "later look-up", error="Could not find tweet"),)),
]


def test_bulk_import_of_counts_and_names_equals_bolt(gw: Gateway, settings: Settings, tmp_path: Path) -> None:
    load_rows(gw, ROWS, source="test", files=[], format_name="test", batch_size=2)
    expected = content_fingerprint(gw)
    names = gw.read("load/content")
    was_named = [r for r in names if r["labels"] == ["WAS_NAMED"]]
    assert len(was_named) == 2
    lower = next(r for r in was_named if r["props"]["name"] == "dk_user_07")["props"]
    assert lower["first_seen"].to_native() == at(8) and lower["last_seen"].to_native() == at(10)
    assert len([r for r in names if r["labels"] == ["HAD_COUNTS"]]) == 3
    wipe(gw)
    init_schema(gw)
    writer = BulkWriter()
    summary = load_rows(gw, ROWS, source="test", files=[], format_name="test", batch_size=2, writer=writer)
    imported = finish_bulk(writer, gw, settings, tmp_path / "csv", [summary]).counts
    assert imported["WAS_NAMED"] == 2 and imported["CountObservation"] == 3 and imported["ScreenName"] == 1
    assert content_fingerprint(gw) == expected

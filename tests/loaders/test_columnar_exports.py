"""Columnar reading of the export tables (issue 16): CrowdTangle and Meta Content Library exports,
look-up tables and flattened Botometer tables, read as groups of blocks, give what the row path
gives: the same rows, counts, rejects and pass parameters, on generated tables with bad and
repeated rows."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphcli.loaders import botometer, crowdtangle, lookups, pull_folders
from graphcli.loaders import meta_content_library as mcl
from graphcli.loaders.batch import build_params
from graphcli.loaders.columnar import as_rows
from graphcli.loaders.options import ReadOptions
from graphcli.model.errors import InputError
from graphcli.model.records import Blocks
from tests.loaders.test_columnar import COUNT, ID, NAME, TIME, count

ZONED_TIME = st.one_of(
    TIME,
    st.sampled_from(
        [
            "2022-10-05 00:00:28 UTC",
            "2021-01-02 03:04:05 EST",
            "2021-01-02 03:04:05 est",
            "2021-07-02T03:04:05.25 CEST",
            "2022-02-30 00:00:00 CET",
            "2022-10-05 00:00:28 XYZ",
        ]
    ),
)
URL = st.sampled_from(
    [
        "",
        "https://www.facebook.com/page/posts/123",
        "https://www.facebook.com/page/posts/123/",
        "https://www.facebook.com/permalink.php?story_fbid=55&id=1",
        "https://facebook.com/x/videos/9",
        "https://www.facebook.com/groups/1/permalink/pfbid02abc",
        "https://example.com/a?utm_source=x",
        "not a url",
    ]
)
MESSAGE = st.sampled_from(["", "hello", "hello #Tag and #tag", "#a #b", " x ", "Example.com/b", "ålø #æ"])
LINK = st.one_of(URL, st.sampled_from(["https://example.com/a", "http://Example.com/a/", "x.org/p"]))
FLOAT = st.sampled_from(["", "0.5", "1", "1e-3", "nan", "inf", "x", " 0.25 ", "-0"])
MISSING = st.sampled_from(["none", "empty", "nan", "NaN", "null"])
BOOL = st.sampled_from(["", "True", "False", "true", "0", "1.0", "maybe", "none"])

EXPORTS: dict[str, tuple[ModuleType, dict[str, st.SearchStrategy[Any]]]] = {
    "crowdtangle.csv": (
        crowdtangle,
        {
            "Page Name": NAME,
            "Group Name": NAME,
            "User Name": NAME,
            "Facebook Id": ID,
            "Page Description": MESSAGE,
            "Page Created": ZONED_TIME,
            "Post Created": ZONED_TIME,
            "Post Created Date": st.sampled_from(["", "2022-10-05", "x"]),
            "Post Created Time": st.sampled_from(["", "00:00:28", "12:00"]),
            "Likes": COUNT,
            "Comments": COUNT,
            "Shares": COUNT,
            "URL": URL,
            "Message": MESSAGE,
            "Link": LINK,
            "Final Link": LINK,
            "Image Text": MESSAGE,
        },
    ),
    "mcl.csv": (
        mcl,
        {
            "id": ID,
            "creation_time": ZONED_TIME,
            "text": MESSAGE,
            "link_attachment.link": LINK,
            "link_url": LINK,
            "post_owner.id": ID,
            "post_owner.username": NAME,
            "post_owner.name": NAME,
            "surface.id": ID,
            "surface.username": NAME,
            "surface.name": NAME,
            "lang": st.sampled_from(["", "en", "da"]),
            "image_text": MESSAGE,
            "statistics.like_count": COUNT,
            "statistics.comment_count": COUNT,
            "statistics.share_count": COUNT,
            "shared_post_id": st.one_of(st.just(""), ID),
        },
    ),
    "lookup_table.csv": (
        lookups,
        {
            "username": st.one_of(NAME, MISSING),
            "id": st.one_of(ID, ID, MISSING),
            "error_title": st.sampled_from(["", "none", "Not Found Error", "Forbidden", "Other"]),
            "error_detail": st.sampled_from(["", "none", "User has been suspended: [x].", "gone"]),
            "name": st.one_of(NAME, MISSING),
            "created_at": st.one_of(TIME, MISSING),
            "protected": BOOL,
            "verified": BOOL,
            "followers_count": st.one_of(COUNT, st.sampled_from(["25.0", "none"])),
            "following_count": COUNT,
            "tweet_count": COUNT,
            "listed_count": COUNT,
            "checked_at": st.one_of(TIME, MISSING),
        },
    ),
    "botometer_flat.csv": (
        botometer,
        {
            "": st.integers(0, 9).map(str),
            "user-id": ID,
            "screenname_from_list": NAME,
            "screenname": NAME,
            "maj_lang": st.sampled_from(["", " ", "da", "en"]),
            "user.majority_lang": st.sampled_from(["", " ", "de"]),
            "result_cap_e": FLOAT,
            "astroturf_e": FLOAT,
            "raw_overall_uni": FLOAT,
            "raw_scores.universal.spammer": FLOAT,
            "scores": FLOAT,
            "tweetid": st.one_of(st.just(""), ID),
            "error": st.sampled_from(["", "", "", "TweepError: not authorized"]),
            "scored_at": st.one_of(st.just(""), TIME),
            "timestamp": st.sampled_from(["", "1664625600"]),
        },
    ),
    "2022-10-06T12:00:00.000Z.csv": (
        pull_folders,
        {
            "author id": ID,
            "created_at": ZONED_TIME,
            "geo": st.sampled_from(["", " ", "2cdd76f75de73bf3"]),
            "id": ID,
            "lang": st.sampled_from(["", "da", "und"]),
            "like_count": COUNT,
            "quote_count": COUNT,
            "reply_count": COUNT,
            "retweet_count": COUNT,
            "source": st.sampled_from(["", "Twitter Web App"]),
            "tweet": MESSAGE,
        },
    ),
    "Likers_of_alarms_2022-10-06T12:00:00.000Z.csv": (
        pull_folders,
        {
            "": ID,
            "delta": st.sampled_from(["", "342.0"]),
            "likers": st.sampled_from(
                [
                    "",
                    "[]",
                    "['Ann', 'bob']",
                    "['ann', 'Ann', 'ann']",
                    "['AwarenessRequired_Liking_Users_of_Deleted_Tweet']",
                    "['AwarenessRequired_Liking_Users_Unknown_Case', 'carl']",
                    "['x y', ' z ']",
                    "not a list",
                    "[1, 2]",
                    "'single'",
                ]
            ),
        },
    ),
}


@st.composite
def exports(draw: st.DrawFn) -> tuple[str, list[str], list[list[str]], ReadOptions]:
    """An export's file name, columns and rows; rows repeat (duplicates) and may be bad."""
    name = draw(st.sampled_from(sorted(EXPORTS)))
    cells = EXPORTS[name][1]
    columns = [c for c in cells if draw(st.integers(0, 6)) > 0]
    distinct = draw(st.lists(st.tuples(*(cells[c] for c in columns)).map(list), min_size=1, max_size=6))
    rows = draw(st.lists(st.sampled_from(distinct), min_size=1, max_size=14))
    if len(distinct) > 1 and columns:  # rows that differ in one column only
        column = draw(st.integers(0, len(columns) - 1))
        rows.append([*rows[0][:column], distinct[-1][column], *rows[0][column + 1 :]])
    options = ReadOptions(
        platform=draw(st.sampled_from([None, "twitter"])),
        keep_text=draw(st.booleans()),
        scored_at=draw(st.sampled_from([None, datetime(2022, 10, 9, tzinfo=UTC)])),
    )
    return name, columns, rows, options


def write_export(folder: Path, name: str, columns: list[str], rows: list[list[str]]) -> Path:
    path = folder / name
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(rows)
    return path


def assert_paths_agree(reader: ModuleType, path: Path, options: ReadOptions) -> None:
    """The row path and the columnar path give equal rows, notices, counts, rejects and parameters."""
    row_notes: list[str] = []
    block_notes: list[str] = []
    try:
        by_row = list(reader.read(path, _telling(options, row_notes)))
    except InputError as exc:  # a missing column: both paths refuse the file alike
        with pytest.raises(InputError, match=exc.message.split(":")[0]):
            list(reader.read_blocks(path, options))
        return
    items = list(reader.read_blocks(path, _telling(options, block_notes)))
    assert list(as_rows(items)) == by_row
    assert block_notes == row_notes
    row_figures, row_sink, row_rejects = count(by_row)
    block_figures, block_sink, block_rejects = count(items)
    assert block_figures == row_figures
    assert block_figures["read"] == len(by_row)
    assert block_rejects == row_rejects
    assert build_params(block_sink.items) == build_params(row_sink.items)


def _telling(options: ReadOptions, notes: list[str]) -> ReadOptions:
    from dataclasses import replace

    return replace(options, notice=notes.append)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(exports())
def test_export_columns_and_rows_give_equal_records_counts_and_parameters(
    tmp_path: Path, case: tuple[str, list[str], list[list[str]], ReadOptions]
) -> None:
    name, columns, rows, options = case
    assert_paths_agree(EXPORTS[name][0], write_export(tmp_path, name, columns, rows), options)


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_a_well_formed_export_is_read_in_groups_of_blocks(tmp_path: Path, name: str) -> None:
    good = {
        "crowdtangle.csv": {
            "Facebook Id": "10",
            "User Name": "page",
            "URL": "https://www.facebook.com/page/posts/123",
            "Post Created": "2022-10-05 00:00:28 UTC",
            "Message": "hello #Tag https://example.com/a",
            "Link": "https://example.com/a",
        },
        "mcl.csv": {
            "id": "5",
            "creation_time": "2022-10-05T00:00:28Z",
            "post_owner.id": "10",
            "text": "hello #Tag",
            "shared_post_id": "4",
        },
        "lookup_table.csv": {
            "username": "ann",
            "id": "12.0",
            "error_title": "none",
            "error_detail": "none",
            "followers_count": "25.0",
        },
        "2022-10-06T12:00:00.000Z.csv": {
            "id": "5",
            "author id": "7",
            "created_at": "2022-10-06 12:00:00+00:00",
            "tweet": "hi #x",
            "like_count": "3",
        },
        "Likers_of_alarms_2022-10-06T12:00:00.000Z.csv": {"": "5", "likers": "['Ann', 'bob']"},
        "botometer_flat.csv": {
            "": "0",
            "user-id": "12",
            "screenname_from_list": "Ann",
            "screenname": "ann",
            "astroturf_e": "0.5",
            "scored_at": "2022-10-11T00:00:00Z",
        },
    }[name]
    other = dict(good)
    first = next(iter(other))
    other[first] = "11" if first != "username" else "bob"
    reader = EXPORTS[name][0]
    columns = list(EXPORTS[name][1])
    rows = [[row.get(c, "") for c in columns] for row in (good, other, good)]
    path = write_export(tmp_path, name, columns, rows)
    options = ReadOptions(keep_text=True)
    assert any(isinstance(item, Blocks) for item in reader.read_blocks(path, options))
    assert_paths_agree(reader, path, options)

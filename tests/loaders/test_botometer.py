"""The Botometer reader: v4 JSON lines and arrays, both flattened CSV spellings, and Botometer Lite."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from graphcli.loaders import botometer
from graphcli.loaders.options import ReadOptions
from graphcli.model.errors import InputError
from graphcli.model.records import BotScore, Reject, Row

BOTOMETER = Path(__file__).resolve().parent.parent / "fixtures" / "botometer"
# Results that carry no time get the caller's --scored-at (else the file's mtime, see test_real_botometer).
SCORED = datetime(2023, 2, 6, 10, 4, tzinfo=UTC)
OPTIONS = ReadOptions(scored_at=SCORED)
CATEGORIES = ("astroturf", "fake_follower", "financial", "other", "overall", "self_declared", "spammer")


def scores(
    raw_en: list[float],
    raw_uni: list[float],
    disp_en: list[float],
    disp_uni: list[float],
    cap: tuple[float, float],
) -> dict[str, float]:
    """The 30 numbers of one v4 result, keyed as the BotScore promises (values copied from the fixture)."""
    out = {"cap_english": cap[0], "cap_universal": cap[1]}
    for prefix, values in (
        ("raw_english", raw_en),
        ("raw_universal", raw_uni),
        ("display_english", disp_en),
        ("display_universal", disp_uni),
    ):
        out.update({f"{prefix}_{c}": v for c, v in zip(CATEGORIES, values, strict=True)})
    return out


ALICE = BotScore(
    "twitter",
    "1001",
    "alice",
    "v4",
    SCORED,
    scores(
        [0.1, 0.11, 0.12, 0.13, 0.14, 0.15, 0.16],
        [0.2, 0.21, 0.22, 0.23, 0.24, 0.25, 0.26],
        [0.5, 0.6, 0.6, 0.7, 0.7, 0.8, 0.8],
        [1.0, 1.1, 1.1, 1.2, 1.2, 1.2, 1.3],
        (0.7, 0.6),
    ),
    majority_lang="da",
)
BOB = BotScore(
    "twitter",
    "1002",
    "bob",
    "v4",
    datetime(2022, 11, 3, 12, tzinfo=UTC),
    scores(
        [0.5, 0.51, 0.52, 0.53, 0.54, 0.55, 0.56],
        [0.6, 0.61, 0.62, 0.63, 0.64, 0.65, 0.66],
        [2.5, 2.5, 2.6, 2.7, 2.7, 2.8, 2.8],
        [3.0, 3.0, 3.1, 3.1, 3.2, 3.2, 3.3],
        (0.95, 0.9),
    ),
    majority_lang="en",
)


def test_v4_json_lines_keep_all_thirty_numbers() -> None:
    path = BOTOMETER / "results.jsonl"
    got = list(botometer.read(path, OPTIONS))
    assert got[0] == Row(str(path), 1, (ALICE,))
    assert isinstance(got[1], Reject) and got[1].line == 2
    assert got[1].reason == "Botometer error: TweepError: Not authorized."
    assert got[2] == Row(str(path), 3, (BOB,))
    assert len(got) == 3
    assert len(ALICE.scores) == 30


def test_v4_json_array() -> None:
    path = BOTOMETER / "results_array.json"
    assert list(botometer.read(path, OPTIONS)) == [Row(str(path), 1, (ALICE,))]


def test_flattened_csv_with_dotted_columns() -> None:
    path = BOTOMETER / "flat_dotted.csv"
    got = list(botometer.read(path, OPTIONS))
    assert got[0] == Row(str(path), 2, (ALICE,))
    assert isinstance(got[1], Reject) and got[1].line == 3
    assert got[1].reason == "bad number in raw_universal_overall: 'n/a'"


def test_flattened_csv_with_underscore_columns_and_time() -> None:
    path = BOTOMETER / "flat_underscore.csv"
    assert list(botometer.read(path, OPTIONS)) == [Row(str(path), 2, (BOB,))]


def test_lite_json_and_csv() -> None:
    json_path, csv_path = BOTOMETER / "lite.json", BOTOMETER / "lite.csv"
    lite_1001 = BotScore(
        "twitter", "1001", None, "lite", SCORED, {"lite": 0.12}, tweet_id="1580000000000000001"
    )
    assert list(botometer.read(json_path, OPTIONS)) == [
        Row(str(json_path), 1, (lite_1001,)),
        Row(
            str(json_path),
            2,
            (
                BotScore(
                    "twitter", "1003", None, "lite", SCORED, {"lite": 0.87}, tweet_id="1580000000000000004"
                ),
            ),
        ),
    ]
    got = list(botometer.read(csv_path, OPTIONS))
    assert got[0] == Row(str(csv_path), 2, (lite_1001,))
    assert isinstance(got[1], Reject) and got[1].reason == "no Botometer scores in this result"


def test_broken_array_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "scores.json"
    path.write_text('[{"raw_scores": {"english": {"overall": 0.1}}')
    with pytest.raises(InputError, match="not a valid JSON array"):
        list(botometer.read(path, OPTIONS))


def test_sniff() -> None:
    for name in (
        "results.jsonl",
        "results_array.json",
        "flat_dotted.csv",
        "flat_underscore.csv",
        "lite.json",
        "lite.csv",
    ):
        assert botometer.sniff(BOTOMETER / name), name
    assert not botometer.sniff(BOTOMETER.parent / "twarc" / "search" / "tweets.jsonl")

"""The feature frame on the analytics test world (expected values from fixtures/world.cypher's header)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from graphcli.analytics.features import account_features, read_features, write_features
from graphcli.cypher.gateway import Gateway
from graphcli.model.errors import ConfigError


def is_missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def by_uid(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.set_index("uid")


@pytest.mark.neo4j
def test_one_row_per_account_with_bins_and_status(world: Gateway) -> None:
    frame = by_uid(account_features(world))
    assert len(frame) == 25
    assert frame.loc["tw:3", "bin_size_likes"] == 6
    assert frame.loc["tw:3", "bin_items_likes"] == 3
    assert frame.loc["tw:3", "bin_uid_likes"] == "bin-likes-6"
    assert is_missing(frame.loc["tw:16", "bin_uid_likes"])
    assert frame.loc["tw:18", "likes_given"] == 2
    assert is_missing(frame.loc["tw:99", "bin_size_likes"])
    assert frame.loc["tw:1", "status_error_title"] == "Forbidden"
    assert bool(frame.loc["tw:2", "gone"]) and not bool(frame.loc["tw:5", "gone"])
    assert is_missing(frame.loc["tw:23", "gone"]) and is_missing(frame.loc["tw:22", "gone"])
    assert int(frame["gone"].sum()) == 8


@pytest.mark.neo4j
def test_latest_scores_win_and_missing_scores_stay_missing(world: Gateway) -> None:
    frame = by_uid(account_features(world))
    assert frame.loc["tw:1", "raw_universal_overall"] == pytest.approx(0.91)
    assert frame.loc["tw:1", "raw_english_overall"] == pytest.approx(0.86)
    assert frame.loc["tw:1", "cap_universal"] == pytest.approx(0.819)
    assert frame.loc["tw:1", "lite"] == pytest.approx(0.81)
    assert is_missing(frame.loc["tw:21", "raw_universal_overall"])
    assert frame["raw_universal_spammer"].isna().all()
    assert frame.loc["tw:1", "v4_majority_lang"] == "da"


@pytest.mark.neo4j
def test_coordination_columns_come_from_the_newest_run_per_kind(world: Gateway) -> None:
    frame = by_uid(account_features(world))
    assert {"coord_degree_link", "coord_degree_hashtag", "coord_degree_message"} <= set(frame.columns)
    assert frame.loc["tw:2", "coord_degree_link"] == 3
    assert frame.loc["tw:2", "coord_strength_link"] == 4
    assert frame.loc["tw:1", "coord_strength_link"] == 3  # the old run's heavy edge to tw:16 is ignored
    assert frame.loc["tw:16", "coord_degree_link"] == 0
    assert frame.loc["tw:5", "community_link"] == "c-link-2"
    assert frame.loc["tw:13", "community_hashtag"] == "c-hashtag-1"
    assert is_missing(frame.loc["tw:13", "community_link"])


@pytest.mark.neo4j
@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_written_frame_reads_back(world: Gateway, tmp_path: Path, suffix: str) -> None:
    frame = account_features(world)
    back = read_features(write_features(frame, tmp_path / f"features{suffix}"))
    assert list(back.columns) == list(frame.columns)
    assert back["bin_size_likes"].sum() == frame["bin_size_likes"].sum()


def test_unknown_suffix_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"parquet or \.csv"):
        write_features(pd.DataFrame(), tmp_path / "features.xlsx")

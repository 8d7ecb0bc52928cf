"""The correlation table on hand-made frames (no Neo4j): every row is computed or says why; notes for
scipy's warnings; BH never lowers a p-value."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from graphcli.analytics.correlations import CorrelationOptions, correlation_table


def frame_of(sizes: list[int], scores: list[float | None], gone: list[bool | None]) -> pd.DataFrame:
    n = len(sizes)
    return pd.DataFrame(
        {
            "uid": [f"t:{i}" for i in range(n)],
            "bin_size_likes": pd.array(sizes, dtype="Int64"),
            "bin_items_likes": pd.array([1 + i % 3 for i in range(n)], dtype="Int64"),
            "bin_uid_likes": pd.array([f"b{s}" if s > 1 else None for s in sizes], dtype="string"),
            "gone": pd.array(gone, dtype="boolean"),
            "raw_universal_overall": pd.array(scores, dtype="Float64").astype("float64"),
            "lite": pd.array(scores, dtype="Float64").astype("float64"),
        }
    )


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(1, 80), st.one_of(st.none(), st.floats(0, 1)), st.one_of(st.none(), st.booleans())
        ),
        min_size=0,
        max_size=40,
    )
)
def test_every_row_is_computed_or_explained(rows: list[tuple[int, float | None, bool | None]]) -> None:
    sizes = [r[0] for r in rows]
    table = correlation_table(
        frame_of(sizes, [r[1] for r in rows], [r[2] for r in rows]), CorrelationOptions()
    )
    computed = table["statistic"].notna()
    assert (computed != (table["reason"] != "")).all()
    assert table.loc[~computed, "reason"].str.len().gt(0).all()
    with_p = table.dropna(subset=["p_value"])
    assert (with_p["p_bh"] >= with_p["p_value"] - 1e-12).all() and (with_p["p_bh"] <= 1 + 1e-12).all()
    assert ((table["ci_low"] <= table["statistic"] + 1e-12) | table["ci_low"].isna()).all()


def test_near_constant_input_is_computed_with_a_note() -> None:
    sizes = list(range(1, 13))
    scores = list(0.5 + np.arange(12) * 1e-15)
    table = correlation_table(frame_of(sizes, scores, [i % 2 == 0 for i in range(12)]))
    row = table[
        (table["slice"] == "all") & (table["y"] == "raw_universal_overall") & (table["method"] == "pearson")
    ]
    assert row["reason"].iloc[0] == ""
    assert "scipy" in row["note"].iloc[0]

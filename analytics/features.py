"""The account feature frame: one row per account, the table every statistic and plot starts from.

Pulled with two aggregating queries (``report/account_features`` and ``report/coordination_degree``), never
account by account. Columns are documented in ``docs/features.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from graphcli.analytics.frames import to_bool, to_int, to_number, to_str, to_utc
from graphcli.analytics.network import preferred_community
from graphcli.analytics.runs import RunSelection, select_runs
from graphcli.cypher.gateway import Gateway
from graphcli.model.errors import ConfigError

BOT_CATEGORIES = ("overall", "astroturf", "fake_follower", "financial", "other", "self_declared", "spammer")
V4_SCORES = tuple(f"raw_universal_{c}" for c in BOT_CATEGORIES) + tuple(
    f"raw_english_{c}" for c in BOT_CATEGORIES
)
CAP_SCORES = ("cap_universal", "cap_english")
SCORE_COLUMNS = (*V4_SCORES, *CAP_SCORES, "lite")
RELATIONS = ("likes", "retweets", "both")
GONE_STATUSES = frozenset({"not_found", "suspended"})
COUNT_COLUMNS = (
    "followers_count",
    "following_count",
    "tweet_count",
    "listed_count",
    "likes_given",
    "retweets_given",
    "shares",
)
TEXT_COLUMNS = ("uid", "platform", "id", "screen_name", "status", "status_error_title", "status_error_detail")


def account_features(gw: Gateway, runs: RunSelection | None = None) -> pd.DataFrame:
    """One row per account, sorted by uid, with the columns of ``docs/features.md``.

    Co-sharing columns (``coord_degree_<kind>``, ``coord_strength_<kind>``, ``community_<kind>``) appear for
    each kind that has a run in ``runs`` (default: the newest run per kind); degree and strength are 0 for
    accounts outside that kind's network.
    """
    runs = runs or select_runs(gw)
    rows = gw.read("report/account_features")
    frame = pd.DataFrame(
        {
            name: _column(name, [r[name] for r in rows])
            for name in (
                *TEXT_COLUMNS,
                "created_at",
                "status_checked_at",
                "protected",
                "verified",
                *COUNT_COLUMNS,
            )
        }
    )
    for relation in RELATIONS:
        frame[f"bin_size_{relation}"] = to_int([r[f"bin_size_{relation}"] for r in rows])
        frame[f"bin_items_{relation}"] = to_int([r[f"bin_items_{relation}"] for r in rows])
        frame[f"bin_uid_{relation}"] = to_str([_bin_uid(r["bins"], relation) for r in rows])
    frame["gone"] = to_bool([_gone(r["status"]) for r in rows])
    for name in (*V4_SCORES, *CAP_SCORES, "lite"):
        frame[name] = to_number([r[name] for r in rows])
    frame["v4_majority_lang"] = to_str([r["v4_majority_lang"] for r in rows])
    frame["v4_scored_at"] = to_utc([r["v4_scored_at"] for r in rows])
    frame["lite_scored_at"] = to_utc([r["lite_scored_at"] for r in rows])
    return _add_coordination(frame, gw, runs)


def write_features(frame: pd.DataFrame, out: Path) -> Path:
    """Write the frame as Parquet or CSV, chosen by the file suffix."""
    suffix = out.suffix.lower()
    if suffix not in {".parquet", ".csv"}:
        raise ConfigError(f"{out}: the features file must end in .parquet or .csv")
    out.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".parquet":
        frame.to_parquet(out, index=False)
    else:
        frame.to_csv(out, index=False)
    return out


def read_features(path: Path) -> pd.DataFrame:
    """Read a frame written by :func:`write_features` back (CSV loses dtypes; numbers stay numbers)."""
    return pd.read_parquet(path) if path.suffix.lower() == ".parquet" else pd.read_csv(path)


def coordination_kinds(frame: pd.DataFrame) -> list[str]:
    """The co-sharing kinds the frame has columns for."""
    return sorted(c.removeprefix("coord_degree_") for c in frame.columns if c.startswith("coord_degree_"))


def _add_coordination(frame: pd.DataFrame, gw: Gateway, runs: RunSelection) -> pd.DataFrame:
    params = runs.as_params()
    rows = gw.read("report/coordination_degree", {"runs": params}) if params else []
    for run in params:
        kind = run["kind"]
        mine = {r["uid"]: r for r in rows if r["kind"] == kind}
        frame[f"coord_degree_{kind}"] = to_int([mine[u]["degree"] if u in mine else 0 for u in frame["uid"]])
        frame[f"coord_strength_{kind}"] = to_number(
            [mine[u]["strength"] if u in mine else 0 for u in frame["uid"]]
        )
        frame[f"community_{kind}"] = to_str(
            [preferred_community(mine[u]["communities"]) if u in mine else None for u in frame["uid"]]
        )
    return frame


def _bin_uid(bins: list[str], relation: str) -> str | None:
    """``bins`` holds "<relation> <uid>" strings; the largest uid wins if there are several."""
    uids = sorted(b.split(" ", 1)[1] for b in bins if b.split(" ", 1)[0] == relation)
    return uids[-1] if uids else None


def _gone(status: str | None) -> bool | None:
    if status in GONE_STATUSES:
        return True
    return False if status == "active" else None


_CONVERT: dict[str, Callable[[Any], pd.Series]] = {
    **dict.fromkeys(TEXT_COLUMNS, to_str),
    **dict.fromkeys(COUNT_COLUMNS, to_int),
    "created_at": to_utc,
    "status_checked_at": to_utc,
    "protected": to_bool,
    "verified": to_bool,
}


def _column(name: str, values: list[Any]) -> pd.Series:
    return _CONVERT[name](values)

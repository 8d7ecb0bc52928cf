"""Alerts: one row per coordinated object, with a red-flag score, plus the network files analysts expect.

An alert is an object (link, message, image text, hashtag, retweeted post...) that two accounts joined by a
COORDINATED edge both shared within the run's window; for a behavioural-traces run (``detect traces``), one
of the run's rare tokens (hashtag, domain, retweeted post) that two accounts with alike traces both shared,
at any time. ``why`` says so in a sentence. Its ``red_flag_score`` (0-3) adds one point for each
of: engagement outside median +/- 1.5 IQR of the monitored history, fast sharing, and reach across
communities. The rule is documented in ``docs/alerts.md``. ``persistence`` names the group its accounts
are followed in over time (``detect persistence``: status and group), if any. Exports are repeatable:
the same graph gives the same alert ids, and each export records its alerts as ``(:Alert)`` nodes so a
monitor cycle can tell new ones.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from graphcli.analytics.frames import to_utc
from graphcli.analytics.groups import object_display
from graphcli.analytics.network import community_summary, network_edges, network_nodes
from graphcli.analytics.persistence import group_of_accounts, persistent_groups
from graphcli.analytics.runs import RunSelection, select_runs
from graphcli.cypher.gateway import Gateway
from graphcli.model.errors import ConfigError

Format = Literal["csv", "json"]
MULTIMODAL = "multimodal"  # the edge kind of multimodal runs (graphcli.detect.multimodal.KIND)
TRACES = "traces"  # the edge kind of behavioural-trace runs (graphcli.detect.traces.KIND): no window
# A traces alert names a token only when the alike accounts are at least this share of all who ever used
# it: on `small` (seed 3), 115 of the 116 tokens kept are 100 % theirs (one 8 of 13), while the 15 left out,
# popular hashtags and domains and a burst decoy that two or more alike pages also used, were 0.6-40 %.
TRACE_MIN_SHARE = 0.5
ALERT_COLUMNS = [
    "alert_id",
    "kind",
    "kinds",
    "object",
    "object_text",
    "why",
    "run_id",
    "first_share_at",
    "last_share_at",
    "accounts",
    "shares",
    "communities",
    "n_communities",
    "engagement",
    "median_gap_s",
    "red_flag_score",
    "red_flags",
    "persistence",
    "new",
]


@dataclass(frozen=True)
class RedFlagRule:
    """Thresholds of the red-flag score (see ``docs/alerts.md``)."""

    iqr_factor: float = 1.5
    min_history: int = 4  # fewer engagement values than this: no engagement flag (an IQR of 3 is noise)
    fast_seconds: float = 10.0
    min_communities: int = 2


@dataclass
class AlertExport:
    """What an export wrote and found. ``new_alert_ids`` were never exported before this call."""

    paths: dict[str, Path] = field(default_factory=dict)
    alert_ids: list[str] = field(default_factory=list)
    new_alert_ids: list[str] = field(default_factory=list)
    alerts: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ALERT_COLUMNS))

    def summary(self) -> dict[str, Any]:
        return {
            "alerts": len(self.alert_ids),
            "new_alerts": len(self.new_alert_ids),
            "new_alert_ids": self.new_alert_ids,
            "files": {k: str(v) for k, v in self.paths.items()},
        }


def alert_id(kind: str, object_uid: str, communities: list[str], run_id: str) -> str:
    """A stable id: the first 16 hex digits of SHA-256 over kind, object, sorted communities and run."""
    text = "\x1f".join([kind, object_uid, ",".join(sorted(communities)), run_id])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def build_alerts(
    gw: Gateway, runs: RunSelection, rule: RedFlagRule | None = None, since: datetime | None = None
) -> pd.DataFrame:
    """The alert table for the selected runs, scored against the monitored history; with ``since``, only
    objects with a coordinated share at or after it. ``new`` is True for ids never exported before."""
    rule = rule or RedFlagRule()
    rows = _coordinated_objects(gw, runs)
    known = {r["id"]: r for r in gw.read("report/alerts_known")}
    records = [_record(row, runs) for row in rows]
    history = _history(records, known)
    followed = group_of_accounts(persistent_groups(gw, runs))
    for rec, row in zip(records, rows, strict=True):
        _score(rec, history, rule)
        groups = {followed[(row["kind"], uid)] for uid in row["accounts"] if (row["kind"], uid) in followed}
        rec["persistence"] = "; ".join(sorted(groups))
        rec["new"] = rec["alert_id"] not in known
    frame = pd.DataFrame(records, columns=ALERT_COLUMNS)
    if since is not None and not frame.empty:
        frame = frame[frame["last_share_at"] >= utc_timestamp(since)]
    return frame.sort_values(
        ["red_flag_score", "engagement", "alert_id"], ascending=[False, False, True], ignore_index=True
    )


def export_alerts(
    gw: Gateway,
    out_dir: Path,
    fmt: Format = "csv",
    since: datetime | None = None,
    runs: RunSelection | None = None,
    rule: RedFlagRule | None = None,
) -> AlertExport:
    """Write ``alerts``, ``nodes``, ``edges`` and ``communities`` files (CSV or JSON) into ``out_dir``,
    and ``persistence`` (the groups followed over time, with who joined when) when a persistence run
    exists, and record the alerts in the graph. Returns the ids, and which of them are new."""
    if fmt not in ("csv", "json"):
        raise ConfigError(f"format must be csv or json, not {fmt!r}")
    runs = runs or select_runs(gw)
    alerts = build_alerts(gw, runs, rule, since)
    communities = community_summary(gw, runs)
    engagement = _community_engagement(alerts)
    communities["engagement"] = [engagement.get(c, 0) for c in communities["community"]]
    tables = {
        "alerts": alerts,
        "nodes": network_nodes(gw, runs),
        "edges": network_edges(gw, runs),
        "communities": communities,
    }
    groups = persistent_groups(gw, runs)
    if not groups.empty:
        tables["persistence"] = groups
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {name: _write(table, out_dir / f"{name}.{fmt}", fmt) for name, table in tables.items()}
    if not alerts.empty:
        gw.write(
            "report/alerts_record",
            {
                "rows": [
                    {
                        "id": r.alert_id,
                        "kind": r.kind,
                        "object_uid": r.object,
                        "run_id": r.run_id,
                        "engagement": float(engagement),
                    }
                    for r, engagement in zip(
                        alerts.itertuples(), alerts["engagement"].astype(float), strict=True
                    )
                ]
            },
        )
    ids = alerts["alert_id"].tolist()
    return AlertExport(paths, ids, [i for i, new in zip(ids, alerts["new"], strict=True) if new], alerts)


def utc_timestamp(moment: datetime | str) -> pd.Timestamp:
    """A time as a UTC timestamp; a naive time is taken to be UTC."""
    stamp = pd.Timestamp(moment)
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


def _coordinated_objects(gw: Gateway, runs: RunSelection, timed_only: bool = False) -> list[dict[str, Any]]:
    """The alert candidates of the per-kind runs, of a multimodal run (whose objects are of every kind its
    edges span) and of a traces run (its rare tokens two alike accounts shared, at any time; not with
    ``timed_only``); ``kinds``: the kinds (or ``traces``) the accounts behind an object coordinated on."""
    params = [
        {**r, "window_s": runs.window_s(r["kind"])}
        for r in runs.as_params()
        if r["kind"] not in {MULTIMODAL, TRACES}
    ]
    rows = gw.read("report/coordinated_objects", {"runs": params}) if params else []
    rows = [{**row, "kinds": [row["kind"]]} for row in rows]
    multimodal = [
        {"run_id": r["run_id"], "window_s": runs.window_s(r["kind"])}
        for r in runs.as_params()
        if r["kind"] == MULTIMODAL
    ]
    if multimodal:
        for row in gw.read("report/multimodal_objects", {"runs": multimodal}):
            flat = {k for per_share in row["kinds"] for kinds in per_share for k in kinds}
            rows.append({**row, "kinds": sorted(flat), "via": MULTIMODAL})
    traces = _traces_params(runs)
    if traces and not timed_only:
        found = gw.read("report/trace_objects", {"runs": traces})
        rows.extend({**row, "kinds": [TRACES], "via": TRACES} for row in found)
    return rows


def _traces_params(runs: RunSelection) -> list[dict[str, Any]]:
    """The ``$runs`` of report/trace_objects: the traces run's kinds, its cap on an informative token's
    users (``max_df`` of the accounts that had traces; none for runs older than that count) and the share
    of a token's users the alike accounts must be."""
    run = runs.run(runs.cosharing.get(TRACES, ""))
    if run is None:
        return []
    kinds = run.parameters.get("kinds") or []  # a traces run always records its kinds
    with_traces = run.counts.get("trace_accounts")
    max_df = run.parameters.get("max_df")
    max_users = (
        int(float(max_df) * int(with_traces)) if with_traces is not None and max_df is not None else None
    )
    return [
        {"run_id": run.run_id, "kinds": list(kinds), "max_users": max_users, "min_share": TRACE_MIN_SHARE}
    ]


def _record(row: dict[str, Any], runs: RunSelection) -> dict[str, Any]:
    times = to_utc(row["times"]).sort_values(ignore_index=True)
    gaps = times.diff().dropna().dt.total_seconds()
    communities = _communities(row["communities"])
    return {
        "alert_id": alert_id(row["kind"], row["object_uid"], communities, row["run_id"]),
        "kind": row["kind"],
        "kinds": "+".join(row["kinds"]),
        "object": row["object_uid"],
        "object_text": object_display(row["kind"], row.get("object_key"), row.get("object_text")),
        "why": _why(row, runs, times),
        "run_id": row["run_id"],
        "first_share_at": times.iloc[0],
        "last_share_at": times.iloc[-1],
        "accounts": len(row["accounts"]),
        "shares": int(row["shares"]),
        "communities": " ".join(communities),
        "n_communities": len(communities),
        "engagement": float(row["engagement"] or 0),
        "median_gap_s": float(gaps.median()) if len(gaps) else float("nan"),
    }


def _why(row: dict[str, Any], runs: RunSelection, times: pd.Series) -> str:
    """The evidence behind an alert, in one sentence."""
    accounts, via = len(row["accounts"]), row.get("via")
    if via == TRACES:
        span = (times.iloc[-1] - times.iloc[0]).total_seconds()
        return (
            f"{accounts} of the {row['users']} accounts that ever shared it have alike behavioural traces "
            f"(detect traces); their shares span {_duration(span)}"
        )
    window = runs.window_s(MULTIMODAL if via == MULTIMODAL else row["kind"])
    said = f"{accounts} coordinated accounts shared it, each within {window:g} s of a partner"
    if via == MULTIMODAL:
        return f"{said}; they coordinated on {' + '.join(row['kinds'])} (detect multimodal)"
    return f"{said} ({row['kind']} co-sharing)"


def _duration(seconds: float) -> str:
    for unit, size in (("days", 86_400), ("hours", 3_600), ("minutes", 60)):
        if seconds >= 2 * size:
            return f"{seconds / size:.0f} {unit}"
    return f"{seconds:.0f} s"


def _communities(found: list[dict[str, Any]]) -> list[str]:
    partition = [c for c in found if c.get("algorithm") not in {"wcc", "components"}]
    return sorted({str(c["uid"]) for c in (partition or found)})


def _history(records: list[dict[str, Any]], known: dict[str, dict[str, Any]]) -> list[float]:
    """Engagement of every alert ever exported plus this export's (each id once)."""
    values = {i: float(r["engagement"]) for i, r in known.items() if r.get("engagement") is not None}
    values.update({r["alert_id"]: r["engagement"] for r in records})
    return list(values.values())


def _score(rec: dict[str, Any], history: list[float], rule: RedFlagRule) -> None:
    flags = []
    if len(history) >= rule.min_history:
        median = float(np.median(history))
        q1, q3 = np.percentile(history, [25, 75])
        low, high = median - rule.iqr_factor * (q3 - q1), median + rule.iqr_factor * (q3 - q1)
        if rec["engagement"] > high:
            flags.append(
                f"engagement {rec['engagement']:g} above {high:g} (median + {rule.iqr_factor:g}·IQR)"
            )
        elif rec["engagement"] < low:
            flags.append(f"engagement {rec['engagement']:g} below {low:g} (median - {rule.iqr_factor:g}·IQR)")
    if rec["median_gap_s"] <= rule.fast_seconds:
        flags.append(f"fast: median {rec['median_gap_s']:g} s between shares (<= {rule.fast_seconds:g} s)")
    if rec["n_communities"] >= rule.min_communities:
        flags.append(f"reach: pushed by {rec['n_communities']} communities")
    rec["red_flag_score"] = len(flags)
    rec["red_flags"] = "; ".join(flags)


def _community_engagement(alerts: pd.DataFrame) -> dict[str, float]:
    totals: dict[str, float] = {}
    for communities, engagement in zip(alerts["communities"], alerts["engagement"], strict=True):
        for c in str(communities).split():
            totals[c] = totals.get(c, 0.0) + float(engagement)
    return totals


def _write(table: pd.DataFrame, path: Path, fmt: Format) -> Path:
    if fmt == "csv":
        table.to_csv(path, index=False)
    else:
        records = json.loads(table.to_json(orient="records", date_format="iso"))
        path.write_text(json.dumps(records, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def coordinated_shares(gw: Gateway, runs: RunSelection) -> pd.DataFrame:
    """Every coordinated share (the shares behind the alerts of the windowed detectors) as rows of kind,
    object and UTC time; a traces alert's shares, spread over any time, are not a timeline."""
    rows = _coordinated_objects(gw, runs, timed_only=True)
    kinds = [row["kind"] for row in rows for _ in row["times"]]
    objects = [row["object_uid"] for row in rows for _ in row["times"]]
    times = to_utc([t for row in rows for t in row["times"]])
    return pd.DataFrame({"kind": kinds, "object": objects, "at": times})

"""Coordinated groups as a person reads them: who (handles, bot scores, statuses), what they shared (the
link, message or image text), when, and why each group is flagged (edge weight, p-value, red flags).

A group is one co-sharing community of one detection run. Everything here is plain pandas over frames the
report already has (network nodes and edges, alerts, communities, account features), so it is cheap and
testable without a server.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

TEXT_KINDS = frozenset({"message", "image_text"})  # keys are hashes: the text exists only with --keep-text


def object_display(kind: str, key: str | None, text: str | None) -> str:
    """What an object is, in words: its kept text, else its key when the key is readable (a URL, a domain,
    a hashtag, a post id), else a note that the text was not kept."""
    if text:
        return str(text)
    if kind in TEXT_KINDS:
        return f"({kind.replace('_', ' ')} not kept: load with --keep-text; hash {str(key or '')[:12]})"
    if kind == "hashtag" and key:
        return "#" + str(key).lstrip("#")
    if kind == "image_hash" and key:
        return f"image {key}"
    return str(key or "")


@dataclass
class Group:
    """One coordinated group and what makes it one."""

    community: str
    kind: str
    run_id: str
    size: int
    density: float | None
    label: str
    members: pd.DataFrame  # handle, uid, degree, strength, bot_score, lite, status
    objects: pd.DataFrame  # what, why, kind, first_share_at, last_share_at, accounts, shares, red_flags
    max_weight: float
    min_p_value: float | None
    red_flag_score: int
    red_flags: list[str]

    @property
    def handles(self) -> list[str]:
        return [str(h) for h in self.members["handle"]]

    @property
    def first_share(self) -> Any:
        return self.objects["first_share_at"].min() if not self.objects.empty else None

    @property
    def last_share(self) -> Any:
        return self.objects["last_share_at"].max() if not self.objects.empty else None

    @property
    def anchor(self) -> str:
        return "group-" + "".join(ch if ch.isalnum() else "-" for ch in self.community)


def build_groups(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    alerts: pd.DataFrame,
    communities: pd.DataFrame,
    features: pd.DataFrame,
) -> list[Group]:
    """Every community as a :class:`Group`, strongest first: most red flags, then size, then weight."""
    scores = features.set_index("uid") if "uid" in features.columns else pd.DataFrame()
    groups = []
    for c in communities.to_dict("records"):
        community = str(c["community"])
        members = nodes[nodes["community"] == community]
        ids = set(members["id"])
        inside = edges[(edges["kind"] == c["kind"]) & edges["source"].isin(ids) & edges["target"].isin(ids)]
        shared = alerts[alerts["communities"].astype(str).str.split().apply(lambda cs, k=community: k in cs)]
        flags = flag_words(shared["red_flags"])
        groups.append(
            Group(
                community=community,
                kind=str(c["kind"]),
                run_id=str(c["run_id"]),
                size=int(c["size"]) if pd.notna(c["size"]) else len(ids),
                density=float(c["density"]) if pd.notna(c["density"]) else None,
                label=str(c["label"]),
                members=_members(members, scores),
                objects=_objects(shared),
                max_weight=float(inside["weight"].max()) if not inside.empty else 0.0,
                min_p_value=(
                    float(inside["p_value"].min())
                    if "p_value" in inside and inside["p_value"].notna().any()
                    else None
                ),
                red_flag_score=int(shared["red_flag_score"].max()) if not shared.empty else 0,
                red_flags=flags,
            )
        )
    return sorted(groups, key=lambda g: (-g.red_flag_score, -g.size, -g.max_weight, g.community))


FLAG_WORDS = (
    ("engagement", "engagement far above the usual"),
    ("fast", "shared within seconds of each other"),
    ("reach", "pushed by several communities"),
)


def flag_words(red_flags: pd.Series) -> list[str]:
    """The distinct red flags of a group's objects, in words (each alert's ``red_flags`` holds details)."""
    found = {
        prefix
        for text in red_flags
        for f in str(text).split("; ")
        for prefix, _ in FLAG_WORDS
        if f.startswith(prefix)
    }
    return [words for prefix, words in FLAG_WORDS if prefix in found]


def _members(members: pd.DataFrame, scores: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for m in members.sort_values(["degree", "strength"], ascending=False).to_dict("records"):
        uid, name = str(m["id"]), m["name"]
        score = scores.loc[uid] if uid in scores.index else None
        rows.append(
            {
                "handle": "@" + name if isinstance(name, str) and name else uid,
                "uid": uid,
                "degree": m["degree"],
                "strength": m["strength"],
                "bot_score": _get(score, "raw_universal_overall"),
                "lite": _get(score, "lite"),
                "status": _get(score, "status") or "(never checked)",
            }
        )
    return pd.DataFrame(rows, columns=["handle", "uid", "degree", "strength", "bot_score", "lite", "status"])


def _objects(shared: pd.DataFrame) -> pd.DataFrame:
    if shared.empty:
        return pd.DataFrame(
            columns=[
                "what",
                "why",
                "kind",
                "first_share_at",
                "last_share_at",
                "accounts",
                "shares",
                "red_flags",
            ]
        )
    out = shared.sort_values(["red_flag_score", "shares"], ascending=False)
    return pd.DataFrame(
        {
            "what": out["object_text"],
            "why": out["why"],
            "kind": out["kind"],
            "first_share_at": out["first_share_at"],
            "last_share_at": out["last_share_at"],
            "accounts": out["accounts"],
            "shares": out["shares"],
            "red_flags": out["red_flags"],
        }
    ).reset_index(drop=True)


def _get(row: Any, column: str) -> Any:
    if row is None or column not in row.index:
        return None
    value = row[column]
    return None if value is None or (isinstance(value, float) and value != value) or value is pd.NA else value

"""``truth.json``: what was planted (groups with members, kind, parameters, objects and times), the
decoys, the world's totals, and per written format the rows per file and records per type."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from graphcli.synth.world import STATUS_NAMES, World
from graphcli.synth.writers.common import iso_z

TRUTH_VERSION = 1


def planted(w: World, shares: dict[str, pd.DataFrame]) -> list[dict[str, Any]]:
    tw, fb = w.twitter, w.facebook
    groups: list[dict[str, Any]] = []
    for g in tw.planted:
        members = g["members"]
        rec: dict[str, Any] = {
            "id": g["id"],
            "kind": g["kind"],
            "platform": "twitter",
            "members": tw.acc_id[members].astype(str).tolist(),
            "screen_names": tw.screen[members].tolist(),
            "parameters": g["parameters"],
        }
        if g["kind"] in ("like_set", "retweet_set"):
            rec["items"] = tw.post_id[g["items"]].astype(str).tolist()
        else:
            rec["share_kind"] = "retweet"
            rec["implies"] = ["retweet_set"]  # they also have identical retweet sets
            rec["objects"] = []
            for item, base in zip(g["items"].tolist(), g["base_times"].tolist(), strict=True):
                mask = np.isin(tw.rt_acc, members) & (tw.rt_post == item)
                rec["objects"].append(
                    {
                        "key": f"twitter:{tw.post_id[item]}",
                        "value": str(tw.post_id[item]),
                        "base_time": iso_z(base),
                        "shares": [
                            {"account_id": str(tw.acc_id[a]), "post_id": str(r), "at": iso_z(t)}
                            for a, r, t in zip(tw.rt_acc[mask], tw.rt_id[mask], tw.rt_at[mask], strict=True)
                        ],
                    }
                )
        groups.append(rec)
    groups += [
        _multimodal_record(w, g, shares)
        if g["kind"] in ("multimodal", "traces")
        else _fb_record(w, g, shares)
        for g in fb.planted
    ]
    return groups


def _multimodal_record(w: World, g: dict[str, Any], shares: dict[str, pd.DataFrame]) -> dict[str, Any]:
    """A group coordinating on several kinds (multimodal) or with the same traces (traces): per object
    (the posts of an occasion or a token) every kind's key."""
    fb = w.facebook
    rec: dict[str, Any] = {
        "id": g["id"],
        "kind": g["kind"],
        "platform": "facebook",
        "share_kinds": g["share_kinds"],
        "members": fb.page_id[g["members"]].astype(str).tolist(),
        "screen_names": fb.handle[g["members"]].tolist(),
        "parameters": g["parameters"],
        "objects": [],
    }
    for obj in g["objects"]:
        posts = obj["posts"].astype(str)
        for kind in g["share_kinds"]:
            rows = shares[kind].loc[shares[kind].index.intersection(posts)]
            keys = rows["key"].unique().tolist()
            if len(keys) != 1:  # not this post's co-shared kind (e.g. a picture's own captions)
                continue
            rec["objects"].append(
                {
                    "share_kind": kind,
                    "key": keys[0],
                    **({"base_time": iso_z(obj["base_time"])} if "base_time" in obj else {}),
                    "shares": [
                        {"account_id": a, "post_id": p, "at": iso_z(t)}
                        for p, a, t in zip(rows.index, rows["account_id"], rows["at"], strict=True)
                    ],
                }
            )
    return rec


def _fb_record(w: World, g: dict[str, Any], shares: dict[str, pd.DataFrame]) -> dict[str, Any]:
    fb = w.facebook
    kind = g["share_kind"]
    rec: dict[str, Any] = {
        "id": g["id"],
        "kind": g.get("kind", "share"),
        "platform": "facebook",
        "share_kind": kind,
        "members": fb.page_id[g["members"]].astype(str).tolist(),
        "screen_names": fb.handle[g["members"]].tolist(),
    }
    if "parameters" in g:
        rec["parameters"] = g["parameters"]
    if kind == "link":
        rec["implies"] = ["domain"]  # the links' domain is co-shared too
    sel = shares[kind]
    rec["objects"] = []
    for obj in g["objects"]:
        rows = sel.loc[obj["posts"].astype(str)]
        keys = rows["key"].unique().tolist()
        assert len(keys) == 1, (g["id"], keys)
        entry: dict[str, Any] = {"key": keys[0], "value": obj["value"]}
        if "base_time" in obj:
            entry["base_time"] = iso_z(obj["base_time"])
        entry["shares"] = [
            {"account_id": a, "post_id": p, "at": iso_z(t), "as_written": v}
            for p, a, t, v in zip(rows.index, rows["account_id"], rows["at"], rows["value"], strict=True)
        ]
        rec["objects"].append(entry)
    return rec


def index_shares(w: World, shares: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The shares of planted and decoy Facebook posts, per kind, indexed by post id."""
    posts = {str(p) for g in w.facebook.planted + w.facebook.decoys for o in g["objects"] for p in o["posts"]}
    mine = shares[(shares["platform"] == "facebook") & shares["post_id"].isin(posts)]
    return {str(kind): part.set_index("post_id") for kind, part in mine.groupby("kind")}


def decoys(w: World, shares: dict[str, pd.DataFrame]) -> list[dict[str, Any]]:
    out = []
    for g in w.facebook.decoys:
        rec = _fb_record(w, g, shares)
        obj = rec["objects"][0]
        times = sorted(s["at"] for s in obj["shares"])
        rec["parameters"] = {"accounts": len(rec["members"]), "first": times[0], "last": times[-1]}
        if rec["kind"] == "popular":  # too many to list usefully
            del rec["screen_names"]
        out.append(rec)
    tw = w.twitter
    for p in np.argsort(-tw.retweet_count, kind="stable")[:3].tolist():
        out.append(
            {
                "id": f"popular-retweet-{tw.post_id[p]}",
                "kind": "popular",
                "platform": "twitter",
                "share_kind": "retweet",
                "objects": [{"key": f"twitter:{tw.post_id[p]}", "value": str(tw.post_id[p])}],
                "parameters": {"accounts": int(tw.retweet_count[p])},
            }
        )
    return out


def world_totals(w: World, shares: pd.DataFrame) -> dict[str, Any]:
    tw, fb = w.twitter, w.facebook
    return {
        "twitter_accounts": len(tw.acc_id),
        "facebook_pages": len(fb.page_id),
        "twitter_posts": len(tw.post_id),
        "facebook_posts": len(fb.post_id),
        "likes": len(tw.like_post),
        "retweets": len(tw.rt_post),
        "shares": {str(k): int(v) for k, v in shares["kind"].value_counts().sort_index().items()},
        "shares_total": len(shares),
        "deleted_twitter_posts": int((tw.post_deleted_pull >= 0).sum()),
        "statuses": {str(STATUS_NAMES[i]): int(n) for i, n in enumerate(np.bincount(w.status, minlength=4))},
        "bot_scores": {"v4": len(w.bots.acc), "lite": len(w.bots.lite_acc)},
        "screen_name_case_variants": int((tw.screen != tw.screen_scraped).sum()),
        "start": iso_z(w.schedule.start),
        "end": iso_z(w.schedule.end),
        "status_checked_at": iso_z(w.status_checked_at),
    }

"""Later user look-ups: API v2 ``users/by?usernames=`` responses (JSON lines, one response per 100
names, in the case the scraper saw them) and the flattened table. Found users (active or protected)
come back in ``data``; deleted ones as ``Not Found Error``; suspended ones as ``Forbidden`` with
``User has been suspended: [name].`` -- errors name the user only by the requested screen name.

The flattened table is written as the Danish study's ``parse_users`` leaves it: ``'empty'`` for the id
and ``'none'`` for the error title and detail it has nothing for, and counts as floats (``115.0``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from graphcli.synth.world import STATUS_NAMES, World
from graphcli.synth.writers.common import Tally, write_csv_rows
from graphcli.synth.writers.twarc import user_object

FLAT_COLUMNS = [
    "username",
    "id",
    "error_title",
    "error_detail",
    "name",
    "created_at",
    "protected",
    "verified",
    "followers_count",
    "following_count",
    "tweet_count",
    "listed_count",
]
BATCH = 100


def error_object(name: str, status: str) -> dict[str, Any]:
    if status == "suspended":
        title, detail = "Forbidden", f"User has been suspended: [{name}]."
    else:
        title, detail = "Not Found Error", f"Could not find user with usernames: [{name}]."
    return {
        "value": name,
        "detail": detail,
        "title": title,
        "resource_type": "user",
        "parameter": "usernames",
        "resource_id": name,
        "type": "https://api.twitter.com/2/problems/resource-not-found",
    }


def write(w: World, out: Path, tally: Tally) -> None:
    tw = w.twitter
    root = out / "lookups"
    root.mkdir(parents=True, exist_ok=True)
    responses, flat = [], []
    for start in range(0, len(tw.acc_id), BATCH):
        data, errors = [], []
        for i in range(start, min(start + BATCH, len(tw.acc_id))):
            status = STATUS_NAMES[w.status[i]]
            name = tw.screen_scraped[i]
            if status in ("active", "protected"):
                user = user_object(tw, i)
                data.append(user)
                m = user["public_metrics"]
                flat.append(
                    [
                        user["username"],
                        user["id"],
                        "none",
                        "none",
                        user["name"],
                        user["created_at"],
                        user["protected"],
                        user["verified"],
                        float(m["followers_count"]),
                        float(m["following_count"]),
                        float(m["tweet_count"]),
                        float(m["listed_count"]),
                    ]
                )
            else:
                err = error_object(name, status)
                errors.append(err)
                flat.append([name, "empty", err["title"], err["detail"]] + [""] * 8)
            tally.add(status, 1)
        response: dict[str, Any] = {}
        if data:
            response["data"] = data
        if errors:
            response["errors"] = errors
        responses.append(json.dumps(response, ensure_ascii=False))
    path = root / "users_lookup.jsonl"
    path.write_text("".join(x + "\n" for x in responses), encoding="utf-8")
    tally.file(path, out, len(responses))
    path = root / "users_lookup.csv"
    tally.file(path, out, write_csv_rows(path, FLAT_COLUMNS, flat))

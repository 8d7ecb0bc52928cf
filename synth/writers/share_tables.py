"""Share tables: the 4-column form (``object_id, account_id, content_id, timestamp_share`` in epoch
seconds), one file per share kind, and the wide multi-modal form of the Facebook posts (``account_id,
post_id, timestamp, url_id, domain_id, hashtag_id, phash_id``; one row per post with any of them)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from graphcli.model.records import SHARE_KINDS
from graphcli.synth.world import World
from graphcli.synth.writers.common import Tally, write_frame_csv


def write(w: World, out: Path, tally: Tally, shares: pd.DataFrame) -> None:
    root = out / "shares"
    for kind in SHARE_KINDS:
        sel = shares[shares["kind"] == kind]
        frame = pd.DataFrame(
            {
                "object_id": sel["value"],
                "account_id": sel["account_id"],
                "content_id": sel["post_id"],
                "timestamp_share": sel["at"].astype(np.int64),
            }
        )
        path = root / f"{kind}.csv"
        tally.file(path, out, write_frame_csv(path, frame))
        tally.add(kind, len(frame))
    fb = shares[shares["platform"] == "facebook"]
    wide = None
    for kind, col in (
        ("link", "url_id"),
        ("domain", "domain_id"),
        ("hashtag", "hashtag_id"),
        ("image_hash", "phash_id"),
    ):
        part = fb.loc[fb["kind"] == kind, ["account_id", "post_id", "at", "value"]].rename(
            columns={"value": col}
        )
        wide = part if wide is None else wide.merge(part, on=["account_id", "post_id", "at"], how="outer")
    assert wide is not None
    wide = wide.sort_values(["at", "post_id"]).rename(columns={"at": "timestamp"})
    wide["timestamp"] = wide["timestamp"].astype(np.int64)
    path = root / "wide.csv"
    tally.file(
        path,
        out,
        write_frame_csv(
            path,
            wide[["account_id", "post_id", "timestamp", "url_id", "domain_id", "hashtag_id", "phash_id"]],
        ),
    )
    tally.add("wide_rows", len(wide))

"""Every share in the world as one table, derived the way a loader derives it from the source rows:
Facebook Link -> ``link`` + ``domain``, Message -> ``message``, trailing ``#tag`` -> ``hashtag``,
Image Text -> ``image_text``, image hash -> ``image_hash``; each retweet -> ``retweet`` of the original."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from graphcli.model.normalize import domain_of, normalize_hashtag, normalize_link, text_key
from graphcli.synth.world import World

HASHTAG = re.compile(r"#(\w+)\s*$")
COLUMNS = ["platform", "account_id", "kind", "key", "at", "post_id", "text", "value"]


def share_table(w: World) -> pd.DataFrame:
    """Columns: platform, account_id, kind, key (canonical), at (epoch s), post_id, text (original text
    of links, messages and image texts), value (the object as written in the share tables)."""
    fb, tw = w.facebook, w.twitter
    page_ids = fb.page_id[fb.post_page].astype(str)
    post_ids = fb.post_id.astype(str)
    parts = []

    def add(mask: np.ndarray, kind: str, values: list[str], keys: list[str], texts: list[str] | None) -> None:
        n = int(mask.sum())
        parts.append(
            pd.DataFrame(
                {
                    "platform": "facebook",
                    "account_id": page_ids[mask],
                    "kind": kind,
                    "key": keys,
                    "at": fb.post_at[mask],
                    "post_id": post_ids[mask],
                    "text": texts if texts is not None else [None] * n,
                    "value": values,
                }
            )
        )

    has_link = fb.link != ""
    links = fb.link[has_link].tolist()
    add(has_link, "link", links, [_key(normalize_link(x), x) for x in links], links)
    domains = [_key(domain_of(x), x) for x in links]
    add(has_link, "domain", domains, domains, None)
    has_msg = fb.message != ""
    msgs = fb.message[has_msg].tolist()
    add(has_msg, "message", msgs, [_key(text_key(x), x) for x in msgs], msgs)
    tags = np.array([((m := HASHTAG.search(x)) and m.group(1)) or "" for x in fb.message], dtype=object)
    has_tag = tags != ""
    add(
        has_tag,
        "hashtag",
        tags[has_tag].tolist(),
        [_key(normalize_hashtag(t), t) for t in tags[has_tag]],
        None,
    )
    has_it = fb.image_text != ""
    its = fb.image_text[has_it].tolist()
    add(has_it, "image_text", its, [_key(text_key(x), x) for x in its], its)
    has_ph = fb.phash != ""
    add(has_ph, "image_hash", fb.phash[has_ph].tolist(), fb.phash[has_ph].tolist(), None)
    orig = tw.post_id[tw.rt_post].astype(str)
    parts.append(
        pd.DataFrame(
            {
                "platform": "twitter",
                "account_id": tw.acc_id[tw.rt_acc].astype(str),
                "kind": "retweet",
                "key": np.char.add("twitter:", orig).astype(object),
                "at": tw.rt_at,
                "post_id": tw.rt_id.astype(str),
                "text": None,
                "value": orig,
            }
        )
    )
    table = pd.concat(parts, ignore_index=True)
    for col in ("platform", "account_id", "kind", "key", "post_id", "value"):
        table[col] = table[col].astype(object)
    return table[COLUMNS]


def _key(key: str | None, value: str) -> str:
    """The normaliser's key; the generator only writes values that have one."""
    if key is None:
        raise ValueError(f"synthetic value without a key: {value!r}")
    return key

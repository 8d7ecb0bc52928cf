"""Botometer results: v4 API responses (JSON lines), the same as the Danish study's DataFrame written
with ``to_csv``, and Botometer Lite.

Each result carries the time it was fetched (``scored_at``), as collection scripts record it beside the
API's response; display scores are the raw ones x 5 rounded the same way as in the canonical tables, so
every format describes the same scoring identically. The CSV has the study's columns (``fv22.botometer_v4``:
an unnamed index, ``user-id``, ``screenname_from_list``, ``screenname``, ``maj_lang``, ``result_cap_e``,
``result_cap_uni``, display scores without prefix ``<category>_{e,uni}``, raw ``raw_<category>_{e,uni}``)
plus a ``scored_at`` column the study did not keep: without it the scoring would take the file's
modification time and differ from the JSON lines' (see docs/synth.md)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from graphcli.synth.world import CATEGORIES, World
from graphcli.synth.writers.common import Tally, iso_z, write_csv_rows

LANGS = ("english", "universal")


SHORT = {"english": "e", "universal": "uni"}


def flat_columns() -> list[str]:
    """Columns of the study's frame as ``to_csv`` writes it (the index unnamed), then ``scored_at``."""
    cols = ["", "user-id", "screenname_from_list", "screenname", "maj_lang", "result_cap_e", "result_cap_uni"]
    cols += [f"{cat}_{SHORT[lang]}" for lang in LANGS for cat in CATEGORIES]
    cols += [f"raw_{cat}_{SHORT[lang]}" for lang in LANGS for cat in CATEGORIES]
    return [*cols, "scored_at"]


def write(w: World, out: Path, tally: Tally) -> None:
    tw, b = w.twitter, w.bots
    root = out / "botometer"
    root.mkdir(parents=True, exist_ok=True)
    lines, flat = [], []
    display_all = np.round(b.raw * 5, 1)  # as the canonical writer computes it
    for j, a in enumerate(b.acc.tolist()):
        raw = {
            lang: {cat: float(b.raw[j, li, ci]) for ci, cat in enumerate(CATEGORIES)}
            for li, lang in enumerate(LANGS)
        }
        display = {
            lang: {cat: float(display_all[j, li, ci]) for ci, cat in enumerate(CATEGORIES)}
            for li, lang in enumerate(LANGS)
        }
        cap = {lang: float(b.cap[j, li]) for li, lang in enumerate(LANGS)}
        scored_at = iso_z(b.scored_at[j])
        result = {
            "scored_at": scored_at,
            "cap": cap,
            "display_scores": display,
            "raw_scores": raw,
            "user": {
                "majority_lang": b.majority_lang[j],
                "user_data": {"id_str": str(tw.acc_id[a]), "screen_name": tw.screen[a]},
            },
        }
        lines.append(json.dumps(result))
        flat.append(
            [j, str(tw.acc_id[a]), tw.screen[a], tw.screen[a], b.majority_lang[j]]
            + [cap["english"], cap["universal"]]
            + [display[lang][cat] for lang in LANGS for cat in CATEGORIES]
            + [raw[lang][cat] for lang in LANGS for cat in CATEGORIES]
            + [scored_at]
        )
    path = root / "botometer_v4.jsonl"
    path.write_text("".join(x + "\n" for x in lines), encoding="utf-8")
    tally.file(path, out, len(lines))
    path = root / "botometer_v4_flat.csv"
    tally.file(path, out, write_csv_rows(path, flat_columns(), flat))
    lite = [
        json.dumps(
            {"botscore": float(s), "tweet_id": str(t), "user_id": str(tw.acc_id[a]), "scored_at": iso_z(at)}
        )
        for a, t, s, at in zip(
            b.lite_acc.tolist(),
            b.lite_tweet.tolist(),
            b.lite_score.tolist(),
            b.lite_scored_at.tolist(),
            strict=True,
        )
    ]
    path = root / "botometer_lite.jsonl"
    path.write_text("".join(x + "\n" for x in lite), encoding="utf-8")
    tally.file(path, out, len(lite))
    tally.add("v4", len(lines))
    tally.add("lite", len(lite))

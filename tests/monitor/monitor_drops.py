"""Two inbox drops for monitor tests, cut from a `graphcli synth` tiny world.

The world's canonical shares table is split by day (2022-10-05 and 2022-10-06): drop ``one`` is the
accounts table and day 1, drop ``two`` is day 2. ``narrow`` is the world's 4-column hashtag share table.
"""

from __future__ import annotations

import csv
from pathlib import Path

from graphcli.synth.generate import generate

DAY_2 = "2022-10-06"


def make_drops(root: Path) -> dict[str, list[Path]]:
    """Write the world under ``root`` and return the drops: {'one': [...], 'two': [...], 'narrow': [...]}."""
    generate(root / "world", "tiny", 1, "csv,shares")
    with open(root / "world" / "canonical" / "shares.csv", encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = list(reader)
    at = header.index("at")
    parts = {"day1": [r for r in rows if r[at] < DAY_2], "day2": [r for r in rows if r[at] >= DAY_2]}
    assert parts["day1"] and parts["day2"], "the tiny world spans two days"
    for name, part in parts.items():
        with open(root / f"shares-{name}.csv", "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, quoting=csv.QUOTE_ALL)
            writer.writerow(header)
            writer.writerows(part)
    return {
        "one": [root / "world" / "canonical" / "accounts.csv", root / "shares-day1.csv"],
        "two": [root / "shares-day2.csv"],
        "narrow": [root / "world" / "shares" / "hashtag.csv"],
    }

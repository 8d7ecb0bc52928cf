"""A CrowdTangle "search" CSV export of the Facebook posts, with CrowdTangle's own column names."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from graphcli.synth.text import sentences
from graphcli.synth.world import World
from graphcli.synth.writers.common import Tally, seconds_text, write_csv_rows

OVERPERFORMING = (
    "Overperforming Score (weighted  \u2014  Likes 1x Shares 1x Comments 1x Love 1x Wow 1x Haha 1x "
    "Sad 1x Angry 1x Care 1x )"
)
COLUMNS = [
    "Page Name",
    "User Name",
    "Facebook Id",
    "Page Category",
    "Page Admin Top Country",
    "Page Description",
    "Page Created",
    "Likes at Posting",
    "Followers at Posting",
    "Post Created",
    "Post Created Date",
    "Post Created Time",
    "Type",
    "Total Interactions",
    "Likes",
    "Comments",
    "Shares",
    "Love",
    "Wow",
    "Haha",
    "Sad",
    "Angry",
    "Care",
    "Video Share Status",
    "Is Video Owner?",
    "Post Views",
    "Total Views",
    "Total Views For All Crossposts",
    "Video Length",
    "URL",
    "Message",
    "Link",
    "Final Link",
    "Image Text",
    "Link Text",
    "Description",
    "Sponsor Id",
    "Sponsor Name",
    "Sponsor Category",
    OVERPERFORMING,
]
FILE_NAME = "2022-11-15-09-00-00-UTC-search-csv-export.csv"
REACTIONS = ("Likes", "Comments", "Shares", "Love", "Wow", "Haha", "Sad", "Angry", "Care")


def write(w: World, out: Path, tally: Tally) -> None:
    fb = w.facebook
    rng = w.stream(2)
    n = len(fb.post_id)
    scale = np.array([1.0, 0.2, 0.15, 0.1, 0.02, 0.05, 0.03, 0.06, 0.02])
    counts = rng.poisson(rng.lognormal(2.5, 1.3, n)[:, None] * scale)
    link_text = sentences(rng, n, 4, 9)
    about = sentences(rng, len(fb.page_id), 4, 10)

    # "2022-10-05T12:00:00Z" -> date and time parts, vectorised (strftime per row is slow)
    post_at = seconds_text(fb.post_at)
    page_created = np.char.replace(np.char.rstrip(seconds_text(fb.page_created), "Z"), "T", " ")

    def rows() -> Iterator[list[Any]]:
        for i in range(n):
            pg = int(fb.post_page[i])
            day, time = post_at[i][:10], post_at[i][11:19]
            c = counts[i].tolist()
            is_link = fb.post_type[i] == "Link"
            yield [
                fb.page_name[pg],
                fb.handle[pg],
                str(fb.page_id[pg]),
                fb.category[pg],
                "DK",
                about[pg],
                page_created[pg],
                int(fb.page_followers[pg] * 0.9),
                int(fb.page_followers[pg]),
                f"{day} {time} UTC",
                day,
                time,
                fb.post_type[i],
                sum(c),
                *c,
                "",
                "-",
                0,
                0,
                0,
                "",
                f"https://www.facebook.com/{fb.handle[pg]}/posts/{fb.post_id[i]}",
                fb.message[i],
                fb.link[i],
                "",
                fb.image_text[i],
                link_text[i] if is_link else "",
                "",
                "",
                "",
                "",
                f"{1 + (c[0] % 7) / 10:.2f}",
            ]

    path = out / "facebook" / FILE_NAME
    written = write_csv_rows(path, COLUMNS, rows())
    tally.file(path, out, written)
    tally.add("posts", written)
    tally.add("pages", len(np.unique(fb.post_page)))

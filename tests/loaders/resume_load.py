"""A load run as its own process, for the kill -9 test: prints one line per written batch.

Usage: python resume_load.py INPUT_FILE
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from graphcli.cypher.connect import open_gateway
from graphcli.loaders.pipeline import load_rows
from graphcli.model.records import Account, Engagement, Post, Row
from graphcli.model.settings import Settings

BATCH = 150


def rows(path: str, n: int = 3000) -> Iterator[Row]:
    """Deterministic rows: likes by screen name, then look-ups giving ids for some of those names."""
    start = datetime(2022, 10, 1, tzinfo=UTC)
    for i in range(n):
        post, name = str(i % 37), f"User{(i * 7) % 401}"
        seen = start + timedelta(minutes=i % 90)
        yield Row(
            path,
            i + 2,
            (
                Post("twitter", post, like_count=i, observed_at=seen),
                Engagement("twitter", "like", post, screen_name=name, observed_at=seen),
            ),
        )
    for k in range(0, 401, 3):
        yield Row(path, n + k + 2, (Account("twitter", str(10_000 + k), screen_name=f"user{k}"),))


def main(path: str) -> None:
    with open_gateway(Settings.load()) as gw:
        summary = load_rows(
            gw,
            rows(path),
            source="resume-test",
            files=[Path(path)],
            format_name="test",
            batch_size=BATCH,
            progress=lambda n: print(f"batch {n}", flush=True),
        )
    print(f"done {summary.read}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])

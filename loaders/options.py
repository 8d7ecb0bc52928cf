"""Options every format reader takes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReadOptions:
    """How to read a source: keep original texts, unpickle trusted pickles, the kind of a 4-column
    share table, and the platform records belong to."""

    keep_text: bool = False
    trust_pickles: bool = False
    share_kind: str | None = None
    platform: str = "twitter"

"""The one progress protocol: library code reports what it is doing through a callback and never prints.

The CLI passes a callback that writes to stderr (or none with ``--quiet``); a library function takes
``progress: Messages | None`` and calls ``progress or silent``. Counts of rows use ``RowCounts``.
"""

from __future__ import annotations

from collections.abc import Callable

Messages = Callable[[str], None]  # a status line, e.g. "link: window 60 s, 1,204 candidate edges"
RowCounts = Callable[[int], None]  # the number of input rows handled since the last call


def silent(_message: str) -> None:
    """A progress callback that says nothing."""

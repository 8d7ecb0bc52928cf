"""Durations as people write them on the command line: ``90s``, ``30m``, ``6h``, ``2d``.

One grammar for every option that takes a length of time (the monitor's window and period, the
persistence detector's slice), so ``6h`` means the same everywhere.
"""

from __future__ import annotations

import re
from datetime import timedelta

from graphcli.model.errors import ConfigError

_DURATION = re.compile(r"^(\d+(?:\.\d+)?)\s*([smhd])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def parse_duration(text: str) -> timedelta:
    """``90s``, ``30m``, ``6h``, ``2d`` as a positive timedelta; ConfigError otherwise."""
    match = _DURATION.match(text.strip())
    if not match or float(match[1]) <= 0:
        raise ConfigError(f"{text!r} is not a duration", hint="a positive number and s, m, h or d, e.g. 6h")
    return timedelta(**{_UNITS[match[2]]: float(match[1])})

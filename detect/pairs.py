"""Co-shares: which shares of the same object happened close enough in time.

Pure numpy, no Neo4j. Shares are sorted once by (object, time); for every share a binary search
finds the last share of the same object inside the window, so the work grows with the number of
pairs actually inside the window, never with all pairs of a popular object (an object shared
100,000 times over a month costs 100,000 searches plus the pairs within the window).

Written here rather than taken from a library: the toolkits we know (coordination-network-toolkit,
CooRnet, CooRTweet) do this as a self-join in SQL or data.table, which is the cost we want to avoid.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

Binning = Literal["sliding", "fixed"]
BINNINGS: dict[str, Binning] = {"sliding": "sliding", "fixed": "fixed"}
IntArray = npt.NDArray[np.int64]

DEFAULT_CHUNK_PAIRS = 4_000_000


@dataclass(frozen=True)
class PairChunk:
    """A batch of co-share pairs: positions ``left`` and ``right`` into the input arrays."""

    left: IntArray
    right: IntArray


def co_share_pairs(
    obj: npt.ArrayLike,
    t: npt.ArrayLike,
    window: float,
    binning: Binning = "sliding",
    chunk_pairs: int = DEFAULT_CHUNK_PAIRS,
) -> Iterator[PairChunk]:
    """Yield every unordered pair of distinct shares of the same object that co-occur.

    ``obj`` holds integer object codes and ``t`` integer epoch seconds, one entry per share.
    ``sliding``: the two times differ by at most ``window`` seconds (inclusive).
    ``fixed``: both fall in the same bin ``floor((t - first share of that object) / window)``, the rule
    CooRnet gets from R's ``cut(date, breaks = "<window> secs")`` per URL.
    Pairs come in chunks of about ``chunk_pairs`` so memory stays bounded. Each pair appears once.
    """
    if window <= 0:
        raise ValueError("window must be positive")
    objs = np.asarray(obj, dtype=np.int64)
    times = np.asarray(t, dtype=np.int64)
    n = len(objs)
    if n == 0:
        return
    order = np.lexsort((times, objs))
    o, ts = objs[order], times[order]
    if binning == "sliding":
        # One sortable integer per share: object first, then time; exact for integer seconds
        # (|dt| <= w  <=>  dt <= floor(w)).
        reach = int(np.floor(window))
        span = int(ts.max() - ts.min()) + reach + 1
        key = o * span + (ts - ts.min())
        end = np.searchsorted(key, key + reach, side="right")
    elif binning == "fixed":
        first = _first_time_per_object(o, ts)
        bins = np.floor((ts - first) / float(window)).astype(np.int64)
        group_key = np.stack([o, bins])
        starts = np.flatnonzero(np.r_[True, np.any(group_key[:, 1:] != group_key[:, :-1], axis=0)])
        ends = np.r_[starts[1:], n]
        end = np.repeat(ends, ends - starts)
    else:
        raise ValueError(f"unknown binning {binning!r}")
    counts = end - np.arange(n) - 1
    yield from _expand(order, counts, chunk_pairs)


def _first_time_per_object(o: IntArray, ts: IntArray) -> IntArray:
    """For shares sorted by (object, time), the time of each object's first share, per share."""
    starts = np.flatnonzero(np.r_[True, o[1:] != o[:-1]])
    lengths = np.diff(np.r_[starts, len(o)])
    return np.repeat(ts[starts], lengths)


def _expand(order: IntArray, counts: IntArray, chunk_pairs: int) -> Iterator[PairChunk]:
    """Turn 'share i pairs with the next counts[i] shares' into explicit pairs, chunk by chunk."""
    cumulative = np.cumsum(counts)
    total = int(cumulative[-1]) if len(cumulative) else 0
    start = 0
    done = 0
    while done < total:
        stop = int(np.searchsorted(cumulative, done + chunk_pairs, side="right"))
        stop = max(stop, start + 1)
        c = counts[start:stop]
        size = int(c.sum())
        if size:
            left = np.repeat(np.arange(start, stop, dtype=np.int64), c)
            offsets = np.repeat(np.cumsum(c) - c, c)
            right = left + 1 + (np.arange(size, dtype=np.int64) - offsets)
            yield PairChunk(order[left], order[right])
        done += size
        start = stop


def estimate_window(obj: npt.ArrayLike, t: npt.ArrayLike, q: float = 0.1, p: float = 0.5) -> float:
    """The coordination interval as CooRnet's ``estimate_coord_interval`` computes it.

    Among objects shared more than once, keep those whose second share came fastest (second-share
    delay <= the ``q`` quantile of all second-share delays); for each, the delay from its first share
    to the first share past the fraction ``p`` of its shares (rank / count > p); the ``p`` quantile of
    those delays. R's default quantile (type 7) equals numpy's linear one. 0 becomes 1 second, as in
    CooRnet. Returns None-free: raises ValueError when no object was shared twice.
    """
    objs = np.asarray(obj, dtype=np.int64)
    times = np.asarray(t, dtype=np.int64)
    order = np.lexsort((times, objs))
    o, ts = objs[order], times[order]
    starts = np.flatnonzero(np.r_[True, o[1:] != o[:-1]]) if len(o) else np.array([], dtype=np.int64)
    lengths = np.diff(np.r_[starts, len(o)])
    multi = lengths > 1
    if not multi.any():
        raise ValueError("no object was shared more than once: cannot estimate a window")
    starts, lengths = starts[multi], lengths[multi]
    second_delay = ts[starts + 1] - ts[starts]
    quick = second_delay <= np.quantile(second_delay, q)
    starts, lengths = starts[quick], lengths[quick]
    # First rank r (1-based) with r / n > p is floor(p * n) + 1.
    past_p = np.floor(p * lengths).astype(np.int64) + 1
    delays = ts[starts + past_p - 1] - ts[starts]
    interval = float(np.quantile(delays, p))
    return interval if interval > 0 else 1.0

"""The detections graphcli knows: one entry per kind, driving the CLI's choices and its dispatch.

Adding a detection means one module, its query files in ``cypher/detect/``, and one entry here.
``graphcli detect all`` runs every entry's default plans.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graphcli.cypher.gateway import Gateway
from graphcli.detect import bins, cosharing, multimodal, persistence, traces
from graphcli.model.progress import Messages
from graphcli.model.records import SHARE_KINDS
from graphcli.model.runs import RunSummary


@dataclass(frozen=True)
class Detection:
    """A kind of detection: how to run it, and what ``detect all`` runs by default."""

    name: str
    help: str
    run: Callable[[Gateway, Any, Messages | None], RunSummary]
    default_plans: Callable[[Gateway], list[Any]]


def _bin_plans(_gw: Gateway) -> list[Any]:
    return [bins.BinParams(relation="likes"), bins.BinParams(relation="retweets")]


def _cosharing_plans(gw: Gateway) -> list[Any]:
    present = [row["kind"] for row in gw.read("detect/share_kinds") if row["kind"] in SHARE_KINDS]
    return [cosharing.CosharingParams(kind=kind) for kind in present]


def _multimodal_plans(gw: Gateway) -> list[Any]:
    kinds = [k for k in multimodal.present_kinds(gw) if k not in multimodal.DERIVED_KINDS]
    return [multimodal.MultimodalParams()] if len(kinds) >= 2 else []


def _trace_plans(gw: Gateway) -> list[Any]:
    present = set(multimodal.present_kinds(gw))
    return [traces.TraceParams()] if present & set(traces.DEFAULT_KINDS) else []


def _persistence_plans(gw: Gateway) -> list[Any]:
    """Daily slices of each share kind whose shares span two days or more (and no more days than a
    persistence run takes slices)."""
    return [
        persistence.PersistenceParams(kind=row["kind"])
        for row in gw.read("detect/share_days")
        if row["kind"] in SHARE_KINDS and 2 <= row["days"] <= persistence.MAX_SLICES
    ]


DETECTIONS: dict[str, Detection] = {
    d.name: d
    for d in (
        Detection(
            "bins",
            "accounts with exactly the same set of liked / retweeted posts",
            lambda gw, p, progress: bins.detect_bins(gw, p, progress),
            _bin_plans,
        ),
        Detection(
            "cosharing",
            "accounts sharing the same objects within a time window",
            lambda gw, p, progress: cosharing.detect_cosharing(gw, p, progress=progress),
            _cosharing_plans,
        ),
        Detection(
            "multimodal",
            "accounts co-sharing on several kinds of object at once (combined chance test)",
            lambda gw, p, progress: multimodal.detect_multimodal(gw, p, progress=progress),
            _multimodal_plans,
        ),
        Detection(
            "traces",
            "accounts whose traces (hashtags, domains, retweets) are unusually alike, at any time",
            lambda gw, p, progress: traces.detect_traces(gw, p, progress=progress),
            _trace_plans,
        ),
        Detection(
            "persistence",
            "groups that co-share in slice after slice of time, grow, or come back with new accounts",
            lambda gw, p, progress: persistence.detect_persistence(gw, p, progress=progress),
            _persistence_plans,
        ),
    )
}


def run_all(gw: Gateway, progress: Messages | None = None) -> list[RunSummary]:
    """Run every detection's default plans (bins for likes and retweets, co-sharing per kind present,
    multimodal when two or more kinds are present, traces when hashtags, domains or retweets are,
    persistence over daily slices per kind whose shares span two days or more)."""
    return [
        entry.run(gw, plan, progress) for entry in DETECTIONS.values() for plan in entry.default_plans(gw)
    ]

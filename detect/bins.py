"""Identical-neighbourhood bins: accounts whose sets of liked / retweeted posts are exactly equal.

The grouping runs inside Neo4j (``detect/bins_write``): accounts are grouped by the list of their
distinct post nodes, and only bins of two or more get a key (the hash of their sorted post uids), so
the likes never cross the wire and the million singletons of a large graph are never hashed.
Near-identical grouping (``similarity``) is in :mod:`graphcli.detect.similarity`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any, Literal

from graphcli.cypher.gateway import Gateway
from graphcli.detect import runs, similarity
from graphcli.model.errors import ConfigError
from graphcli.model.progress import Messages, silent
from graphcli.model.runs import RunSummary

Relation = Literal["likes", "retweets", "both"]
# Fixed mapping from the user's choice to relationship types and account property names.
RELATION_TYPES: dict[str, list[str]] = {
    "likes": ["LIKED"],
    "retweets": ["RETWEETED"],
    "both": ["LIKED", "RETWEETED"],
}
RELATIONS: tuple[str, ...] = tuple(RELATION_TYPES)
ENGINES = ("in-process", "spark")  # where exact bins are grouped: Neo4j itself, or spark_engine.py


@dataclass(frozen=True)
class BinParams:
    """What ``graphcli detect bins`` was asked for."""

    relation: str = "likes"
    min_items: int = 1
    similarity: float | None = None
    engine: str = "in-process"

    def validate(self) -> None:
        if self.relation not in RELATION_TYPES:
            raise ConfigError(
                f"unknown relation {self.relation!r}", hint=f"choose one of {', '.join(RELATIONS)}"
            )
        if self.min_items < 1:
            raise ConfigError("--min-items must be at least 1")
        if self.similarity is not None and not 0 < self.similarity < 1:
            raise ConfigError("--similarity must be strictly between 0 and 1", hint="e.g. --similarity 0.8")
        if self.engine not in ENGINES:
            raise ConfigError(f"unknown engine {self.engine!r}", hint=" or ".join(ENGINES))
        if self.engine != ENGINES[0] and self.similarity is not None:
            raise ConfigError("--similarity runs in-process only", hint="leave out --engine")

    def run_parameters(self) -> dict[str, Any]:
        """The parameters that identify the run; the in-process engine is left out, so its runs keep
        the ids they had before engines existed."""
        params = asdict(self)
        if params["engine"] == ENGINES[0]:
            del params["engine"]
        return params


def items_key(items: Iterable[str]) -> str:
    """The bin key of a set of item ids: SHA-256 of the sorted ids joined by newlines (as in Cypher)."""
    return hashlib.sha256("\n".join(sorted(set(items))).encode("utf-8")).hexdigest()


def property_keys(relation: str) -> tuple[str, str]:
    """The account properties holding the bin size and item count for ``relation``."""
    return f"bin_size_{relation}", f"bin_items_{relation}"


ExactBinner = Callable[[Gateway, str, BinParams, Messages], dict[str, Any]]


def detect_bins(
    gw: Gateway,
    params: BinParams,
    progress: Messages | None = None,
    use_gds: bool | None = None,
    exact: ExactBinner | None = None,
) -> RunSummary:
    """Bin accounts for one relation, write the results under a run, and return the run's summary.

    ``use_gds`` only matters with ``similarity``: None = GDS node similarity when the server has it,
    False = the exact Python computation. Exact bins run in Cypher unless ``exact`` (Spark's
    ``spark_engine.spark_binner``) groups and writes them.
    """
    params.validate()
    note = progress or silent
    run_id = runs.start_run(gw, "bins", params.run_parameters())
    if params.similarity is None:
        counts = (exact or _exact)(gw, run_id, params, note)
    else:
        note(f"grouping {params.relation} sets with Jaccard >= {params.similarity}")
        gds = gw.has_gds() if use_gds is None else use_gds
        counts = similarity.similar_bins(
            gw,
            run_id,
            params.relation,
            RELATION_TYPES[params.relation],
            params.min_items,
            params.similarity,
            use_gds=gds,
        )
    runs.finish_run(gw, run_id, counts)
    return RunSummary(run_id, "bins", params.run_parameters(), counts)


def _exact(gw: Gateway, run_id: str, params: BinParams, note: Messages) -> dict[str, Any]:
    size_key, items_key_ = property_keys(params.relation)
    keys = {"size_key": size_key, "items_key": items_key_}
    note(f"binning accounts by their exact set of {params.relation}")
    gw.run_autocommit(
        "detect/bins_write",
        {
            "run_id": run_id,
            "relation": params.relation,
            "min_items": params.min_items,
            **keys,
        },
    )
    return dict(gw.read("detect/bins_summary", {"run_id": run_id, "size_key": size_key})[0])

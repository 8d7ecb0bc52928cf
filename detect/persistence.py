"""Persistence over time: groups that coordinate slice after slice, grow, or come back with new accounts.

Co-sharing of one kind is detected per time slice: ``--slice 1d`` cuts the shares into UTC days (any
length ``s``/``m``/``h``/``d``, aligned to the epoch) and runs :func:`cosharing.detect_cosharing` on each
non-empty slice, as a run of its own marked with the ``slice`` parameter, so the report never takes it
for the run over the whole data (:func:`graphcli.analytics.runs.select_runs`); ``--slice cycles`` uses the
co-sharing runs the monitor already made, one per cycle, in the order of their windows.

The communities of the slices are then matched (:func:`match_slices`): a community continues a group when
the Jaccard index of their members (shared / either) is at least ``min_jaccard``, comparing with the
group's latest community, as long as that is at most ``max_gap`` empty-handed slices back. Matches are
one to one, best Jaccard first (a split or merge continues one side only). A group found in two slices
or more is reported, with a status:

- ``reappears``: it was absent for at least one slice in between (watch the accounts it came back with);
- ``grows``: its latest community has at least ``growth`` times the members of its first;
- ``persists``: otherwise, the same accounts coordinating again and again.

Every account that joined after the first slice is listed with its provenance (the slice, the community
it came in through, the Jaccard of that match): the watch-list expansion a monitor wants. In the graph,
each match is ``(:Community)-[:CONTINUES {run_id, jaccard, shared, gap, new_accounts}]->(:Community)``
between the slices' communities, and each group a ``(:Community {kind: 'persistence', status})`` found by
the persistence run, ``SPANS`` its slice communities, with ``IN_COMMUNITY {joined_at, new, via}`` from
each member.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd

from graphcli.cypher.gateway import Gateway
from graphcli.detect import communities, cosharing, runs
from graphcli.model.durations import parse_duration
from graphcli.model.errors import ConfigError, GraphcliError
from graphcli.model.progress import Messages, silent
from graphcli.model.records import SHARE_KINDS
from graphcli.model.runs import RunSummary

KIND = "persistence"
CYCLES = "cycles"  # --slice cycles: the monitor's co-sharing runs, one per cycle
STATUSES = ("persists", "grows", "reappears")
MAX_SLICES = 1000  # more slices than this is a slice length that does not fit the data
WRITE_BATCH = 1000
ALL = 1_000_000_000  # a LIMIT that lists everything


@dataclass(frozen=True)
class PersistenceParams:
    """What ``graphcli detect persistence`` was asked for."""

    kind: str = "link"
    slice: str = "1d"  # a duration (90s, 30m, 6h, 1d) or "cycles"
    min_jaccard: float = 0.3
    max_gap: int = 2
    growth: float = 1.5
    window: float = 60
    min_participation: int = 2
    alpha: float = 0.05
    communities: str = "leiden"

    def validate(self) -> None:
        if self.kind not in SHARE_KINDS:
            raise ConfigError(
                f"unknown share kind {self.kind!r}", hint=f"choose one of {', '.join(SHARE_KINDS)}"
            )
        self.slice_length()
        if not 0 < self.min_jaccard <= 1:
            raise ConfigError("--min-jaccard must be in (0, 1]", hint="e.g. 0.3")
        if self.max_gap < 0:
            raise ConfigError("--max-gap must be 0 or more slices")
        if self.growth <= 1:
            raise ConfigError("--growth must be more than 1", hint="e.g. 1.5: half as many members again")
        if self.window <= 0:
            raise ConfigError("--window must be a positive number of seconds")
        if self.min_participation < 1:
            raise ConfigError("--min-participation must be at least 1")
        if not 0 < self.alpha <= 1:
            raise ConfigError("--alpha must be in (0, 1]", hint="e.g. 0.05")
        if self.communities not in communities.ALGORITHMS:
            raise ConfigError(f"unknown community algorithm {self.communities!r}", hint="leiden or louvain")
        if self.slice == CYCLES:
            defaults = PersistenceParams(kind=self.kind, slice=CYCLES)
            per_slice = ("window", "min_participation", "alpha", "communities")
            given = [name for name in per_slice if getattr(self, name) != getattr(defaults, name)]
            if given:
                options = ", ".join("--" + name.replace("_", "-") for name in given)
                raise ConfigError(
                    f"{options} do(es) not apply to --slice cycles",
                    hint="the monitor's co-sharing runs are taken as they were made",
                )

    def slice_length(self) -> timedelta | None:
        """The slice as a duration of whole seconds, or None for the monitor's cycles."""
        if self.slice == CYCLES:
            return None
        try:
            length = parse_duration(self.slice)
        except ConfigError:
            raise ConfigError(
                f"--slice {self.slice!r} is not a slice length", hint="e.g. 1d, 6h, 30m, or cycles"
            ) from None
        if length.total_seconds() < 1 or length.total_seconds() != int(length.total_seconds()):
            raise ConfigError(f"--slice {self.slice!r} is not a whole number of seconds", hint="e.g. 1d")
        return length

    def slice_params(self, since: datetime, until: datetime) -> cosharing.CosharingParams:
        """The co-sharing run of one slice (both ends included, as ``detect cosharing`` takes them)."""
        return cosharing.CosharingParams(
            kind=self.kind,
            window=self.window,
            min_participation=self.min_participation,
            alpha=self.alpha,
            communities=self.communities,
            since=since,
            until=until,
            slice=self.slice,
        )

    def run_parameters(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Slice:
    """One time slice: its position, its time range (``end`` excluded), its co-sharing run (None when
    the slice held no shares) and that run's communities (community uid -> member uids)."""

    index: int
    start: datetime
    end: datetime
    run_id: str | None
    communities: dict[str, frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Step:
    """A group's community in one slice."""

    slice: int
    start: datetime
    community: str
    members: frozenset[str]


@dataclass(frozen=True)
class Link:
    """One ``CONTINUES`` match: ``target`` (a later slice) continues ``source``."""

    source: str
    target: str
    jaccard: float
    shared: int
    gap: int  # slices in between where the group was not found
    new_accounts: tuple[str, ...]  # members never seen in the group before


@dataclass
class Track:
    """A group followed across slices: its communities in slice order and the matches between them."""

    steps: list[Step]
    links: list[Link] = field(default_factory=list)

    def status(self, growth: float) -> str | None:
        """``reappears``, ``grows`` or ``persists`` (see the module docstring); None for one slice."""
        if len(self.steps) < 2:
            return None
        if any(link.gap > 0 for link in self.links):
            return "reappears"
        if len(self.steps[-1].members) >= growth * len(self.steps[0].members):
            return "grows"
        return "persists"

    def joined(self) -> dict[str, Step]:
        """Each member's first step in the group (its provenance)."""
        first: dict[str, Step] = {}
        for step in self.steps:
            for uid in step.members:
                first.setdefault(uid, step)
        return first


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """|a & b| / |a | b|; 0 for two empty sets."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def match_slices(slices: Sequence[Slice], min_jaccard: float = 0.3, max_gap: int = 2) -> list[Track]:
    """Follow communities across ``slices`` (in time order): each community continues the group whose
    latest community it resembles most (Jaccard >= ``min_jaccard``; that community at most ``max_gap``
    slices before the previous one), one to one, best match first; the others start new groups.
    Returns every group, single-slice ones included, in order of their first community."""
    tracks: list[Track] = []
    for current in slices:
        open_tracks = [t for t in tracks if current.index - t.steps[-1].slice - 1 <= max_gap]
        candidates = []
        for uid, members in current.communities.items():
            for t in open_tracks:
                head = t.steps[-1]
                score = jaccard(head.members, members)
                if score >= min_jaccard:
                    # best Jaccard, then the most recent group, then uids: deterministic
                    candidates.append((-score, -head.slice, head.community, uid, t))
        candidates.sort(key=lambda c: c[:4])
        used_tracks: set[int] = set()
        used_communities: set[str] = set()
        for neg_score, _, _, uid, t in candidates:
            if id(t) in used_tracks or uid in used_communities:
                continue
            used_tracks.add(id(t))
            used_communities.add(uid)
            members = current.communities[uid]
            seen = frozenset().union(*(s.members for s in t.steps))
            head = t.steps[-1]
            t.links.append(
                Link(
                    head.community,
                    uid,
                    -neg_score,
                    len(head.members & members),
                    current.index - head.slice - 1,
                    tuple(sorted(members - seen)),
                )
            )
            t.steps.append(Step(current.index, current.start, uid, members))
        for uid in sorted(set(current.communities) - used_communities):
            tracks.append(Track([Step(current.index, current.start, uid, current.communities[uid])]))
    return tracks


def epoch_slices(times: np.ndarray, length: timedelta) -> list[tuple[int, datetime, datetime]]:
    """The slices of ``length`` (aligned to the epoch: days start at 00:00 UTC) from the slice of the
    earliest time to that of the latest: (index, start, end excluded)."""
    seconds = int(length.total_seconds())
    first, last = int(times.min()) // seconds, int(times.max()) // seconds
    if last - first + 1 > MAX_SLICES:
        raise ConfigError(
            f"--slice {length} cuts the shares into {last - first + 1:,} slices (at most {MAX_SLICES:,})",
            hint="a longer --slice",
        )
    return [
        (
            i,
            datetime.fromtimestamp((first + i) * seconds, UTC),
            datetime.fromtimestamp((first + i + 1) * seconds, UTC),
        )
        for i in range(last - first + 1)
    ]


def _frame_selector(shares: pd.DataFrame, start: datetime, end: datetime) -> cosharing.Selector:
    """An engine for :func:`cosharing.detect_cosharing` that takes one slice of shares already read."""
    lo, hi = int(start.timestamp()), int(end.timestamp())
    part = shares[(shares["t"] >= lo) & (shares["t"] < hi)]

    def select(
        _gw: Gateway, params: cosharing.CosharingParams, _note: Messages
    ) -> tuple[int, float, cosharing.Selection]:
        window = float(params.window)
        return len(part), window, cosharing.coordinated_edges(part, params, window)

    return select


def detect_slices(
    gw: Gateway, params: PersistenceParams, use_gds: bool | None, note: Messages
) -> tuple[list[Slice], int]:
    """Run co-sharing on each slice of ``--slice LENGTH``; returns the slices and how many were empty.
    Fails (before writing anything) when there are no shares or fewer than two slices hold any."""
    length = params.slice_length()
    assert length is not None
    shares = cosharing.read_shares(gw, params.kind)
    if shares.empty:
        raise GraphcliError(f"no {params.kind} shares: nothing to slice", hint="load shares or pick --kind")
    bounds = epoch_slices(shares["t"].to_numpy(dtype=np.int64), length)
    counts = np.bincount(
        (shares["t"].to_numpy(dtype=np.int64) - int(bounds[0][1].timestamp())) // int(length.total_seconds()),
        minlength=len(bounds),
    )
    if int((counts > 0).sum()) < 2:
        raise GraphcliError(
            f"the {params.kind} shares fall into one {params.slice} slice: nothing to follow over time",
            hint="a shorter --slice",
        )
    slices = []
    for (index, start, end), n in zip(bounds, counts, strict=True):
        if n == 0:
            slices.append(Slice(index, start, end, None))
            continue
        note(f"{params.kind} slice {index + 1}/{len(bounds)} from {start:%Y-%m-%d %H:%M}: {int(n):,} shares")
        slice_params = params.slice_params(start, end - timedelta(seconds=1))
        summary = cosharing.detect_cosharing(
            gw, slice_params, use_gds=use_gds, select=_frame_selector(shares, start, end)
        )
        slices.append(Slice(index, start, end, summary.run_id, slice_communities(gw, summary.run_id)))
    return slices, int((counts == 0).sum())


def cycle_runs(gw: Gateway, kind: str) -> list[tuple[datetime, datetime, str]]:
    """The monitor's co-sharing runs of ``kind`` (finished runs over a window, not persistence slices),
    one per window (the newest run when several share one), in window order: (since, until, run id)."""
    by_window: dict[tuple[str, str], str] = {}
    for run in runs.list_runs(gw):  # newest first: the first run of a window wins
        p = run.parameters
        if run.kind != "cosharing" or p.get("kind") != kind or run.is_slice or run.finished_at is None:
            continue
        if p.get("since") and p.get("until"):
            by_window.setdefault((str(p["since"]), str(p["until"])), run.run_id)
    ordered = sorted((_parse(since), _parse(until), run_id) for (since, until), run_id in by_window.items())
    return ordered


def cycle_slices(gw: Gateway, params: PersistenceParams) -> list[Slice]:
    """The slices of ``--slice cycles``: :func:`cycle_runs` with their communities. Fails (before
    writing anything) with fewer than two."""
    found = cycle_runs(gw, params.kind)
    if len(found) < 2:
        raise GraphcliError(
            f"{len(found)} monitor cycle(s) detected {params.kind} co-sharing: nothing to follow",
            hint="run `graphcli monitor` again later, or use --slice 1d",
        )
    return [
        Slice(i, since, until, run_id, slice_communities(gw, run_id))
        for i, (since, until, run_id) in enumerate(found)
    ]


def follow_shares(shares: pd.DataFrame, params: PersistenceParams) -> tuple[list[Slice], list[Track]]:
    """The whole computation without Neo4j, on a frame of shares (account, object, t): per slice the
    edges ``detect cosharing`` keeps and their communities (igraph + leidenalg, labelled
    ``<slice>:<n>``), then :func:`match_slices`. For benchmarks and tests of the rule."""
    length = params.slice_length()
    if length is None:
        raise ConfigError("--slice cycles needs the monitor's runs in Neo4j", hint="give a length, e.g. 1d")
    slices = []
    for index, start, end in epoch_slices(shares["t"].to_numpy(dtype=np.int64), length):
        select = _frame_selector(shares, start, end)
        cut = params.slice_params(start, end - timedelta(seconds=1))
        chosen = select(None, cut, silent)[2]  # type: ignore[arg-type,unused-ignore]  # no gateway needed
        membership = communities.communities_python(chosen.edges, params.communities)
        groups = membership.groupby("community")["account"]
        found = {f"{index}:{label}": frozenset(group) for label, group in groups}
        slices.append(Slice(index, start, end, None, found))
    return slices, match_slices(slices, params.min_jaccard, params.max_gap)


def slice_communities(gw: Gateway, run_id: str) -> dict[str, frozenset[str]]:
    """A run's communities: uid -> member uids."""
    rows = gw.read("detect/communities_list", {"run_id": run_id, "limit": ALL})
    return {row["uid"]: frozenset(row["accounts"]) for row in rows}


def group_rows(run_id: str, kind: str, tracks: Sequence[Track], growth: float) -> list[dict[str, Any]]:
    """One row per group found in two slices or more, for ``detect/persistence_write``."""
    rows = []
    for track in tracks:
        status = track.status(growth)
        if status is None:
            continue
        first = track.steps[0]
        joined = track.joined()
        digest = hashlib.sha256(first.community.encode("utf-8")).hexdigest()[:16]
        rows.append(
            {
                "uid": f"{run_id}:{digest}",
                "share_kind": kind,
                "status": status,
                "size": len(joined),
                "slices": len(track.steps),
                "first_start": first.start.isoformat(),
                "last_start": track.steps[-1].start.isoformat(),
                "first_size": len(first.members),
                "last_size": len(track.steps[-1].members),
                "new_accounts": sum(1 for step in joined.values() if step is not first),
                "min_jaccard": min(link.jaccard for link in track.links),
                "gaps": sum(1 for link in track.links if link.gap > 0),
                "spans": [{"uid": s.community, "slice": s.slice} for s in track.steps],
                "members": [
                    {
                        "uid": uid,
                        "joined_at": step.start.isoformat(),
                        "new": step is not first,
                        "via": step.community,
                    }
                    for uid, step in sorted(joined.items())
                ],
            }
        )
    return sorted(rows, key=lambda r: (STATUSES.index(r["status"]), -r["size"], r["uid"]))


def detect_persistence(
    gw: Gateway, params: PersistenceParams, use_gds: bool | None = None, progress: Messages | None = None
) -> RunSummary:
    """Detect co-sharing per slice (or take the monitor's cycles), follow the communities across the
    slices, and write the matches and the groups under a persistence run."""
    params.validate()
    note = progress or silent
    if params.slice == CYCLES:
        slices, empty = cycle_slices(gw, params), 0
    else:
        slices, empty = detect_slices(gw, params, use_gds, note)
    tracks = match_slices(slices, params.min_jaccard, params.max_gap)
    run_id = runs.start_run(gw, KIND, params.run_parameters())
    links = [link for track in tracks for link in track.links]
    for start in range(0, len(links), WRITE_BATCH):
        batch = links[start : start + WRITE_BATCH]
        rows = [{**asdict(link), "new_accounts": list(link.new_accounts)} for link in batch]
        gw.write("detect/persistence_continues", {"run_id": run_id, "rows": rows})
    groups = group_rows(run_id, params.kind, tracks, params.growth)
    for start in range(0, len(groups), WRITE_BATCH):
        gw.write("detect/persistence_write", {"run_id": run_id, "rows": groups[start : start + WRITE_BATCH]})
    counts: dict[str, Any] = {
        "slices": len(slices),
        "empty_slices": empty,
        "slice_runs": [s.run_id for s in slices if s.run_id is not None],
        "slice_communities": sum(len(s.communities) for s in slices),
        "continues": len(links),
        "groups": len(groups),
        **{status: sum(1 for g in groups if g["status"] == status) for status in STATUSES},
        "accounts": len({m["uid"] for g in groups for m in g["members"]}),
        "new_accounts": sum(g["new_accounts"] for g in groups),
    }
    note(
        f"{params.kind}: {len(slices)} slices of {params.slice}, {counts['slice_communities']:,} "
        f"communities, {len(groups):,} groups in two slices or more ({counts['persists']} persist, "
        f"{counts['grows']} grow, {counts['reappears']} reappear)"
    )
    runs.finish_run(gw, run_id, counts)
    return RunSummary(run_id, KIND, params.run_parameters(), counts)


def _parse(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

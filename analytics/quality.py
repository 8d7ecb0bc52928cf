"""How well a detection recovered what ``graphcli synth`` planted: compare runs with ``truth.json``.

Bins: every planted identical-set group must be a bin of exactly its members, and no bin may mix
planted and background accounts. Co-sharing: per kind, precision and recall of the accounts with a
COORDINATED edge against the planted groups of that kind (a link group also co-shares its links'
domain, see ``implies`` in truth.json), and how many decoy accounts (popular objects, slow
coincidences, bursts) were flagged. Multimodal: the same against the groups planted to coordinate on
several kinds at once (decoys of any kind count). Persistence: the groups found in two slices or more
against the groups planted to persist, grow or reappear (the one-day and look-alike groups planted
beside them are its decoys). Used by the tests and by ``bench/quality.py``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from graphcli.cypher.gateway import Gateway

# Which planted groups must come out as bins of each relation (truth.json "kind" / "implies").
BIN_GROUP_KINDS = {"likes": {"like_set"}, "retweets": {"retweet_set"}}
ALL = 1_000_000_000  # a LIMIT that lists everything
LIST_QUERIES = {"multimodal": "detect/multimodal_list", "traces": "detect/traces_list"}


def _uids(group: Mapping[str, Any]) -> set[str]:
    return {f"{group['platform']}:{member}" for member in group["members"]}


def planted_bins(truth: Mapping[str, Any]) -> dict[str, list[frozenset[str]]]:
    """Relation -> the planted groups that must each be one bin (retweet co-sharing groups also have
    identical retweet sets: their ``implies`` says so)."""
    out: dict[str, list[frozenset[str]]] = {relation: [] for relation in BIN_GROUP_KINDS}
    for group in truth["planted"]:
        kinds = {group["kind"], *group.get("implies", [])}
        for relation, wanted in BIN_GROUP_KINDS.items():
            if kinds & wanted:
                out[relation].append(frozenset(_uids(group)))
    return out


def planted_sharers(truth: Mapping[str, Any]) -> dict[str, set[str]]:
    """Share kind -> the accounts planted to co-share objects of that kind."""
    out: dict[str, set[str]] = {}
    for group in truth["planted"]:
        if group["kind"] not in ("share", "persistence"):  # persistence groups co-share too, some days
            continue
        for kind in (group["share_kind"], *group.get("implies", [])):
            if kind != "retweet_set":
                out.setdefault(kind, set()).update(_uids(group))
    return out


def decoy_sharers(truth: Mapping[str, Any]) -> dict[str, set[str]]:
    """Share kind -> the accounts of that kind's decoys (the ones truth.json lists members for)."""
    out: dict[str, set[str]] = {}
    for decoy in truth["decoys"]:
        if "members" in decoy:
            out.setdefault(decoy["share_kind"], set()).update(_uids(decoy))
    return out


@dataclass(frozen=True)
class BinScore:
    relation: str
    planted_groups: int
    recovered_exactly: int
    mixed_bins: int  # bins holding planted and background accounts

    @property
    def ok(self) -> bool:
        return self.recovered_exactly == self.planted_groups and self.mixed_bins == 0


@dataclass(frozen=True)
class KindScore:
    kind: str
    planted: int
    flagged: int
    true_positives: int
    decoys_flagged: int
    correct: int | None = None  # flagged accounts that are right, when more than the planted ones are

    @property
    def precision(self) -> float:
        right = self.true_positives if self.correct is None else self.correct
        return right / self.flagged if self.flagged else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.planted if self.planted else 1.0

    @property
    def ok(self) -> bool:
        """Issue 4's bar: precision and recall at least 0.95, no decoy flagged."""
        return self.precision >= 0.95 and self.recall >= 0.95 and self.decoys_flagged == 0


def score_bins(
    truth: Mapping[str, Any], relation: str, bins: Iterable[frozenset[str]], planted_accounts: set[str]
) -> BinScore:
    """Score the bins (member sets) of one relation. ``planted_accounts``: every planted account of the
    world (of any group), the ones a background bin must not contain."""
    found = set(bins)
    groups = planted_bins(truth)[relation]
    mixed = sum(1 for b in found if b & planted_accounts and not b <= planted_accounts)
    return BinScore(relation, len(groups), sum(1 for g in groups if g in found), mixed)


def score_cosharing(truth: Mapping[str, Any], kind: str, flagged: set[str]) -> KindScore:
    """Score the accounts flagged for one share kind."""
    planted = planted_sharers(truth).get(kind, set())
    decoys = decoy_sharers(truth).get(kind, set()) - planted
    return KindScore(kind, len(planted), len(flagged), len(flagged & planted), len(flagged & decoys))


def planted_multimodal(truth: Mapping[str, Any]) -> set[str]:
    """The accounts planted to coordinate on several kinds at once."""
    return set().union(*(_uids(g) for g in truth["planted"] if g["kind"] == "multimodal"))


def score_multimodal(truth: Mapping[str, Any], flagged: set[str]) -> KindScore:
    """Score the accounts a multimodal run flagged: against the multimodal groups; decoys of any kind."""
    planted = planted_multimodal(truth)
    decoys = set().union(*decoy_sharers(truth).values()) - planted
    return KindScore("multimodal", len(planted), len(flagged), len(flagged & planted), len(flagged & decoys))


def score_traces(truth: Mapping[str, Any], flagged: set[str]) -> KindScore:
    """Score the accounts a traces run flagged: recall against the groups planted with alike traces;
    precision counts every planted account as right (a trace run also finds identical retweet sets and
    co-sharing groups, which are coordinated too); decoys of any kind that are not planted are wrong."""
    planted = set().union(*(_uids(g) for g in truth["planted"] if g["kind"] == "traces"))
    every = all_planted_accounts(truth)
    decoys = set().union(*decoy_sharers(truth).values()) - every
    found, right = len(flagged & planted), len(flagged & every)
    return KindScore("traces", len(planted), len(flagged), found, len(flagged & decoys), correct=right)


def planted_persistence(truth: Mapping[str, Any], kind: str | None = None) -> tuple[set[str], set[str]]:
    """The accounts planted to persist, grow or reappear (co-sharing objects of ``kind``; None: any),
    and those of the groups planted beside them that must not be followed (coordinated on one day
    only, or a look-alike a day later)."""
    groups = [
        g
        for g in truth["planted"]
        if g["kind"] == "persistence" and (kind is None or g["share_kind"] == kind)
    ]
    found = [_uids(g) for g in groups if g["parameters"]["expect"] != "none"]
    not_found = [_uids(g) for g in groups if g["parameters"]["expect"] == "none"]
    return set().union(*found), set().union(*not_found)


def score_persistence(truth: Mapping[str, Any], flagged: set[str], kind: str | None = None) -> KindScore:
    """Score the accounts of the groups a persistence run followed over two slices or more: recall
    against the groups planted to persist, grow or reappear; precision counts every planted account as
    right (a co-sharing group planted over several days persists too) except those of the groups that
    must not be followed, which count as decoys with every decoy of any kind."""
    planted, not_followed = planted_persistence(truth, kind)
    not_followed |= planted_persistence(truth)[1]
    every = all_planted_accounts(truth) - not_followed
    decoys = (set().union(*decoy_sharers(truth).values()) | not_followed) - planted
    found, right = len(flagged & planted), len(flagged & every)
    return KindScore("persistence", len(planted), len(flagged), found, len(flagged & decoys), correct=right)


def all_planted_accounts(truth: Mapping[str, Any]) -> set[str]:
    return set().union(*(_uids(group) for group in truth["planted"]))


def score_runs(gw: Gateway, truth: Mapping[str, Any], summaries: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """One row per detection run in ``summaries`` (as ``detect all --json`` prints them), read back from the
    graph through the analysts' queries, scored against ``truth``."""
    planted_accounts = all_planted_accounts(truth)
    rows: list[dict[str, Any]] = []
    for s in summaries:
        if s["detection"] == "bins":
            listed = gw.read("detect/bins_list", {"run_id": s["run_id"], "limit": ALL})
            b = score_bins(
                truth,
                s["parameters"]["relation"],
                (frozenset(r["accounts"]) for r in listed),
                planted_accounts,
            )
            rows.append(
                {
                    "detection": "bins",
                    "what": s["parameters"]["relation"],
                    "planted": b.planted_groups,
                    "found": b.recovered_exactly,
                    "mixed_bins": b.mixed_bins,
                    "ok": b.ok,
                }
            )
        elif s["detection"] == "persistence":
            groups = gw.read("detect/persistence_list", {"run_id": s["run_id"], "limit": ALL})
            flagged = {m["uid"] for g in groups for m in g["members"]}
            k = score_persistence(truth, flagged, s["parameters"]["kind"])
            rows.append(
                {
                    "detection": "persistence",
                    "what": s["parameters"]["kind"],
                    "planted": k.planted,
                    "found": k.true_positives,
                    "flagged": k.flagged,
                    "precision": round(k.precision, 4),
                    "recall": round(k.recall, 4),
                    "decoys_flagged": k.decoys_flagged,
                    # a kind nothing was planted to persist on may rightly follow no group at all
                    "ok": k.ok or (k.planted == 0 and k.flagged == 0),
                }
            )
        else:
            query = LIST_QUERIES.get(s["detection"], "detect/coordinated_list")
            edges = gw.read(query, {"run_id": s["run_id"], "limit": ALL})
            flagged = {e["source"] for e in edges} | {e["target"] for e in edges}
            if s["detection"] == "multimodal":
                k = score_multimodal(truth, flagged)
            elif s["detection"] == "traces":
                k = score_traces(truth, flagged)
            else:
                k = score_cosharing(truth, s["parameters"]["kind"], flagged)
            rows.append(
                {
                    "detection": s["detection"],
                    "what": k.kind,
                    "planted": k.planted,
                    "found": k.true_positives,
                    "flagged": k.flagged,
                    "precision": round(k.precision, 4),
                    "recall": round(k.recall, 4),
                    "decoys_flagged": k.decoys_flagged,
                    "ok": k.ok,
                }
            )
    return pd.DataFrame(rows)

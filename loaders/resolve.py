"""Which account node a screen name stands for, decided in Python before a batch is written.

Raw scrapes name users by screen name only. Such a reference becomes a placeholder account
``<platform>:@<lower name>`` only while no id is known for that name; once a record gives an id with
the name, later name-only references go straight to the id-keyed account, and an existing placeholder
is folded onto it once (``handles``, ``load/pass/handles``). This replaces folding every screen name of
every batch inside the query, which re-created and deleted placeholders batch after batch.

One resolver serves every batch of a load. It starts from what the database already holds
(``load/names``) and learns from each account reference as the batches are built. When several ids
wore the same name, the lowest uid wins, as the query's fold and the bulk importer decide it.

The lowest uid may arrive after name-only references already went to another account (the file with
the lower id loaded later, or the account they went to took another name). The resolver then records a
move (:meth:`take_moves`): the likes and retweets that named only that screen name (their ``via_name``)
follow it to the account that now has the lowest uid wearing it (``load/pass/retargets``), so the load
order does not decide where they land. Such moves happen only when two ids share a current name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from graphcli.cypher.gateway import Gateway
from graphcli.model.keys import account_uid

Name = tuple[str, str]  # (platform, lower-case screen name)


class NameResolver:
    """Knows, per screen name, the id-keyed accounts wearing it now and whether a placeholder exists."""

    def __init__(self) -> None:
        self._wearers: dict[Name, set[str]] = {}  # id-keyed uids whose current name this is
        self._name_of: dict[str, Name] = {}  # id-keyed uid -> its current name
        self._placeholders: set[Name] = set()  # placeholder nodes in the database or being written
        self._pending: set[Name] = set()  # placeholders whose name already has an id: fold them
        self._moves: list[tuple[Name, str, str]] = []  # (name, from uid, to uid) since the last take

    @classmethod
    def from_database(cls, gw: Gateway) -> NameResolver:
        """A resolver seeded with every named account in the database."""
        return cls.seeded(gw.read("load/names"))

    @classmethod
    def seeded(cls, rows: Iterable[Mapping[str, Any]]) -> NameResolver:
        """A resolver seeded from ``load/names`` rows (platform, screen_name_lower, uid, has_id)."""
        resolver = cls()
        for row in rows:
            name = (row["platform"], row["screen_name_lower"])
            if row["has_id"]:
                resolver._wear(row["uid"], name)
            else:
                resolver._placeholders.add(name)
        resolver._pending = {name for name in resolver._placeholders if resolver._wearers.get(name)}
        resolver._moves = []  # the database already holds its references where they belong
        return resolver

    def target(self, platform: str, lower: str) -> str | None:
        """The id-keyed uid a name-only reference to ``lower`` stands for, or None if none is known."""
        wearers = self._wearers.get((platform, lower))
        return min(wearers) if wearers else None

    def account(self, platform: str, account_id: str | None, screen_name: str | None) -> tuple[str, bool]:
        """The uid for this account reference, and whether the placeholder of its screen name must be
        folded onto an id-keyed account in the batch being built (it then no longer exists)."""
        if not account_id:
            lower = (screen_name or "").lower()
            known = self.target(platform, lower)
            if known is not None:
                return known, False
            self._placeholders.add((platform, lower))
            return account_uid(platform, None, lower), False
        uid = account_uid(platform, account_id, None)
        if not screen_name:
            return uid, False
        name = (platform, screen_name.lower())
        self._wear(uid, name)
        if name in self._placeholders:
            self._placeholders.discard(name)
            return uid, True
        return uid, False

    def take_pending(self) -> list[Name]:
        """Placeholders found in the database whose name already has an id (an interrupted or older
        load left them): the next batch folds them. Returned once."""
        pending, self._pending = sorted(self._pending), set()
        self._placeholders.difference_update(pending)
        return pending

    def take_moves(self) -> list[tuple[Name, str, str]]:
        """The names whose target changed from one id-keyed account to another since the last call,
        as ``(name, from uid, to uid)`` in the order they happened. Returned once."""
        moves, self._moves = self._moves, []
        return moves

    def _wear(self, uid: str, name: Name) -> None:
        old = self._name_of.get(uid)
        if old == name:
            return
        touched = [name] if old is None else [old, name]
        before = [self.target(*n) for n in touched]
        if old is not None:
            self._wearers[old].discard(uid)
        self._name_of[uid] = name
        self._wearers.setdefault(name, set()).add(uid)
        for n, was in zip(touched, before, strict=True):
            now = self.target(*n)
            if was is not None and now is not None and now != was:
                self._moves.append((n, was, now))

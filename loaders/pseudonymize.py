"""Keyed pseudonyms for account ids and screen names.

An HMAC-SHA256 under a secret key maps each value to the same pseudonym in every source and every
run that uses the key, so the graph still links the same account across files, while nobody without
the key can recover (or test a guess of) the original. Ids and screen names are hashed in separate
domains so a pseudonymous id never reveals that it equals some screen name. Screen names are
lower-cased first: Twitter treats them case-insensitively, and the graph merges them that way.

Free-text fields that identify a person are dropped: the profile's name, description and location, and
a look-up's error detail (it quotes the id or name looked up). Post texts are kept only with
``--keep-text``; rejected rows are written raw (see docs/model.md, "Pseudonymised loads").
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import replace
from pathlib import Path

from graphcli.model.errors import ConfigError
from graphcli.model.records import (
    Account,
    AccountStatus,
    BotScore,
    Engagement,
    NameSeen,
    Post,
    Record,
    Share,
)

MIN_KEY_BYTES = 16
DIGEST_HEX = 32  # 128 bits: collisions are out of reach for any real data set


class Pseudonymizer:
    """Replaces account ids and screen names in records with keyed HMAC pseudonyms."""

    def __init__(self, key: bytes) -> None:
        if len(key) < MIN_KEY_BYTES:
            raise ConfigError(
                f"the pseudonymisation key must have at least {MIN_KEY_BYTES} bytes, got {len(key)}",
                hint="e.g. `head -c 32 /dev/urandom | base64 > KEYFILE`",
            )
        self._key = key

    @classmethod
    def from_file(cls, path: Path) -> Pseudonymizer:
        """Read the key from ``path`` (its bytes, without surrounding whitespace)."""
        try:
            key = path.read_bytes().strip()
        except OSError as exc:
            raise ConfigError(f"cannot read the pseudonymisation key file {path}: {exc.strerror}") from None
        return cls(key)

    @property
    def fingerprint(self) -> str:
        """A short public tag of the key: loads under different keys get different run ids."""
        return self._digest("key-fingerprint", "")[:12]

    def account_id(self, value: str | None) -> str | None:
        return None if value is None else self._digest("id", value)

    def screen_name(self, value: str | None) -> str | None:
        return None if value is None else self._digest("screen_name", value.lower())

    def record(self, rec: Record) -> Record:
        """The record with every account id and screen name pseudonymised."""
        if isinstance(rec, Account):
            return replace(
                rec,
                id=self.account_id(rec.id),
                screen_name=self.screen_name(rec.screen_name),
                name=None,
                description=None,
                location=None,
            )
        if isinstance(rec, Post):
            return replace(
                rec,
                author_id=self.account_id(rec.author_id),
                author_screen_name=self.screen_name(rec.author_screen_name),
            )
        if isinstance(rec, Share):
            return replace(rec, account_id=self.account_id(rec.account_id) or "")
        if isinstance(rec, NameSeen):
            return replace(
                rec,
                account_id=self.account_id(rec.account_id) or "",
                screen_name=self.screen_name(rec.screen_name) or "",
            )
        if isinstance(rec, AccountStatus):
            # A look-up's error detail quotes who was looked up ("User has been suspended: [ann]").
            return replace(
                rec,
                account_id=self.account_id(rec.account_id),
                screen_name=self.screen_name(rec.screen_name),
                error_detail=None,
            )
        if isinstance(rec, Engagement | BotScore):
            return replace(
                rec, account_id=self.account_id(rec.account_id), screen_name=self.screen_name(rec.screen_name)
            )
        return rec

    def _digest(self, domain: str, value: str) -> str:
        message = f"{domain}\x00{value}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()[:DIGEST_HEX]

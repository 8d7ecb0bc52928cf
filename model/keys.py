"""The graph's keys, derived from records the same way by every writer (Bolt and bulk import)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from graphcli.model.records import AccountStatus, BotScore, CountObservation


def account_uid(platform: str, account_id: str | None, screen_name: str | None) -> str:
    """``<platform>:<id>``, or ``<platform>:@<lower screen name>`` for an account known only by name."""
    if account_id:
        return f"{platform}:{account_id}"
    if screen_name:
        return f"{platform}:@{screen_name.lower()}"
    raise ValueError("an account needs an id or a screen name")


def post_uid(platform: str, post_id: str) -> str:
    return f"{platform}:{post_id}"


# Neo4j refuses to index a property value over about 8 KB, and one such value aborts its whole batch.
# Keys longer than this (tracking links, long message texts' keys are already hashes) are indexed by
# their hash; the node keeps the full value as ``key``.
MAX_INDEXED_KEY_BYTES = 1024


def object_uid(kind: str, key: str) -> str:
    """``<kind>:<key>``, or ``<kind>:#sha256:<hex digest of key>`` for a key too long to index."""
    uid = f"{kind}:{key}"
    if len(uid.encode("utf-8", "surrogatepass")) <= MAX_INDEXED_KEY_BYTES:
        return uid
    return f"{kind}:#sha256:{hashlib.sha256(key.encode('utf-8', 'surrogatepass')).hexdigest()}"


def utc(value: datetime | None) -> datetime | None:
    """The same instant in UTC; a naive time is taken to be UTC already (records promise UTC)."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def bot_score_uid(rec: BotScore) -> str:
    """A hash of who was scored (as the source names them), by which version, when.

    Uses the record's own account reference, not the resolved account node, so that re-loading a
    file names the same node even after a screen-name-only account was merged onto its id."""
    return _digest(
        "score",
        rec.platform,
        rec.account_id,
        _lower(rec.screen_name),
        rec.version,
        _iso(rec.scored_at),
        rec.tweet_id,
    )


def status_check_uid(rec: AccountStatus) -> str:
    """A hash of the whole look-up answer (account reference, status, time, error)."""
    return _digest(
        "status",
        rec.platform,
        rec.account_id,
        _lower(rec.screen_name),
        rec.status,
        _iso(rec.checked_at),
        rec.error_title,
        rec.error_detail,
    )


def count_observation_uid(rec: CountObservation) -> str:
    """A hash of which post, seen by which source, when."""
    return _digest("counts", rec.platform, rec.post_id, rec.source, _iso(rec.observed_at))


def _digest(*parts: str | None) -> str:
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:32]


def _iso(value: datetime | None) -> str | None:
    moment = utc(value)
    return moment.isoformat() if moment else None


def _lower(value: str | None) -> str | None:
    return value.lower() if value else None

"""Options every format reader accepts. Readers ignore what does not apply to them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from graphcli.model.progress import Messages
from graphcli.model.records import ShareKind


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read a source.

    keep_text: keep original message/image texts and URLs on records (otherwise only their keys).
    trust_pickles: unpickle the pickles found in pull folders (unpickling runs code: only for your own files).
    share_kind: the kind of object in a 4-column share table (link, domain, hashtag, ...).
    platform: the platform to key accounts and posts under, when the format's default is wrong.
    scored_at: when Botometer scores or user look-ups were made, for files that do not say (default: the
        file's modification time).
    notice: called with a one-line note on how the input was read (e.g. where a time came from).
    skip: called with (path, reason) for each file passed over without being read (e.g. untrusted
        pickles, analysis leftovers in a pull folder).
    columnar: load through a format's ``read_blocks`` where it has one (column-wise blocks of records)
        rather than its ``read`` (one Row per input row, the older path); both load the same graph,
        which the tests check. Not part of a run's identity.
    """

    keep_text: bool = False
    trust_pickles: bool = False
    share_kind: ShareKind | None = None
    platform: str | None = None
    scored_at: datetime | None = None
    notice: Messages | None = None
    skip: Callable[[str, str], None] | None = None
    columnar: bool = True

    def platform_or(self, default: str) -> str:
        """The platform given in the options, else the format's default."""
        return self.platform or default

    def identity(self) -> dict[str, Any]:
        """The options that change what is loaded (part of a run's id): not the callbacks."""
        return {
            "keep_text": self.keep_text,
            "trust_pickles": self.trust_pickles,
            "share_kind": self.share_kind,
            "platform": self.platform,
            "scored_at": self.scored_at.isoformat() if self.scored_at else None,
        }

    def skipped(self, path: str, reason: str) -> None:
        """Report a file passed over (see ``skip``)."""
        if self.skip is not None:
            self.skip(path, reason)

    def tell(self, message: str) -> None:
        """Pass a notice on to whoever asked for them."""
        if self.notice is not None:
            self.notice(message)

"""Options every format reader accepts. Readers ignore what does not apply to them."""

from __future__ import annotations

from dataclasses import dataclass

from graphcli.model.progress import Messages
from graphcli.model.records import ShareKind


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read a source.

    keep_text: keep original message/image texts and URLs on records (otherwise only their keys).
    trust_pickles: unpickle the pickles found in pull folders (unpickling runs code: only for your own files).
    share_kind: the kind of object in a 4-column share table (link, domain, hashtag, ...).
    platform: the platform to key accounts and posts under, when the format's default is wrong.
    notice: called with a one-line message for things skipped without a reject (e.g. untrusted pickles).
    """

    keep_text: bool = False
    trust_pickles: bool = False
    share_kind: ShareKind | None = None
    platform: str | None = None
    notice: Messages | None = None

    def platform_or(self, default: str) -> str:
        """The platform given in the options, else the format's default."""
        return self.platform or default

    def tell(self, message: str) -> None:
        """Pass a notice on to whoever asked for them."""
        if self.notice is not None:
            self.notice(message)

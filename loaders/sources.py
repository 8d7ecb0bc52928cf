"""Which reader reads which input: a named format, or ``auto`` detection per path.

The format readers live in ``graphcli.loaders.formats`` (``FORMATS`` and ``detect_format``); they
are imported only when a load runs, so everything else works without them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from graphcli.errors import ConfigError, InputError
from graphcli.loaders.records import Reject, Row


class FormatReader(Protocol):
    """What a format module offers (``NAME``, ``sniff``, ``read``)."""

    NAME: str

    def sniff(self, path: Path) -> bool: ...

    def read(self, path: Path, options: Any) -> Iterator[Row | Reject]: ...


Detect = Callable[[Path], tuple[str, str]]


@dataclass
class LoadPlan:
    """One format and the paths it reads, with why each path got that format."""

    format: str
    reader: FormatReader
    paths: list[Path] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    def rows(self, options: Any) -> Iterator[Row | Reject]:
        """Every row of every path, in order."""
        for path in self.paths:
            yield from self.reader.read(path, options)


def format_registry() -> tuple[dict[str, FormatReader], Detect]:
    """The installed readers by name, and the detector used by ``auto``."""
    try:
        from graphcli.loaders import formats  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        raise InputError("this build of graphcli has no format readers (graphcli.loaders.formats)") from None
    registry = formats.FORMATS
    if not isinstance(registry, Mapping):
        registry = {reader.NAME: reader for reader in registry}
    return dict(registry), formats.detect_format


def plan_load(
    format_name: str,
    paths: Sequence[Path],
    registry: Mapping[str, FormatReader] | None = None,
    detect: Detect | None = None,
) -> list[LoadPlan]:
    """Group ``paths`` by format (``auto`` detects each), in the order first given.

    Raises :class:`InputError` for a missing path or one ``auto`` cannot place, :class:`ConfigError`
    for an unknown format name."""
    if registry is None or detect is None:
        registry, detect = format_registry()
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise InputError(f"no such file or folder: {', '.join(missing)}")
    plans: dict[str, LoadPlan] = {}
    for path in paths:
        if format_name == "auto":
            name, reason = detect(path)
        else:
            name, reason = format_name, "as given"
        if name not in registry:
            known = ", ".join(sorted(registry))
            if format_name == "auto":
                raise InputError(f"{path}: cannot tell its format ({reason})", hint=f"name one of: {known}")
            raise ConfigError(f"unknown format {name!r}", hint=f"choose one of: auto, {known}")
        plan = plans.setdefault(name, LoadPlan(name, registry[name]))
        plan.paths.append(path)
        plan.reasons.append(reason)
    return list(plans.values())

"""Which reader reads which input: a named format, or ``auto`` detection per path.

The format readers live in ``graphcli.loaders.formats`` (``FORMATS`` and ``detect_all``); they are
imported only when a load runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from graphcli.model.errors import ConfigError, InputError
from graphcli.model.records import Reject, Row


class FormatReader(Protocol):
    """What a format module offers (``NAME``, ``sniff``, ``read``)."""

    NAME: str

    def sniff(self, path: Path) -> bool: ...

    def read(self, path: Path, options: Any) -> Iterator[Row | Reject]: ...


PICKLE_READER = "pull-folders"  # reads the scraper's and the study's pickles (loaders.pickles)


def _is_pickle(path: Path) -> bool:
    from graphcli.loaders.pickles import is_pickle

    return is_pickle(path)


# path -> (path, format or None, reason) for everything to load under it (see formats.detect_all)
Detect = Callable[[Path], list[tuple[Path, str | None, str]]]


@dataclass
class LoadPlan:
    """One format and the paths it reads, with why each path got that format."""

    format: str
    reader: FormatReader
    paths: list[Path] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    def reader_of(self, path: Path) -> FormatReader:
        """The reader for one of the paths. A pickle goes to the pickle reader whatever format was
        named: read as text it would give a reject per line of binary noise; the pickle reader reads it
        by its columns with ``--trust-pickles`` and otherwise reports it skipped, with that reason."""
        if self.format != PICKLE_READER and _is_pickle(path):
            return format_registry()[0][PICKLE_READER]
        return self.reader


def format_registry() -> tuple[dict[str, FormatReader], Detect]:
    """The format readers by name, and the detector used by ``auto``. Imported when a load runs, not
    before: the readers pull in pandas and pyarrow, which other commands do not need."""
    from graphcli.loaders import formats

    return dict(formats.FORMATS), formats.detect_all


def plan_load(
    format_name: str,
    paths: Sequence[Path],
    registry: Mapping[str, FormatReader] | None = None,
    detect: Detect | None = None,
) -> tuple[list[LoadPlan], list[tuple[Path, str]]]:
    """Group ``paths`` by format, in the order first given, and list what ``auto`` skipped.

    ``auto`` walks a folder that is not one source as a whole (a synth output folder, an inbox) and
    detects each entry; files inside it that no format recognises are returned as skipped with the
    reason. Raises :class:`InputError` for a missing path or a file given directly that ``auto`` cannot
    place, :class:`ConfigError` for an unknown format name."""
    if registry is None or detect is None:
        registry, detect = format_registry()
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise InputError(f"no such file or folder: {', '.join(missing)}")
    plans: dict[str, LoadPlan] = {}
    skipped: list[tuple[Path, str]] = []
    for given in paths:
        entries = detect(given) if format_name == "auto" else [(given, format_name, "as given")]
        for path, name, reason in entries:
            if name is None:
                skipped.append((path, reason))
                continue
            if name not in registry:
                known = ", ".join(sorted(registry))
                if format_name == "auto":
                    raise InputError(
                        f"{path}: cannot tell its format ({reason})", hint=f"name one of: {known}"
                    )
                raise ConfigError(f"unknown format {name!r}", hint=f"choose one of: auto, {known}")
            plan = plans.setdefault(name, LoadPlan(name, registry[name]))
            plan.paths.append(path)
            plan.reasons.append(reason)
    return list(plans.values()), skipped

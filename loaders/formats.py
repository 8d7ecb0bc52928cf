"""The registry of source formats, and detection of the format of a file or folder for ``load auto``.

Each format module exposes ``NAME``, ``SNIFF_RULE`` (what sniffing looks for, in words), ``sniff(path)``
and ``read(path, options)``. Detection tries the formats in the order of ``FORMATS``: the most specific
signatures first, the catch-all canonical tables last.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from graphcli.errors import InputError
from graphcli.loaders import (
    botometer,
    canonical,
    crowdtangle,
    lookups,
    meta_content_library,
    pull_folders,
    share_tables,
    twarc,
)

_MODULES: tuple[ModuleType, ...] = (
    pull_folders,
    botometer,
    lookups,
    twarc,
    crowdtangle,
    meta_content_library,
    share_tables,
    canonical,
)
FORMATS: dict[str, ModuleType] = {module.NAME: module for module in _MODULES}


def get_format(name: str) -> ModuleType:
    """The format module called ``name``; InputError listing the known names otherwise."""
    try:
        return FORMATS[name]
    except KeyError:
        raise InputError(f"unknown format {name!r}", hint=f"one of {', '.join(FORMATS)}") from None


def detect_format(path: Path) -> tuple[str, str]:
    """(format name, reason) for a file or folder: the first format whose sniff accepts it, and its
    rule in words. InputError (one line) when the path is missing or no format recognises it."""
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    for name, module in FORMATS.items():
        if module.sniff(path):
            return name, f"{path.name}: {module.SNIFF_RULE}"
    raise InputError(
        f"{path}: cannot tell its format",
        hint=f"name it with 'graphcli load FORMAT' (formats: {', '.join(FORMATS)})",
    )

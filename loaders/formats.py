"""The registry of source formats, and detection of the format of a file or folder for ``load auto``.

Each format module exposes ``NAME``, ``SNIFF_RULE`` (what sniffing looks for, in words), ``sniff(path)``
and ``read(path, options)``. Detection tries the formats in the order of ``FORMATS``: the most specific
signatures first, the catch-all canonical tables last.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from graphcli.loaders import (
    botometer,
    canonical,
    crowdtangle,
    crowdtangle_api,
    later_counts,
    lookups,
    meta_content_library,
    pull_folders,
    share_tables,
    twarc,
)
from graphcli.loaders.textio import csv_header
from graphcli.model.errors import InputError

_MODULES: tuple[ModuleType, ...] = (
    pull_folders,
    botometer,
    lookups,
    later_counts,
    twarc,
    crowdtangle,
    crowdtangle_api,
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


TRUNCATED = "cannot read it: the compressed data ends early (truncated file?)"


def detect_format(path: Path) -> tuple[str, str]:
    """(format name, reason) for a file or folder: the first format whose sniff accepts it, and its
    rule in words. InputError (one line) when the path is missing or no format recognises it."""
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    leftover = analysis_leftover(path)
    if leftover is not None:
        raise InputError(f"{path}: not a data file: {leftover}")
    try:
        for name, module in FORMATS.items():
            if module.sniff(path):
                return name, f"{path.name}: {module.SNIFF_RULE}"
    except EOFError:  # gzip's way of saying a compressed file was cut short
        raise InputError(f"{path}: {TRUNCATED}", hint="copy or download it again") from None
    raise InputError(
        f"{path}: cannot tell its format",
        hint=f"name it with 'graphcli load FORMAT' (formats: {', '.join(FORMATS)})",
    )


def analysis_leftover(path: Path) -> str | None:
    """Why ``path`` is an analysis output rather than data (the study's feature frame joins bin sizes,
    look-ups and scores; loading it would mistake one for the other), or None."""
    if path.is_file() and path.suffix.lower() == ".csv" and "binsize" in csv_header(path):
        return "an analysis feature frame (bin sizes joined with look-ups and scores): load its sources"
    return None


def detect_all(path: Path) -> list[tuple[Path, str | None, str]]:
    """(path, format name or None, reason) for everything to load under ``path``.

    A file, or a folder that is one source as a whole (a pull folder, a folder of twarc files), gives one
    entry. Any other folder is walked in name order and each entry inside is detected the same way;
    files inside it that no format recognises (notes, ``truth.json``) come back with name None and the
    reason, for the caller to report as skipped. A file given directly that no format recognises raises
    InputError, as ``detect_format`` does."""
    if not path.is_dir():
        try:
            return [(path, *detect_format(path))]
        except OSError as exc:  # given by name, so an error rather than a skip
            raise InputError(f"{path}: cannot read the file: {exc.strerror or exc}") from None
    try:
        return [(path, *detect_format(path))]
    except InputError:
        pass
    except OSError as exc:
        return [(path, None, f"cannot read the folder: {exc.strerror or exc}")]
    found: list[tuple[Path, str | None, str]] = []
    try:
        children = sorted(path.iterdir())
    except OSError as exc:
        return [(path, None, f"cannot read the folder: {exc.strerror or exc}")]
    for child in children:
        if child.name.startswith("."):
            continue
        if child.is_dir():
            found.extend(detect_all(child))
            continue
        try:
            found.append((child, *detect_format(child)))
        except InputError as exc:
            found.append((child, None, exc.message))
        except OSError as exc:  # a sniffer could not open it: skip it, say why
            found.append((child, None, f"cannot read the file: {exc.strerror or exc}"))
    return found

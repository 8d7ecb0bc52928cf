"""The query library: ``.cypher`` files under this folder, loaded by name.

A query's name is its path below ``cypher/`` without the extension, e.g. ``db/stats``.
Each file starts with a comment header (title, purpose, parameters with ``:param`` examples) so
an analyst can paste it into Neo4j Browser. A header line ``// Kind: question`` marks the questions an
analyst asks (`graphcli cypher --list`); the other files are graphcli's internal steps (load passes,
detection writes, bookkeeping), listed only with ``--all``. A file may hold several statements separated by a
semicolon at the end of a line; they run in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from graphcli.model.errors import QueryNotFound

QUERY_ROOT = Path(__file__).resolve().parent
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_STATEMENT_END = re.compile(r";[ \t]*(?:\n|$)")
_QUESTION = re.compile(r"^Kind:\s*question\b", re.MULTILINE)
_EXAMPLE = re.compile(r"^:param\s+([A-Za-z_][A-Za-z0-9_]*)\s*=>\s*(.+)$", re.MULTILINE)


@dataclass(frozen=True)
class Query:
    """One query file: its name, header and statements."""

    name: str
    path: Path
    title: str
    header: str
    statements: tuple[str, ...]

    @property
    def is_question(self) -> bool:
        """A question an analyst asks (``// Kind: question`` in the header), not an internal step."""
        return _QUESTION.search(self.header) is not None

    @property
    def examples(self) -> dict[str, str]:
        """The header's ``:param name => value`` examples: name -> the value as a Cypher expression."""
        return {m.group(1): m.group(2).strip() for m in _EXAMPLE.finditer(self.header)}

    @property
    def parameters(self) -> frozenset[str]:
        """The ``$names`` its statements use."""
        return frozenset(p for s in self.statements for p in _PARAM.findall(_strip_comments(s)))


def query_names() -> list[str]:
    """Every query in the library, sorted."""
    return sorted(str(p.relative_to(QUERY_ROOT).with_suffix("")) for p in QUERY_ROOT.rglob("*.cypher"))


def question_names() -> list[str]:
    """The analyst's questions, sorted (see the module docstring)."""
    return [name for name in query_names() if load_query(name).is_question]


@cache
def load_query(name: str) -> Query:
    """Load the library query ``name`` (e.g. ``db/stats``)."""
    path = (QUERY_ROOT / f"{name}.cypher").resolve()
    if QUERY_ROOT not in path.parents or not path.is_file():
        raise QueryNotFound(f"no query named {name!r}", hint="`graphcli cypher --list` shows them")
    return parse_query_file(path, name)


def parse_query_file(path: Path, name: str | None = None) -> Query:
    """Parse any ``.cypher`` file (library or the user's own)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryNotFound(f"{path}: cannot read query file: {exc}") from exc
    header_lines = []
    for line in text.splitlines():
        if not line.startswith("//"):
            break
        header_lines.append(line[2:].strip())
    title = next((h for h in header_lines if h), path.stem)
    statements = tuple(s.strip() for s in _STATEMENT_END.split(text) if _strip_comments(s).strip())
    if not statements:
        raise QueryNotFound(f"{path}: the file has no Cypher statement")
    return Query(name or path.stem, path, title, "\n".join(header_lines), statements)


def _strip_comments(statement: str) -> str:
    return "\n".join(line for line in statement.splitlines() if not line.lstrip().startswith("//"))

"""The house: each room imports only from the floors below it (and from itself), so the layout cannot decay.

Floors, lowest first: model -> server -> cypher -> loaders / detect / analytics / synth -> monitor -> cli.
Rooms on one floor do not import each other either: what two of them share belongs on a floor below.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FLOORS: dict[str, int] = {
    "model": 0,
    "server": 1,
    "cypher": 2,
    "loaders": 3,
    "detect": 3,
    "analytics": 3,
    "synth": 3,
    "monitor": 4,
    "cli": 5,
}


def graphcli_imports(source: str) -> list[tuple[int, str]]:
    """(line, room) for every import of ``graphcli.<room>`` in a module's source, lazy imports included."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
            if node.module == "graphcli":  # from graphcli import model, __version__
                names = [f"graphcli.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "graphcli" and len(parts) > 1 and parts[1] in FLOORS:
                found.append((node.lineno, parts[1]))
    return found


def violations(root: Path) -> list[str]:
    """Every import from a room on the same or a higher floor, as ``file:line: room -> room``."""
    bad = []
    for room, floor in FLOORS.items():
        for path in sorted((root / room).rglob("*.py")):
            for line, target in graphcli_imports(path.read_text(encoding="utf-8")):
                if target != room and FLOORS[target] >= floor:
                    bad.append(f"{path.relative_to(root)}:{line}: {room} -> {target}")
    return bad


def test_every_room_is_a_mapped_package() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for room in FLOORS:
        assert (ROOT / room / "__init__.py").is_file(), room
        assert f'"graphcli.{room}" = "{room}"' in pyproject, room


def test_no_room_imports_from_its_floor_or_above() -> None:
    assert violations(ROOT) == []


@pytest.mark.parametrize(
    ("room", "statement", "caught"),
    [
        ("model", "from graphcli.cypher.gateway import Gateway", True),
        ("loaders", "from graphcli.detect import runs", True),
        ("detect", "import graphcli.cli.app", True),
        ("analytics", "    from graphcli.monitor import cycle  # lazy", True),
        ("loaders", "from graphcli import detect", True),
        ("cli", "from graphcli.monitor.cycle import run_cycle", False),
        ("detect", "from graphcli.model.errors import ConfigError", False),
        ("detect", "from graphcli.detect import pairs", False),
    ],
)
def test_an_upward_import_is_caught(tmp_path: Path, room: str, statement: str, caught: bool) -> None:
    for name in FLOORS:
        (tmp_path / name).mkdir()
    body = f"def f():\n{statement}\n" if statement.startswith(" ") else f"{statement}\n"
    (tmp_path / room / "module.py").write_text(body, encoding="utf-8")
    assert bool(violations(tmp_path)) is caught


def test_the_readme_layout_table_is_the_top_level_folders() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    named = {name.rstrip("/") for row in table.splitlines() if row.startswith("|") for name in _folders(row)}
    untracked = {"build", "dist", "demo-out"}
    folders = {
        p.name
        for p in ROOT.iterdir()
        if p.is_dir() and not p.name.startswith(".") and p.name not in untracked
    }
    folders -= {p.name for p in ROOT.glob("*.egg-info")}
    assert named == folders


def _folders(row: str) -> list[str]:
    """The folder names in a table row's first cell: `model/`, or `bench/`, `docs/`."""
    return re.findall(r"`([a-z_]+/)`", row.split("|")[1])

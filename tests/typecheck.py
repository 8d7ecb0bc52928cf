"""Type-check graphcli as one package: ``python -m tests.typecheck [mypy options]`` (``make lint`` runs it).

The repository's folders become ``graphcli.*`` only through pyproject's ``package-dir``, which mypy cannot
follow. So this builds a view, ``build/typecheck/graphcli/``, of symbolic links to the folders as they are
(nothing copied, new modules are seen at once), points mypy at it, and prints mypy's findings with the
repository's own paths.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VIEW = ROOT / "build" / "typecheck"


def build_view(root: Path = ROOT, view: Path = VIEW) -> Path:
    """``view/graphcli`` laid out as the installed package, of links into ``root``; returns ``view``."""
    mapping = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    package = view / "graphcli"
    package.mkdir(parents=True, exist_ok=True)
    links = {"__init__.py": root / mapping["package-dir"]["graphcli"] / "__init__.py"}
    links["py.typed"] = links["__init__.py"].with_name("py.typed")
    for name, folder in mapping["package-dir"].items():
        if name.count(".") == 1:
            links[name.split(".")[1]] = root / folder
    for entry in package.iterdir():
        if entry.name not in links:
            entry.unlink()
    for name, target in links.items():
        link = package / name
        if link.is_symlink() and link.resolve() == target.resolve():
            continue
        link.unlink(missing_ok=True)
        link.symlink_to(target)
    return view


def repo_paths(report: str, root: Path = ROOT, view: Path = VIEW) -> str:
    """mypy's report with paths in the view turned back into the repository's own."""
    inside = f"{view.relative_to(root)}/graphcli/"
    return report.replace(inside + "__init__.py", "package/__init__.py").replace(inside, "")


def main(argv: list[str]) -> int:
    from mypy import api  # only where mypy is installed: the test extra

    build_view()
    stdout, stderr, status = api.run([str(VIEW / "graphcli"), "tests", "bench", *argv])
    sys.stdout.write(repo_paths(stdout))
    sys.stderr.write(stderr)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The wheel maps the top-level folders into one namespace and installs nothing bare."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    (out / "build.log").write_text(built.stdout + built.stderr)
    return next(out.glob("graphcli-*.whl"))


def test_the_build_has_nothing_to_warn_about(wheel: Path) -> None:
    """Every folder of the query library is a declared (data) package: setuptools warns about none."""
    log = (wheel.parent / "build.log").read_text()
    assert "absent from the `packages` configuration" not in log
    assert "would be ignored" not in log
    names = zipfile.ZipFile(wheel).namelist()
    library = {str(p.relative_to(ROOT)) for p in (ROOT / "cypher").rglob("*.cypher")}
    assert {f"graphcli/{n}" for n in library} <= set(names)
    assert "graphcli/cypher/guide/graphcli.html" in names


def test_wheel_has_only_the_graphcli_namespace(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert top == {"graphcli"}
    for sub in ("cli", "loaders", "cypher", "analytics"):
        assert f"graphcli/{sub}/__init__.py" in names
    assert "graphcli/cypher/db/stats.cypher" in names  # query files travel with the code


def test_wheel_installs_into_a_fresh_venv_and_runs(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(venv / "bin" / "python"),
            "install",
            "-q",
            "--no-deps",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    site = next((venv / "lib").glob("python3*/site-packages"))
    assert not any((site / bare).exists() for bare in ("cli", "loaders", "cypher", "analytics", "common"))
    # Dependencies come from this environment's site-packages; its editable-install hook is a .pth
    # file, which PYTHONPATH entries do not run, so only the wheel provides `graphcli` here.
    env = {"PYTHONPATH": sysconfig.get_paths()["purelib"], "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [str(venv / "bin" / "graphcli"), "--help"], env=env, capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "neo4j" in result.stdout and "cypher" in result.stdout
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import graphcli.cli; print(graphcli.cli.__file__)"],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    ).stdout
    assert where.startswith(str(site))

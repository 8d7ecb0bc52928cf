"""``make lint`` type-checks calls into graphcli for real: a wrong call is an error, a right one is not."""

from __future__ import annotations

from pathlib import Path

from mypy import api as mypy_api

from tests.typecheck import ROOT, VIEW, build_view, repo_paths

WRONG = """
from graphcli.detect.cosharing import detect_cosharing

detect_cosharing("not a gateway", kind="link", use_gds="no")
"""
RIGHT = """
from graphcli.cypher.gateway import Gateway
from graphcli.detect.cosharing import CosharingParams, detect_cosharing


def run(gw: Gateway) -> int:
    return int(detect_cosharing(gw, CosharingParams(kind="link"), use_gds=False).counts["edges"])
"""


def _check(tmp_path: Path, source: str) -> tuple[str, int]:
    build_view()
    module = tmp_path / "caller.py"
    module.write_text(source, encoding="utf-8")
    config = str(ROOT / "pyproject.toml")
    cache = str(ROOT / ".mypy_cache")
    stdout, _, status = mypy_api.run(["--config-file", config, "--cache-dir", cache, str(module)])
    return stdout, status


def test_a_wrong_call_into_graphcli_is_an_error(tmp_path: Path) -> None:
    report, status = _check(tmp_path, WRONG)
    assert status == 1
    assert 'Argument 1 to "detect_cosharing" has incompatible type "str"' in report
    assert 'Unexpected keyword argument "kind"' in report


def test_a_right_call_passes(tmp_path: Path) -> None:
    report, status = _check(tmp_path, RIGHT)
    assert status == 0, report


def test_the_view_is_links_to_the_folders_and_reports_use_their_paths(tmp_path: Path) -> None:
    view = build_view(ROOT, tmp_path / "view")
    assert (view / "graphcli" / "detect").resolve() == ROOT / "detect"
    assert (view / "graphcli" / "__init__.py").resolve() == ROOT / "package" / "__init__.py"
    line = f"{VIEW.relative_to(ROOT)}/graphcli/detect/bins.py:3: error: x"
    assert repo_paths(line) == "detect/bins.py:3: error: x"

"""The HTML report opened in real headless Chromium: loads without console errors, every image renders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graphcli.analytics.html_report import write_report
from graphcli.cypher.gateway import Gateway
from tests.browser import console_errors, load


def render_status(dom: str) -> str:
    match = re.search(r'id="render-status">([^<]*)<', dom)
    assert match, "the report has no render-status element"
    return match.group(1)


@pytest.mark.neo4j
@pytest.mark.slow
def test_report_renders_in_chromium(world: Gateway, tmp_path: Path) -> None:
    result = write_report(world, tmp_path / "report")
    page = result.html.read_text(encoding="utf-8")
    assert 'src="http' not in page and 'href="http' not in page  # self-contained
    assert page.count("data:image/png;base64,") == len(result.plots) == 8
    expected_parts = (
        "run-link",
        "run-hashtag",
        "Fisher z",
        "c-hashtag-1",
        "#vote",
        "ex.com",
        "bin-likes-6",
        "news.example",
        "#breaking",
    )
    for expected in expected_parts:
        assert expected in page
    loaded = load(result.html, tmp_path / "report.png")
    assert render_status(loaded.dom) == "images-ok 8"
    assert console_errors(loaded.log) == []
    assert loaded.screenshot is not None and loaded.screenshot.stat().st_size > 10_000


@pytest.mark.slow
def test_the_checks_catch_a_broken_page(tmp_path: Path) -> None:
    """Negative control: the same checks fail on a page with a broken image and a console error."""
    from graphcli.analytics.html_report import STATUS_SCRIPT

    page = tmp_path / "broken.html"
    page.write_text(
        f"<!DOCTYPE html><html><head><script>{STATUS_SCRIPT}</script></head><body>"
        '<span id="render-status">rendering</span><img src="data:image/png;base64,AAAA">'
        "<script>console.error('deliberate failure'); undefinedFunction();</script></body></html>",
        encoding="utf-8",
    )
    loaded = load(page)
    assert render_status(loaded.dom).startswith("images-broken 1 of 1")
    assert console_errors(loaded.log)

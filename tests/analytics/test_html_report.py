"""The HTML report opened in real headless Chromium at 1280 px: it loads without console errors, every
image renders, the page never scrolls sideways, and the first screen names a coordinated group's handles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graphcli.analytics.html_report import SECTIONS, write_report
from graphcli.cypher.gateway import Gateway
from tests.browser import console_errors, load


def render_status(dom: str) -> str:
    match = re.search(r'id="render-status">([^<]*)<', dom)
    assert match, "the report has no render-status element"
    return match.group(1)


@pytest.mark.neo4j
@pytest.mark.slow
def test_report_leads_with_the_groups_and_renders_in_chromium(world: Gateway, tmp_path: Path) -> None:
    result = write_report(world, tmp_path / "report")
    page = result.html.read_text(encoding="utf-8")
    assert 'src="http' not in page and 'href="http' not in page  # self-contained
    # 7 statistics plots and one labelled network picture per group (4 communities in the test world)
    assert page.count("data:image/png;base64,") == len(result.plots) == 11
    findings = page[page.index('id="findings"') : page.index('id="groups"')]
    # the strongest groups, with handles, what they shared and why (fixture: see its header)
    for expected in ("@User1", "@User11", "https://ex.com/a", "#vote", "shared within seconds"):
        assert expected in findings, expected
    # the order of the page: findings, groups, bins, statistics, methods
    positions = [page.index(f'id="{anchor}"') for anchor in ("findings", "groups", "bins", "statistics")]
    assert positions == sorted(positions)
    for expected in ("run-link", "run-hashtag", "Fisher z", "c-hashtag-1", "bin-likes-6", "news.example"):
        assert expected in page
    assert "one-item bins" in page and "nodes: Alert" not in page
    loaded = load(result.html, tmp_path / "first-screen.png", window="1280,900")
    assert render_status(loaded.dom) == "images-ok 11 fits handles-on-first-screen"
    assert console_errors(loaded.log) == []
    assert loaded.screenshot is not None and loaded.screenshot.stat().st_size > 10_000


def test_sections_are_a_list_to_extend() -> None:
    names = [section.__name__ for section in SECTIONS]
    assert names[0] == "findings_section" and "bins_section" in names


@pytest.mark.slow
def test_the_checks_catch_a_broken_page(tmp_path: Path) -> None:
    """Negative control: the same checks fail on a page with a broken image and a console error, and on a
    page wider than the window."""
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
    wide = tmp_path / "wide.html"
    wide.write_text(
        f"<!DOCTYPE html><html><head><script>{STATUS_SCRIPT}</script></head><body>"
        '<span id="render-status">rendering</span><table><tr><td style="white-space:nowrap">'
        + "x" * 3000
        + "</td></tr></table></body></html>",
        encoding="utf-8",
    )
    assert render_status(load(wide, window="1280,900").dom) == "images-ok 0 overflow handles-below"

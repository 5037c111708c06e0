"""The checks every journey page gets: a page too wide for the window or with a serious
accessibility problem is reported to the test, without the test asking."""

from __future__ import annotations

import pytest

from .checks import NARROW, settle, watch

pytestmark = pytest.mark.e2e

BAD_PAGE = b"""<!doctype html><html lang="en"><head><title>Too wide</title></head>
<body><main><h1>Too wide</h1><div style="width: 900px">wide</div>
<img src="/missing.png"></main></body></html>"""
GOOD_PAGE = b"""<!doctype html><html lang="en"><head><title>Fine</title></head>
<body><main><h1>Fine</h1><p>Short.</p></main></body></html>"""


@pytest.fixture
def watched(browser):
    context = browser.new_context(viewport=NARROW)
    problems = watch(context)
    yield context.new_page(), problems
    context.close()


def test_every_loaded_page_is_checked_for_width_and_axe(watched, http_server):
    page, problems = watched
    page.goto(http_server.serve("/bad", BAD_PAGE, content_type="text/html"))

    settle(page)
    assert any("/bad at 390px is " in p and "px wide" in p for p in problems), problems
    assert any("image-alt (critical)" in p for p in problems), problems


def test_a_page_that_fits_and_passes_axe_reports_nothing(watched, http_server):
    page, problems = watched
    page.goto(http_server.serve("/good", GOOD_PAGE, content_type="text/html"))
    settle(page)

    assert page.evaluate("() => Boolean(window.__axeRunning)") and problems == []

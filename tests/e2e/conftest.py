"""Playwright against Debian's Chromium; never a downloaded browser."""

from __future__ import annotations

import os
import shutil

import pytest

from .checks import WIDTHS, settle, watch

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# The window every journey starts in: E2E_WIDTH=390 walks them all as on a phone (CI's second
# run does), the default as on a laptop. Journeys may switch widths themselves.
VIEWPORT = WIDTHS[os.environ.get("E2E_WIDTH", "1280")]
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail("Chromium not found at %s (install Debian's chromium package)" % CHROMIUM)
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # around it are synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


# Records every Content Security Policy violation of the page in window.__cspViolations.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


def csp_violations(page, console: list[str]) -> list[str]:
    """What the Content Security Policy blocked on the current page and in the console."""
    try:
        seen = page.evaluate("window.__cspViolations || []")
    except Exception:  # the page is closing or navigating: the console still has them
        seen = []
    return seen + [text for text in console if "Content Security Policy" in text]


@pytest.fixture
def page(browser, live_server):
    """A page of the live server; the test fails if the CSP blocked anything it loaded."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=VIEWPORT)
    context.add_init_script(CSP_LISTENER)
    problems = watch(context)
    page = context.new_page()
    page.set_default_timeout(30_000)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.csp_console = console
    yield page
    settle(page)
    violations = csp_violations(page, console)
    context.close()
    assert violations == [], "The Content Security Policy blocked: %s" % violations
    assert problems == [], "Pages that did not fit or failed axe-core:\n%s" % "\n".join(problems)


def log_in(page, email: str, password: str | None = None) -> None:
    """Log in through the login page and land on the manage dashboard."""
    import re

    from playwright.sync_api import expect

    from tests.factories import PASSWORD

    page.goto("/")
    page.get_by_role("link", name="Log in").click()
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password or PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/manage/$"))

"""What every page a journey visits must hold: it fits the window and axe-core finds no
serious or critical accessibility violation.

axe-core comes with the ``axe-playwright-python`` test dependency (its bundled
``axe.min.js``); it is injected through ``page.evaluate``, which the page's Content Security
Policy does not block, so the checks see the page exactly as a visitor does.
"""

from __future__ import annotations

from contextlib import suppress
from functools import cache

WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 390, "height": 844}
WIDTHS = {"1280": WIDE, "390": NARROW}
SERIOUS = ("serious", "critical")


@cache
def _axe_source() -> str:
    from importlib.resources import files

    return files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


# Run in every page of a journey (see ``watch``): once the page has loaded and settled, measure
# its width and run axe-core, and report both to the test through the ``__pageCheck`` binding.
WATCH = """
(function () {
  if (window.top !== window) return;
  window.addEventListener("load", function () {
    setTimeout(function () {
      if (!window.axe || !window.__pageCheck) return;
      var url = location.pathname + location.search;
      var scroll = document.documentElement.scrollWidth, inner = window.innerWidth;
      var run = function () { return axe.run(document, {resultTypes: ["violations"]}); };
      // One axe run at a time: a test's own check (serious_violations) may be running.
      var running = (window.__axeRunning || Promise.resolve()).catch(function () {}).then(run);
      window.__axeRunning = running;
      running.then(function (result) {
        var serious = result.violations.filter(function (v) {
          return v.impact === "serious" || v.impact === "critical";
        }).map(function (v) {
          return v.id + " (" + v.impact + "): " + v.help + " at "
            + v.nodes.slice(0, 3).map(function (n) { return n.target.join(" "); }).join(", ");
        });
        window.__pageCheck({url: url, scroll: scroll, inner: inner, violations: serious});
      }).catch(function () {});
    }, 400);
  });
})();
"""


def watch(context) -> list[str]:
    """Check every page the context loads from now on: its width against the window and
    axe-core's serious and critical violations. Returns the list the problems go to."""
    problems: list[str] = []

    def report(_source, found: dict) -> None:
        where = "%s at %spx" % (found["url"], found["inner"])
        if found["scroll"] > found["inner"]:
            problems.append("%s is %spx wide" % (where, found["scroll"]))
        problems.extend("%s: %s" % (where, v) for v in found["violations"])

    context.expose_binding("__pageCheck", report)
    context.add_init_script(_axe_source())
    context.add_init_script(WATCH)
    return problems


def settle(page) -> None:
    """Wait until the current page's own check has reported (Playwright's sync API delivers
    the report only while the test calls it)."""
    # A closed page, one navigating away or one that is not HTML has nothing to wait for.
    with suppress(Exception):
        page.wait_for_function("() => Boolean(window.__axeRunning)", timeout=5_000)
        page.evaluate("() => window.__axeRunning.then(() => true, () => true)")
        page.wait_for_timeout(50)


def overflow(page) -> dict:
    """How wide the document is against the window, and the widest elements that stick out."""
    return page.evaluate(
        """() => {
          const width = window.innerWidth;
          const wide = [];
          for (const el of document.querySelectorAll('body *')) {
            const box = el.getBoundingClientRect();
            if (box.width && box.right > width + 1) {
              wide.push((el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                + (el.className && typeof el.className === 'string'
                   ? '.' + el.className.trim().split(/\\s+/).join('.') : ''))
                + ' right=' + Math.round(box.right));
            }
          }
          return {scroll: document.documentElement.scrollWidth, inner: width,
                  wide: wide.slice(0, 8)};
        }"""
    )


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the current page, one line each."""
    if not page.evaluate("() => Boolean(window.axe)"):
        page.evaluate(_axe_source())
    result = page.evaluate(
        """() => {
          const run = () => axe.run(document, {resultTypes: ['violations']});
          const running = (window.__axeRunning || Promise.resolve()).catch(() => {}).then(run);
          window.__axeRunning = running;
          return running.then(r => r.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})));
        }"""
    )
    return [
        "%s (%s): %s at %s" % (v["id"], v["impact"], v["help"], ", ".join(v["nodes"]))
        for v in result
        if v["impact"] in SERIOUS
    ]


def assert_page_ok(page, where: str = "") -> None:
    """The current page fits the window's width and has no serious accessibility problem."""
    page.wait_for_load_state("load")
    where = where or page.url
    fit = overflow(page)
    assert fit["scroll"] <= fit["inner"], "%s is %spx wide in a %spx window; too wide: %s" % (
        where,
        fit["scroll"],
        fit["inner"],
        fit["wide"],
    )
    found = serious_violations(page)
    assert found == [], "axe-core on %s:\n%s" % (where, "\n".join(found))

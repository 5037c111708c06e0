"""What every page a journey visits must hold: it fits the window and axe-core finds no
serious or critical accessibility violation.

axe-core comes with the ``axe-playwright-python`` test dependency (its bundled
``axe.min.js``); it is injected through ``page.evaluate``, which the page's Content Security
Policy does not block, so the checks see the page exactly as a visitor does.
"""

from __future__ import annotations

from functools import cache

WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 390, "height": 844}
WIDTHS = {"1280": WIDE, "390": NARROW}
SERIOUS = ("serious", "critical")


@cache
def _axe_source() -> str:
    from importlib.resources import files

    return files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


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
    page.evaluate(_axe_source())
    result = page.evaluate(
        """() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))"""
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

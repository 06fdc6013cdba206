"""Keyboard only: tabbing through the home page and a story in headless Chromium.

A reader who cannot use a pointer must see where focus is (WCAG 2.4.7, 2.4.11), meet the
skip link first and be able to jump past the header (2.4.1), and move through the page in
the order it reads (2.4.3): skip link, then the header's search and navigation, then the
main content.
"""

from __future__ import annotations

import pytest

from tests.test_accessibility import discover_pages

pytestmark = pytest.mark.browser

#: Most Tab presses a walk through one page may take before giving up (a focus trap).
MAX_TABS = 250

#: What a focus stop is, where it sits, and how its focus indicator differs from its unfocused look.
DESCRIBE_ACTIVE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const region = el.classList.contains('skip') ? 'skip'
    : el.closest('main') ? 'main' : el.closest('nav') ? 'nav'
    : el.closest('form[role=search]') ? 'search' : el.closest('header') ? 'header'
    : el.closest('footer') ? 'footer' : 'other';
  const all = [...document.querySelectorAll('*')];
  const look = s => [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(' | ');
  const focused = getComputedStyle(el);
  return {
    region, order: all.indexOf(el), tag: el.tagName.toLowerCase(), id: el.id,
    text: (el.textContent || el.getAttribute('aria-label') || el.name || '').trim().slice(0, 40),
    focused: look(focused), unfocused: window.__unfocused.get(el) ?? null,
    outlineVisible: focused.outlineStyle !== 'none' && parseFloat(focused.outlineWidth) >= 2,
  };
}"""

#: Remember every focusable element's unfocused look before the first Tab.
RECORD_UNFOCUSED = """() => {
  window.__unfocused = new Map();
  const look = s => [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(' | ');
  for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')) {
    window.__unfocused.set(el, look(getComputedStyle(el)));
  }
}"""


def tab_stops(page) -> list[dict]:
    """Every focus stop met pressing Tab from the top of the page until focus leaves it."""
    page.evaluate(RECORD_UNFOCUSED)
    stops: list[dict] = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        stop = page.evaluate(DESCRIBE_ACTIVE)
        if stop is None or (stops and stop["order"] == stops[0]["order"]):
            return stops
        stops.append(stop)
    pytest.fail(f"focus never left the page after {MAX_TABS} Tab presses (a keyboard trap?)")


@pytest.fixture(scope="module", params=["home", "story"])
def page_path(request, built_site) -> str:
    """The path of the home page and of a story in the built site."""
    pages = {p.kind: p.url_path for p in discover_pages(built_site)}
    return pages[request.param]


def test_the_first_tab_stop_is_the_skip_link(page, site_url, page_path):
    page.goto(site_url + page_path)
    page.keyboard.press("Tab")
    first = page.evaluate(DESCRIBE_ACTIVE.replace("window.__unfocused.get(el) ?? null", "null"))
    assert first and first["region"] == "skip", f"first Tab stop on {page_path} is {first}"


def test_the_skip_link_moves_focus_to_main(page, site_url, page_path):
    page.goto(site_url + page_path)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')"), "Tab after the skip link left the main content"


def test_tab_meets_skip_link_search_navigation_then_main_in_reading_order(page, site_url, page_path):
    page.goto(site_url + page_path)
    stops = tab_stops(page)
    regions = [s["region"] for s in stops]
    first_main = regions.index("main") if "main" in regions else None
    assert regions[0] == "skip", regions
    assert first_main is not None, f"Tab never reached the main content of {page_path}: {regions}"
    assert "search" in regions[:first_main] and "nav" in regions[:first_main], f"header order on {page_path}: {regions}"
    orders = [s["order"] for s in stops]
    assert orders == sorted(orders), f"Tab order on {page_path} jumps against the reading order: {stops}"


def test_every_tab_stop_shows_where_focus_is(page, site_url, page_path):
    page.goto(site_url + page_path)
    invisible = [s for s in tab_stops(page) if not (s["outlineVisible"] or s["focused"] != s["unfocused"])]
    assert not invisible, f"focus is not visible on {page_path} at: {invisible}"


def test_a_page_that_hides_focus_fails_the_visibility_check(browser, site_url):
    # The check above must be able to fail: hide every focus indicator and walk the home page.
    context = browser.new_context(bypass_csp=True)
    tab = context.new_page()
    tab.goto(site_url + "/")
    tab.add_style_tag(content="*:focus, *:focus-visible { outline: none !important; box-shadow: none !important; }")
    try:
        stops = tab_stops(tab)
        assert stops and not any(s["outlineVisible"] or s["focused"] != s["unfocused"] for s in stops)
    finally:
        context.close()

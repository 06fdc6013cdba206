"""Screenshots for a reviewer, and no sideways scrolling, at phone and desktop width.

The home page, a story and a collection are opened in headless Chromium at 390 px (a phone)
and 1280 px (a desktop), light and (at phone width) dark, and saved as full-page PNGs under
output-screenshots/ at the repository root (git-ignored) so a reviewer can look at what a
reader sees. Each must fit its width: a page a reader has to scroll sideways on a phone
fails WCAG 1.4.10 (reflow).
"""

from __future__ import annotations

import pytest

from tests.sitebuild import REPO
from tests.test_accessibility import discover_pages

pytestmark = pytest.mark.browser

SCREENSHOTS = REPO / "output-screenshots"
#: name -> (width, height, colour scheme)
VIEWS = {"phone": (390, 844, "light"), "phone-dark": (390, 844, "dark"), "desktop": (1280, 900, "light")}
KINDS = {"home": "home", "story": "story with content note", "collection": "collection"}


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("name", KINDS)
def test_page_fits_the_width_and_is_saved_as_a_screenshot(browser, built_site, site_url, name, view):
    pages = {p.kind: p for p in discover_pages(built_site)}
    if KINDS[name] not in pages:
        pytest.skip(f"the built site has no {KINDS[name]} page")
    width, height, scheme = VIEWS[view]
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme, locale="en-GB")
    try:
        tab = context.new_page()
        tab.goto(site_url + pages[KINDS[name]].url_path)
        overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        SCREENSHOTS.mkdir(exist_ok=True)
        shot = SCREENSHOTS / f"{name}-{view}-{width}.png"
        tab.screenshot(path=str(shot), full_page=True)
    finally:
        context.close()
    assert shot.stat().st_size > 0
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"

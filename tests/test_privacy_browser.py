"""Privacy as a reader's browser sees it: every request, cookie and stored item, recorded.

One headless Chromium context visits one page of every kind (the pages tests/test_accessibility.py
discovers, search with results included) and records every request each page makes
(Playwright `page.on("request")`), every Content-Security-Policy violation, and afterwards the
context's cookies and each page's localStorage/sessionStorage. All requests must go to the
local server: 0 third-party loads.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from tests.test_accessibility import discover_pages, open_page

pytestmark = pytest.mark.browser

#: Reports every CSP violation into window.__cspViolations (installed through DevTools, not a <script>).
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')));
"""


@dataclass
class Visit:
    """What the browser did for one page."""

    requests: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    stored_items: int = 0


def is_local(url: str, site_url: str) -> bool:
    """True for a request to the local test server (or an in-page data:/blob: URL, never a network load)."""
    return url.startswith(site_url + "/") or url == site_url or url.startswith(("data:", "blob:"))


@pytest.fixture(scope="module")
def visits(browser, built_site, site_url):
    """(visits by page path, cookies left in the context after visiting them all)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    record: dict[str, Visit] = {}
    try:
        for site_page in discover_pages(built_site):
            visit = record.setdefault(site_page.url_path, Visit())
            tab = context.new_page()
            tab.on("request", lambda request, visit=visit: visit.requests.append(request.url))
            open_page(tab, site_url, site_page)
            tab.wait_for_load_state("networkidle")
            visit.csp_violations = tab.evaluate("window.__cspViolations")
            visit.stored_items = tab.evaluate("localStorage.length + sessionStorage.length")
            tab.close()
        cookies = context.cookies()
    finally:
        context.close()
    return record, cookies


def test_every_page_was_visited_and_made_requests(visits):
    record, _ = visits
    assert "/" in record and all(v.requests for v in record.values())


def test_every_request_goes_to_the_local_server(visits, site_url):
    record, _ = visits
    third_party = {path: [u for u in v.requests if not is_local(u, site_url)] for path, v in record.items()}
    assert not {p: urls for p, urls in third_party.items() if urls}


def test_no_cookie_exists_after_visiting_every_page(visits):
    _, cookies = visits
    assert cookies == []


def test_no_page_stores_anything_in_local_or_session_storage(visits):
    record, _ = visits
    assert not {path: v.stored_items for path, v in record.items() if v.stored_items}


def test_no_page_does_anything_its_own_content_security_policy_blocks(visits):
    record, _ = visits
    assert not {path: v.csp_violations for path, v in record.items() if v.csp_violations}


def test_the_recorder_sees_a_planted_third_party_request(browser, site_url):
    # The request check must be able to fail: a tracking pixel added to a page is recorded.
    context = browser.new_context(bypass_csp=True)
    tab = context.new_page()
    requests: list[str] = []
    tab.on("request", lambda request: requests.append(request.url))
    try:
        tab.goto(site_url + "/")
        with tab.expect_request("http://tracker.invalid/pixel.gif"):
            tab.evaluate("new Image().src = 'http://tracker.invalid/pixel.gif'")
    finally:
        context.close()
    assert [u for u in requests if not is_local(u, site_url)] == ["http://tracker.invalid/pixel.gif"]

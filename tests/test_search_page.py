"""The search page in headless Chromium (Playwright driving Debian's /usr/bin/chromium).

Queries are taken from the real built site (`built_site`, anonymiser on), so the tests keep
working when stories change: a word of a story's title, a name the anonymiser removed.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlparse

import pytest

from tests.test_search_index import unique_removed_words

pytestmark = pytest.mark.browser

RESULT_LINKS = "ol.search-results > li h2 a"


@pytest.fixture(scope="module")
def docs(built_site):
    """The built site's docs.json."""
    return json.loads((built_site / "search" / "docs.json").read_text())


@pytest.fixture(scope="module")
def title_word(docs):
    """(word, url) for the longest word of the newest story's title: a query it must answer."""
    url, title = docs["docs"][0][0], docs["docs"][0][1]
    return max(re.findall(r"[A-Za-z]+", title), key=len), url


def open_search(page, site_url, query=""):
    """Open the search page (with `query`, e.g. "?q=head") and wait until its index is loaded."""
    page.goto(f"{site_url}/search/{query}")
    page.wait_for_selector("#search-form[data-state=ready]", state="attached")


def result_urls(page) -> list[str]:
    """The paths the result links point to, in order."""
    return [urlparse(href).path for href in page.eval_on_selector_all(RESULT_LINKS, "links => links.map(a => a.href)")]


def search_for(page, text):
    """Type `text` in the search box, press Enter and wait for the count to be announced."""
    page.fill("#search-q", text)
    page.press("#search-q", "Enter")
    page.wait_for_function("document.getElementById('search-status').textContent.includes('found')")


def test_a_word_from_a_story_finds_it(page, site_url, title_word):
    word, url = title_word
    open_search(page, site_url)
    search_for(page, word)
    assert "/" + url in result_urls(page)


def test_a_name_the_anonymiser_removed_finds_nothing(page, site_url):
    open_search(page, site_url)
    for word in unique_removed_words():
        search_for(page, word)
        assert page.text_content("#search-status").startswith("No stories found"), word
        assert result_urls(page) == []


def test_a_query_in_the_url_fills_the_box_and_shows_results(page, site_url, title_word):
    word, url = title_word
    open_search(page, site_url, f"?q={word}")
    page.wait_for_selector(RESULT_LINKS)
    assert page.input_value("#search-q") == word
    assert "/" + url in result_urls(page)


def test_results_are_announced_in_a_polite_live_region(page, site_url, title_word):
    open_search(page, site_url, f"?q={title_word[0]}")
    status = page.locator("#search-status")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    page.wait_for_selector(RESULT_LINKS)
    count = len(result_urls(page))
    assert re.match(rf"^{count} stor(y|ies) found", status.text_content())


def test_matched_words_are_highlighted(page, site_url, title_word):
    word = title_word[0]
    open_search(page, site_url, f"?q={word}")
    page.wait_for_selector(RESULT_LINKS)
    marks = page.eval_on_selector_all("ol.search-results mark", "ms => ms.map(m => m.textContent.toLowerCase())")
    assert word.lower() in marks


def test_the_theme_filter_narrows_the_results(page, site_url, docs):
    open_search(page, site_url, "?q=head")
    page.wait_for_selector(RESULT_LINKS)
    everything = result_urls(page)
    slug, name = docs["themes"][0]
    page.select_option("#search-theme", slug)
    page.wait_for_function(f"document.getElementById('search-status').textContent.includes('in {name}')")
    narrowed = result_urls(page)
    in_theme = {"/" + d[0] for d in docs["docs"] if 0 in d[2]}
    assert narrowed and set(narrowed) <= in_theme and len(narrowed) < len(everything)
    assert parse_qs(urlparse(page.url).query) == {"q": ["head"], "theme": [slug]}


def test_back_returns_to_the_previous_search(page, site_url, title_word):
    word = title_word[0]
    open_search(page, site_url, f"?q={word}")
    page.wait_for_selector(RESULT_LINKS)
    first = result_urls(page)
    search_for(page, "head")
    assert parse_qs(urlparse(page.url).query) == {"q": ["head"]}
    page.go_back()
    page.wait_for_function(f"document.getElementById('search-q').value === {json.dumps(word)}")
    assert result_urls(page) == first


def test_keyboard_only_search_reaches_the_first_result(page, site_url, title_word):
    word, url = title_word
    open_search(page, site_url)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "search-q":
            break
    assert page.evaluate("document.activeElement.id") == "search-q"
    page.keyboard.type(word)
    page.keyboard.press("Enter")
    page.wait_for_selector(RESULT_LINKS)
    for _ in range(3):  # the theme select, the Search button, then the first result
        page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.href || ''")
    assert focused and urlparse(focused).path == result_urls(page)[0]
    page.keyboard.press("Enter")
    page.wait_for_url(focused)


def test_the_page_asks_no_other_host(page, site_url, title_word):
    hosts = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
    open_search(page, site_url, f"?q={title_word[0]}")
    page.wait_for_selector(RESULT_LINKS)
    assert hosts == {urlparse(site_url).netloc}


def test_without_javascript_the_page_explains_and_links_every_story(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_url}/search/?q=head")
        fallback = page.locator("#search-fallback")
        assert fallback.is_visible() and "needs JavaScript" in fallback.text_content()
        hrefs = [urlparse(h).path for h in fallback.locator("a").evaluate_all("as => as.map(a => a.href)")]
        assert hrefs == ["/themes/", "/stories/"]
    finally:
        context.close()


def test_the_page_finds_what_the_python_search_finds(page, site_url, built_site, docs):
    """search.js (lunr.js over the expanded compact index) agrees with core.search (lunr.py)."""
    from plugins.search_index.core import load_index, search

    index = load_index(json.loads((built_site / "search" / "index.json").read_text()))
    open_search(page, site_url)
    for query in ["inspection", "governers", "small school", "parent harassment", "coming back after sick leave"]:
        expected = {"/" + docs["docs"][int(ref)][0] for ref in search(index, query)}
        search_for(page, query)
        assert set(result_urls(page)) == expected, query

"""The search page in headless Chromium (Playwright driving Debian's /usr/bin/chromium).

Queries are taken from the real built site (`built_site`, anonymiser on), so the tests keep
working when stories change: a word of a story's title, a name the anonymiser removed, a word
that stands only in one story's body. One small site built here has its body index in many
shards, so search.js's shard hash is checked against core.py's.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlparse

import pytest

from plugins.search_index.core import body_search, body_words, load_index, search, stem
from tests.conftest import serve
from tests.sitebuild import build, story, write_content
from tests.test_search_index import unique_removed_words

pytestmark = pytest.mark.browser

RESULT_LINKS = "ol.search-results > li h2 a"
BODY_LINKS = "#search-body-results > li h3 a"
BODY_DONE = "#search-form[data-body=done]"


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
    """Type `text` in the search box, press Enter and wait for the complete results (the body
    index asked too). Pressing Enter runs the search at once, marking the body search pending."""
    page.fill("#search-q", text)
    page.press("#search-q", "Enter")
    page.wait_for_selector(BODY_DONE, state="attached")


def body_urls(page) -> list[str]:
    """The paths of the stories listed as found in the text, in order."""
    return [urlparse(href).path for href in page.eval_on_selector_all(BODY_LINKS, "links => links.map(a => a.href)")]


def load_shards(site):
    """(docs, shard loader) of a built site's search files, as search.js fetches them."""
    docs = json.loads((site / "search" / "docs.json").read_text())
    return docs, lambda n: json.loads((site / "search" / "body" / f"{n}.json").read_text())


@pytest.fixture(scope="module")
def body_only_word(built_site, docs):
    """(word, url): a word of 5+ letters standing in exactly one story's body and not found by
    the small index, so only the body index can find its story."""
    index = load_index(json.loads((built_site / "search" / "index.json").read_text()))
    texts = [json.loads((built_site / "search" / "text" / f"{ref}.json").read_text()) for ref in range(len(docs["docs"]))]
    words_of = [set(body_words(text)) for text in texts]
    holders: dict[str, set[int]] = {}
    for ref, found in enumerate(words_of):
        for word in found:
            holders.setdefault(stem(word), set()).add(ref)
    for ref, found in enumerate(words_of):
        for word in sorted(w for w in found if re.fullmatch(r"[a-z]{6,}", w)):
            if holders.get(stem(word)) == {ref} and not search(index, word):
                return word, docs["docs"][ref][0]
    pytest.fail("no story holds a word of its own that the small index misses")


@pytest.fixture(scope="module")
def first_and_body_word(built_site, docs):
    """A word the small index finds in some stories and the body index in others."""
    index = load_index(json.loads((built_site / "search" / "index.json").read_text()))
    _, load = load_shards(built_site)
    for word in ["governors", "parents", "inspection", "budget", "meeting", "office", "trust"]:
        first = {int(ref) for ref in search(index, word)}
        found = {ref for ref, _ in body_search(load, len(docs["docs"]), docs["body"]["shards"], word)}
        if first and found - first:
            return word
    pytest.fail("no candidate word is found by both indexes")


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
        assert result_urls(page) == [] and body_urls(page) == []


def test_a_word_only_in_a_storys_body_is_found_with_a_snippet_around_it(page, site_url, body_only_word):
    word, url = body_only_word
    open_search(page, site_url, f"?q={word}")
    page.wait_for_selector(BODY_DONE, state="attached")
    assert result_urls(page) == [] and body_urls(page) == ["/" + url]
    snippet = page.locator("#search-body-results > li .snippet").first
    assert snippet.text_content().startswith("In the story: ")
    assert word in snippet.locator("mark").all_text_contents()
    assert page.text_content("#search-status").startswith("1 story found")


def test_the_body_index_is_asked_only_after_the_first_results_are_on_screen(page, site_url, first_and_body_word):
    held = []
    page.route("**/search/body/**", lambda route: held.append(route))
    page.goto(f"{site_url}/search/?q={first_and_body_word}")
    page.wait_for_selector(RESULT_LINKS)
    for _ in range(100):  # wait for the shard request itself (held, not answered)
        if held:
            break
        page.wait_for_timeout(50)
    assert held and page.get_attribute("#search-form", "data-body") == "pending"
    assert page.is_hidden("#search-body")
    for route in held:
        route.continue_()
    page.wait_for_selector(BODY_DONE, state="attached")


def test_first_results_do_not_move_when_body_results_join(page, site_url, first_and_body_word):
    held = []
    page.route("**/search/body/**", lambda route: held.append(route))
    open_search(page, site_url, f"?q={first_and_body_word}")
    page.wait_for_selector(RESULT_LINKS)
    boxes = "els => els.map(e => { const r = e.getBoundingClientRect(); return [e.href, r.x, r.y, r.width, r.height]; })"
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(50)
    before = page.eval_on_selector_all(RESULT_LINKS, boxes)
    status = page.text_content("#search-status")
    for route in held:
        route.continue_()
    page.wait_for_selector(BODY_DONE, state="attached")
    assert body_urls(page), "the body index found nothing more: pick another word"
    assert page.eval_on_selector_all(RESULT_LINKS, boxes) == before
    assert page.text_content("#search-status") == status
    assert page.text_content("#search-body-status").startswith("Also found in the text of")
    assert not set(body_urls(page)) & set(result_urls(page))


def test_without_a_query_no_body_shard_or_text_is_fetched(page, site_url):
    asked = []
    page.on("request", lambda request: asked.append(urlparse(request.url).path))
    open_search(page, site_url)
    page.select_option("#search-theme", index=1)
    page.wait_for_selector(RESULT_LINKS)
    assert not [path for path in asked if "/search/body/" in path or "/search/text/" in path]


def test_python_stems_and_trims_every_word_as_lunr_js_does_in_the_browser(page, site_url, built_site):
    """The indexes are built in Python and queried in the browser: a word stemmed differently on
    the two sides is never found. Every word of the site and 240,000 English words."""
    from english_words import get_english_words_set

    from plugins.search_index.core import words

    texts = [json.loads(p.read_text()) for p in (built_site / "search" / "text").glob("*.json")]
    vocabulary = sorted({w for text in texts for w in words(text)} | get_english_words_set(["web2"], lower=True))
    open_search(page, site_url)
    browser = page.evaluate("ws => ws.map(w => lunr.stemmer(new lunr.Token(w)).toString())", vocabulary)
    assert [w for w, s in zip(vocabulary, browser) if stem(w) != s] == []
    raw = ["“quoted”", "it’s,", "end.", "café", "(brackets)", "—dash—", "o'clock"]
    trimmed = page.evaluate("ws => ws.map(w => lunr.trimmer(new lunr.Token(w)).toString())", raw)
    assert trimmed == [words(w)[0] for w in raw]


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory):
    """(output, base URL): a small site (anonymiser off, invented words) whose body index is in many
    shards, and whose small index holds no body term, so every body word is the body index's to find."""
    root = tmp_path_factory.mktemp("sharded")
    bodies = {f"s{i}.md": story(f"Story number {i}", " ".join(f"zork{i}x{j} common{j % 4}" for j in range(40)),
                                slug=f"s{i}", date=f"2026-01-{i + 1:02d}", summary="A story told plainly.") for i in range(12)}
    result = build(write_content(root, bodies), root / "output", ANONYMISE=False, SEARCH_BODY_SHARD_BYTES=400,
                   SEARCH_TERMS_PER_STORY=0)
    assert result.returncode == 0, result.stderr
    server, url = serve(root / "output")
    yield root / "output", url
    server.shutdown()


def test_the_page_finds_in_the_body_what_the_python_body_search_finds_across_many_shards(page, sharded_site):
    output, url = sharded_site
    docs, load = load_shards(output)
    assert docs["body"]["shards"] > 5
    open_search(page, url)
    for query in ["zork3x7", "zork11x39 zork0x0", "common2", "zork5x5 common1"]:
        found = body_search(load, len(docs["docs"]), docs["body"]["shards"], query)
        first = {int(ref) for ref in search(load_index(json.loads((output / "search" / "index.json").read_text())), query)}
        expected = ["/" + docs["docs"][ref][0] for ref, _ in found if ref not in first]
        search_for(page, query)
        while page.is_visible("#search-body-more"):  # every story found is reachable, in order
            shown = len(body_urls(page))
            page.click("#search-body-more")
            page.wait_for_selector(f"#search-body-results > li:nth-child({shown + 1})")
        assert expected and body_urls(page) == expected, query


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

"""The theme's promises, checked on the real content built once: structure, accessibility
basics, no scripts or third-party requests, every page reachable without JavaScript, the story
page's parts, the sitemap and the feeds.

Only the standard library parses the output (html.parser, xml.etree), so these tests need no
browser and no new dependency.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import frontmatter
import pytest

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
)
FOCUSABLE = {"a", "button", "input", "select", "textarea", "summary", "iframe"}
SITE_SUFFIX = " · Safe Harbour"


# -- the build -----------------------------------------------------------------------------
@pytest.fixture(scope="session")
def site(built_site) -> Path:
    """The repository's content built with the repository's settings, anonymiser on (the shared build)."""
    return built_site


# -- reading the output ---------------------------------------------------------------------
class Page(HTMLParser):
    """The facts about one HTML file that the tests look at, from one pass of html.parser."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.starts: list[tuple[str, dict[str, str]]] = []  # every start tag, in order
        self.headings: list[tuple[int, str]] = []
        self.title = ""
        self.html_lang = None
        self.first_focusable: tuple[str, dict[str, str]] | None = None
        self.theme_hrefs: list[str] = []  # links outside the content's own HTML (div.prose)
        self._in_title = False
        self._heading: list | None = None
        self._prose_divs = 0  # open <div>s since entering div.prose (0: not in the content)
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v or "") for k, v in attrs}
        self.starts.append((tag, attrs))
        if tag == "div" and (self._prose_divs or "prose" in attrs.get("class", "").split()):
            self._prose_divs += 1
        if tag == "a" and "href" in attrs and not self._prose_divs:
            self.theme_hrefs.append(attrs["href"])
        if tag == "html":
            self.html_lang = attrs.get("lang")
        elif tag == "title":
            self._in_title = True
        elif re.fullmatch(r"h[1-6]", tag):
            self._heading = [int(tag[1]), ""]
        tabindex = attrs.get("tabindex", "")
        focusable = (tag in FOCUSABLE and (tag != "a" or "href" in attrs) and attrs.get("type") != "hidden") or tabindex.isdigit()
        if focusable and self.first_focusable is None:
            self.first_focusable = (tag, attrs)

    def handle_endtag(self, tag):
        if tag == "div" and self._prose_divs:
            self._prose_divs -= 1
        if tag == "title":
            self._in_title = False
        elif self._heading is not None and tag == f"h{self._heading[0]}":
            self.headings.append((self._heading[0], self._heading[1].strip()))
            self._heading = None

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._heading is not None:
            self._heading[1] += data

    def find(self, tag: str, **want: str) -> list[dict[str, str]]:
        """Attributes of every `tag` having the attribute values in `want` (`class_` matches one class)."""
        def matches(attrs):
            return all(v in attrs.get("class", "").split() if k == "class_" else attrs.get(k) == v for k, v in want.items())
        return [attrs for name, attrs in self.starts if name == tag and matches(attrs)]

    def with_class(self, cls: str) -> list[tuple[str, dict[str, str]]]:
        return [(t, a) for t, a in self.starts if cls in a.get("class", "").split()]

    def hrefs(self) -> list[str]:
        return [a["href"] for t, a in self.starts if t == "a" and "href" in a]

    def get_form_actions(self) -> list[str]:
        """Where GET forms lead: submitting one is a plain navigation, like following a link."""
        return [a["action"] for t, a in self.starts if t == "form" and a.get("method", "get").lower() == "get" and a.get("action")]


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def parse(path: Path) -> Page:
    return Page(path.read_text(encoding="utf-8"))


def rel(site: Path, path: Path) -> str:
    return path.relative_to(site).as_posix()


def resolve(site: Path, page: Path, href: str) -> Path | None:
    """The output file an internal link points to, or None for another host or another scheme."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    base = PurePosixPath("/" + rel(site, page)).parent
    target = PurePosixPath(parts.path) if parts.path.startswith("/") else base / parts.path
    normal: list[str] = []
    for part in target.parts[1:]:
        if part == "..":
            if normal:
                normal.pop()
        elif part not in (".", ""):
            normal.append(part)
    file = site.joinpath(*normal)
    if parts.path.endswith("/") or file.is_dir():
        file = file / "index.html"
    return file


def source_pages() -> list[frontmatter.Post]:
    return [frontmatter.load(p) for p in sorted((CONTENT / "pages").rglob("*.md"))]


def published_stories() -> list[frontmatter.Post]:
    """The stories the build publishes (consent true, not a draft), read from their front matter."""
    posts = [frontmatter.load(p) for p in sorted((CONTENT / "stories").rglob("*.md"))]
    return [p for p in posts if p.get("consent") is True and p.get("status", "published") == "published"]


def story_files(site: Path) -> list[Path]:
    return sorted(p for p in (site / "stories").glob("*/index.html"))


def theme_pages(site: Path) -> list[Path]:
    return sorted((site / "themes").glob("*/index.html"))


# -- every page ----------------------------------------------------------------------------
def test_every_page_is_in_british_english(site):
    wrong = [rel(site, p) for p in html_files(site) if parse(p).html_lang != "en-GB"]
    assert not wrong, f"pages without lang=en-GB: {wrong}"


def test_every_page_has_exactly_one_h1(site):
    wrong = {rel(site, p): [h for h in parse(p).headings if h[0] == 1] for p in html_files(site)}
    wrong = {k: v for k, v in wrong.items() if len(v) != 1}
    assert not wrong, f"pages without exactly one h1: {wrong}"


def test_every_page_has_a_meaningful_title_ending_with_the_site_name(site):
    wrong = {}
    for p in html_files(site):
        title = parse(p).title.strip()
        if not title.endswith(SITE_SUFFIX) or not title[: -len(SITE_SUFFIX)].strip():
            wrong[rel(site, p)] = title
    assert not wrong, f"pages without a 'Page title · Safe Harbour' title: {wrong}"


def test_the_skip_link_to_main_is_the_first_focusable_element(site):
    wrong = {}
    for p in html_files(site):
        page = parse(p)
        first = page.first_focusable
        has_main = any(t == "main" and a.get("id") == "main" for t, a in page.starts)
        if not (first and first[0] == "a" and first[1].get("href") == "#main" and has_main):
            wrong[rel(site, p)] = first
    assert not wrong, f"pages whose first focusable element is not a skip link to <main id=main>: {wrong}"


def test_every_page_has_the_landmarks(site):
    wrong = {}
    for p in html_files(site):
        tags = [t for t, _ in parse(p).starts]
        missing = [t for t in ("header", "nav", "main", "footer") if t not in tags]
        if missing or tags.count("main") != 1:
            wrong[rel(site, p)] = missing or "more than one main"
    assert not wrong, f"pages missing landmarks: {wrong}"


def test_headings_never_skip_a_level(site):
    wrong = {}
    for p in html_files(site):
        levels = [level for level, _ in parse(p).headings]
        jumps = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
        if jumps or (levels and levels[0] != 1):
            wrong[rel(site, p)] = levels
    assert not wrong, f"pages whose headings skip a level: {wrong}"


def test_every_page_has_the_content_security_policy_referrer_and_viewport(site):
    wrong = []
    for p in html_files(site):
        page = parse(p)
        csp = page.find("meta", **{"http-equiv": "Content-Security-Policy"})
        if not (csp and csp[0].get("content") == CSP
                and page.find("meta", name="referrer", content="no-referrer")
                and page.find("meta", name="viewport", content="width=device-width, initial-scale=1")):
            wrong.append(rel(site, p))
    assert not wrong, f"pages missing the CSP, referrer or viewport meta: {wrong}"


# The search page (added by the search work through `{% block scripts %}`) is the one page that
# may load a script, and only from this site's own files.
SEARCH_PAGE = "search/index.html"


def test_no_page_but_search_has_a_script(site):
    wrong = [rel(site, p) for p in html_files(site)
             if rel(site, p) != SEARCH_PAGE and "<script" in p.read_text(encoding="utf-8").lower()]
    assert not wrong, f"pages with <script>: {wrong}"


def test_search_page_scripts_are_files_not_inline_code(site):
    search = site / SEARCH_PAGE
    if not search.exists():
        pytest.skip("the search page is not built yet")
    text = search.read_text(encoding="utf-8")
    inline = [m for m in re.findall(r"<script\b([^>]*)>(.*?)</script>", text, re.S | re.I) if "src=" not in m[0] or m[1].strip()]
    assert not inline, f"inline scripts on the search page: {inline}"


def test_no_page_has_inline_styles(site):
    wrong = [rel(site, p) for p in html_files(site)
             if any("style" in a for _, a in parse(p).starts) or "<style" in p.read_text(encoding="utf-8").lower()]
    assert not wrong, f"pages with style= or <style>: {wrong}"


def test_no_page_requests_another_host(site):
    """Nothing the browser fetches by itself (stylesheets, scripts, images, frames...) comes from elsewhere."""
    wrong = []
    for p in html_files(site):
        for tag, attrs in parse(p).starts:
            for name in ("src", "href", "srcset", "data", "poster", "action"):
                value = attrs.get(name, "")
                if tag == "a" or not value:
                    continue  # a link is followed only when the reader chooses to
                if re.match(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", value, re.I):
                    wrong.append((rel(site, p), tag, name, value))
    assert not wrong, f"references to another host: {wrong}"


def test_every_page_has_the_search_form(site):
    wrong = []
    for p in html_files(site):
        page = parse(p)
        forms = [a for a in page.find("form", role="search") if a.get("method") == "get"
                 and a.get("action", "").rstrip("/").endswith("search")]
        inputs = page.find("input", name="q")
        labelled = inputs and page.find("label", **{"for": inputs[0].get("id", "")})
        if not (forms and labelled and page.find("button", type="submit")):
            wrong.append(rel(site, p))
    assert not wrong, f"pages without a labelled GET search form: {wrong}"


def test_every_page_links_to_get_support_in_the_header(site):
    wrong = []
    for p in html_files(site):
        page = parse(p)
        links = page.find("a", class_="support-link")
        target = resolve(site, p, links[0]["href"]) if links else None
        if target != site / "get-support" / "index.html":
            wrong.append(rel(site, p))
    assert not wrong, f"pages without the prominent Get support now link: {wrong}"


def test_the_navigation_lists_stories_themes_collections_and_every_page_with_a_nav_order(site):
    text = (site / "index.html").read_text(encoding="utf-8")
    nav = re.search(r'<nav aria-label="Main">(.*?)</nav>', text, re.S).group(1)
    targets = [resolve(site, site / "index.html", h) for h in Page(nav).hrefs()]
    expected = [site / "stories" / "index.html", site / "themes" / "index.html", site / "collections" / "index.html"] + [
        site / post["slug"] / "index.html" for post in sorted(
            (p for p in source_pages() if "nav_order" in p.metadata), key=lambda p: p["nav_order"])]
    assert targets == expected


def test_no_id_is_used_twice_on_a_page(site):
    wrong = {}
    for p in html_files(site):
        ids = [a["id"] for _, a in parse(p).starts if "id" in a]
        if len(ids) != len(set(ids)):
            wrong[rel(site, p)] = sorted({i for i in ids if ids.count(i) > 1})
    assert not wrong, f"duplicate ids: {wrong}"


def test_footer_links_privacy_sharing_support_and_the_feed_and_states_the_consent_note(site):
    wrong = []
    for p in html_files(site):
        if p.name == "404.html":
            continue
        footer = re.search(r'<footer class="site-footer">(.*?)</footer>', p.read_text(encoding="utf-8"), re.S)
        targets = {resolve(site, p, h) for h in Page(footer.group(1)).hrefs()} if footer else set()
        expected = {site / "privacy" / "index.html", site / "share-your-story" / "index.html",
                    site / "get-support" / "index.html", site / "feeds" / "stories.atom.xml"}
        if not (expected <= targets and "published with consent and anonymised" in footer.group(1)):
            wrong.append(rel(site, p))
    assert not wrong, f"pages with an incomplete footer: {wrong}"


# -- links -------------------------------------------------------------------------------
def test_every_link_the_theme_makes_resolves_to_a_file(site):
    """Header, navigation, lists, signposting and footer links; links inside the content's own
    text (div.prose) belong to the content and are not checked here."""
    broken = []
    for p in html_files(site):
        if p.name == "404.html":
            continue  # served at any depth, its relative links work only from the root in development
        for href in parse(p).theme_hrefs:
            target = resolve(site, p, href)
            if target is not None and not target.exists():
                broken.append((rel(site, p), href))
    assert not broken, f"links to files that do not exist: {broken}"


def test_every_page_is_reachable_from_home_without_javascript(site):
    seen, queue = set(), [site / "index.html"]
    while queue:
        current = queue.pop()
        if current in seen or not current.exists() or current.suffix != ".html":
            continue
        seen.add(current)
        page = parse(current)
        queue.extend(t for t in (resolve(site, current, h) for h in page.hrefs() + page.get_form_actions()) if t is not None)
    unreachable = [rel(site, p) for p in html_files(site) if p not in seen and p.name != "404.html"]
    assert not unreachable, f"pages no link reaches from the home page: {unreachable}"


# -- story pages ----------------------------------------------------------------------------
def test_every_published_story_has_a_page(site):
    expected = {site / "stories" / post["slug"] / "index.html" for post in published_stories() if post.get("slug")}
    assert expected and expected <= set(story_files(site))


def test_story_page_shows_the_role_where_the_story_has_one(site):
    wrong = []
    for post in published_stories():
        path = site / "stories" / post["slug"] / "index.html"
        if post.get("role") and not parse(path).with_class("role"):
            wrong.append(post["slug"])
    assert not wrong, f"stories whose role is not shown: {wrong}"


def test_story_page_shows_the_date_as_a_machine_readable_time(site):
    wrong = [rel(site, p) for p in story_files(site)
             if not re.search(r'<time datetime="\d{4}-\d{2}-\d{2}">\d{1,2} [A-Z][a-z]+ \d{4}</time>',
                              p.read_text(encoding="utf-8"))]
    assert not wrong, f"story pages without a <time datetime>: {wrong}"


def test_story_page_links_to_each_of_its_themes(site):
    wrong = []
    for p in story_files(site):
        page = parse(p)
        links = [resolve(site, p, h) for h in page.hrefs()]
        themes = [t for t in links if t is not None and t.parent.parent == site / "themes"]
        if not themes or not all(t.exists() for t in themes):
            wrong.append(rel(site, p))
    assert not wrong, f"story pages without working theme links: {wrong}"


def test_story_page_shows_the_reading_time(site):
    wrong = [rel(site, p) for p in story_files(site) if not re.search(r"\b\d+ minute read\b", p.read_text(encoding="utf-8"))]
    assert not wrong, f"story pages without a reading time: {wrong}"


def test_story_page_ends_with_signposting_to_support_and_helplines(site):
    wrong = []
    for p in story_files(site):
        text = p.read_text(encoding="utf-8")
        box = re.search(r'<aside class="signpost".*?</aside>', text, re.S)
        ok = box and "If this story has stirred something up" in box.group(0) and 'href="tel:' in box.group(0) and any(
            resolve(site, p, h) == site / "get-support" / "index.html" for h in Page(box.group(0)).hrefs())
        if not ok or text.index('class="signpost"') < text.index('class="prose"'):
            wrong.append(rel(site, p))
    assert not wrong, f"story pages without the signposting box after the text: {wrong}"


def test_content_note_comes_before_the_story_text(site):
    with_note = [post for post in published_stories() if post.get("content_note")]
    if not with_note:
        pytest.skip("no published story has a content note")
    wrong = []
    for post in with_note:
        text = (site / "stories" / post["slug"] / "index.html").read_text(encoding="utf-8")
        note, prose = text.find('class="content-note"'), text.find('class="prose"')
        if not (0 <= note < prose) or "Content note" not in text[note:prose]:
            wrong.append(post["slug"])
    assert not wrong, f"stories whose content note is missing or after the text: {wrong}"


def test_story_without_a_content_note_has_no_empty_note_box(site):
    wrong = [post["slug"] for post in published_stories() if not post.get("content_note")
             and 'class="content-note"' in (site / "stories" / post["slug"] / "index.html").read_text(encoding="utf-8")]
    assert not wrong


# -- lists of stories -----------------------------------------------------------------------
def test_stories_index_lists_every_story(site):
    index = site / "stories" / "index.html"
    listed = {resolve(site, index, h) for h in parse(index).hrefs()}
    missing = [rel(site, p) for p in story_files(site) if p not in listed]
    assert not missing, f"stories missing from the stories index: {missing}"


def test_each_theme_page_lists_the_stories_filed_under_it(site):
    """Every story's theme links lead to theme pages that link back to the story."""
    wrong = []
    for story in story_files(site):
        for target in {resolve(site, story, h) for h in parse(story).hrefs()}:
            if target is not None and target.parent.parent == site / "themes":
                if story not in {resolve(site, target, h) for h in parse(target).hrefs()}:
                    wrong.append((rel(site, story), rel(site, target)))
    assert not wrong, f"theme pages missing a story filed under them: {wrong}"


def test_themes_index_links_every_theme_page(site):
    index = site / "themes" / "index.html"
    listed = {resolve(site, index, h) for h in parse(index).hrefs()}
    missing = [rel(site, p) for p in theme_pages(site) if p not in listed]
    assert theme_pages(site) and not missing, f"themes missing from the themes index: {missing}"


def test_theme_page_states_how_many_stories_it_has(site):
    wrong = []
    for p in theme_pages(site):
        text = p.read_text(encoding="utf-8")
        count = len(re.findall(r'<article class="card">', text))
        if not re.search(rf"\b{count} (?:story|stories)\b", text):
            wrong.append((rel(site, p), count))
    assert not wrong, f"theme pages whose count is missing or wrong: {wrong}"


def test_home_shows_at_most_six_latest_stories_newest_first(site):
    text = (site / "index.html").read_text(encoding="utf-8")
    dates = re.findall(r'<article class="card">.*?<time datetime="([\d-]+)"', text, re.S)
    assert 1 <= len(dates) <= 6 and dates == sorted(dates, reverse=True)


def test_home_links_to_get_support_in_its_support_block(site):
    text = (site / "index.html").read_text(encoding="utf-8")
    block = re.search(r'<section class="signpost".*?</section>', text, re.S)
    assert block and "Need to talk to someone now?" in block.group(0)
    assert site / "get-support" / "index.html" in {resolve(site, site / "index.html", h) for h in Page(block.group(0)).hrefs()}


# -- feeds and sitemap ----------------------------------------------------------------------
def feed_links(page: Page) -> list[str]:
    return [a["href"] for a in page.find("link", rel="alternate", type="application/atom+xml")]


def test_every_page_links_the_stories_feed_in_its_head(site):
    wrong = [rel(site, p) for p in html_files(site) if p.name != "404.html"
             and site / "feeds" / "stories.atom.xml" not in {resolve(site, p, h) for h in feed_links(parse(p))}]
    assert (site / "feeds" / "stories.atom.xml").exists() and not wrong, wrong


def test_theme_page_links_its_own_feed_and_the_feed_exists(site):
    wrong = []
    for p in theme_pages(site):
        feed = site / "feeds" / "themes" / f"{p.parent.name}.atom.xml"
        if not feed.exists() or feed not in {resolve(site, p, h) for h in feed_links(parse(p))}:
            wrong.append(rel(site, p))
    assert theme_pages(site) and not wrong, f"theme pages without their own feed link: {wrong}"


def sitemap_locs(site: Path) -> list[str]:
    root = ET.parse(site / "sitemap.xml").getroot()
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    return [loc.text or "" for loc in root.findall("sm:url/sm:loc", ns)]


def test_sitemap_is_xml_listing_every_story(site):
    locs = sitemap_locs(site)
    missing = [rel(site, p) for p in story_files(site)
               if not any(loc.endswith("/" + rel(site, p.parent) + "/") for loc in locs)]
    assert not missing, f"stories missing from sitemap.xml: {missing}"


def test_sitemap_lists_the_indexes_and_every_theme_page(site):
    locs = sitemap_locs(site)
    expected = ["stories", "themes"] + [rel(site, p.parent) for p in theme_pages(site)]
    missing = [path for path in expected if not any(loc.endswith("/" + path + "/") for loc in locs)]
    assert not missing, missing


def test_sitemap_leaves_out_hidden_pages(site):
    locs = sitemap_locs(site)
    hidden = [p["slug"] for p in source_pages() if p.get("status") == "hidden"]
    assert not [loc for loc in locs for slug in hidden if loc.endswith("/" + slug + "/") or loc.endswith(slug + ".html")]


# -- weight ----------------------------------------------------------------------------------
def test_every_story_page_with_its_css_weighs_at_most_30_kb(site):
    css = (site / "theme" / "css" / "site.css").stat().st_size
    heavy = {rel(site, p): p.stat().st_size + css for p in story_files(site) if p.stat().st_size + css > 30 * 1024}
    assert not heavy, f"story pages over 30 KB with the stylesheet: {heavy}"

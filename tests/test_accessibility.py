"""WCAG 2.2 AA, measured: axe-core in headless Chromium over one page of every template.

Every kind of page the theme can make (home, story, story with a content note, theme page,
themes index, stories index, collection and its print view, collections index, search with
results, each of the network's pages, the 404 page) is found in the built site (`built_site`,
anonymiser on) and checked by axe with the WCAG 2.0/2.1/2.2 A and AA rules, in the light
and the dark colour scheme, at phone width (390 px) and at desktop width. A violation fails
the test, naming the page, the rule and each offending node (selector and HTML).

Pages are discovered from the output, so templates colleagues add later are covered as soon
as they produce a page; a kind of page is required only when its template exists in
theme/templates. axe is vendored (tests/vendor/axe-core, see its README) and evaluated
through the DevTools protocol, so the site's Content-Security-Policy stays fully enforced.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.sitebuild import REPO

AXE = REPO / "tests" / "vendor" / "axe-core" / "axe.min.js"
AXE_VERSION = "4.14.1"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TEMPLATES = REPO / "theme" / "templates"

#: (colour scheme, viewport) pairs every page is checked in: phone is an iPhone-sized 390 px.
MODES = {
    "light-phone": ("light", {"width": 390, "height": 844}),
    "dark-phone": ("dark", {"width": 390, "height": 844}),
    "light-desktop": ("light", {"width": 1280, "height": 900}),
    "dark-desktop": ("dark", {"width": 1280, "height": 900}),
}

#: The network's own pages the brief names (slug -> what it is), rendered by page.html.
STATIC_PAGES = {
    "vision-and-mission": "vision", "our-offer": "offer", "partners": "partners", "reports": "reports",
    "news": "news", "get-support": "get support", "share-your-story": "share your story", "privacy": "privacy",
}


@dataclass(frozen=True)
class SitePage:
    """One page to check: what kind it is, the template that makes it, its path and query."""

    kind: str
    template: str
    path: str  # relative to the site root, e.g. "stories/the-car-park/"
    query: str = ""

    @property
    def url_path(self) -> str:
        """Path and query as appended to the site's base URL."""
        return "/" + self.path + self.query


def _rel(output: Path, file: Path) -> str:
    """The URL path of an output HTML file ("index.html" files as their folder)."""
    rel = file.relative_to(output).as_posix()
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def discover_pages(output: Path) -> list[SitePage]:
    """One page of every kind the built site has, plus every network page and report.

    Kinds are recognised by where Pelican writes them (pelicanconf.py's *_SAVE_AS) and, for
    a story with a content note, by the note the template prints.
    """
    found: list[SitePage] = []

    def first(pattern: str, exclude: str | None = None) -> Path | None:
        files = sorted(p for p in output.glob(pattern) if not (exclude and re.search(exclude, p.as_posix())))
        return files[0] if files else None

    singles = {
        "home": ("index.html", output / "index.html"),
        "404": ("page.html", output / "404.html"),
        "stories index": ("archives.html", output / "stories" / "index.html"),
        "themes index": ("tags.html", output / "themes" / "index.html"),
        "collections index": ("collections.html", output / "collections" / "index.html"),
    }
    for kind, (template, file) in singles.items():
        if file.is_file():
            found.append(SitePage(kind, template, _rel(output, file)))
    search = output / "search" / "index.html"
    if search.is_file():
        found.append(SitePage("search with results", "search.html", _rel(output, search), "?q=ofsted"))

    stories = sorted(output.glob("stories/*/index.html"))
    with_note = [s for s in stories if 'class="content-note"' in s.read_text(encoding="utf-8")]
    without_note = [s for s in stories if s not in with_note]
    if without_note:
        found.append(SitePage("story", "article.html", _rel(output, without_note[0])))
    if with_note:
        found.append(SitePage("story with content note", "article.html", _rel(output, with_note[0])))
    for kind, template, file in [
        ("theme", "tag.html", first("themes/*/index.html")),
        ("collection", "collection.html", first("collections/*/index.html")),
        ("collection print", "collection_print.html", first("collections/*/print/index.html")),
    ]:
        if file is not None:
            found.append(SitePage(kind, template, _rel(output, file)))

    # Everything else that is HTML is one of the network's pages (page.html): check them all.
    claimed = {p.path for p in found} | {"index.html"}
    generated = ("stories/", "themes/", "collections/", "search/", "feeds/", "theme/", "cards/")
    for file in sorted(output.rglob("*.html")):
        rel = _rel(output, file)
        if rel not in claimed and not rel.startswith(generated):
            slug = rel.rstrip("/")
            kind = f"page: {STATIC_PAGES.get(slug, 'report' if slug.startswith('reports/') else slug)}"
            found.append(SitePage(kind, "page.html", rel))
    return found


def required_kinds() -> set[str]:
    """Kinds of page the site must have, given the templates that exist in theme/templates."""
    by_template = {
        "index.html": ["home"], "article.html": ["story", "story with content note"], "tag.html": ["theme"],
        "tags.html": ["themes index"], "archives.html": ["stories index"], "collection.html": ["collection"],
        "collection_print.html": ["collection print"], "collections.html": ["collections index"],
        "search.html": ["search with results"],
        "page.html": ["404", "page: report", *(f"page: {name}" for name in STATIC_PAGES.values())],
    }
    return {kind for template, kinds in by_template.items() if (TEMPLATES / template).is_file() for kind in kinds}


def format_violations(site_page: SitePage, mode: str, violations: list[dict]) -> str:
    """One block per violated rule: rule, impact, help URL, then each node's selector and HTML."""
    lines = [f"{len(violations)} axe violation(s) on {site_page.url_path} ({site_page.kind}, {mode}):"]
    for rule in violations:
        lines.append(f"- {rule['id']} [{rule.get('impact')}] {rule['help']} ({rule['helpUrl']})")
        for node in rule["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:200]}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lines)


def open_page(tab, site_url: str, site_page: SitePage) -> None:
    """Load the page and wait until it is what a reader sees (search: until results are shown)."""
    tab.goto(site_url + site_page.url_path, wait_until="load")
    if site_page.template == "search.html":
        tab.wait_for_selector("#search-form[data-state=ready]", state="attached")
        tab.wait_for_selector("#search-results > li", state="visible")
        tab.wait_for_selector("#search-form[data-body=done]", state="attached")  # and what the body index adds


def run_axe(tab) -> list[dict]:
    """axe's WCAG A/AA violations for the page open in `tab` (axe evaluated via DevTools, not a <script>)."""
    tab.evaluate(AXE.read_text(encoding="utf-8") + "\n;void 0")
    result = tab.evaluate(
        "options => axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    return result["violations"]


@pytest.fixture(scope="module")
def site_pages(built_site) -> list[SitePage]:
    """Every page this module checks, discovered from the built site."""
    return discover_pages(built_site)


def test_vendored_axe_is_the_pinned_release():
    text = AXE.read_bytes()
    assert hashlib.sha256(text).hexdigest() == AXE_SHA256, "tests/vendor/axe-core/axe.min.js changed: see its README"
    assert text.startswith(f"/*! axe v{AXE_VERSION}".encode())


def test_every_template_has_a_page_to_check(site_pages):
    missing = required_kinds() - {p.kind for p in site_pages}
    assert not missing, f"no page in the built site for: {sorted(missing)}"


def test_discovery_finds_a_page_of_every_kind_in_a_small_output(tmp_path):
    for rel, text in {
        "index.html": "", "404.html": "", "stories/index.html": "", "stories/a/index.html": "",
        "stories/b/index.html": '<div class="content-note">', "themes/index.html": "", "themes/ofsted/index.html": "",
        "privacy/index.html": "", "reports/one/index.html": "", "feeds/x.html": "",
    }.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    kinds = {p.kind: p.path for p in discover_pages(tmp_path)}
    assert kinds == {
        "home": "", "404": "404.html", "stories index": "stories/", "story": "stories/a/",
        "story with content note": "stories/b/", "themes index": "themes/", "theme": "themes/ofsted/",
        "page: privacy": "privacy/", "page: report": "reports/one/",
    }


@pytest.mark.browser
@pytest.mark.parametrize("mode", MODES)
def test_no_wcag_violations_on_any_kind_of_page(browser, site_url, site_pages, mode):
    scheme, viewport = MODES[mode]
    context = browser.new_context(viewport=viewport, color_scheme=scheme, locale="en-GB")
    failures = []
    try:
        for site_page in site_pages:
            tab = context.new_page()
            open_page(tab, site_url, site_page)
            violations = run_axe(tab)
            if violations:
                failures.append(format_violations(site_page, mode, violations))
            tab.close()
    finally:
        context.close()
    assert not failures, "\n\n".join(failures)


@pytest.mark.browser
def test_axe_finds_a_planted_violation(page, site_url):
    # The check must be able to fail: an image without alt text is a WCAG A violation axe reports.
    page.goto(site_url + "/")
    page.evaluate("""() => { const img = document.createElement('img'); img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
                              document.querySelector('main').append(img); }""")
    assert "image-alt" in {v["id"] for v in run_axe(page)}


def html_pages(output: Path) -> dict[str, str]:
    """Every HTML file of the output: URL path -> text."""
    return {_rel(output, file): file.read_text(encoding="utf-8") for file in sorted(output.rglob("*.html"))}


def page_title(text: str) -> str:
    """The text of a page's <title> ("" when it has none)."""
    match = re.search(r"<title>(.*?)</title>", text, re.S)
    return match.group(1).strip() if match else ""


def test_the_404_page_exists_and_says_the_page_was_not_found(built_site):
    text = (built_site / "404.html").read_text(encoding="utf-8")
    assert re.search(r"<h1[^>]*>[^<]*not found", text, re.I), "404.html has no 'not found' heading"


def test_every_page_declares_british_english(built_site):
    wrong = [path for path, text in html_pages(built_site).items() if '<html lang="en-GB">' not in text]
    assert not wrong, f'pages without <html lang="en-GB">: {wrong}'


def test_every_page_title_is_unique_and_more_than_the_site_name(built_site):
    titles = {path: page_title(text) for path, text in html_pages(built_site).items()}
    bare = [path for path, title in titles.items() if re.sub(r"[\s·|-]+", " ", title).strip() in {"", "Safe Harbour", "Safe Harbour Safe Harbour"}]
    assert not bare, f"pages whose <title> is only the site name: {bare}"
    seen: dict[str, list[str]] = {}
    for path, title in titles.items():
        seen.setdefault(title, []).append(path)
    shared = {title: paths for title, paths in seen.items() if len(paths) > 1}
    assert not shared, "pages sharing a <title>:\n" + json.dumps(shared, indent=1)

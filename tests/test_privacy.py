"""Privacy, checked over every file the build writes (no browser: html.parser and regexes).

A reader in crisis must be able to open any page without another organisation learning of
it: nothing is loaded from another host (scripts, styles, fonts, images, frames, forms, CSS
url()/@import), nothing stores anything on the reader's device (no cookies, no
localStorage/sessionStorage, no IndexedDB, no beacons), the only scripts are the site's own
search scripts and only on the search page, every link out to another site carries
rel="noopener noreferrer", and every page carries a Content-Security-Policy that allows the
site's own origin only. The checkers are pure functions, each shown able to fail on a small
inline sample; the tests then run them over the real built site (`built_site`).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

#: The only scripts the site may ship (paths in the output) and the pages that may use them.
#: search.js and lunr run the search page; no other page has a <script> (collections have none).
SCRIPT_ALLOWLIST = frozenset({"theme/js/search.js", "theme/vendor/lunr/lunr.min.js"})
PAGES_WITH_SCRIPTS = frozenset({"search/index.html"})
#: <link rel> values that make the browser fetch something.
LOADING_RELS = frozenset({
    "stylesheet", "preload", "modulepreload", "prefetch", "preconnect", "dns-prefetch", "prerender",
    "icon", "apple-touch-icon", "apple-touch-icon-precomposed", "mask-icon", "manifest",
})
#: Elements that embed another document or plug-in: never used.
EMBEDDING_ELEMENTS = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "portal"})
#: Attributes whose URL the browser fetches (or submits to) by itself, whatever the element.
URL_ATTRIBUTES = frozenset({"src", "poster", "data", "background", "action", "formaction", "manifest"})
#: Ways a script stores or sends something about the reader.
STORAGE_APIS = re.compile(r"document\.cookie|localStorage|sessionStorage|indexedDB|sendBeacon|serviceWorker")
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)|@import\s+(['"])([^'"]*)\3""", re.I)
#: The only sources a Content-Security-Policy directive may name; data: only for images.
CSP_ALLOWED_SOURCES = {"'self'", "'none'"}
CSP_DATA_DIRECTIVES = {"img-src"}


def is_other_host(url: str, own_host: str = "") -> bool:
    """True if `url` points at a host other than the site's (absolute or scheme-relative)."""
    netloc = urlsplit(url.strip()).netloc.lower()
    return bool(netloc) and netloc != own_host.lower()


def css_urls(css: str) -> list[str]:
    """Every URL a piece of CSS asks for, through url() or @import."""
    return [m.group(2) or m.group(4) or "" for m in CSS_URL.finditer(css)]


@dataclass
class PageScan:
    """What one HTML page loads, embeds, runs and links to."""

    loads: list[str] = field(default_factory=list)  # URLs the browser fetches or submits to by itself
    embeds: list[str] = field(default_factory=list)  # iframe/object/embed... tags
    scripts: list[str] = field(default_factory=list)  # script src values ("" for an inline script)
    inline_code: list[str] = field(default_factory=list)  # inline script text and <style> blocks
    links_out: list[tuple[str, str]] = field(default_factory=list)  # (href, rel) of every <a href>
    metas: list[dict[str, str]] = field(default_factory=list)
    csp_before_loads: bool = True  # the CSP meta comes before the first stylesheet or script


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scan = PageScan()
        self._in: str | None = None
        self._seen_load = False

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): v or "" for k, v in attrs}
        scan = self.scan
        if tag in EMBEDDING_ELEMENTS:
            scan.embeds.append(tag)
        for name in URL_ATTRIBUTES & a.keys():
            scan.loads.append(a[name])
        if "srcset" in a or "imagesrcset" in a:
            for part in (a.get("srcset", "") + "," + a.get("imagesrcset", "")).split(","):
                if part.strip():
                    scan.loads.append(part.split()[0])
        if "style" in a:
            scan.loads.extend(css_urls(a["style"]))
        if tag == "link" and LOADING_RELS & set(a.get("rel", "").lower().split()):
            scan.loads.append(a.get("href", ""))
            self._seen_load = True
        if tag in {"image", "use", "feimage"}:  # SVG elements that fetch their href
            scan.loads.extend(a[k] for k in ("href", "xlink:href") if k in a)
        if tag == "a" and "href" in a:
            scan.links_out.append((a["href"], a.get("rel", "")))
        if tag == "meta":
            scan.metas.append(a)
            if a.get("http-equiv", "").lower() == "content-security-policy" and self._seen_load:
                scan.csp_before_loads = False
        if tag == "script":
            scan.scripts.append(a.get("src", ""))
            self._seen_load = True
        if tag in {"script", "style"}:
            self._in = tag
            self._seen_load = True

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in and data.strip():
            self.scan.inline_code.append(data)
            if self._in == "style":
                self.scan.loads.extend(css_urls(data))


def scan_html(text: str) -> PageScan:
    """Parse one HTML page and collect what it loads, embeds, runs and links to."""
    scanner = _Scanner()
    scanner.feed(text)
    scanner.close()
    return scanner.scan


def csp_problems(scan: PageScan) -> list[str]:
    """Why a page's Content-Security-Policy does not confine it to its own origin ([] if it does)."""
    policies = [m.get("content", "") for m in scan.metas if m.get("http-equiv", "").lower() == "content-security-policy"]
    if len(policies) != 1:
        return [f"{len(policies)} Content-Security-Policy meta tags (want exactly 1)"]
    problems = []
    directives = {}
    for part in policies[0].split(";"):
        if part.strip():
            name, *sources = part.split()
            directives[name.lower()] = sources
    if directives.get("default-src") not in (["'self'"], ["'none'"]):
        problems.append(f"default-src is {directives.get('default-src')} (want 'self')")
    for name, sources in directives.items():
        for source in sources:
            if source in CSP_ALLOWED_SOURCES or (source == "data:" and name in CSP_DATA_DIRECTIVES):
                continue
            problems.append(f"{name} allows {source}")
    if not scan.csp_before_loads:
        problems.append("the policy comes after a stylesheet or script, which it then does not cover")
    return problems


def resolve(page: str, url: str) -> str:
    """A relative URL in the page at output path `page`, as a path in the output."""
    path = urlsplit(url).path
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(posixpath.dirname(page), path)
    return posixpath.normpath(joined)


# -- the checkers, shown able to fail --------------------------------------------------------


@pytest.mark.parametrize("snippet", [
    '<img src="https://tracker.example/p.gif" alt="">',
    '<img srcset="a.png 1x, //cdn.example/b.png 2x" alt="">',
    '<video poster="http://cdn.example/p.jpg"></video>',
    '<link rel="stylesheet" href="https://fonts.example/css">',
    '<link rel="preload" as="font" href="https://fonts.example/f.woff2">',
    '<link rel="icon" href="https://cdn.example/favicon.ico">',
    '<form action="https://forms.example/submit"></form>',
    '<p style="background: url(https://cdn.example/bg.png)">x</p>',
    '<style>@import "https://fonts.example/css";</style>',
])
def test_a_load_from_another_host_is_found(snippet):
    assert any(is_other_host(url) for url in scan_html(snippet).loads)


def test_own_files_and_links_out_are_not_loads():
    scan = scan_html('<link rel="stylesheet" href="../theme/css/site.css"><img src="/cards/a.png" alt="">'
                     '<link rel="alternate" href="https://example.org/feed"><a href="https://example.org">x</a>')
    assert not [url for url in scan.loads if is_other_host(url)]


def test_css_url_and_import_are_found():
    assert css_urls("a{background:url('x.png')} @import 'https://e.example/y.css'; b{src:url(https://f.example/z)}") == [
        "x.png", "https://e.example/y.css", "https://f.example/z"]


@pytest.mark.parametrize("tag", ["iframe", "object", "embed"])
def test_embedding_elements_are_found(tag):
    assert scan_html(f'<{tag} src="/x"></{tag}>').embeds == [tag]


@pytest.mark.parametrize("policy, problem", [
    ("default-src 'self'; script-src 'self' 'unsafe-inline'", "script-src allows 'unsafe-inline'"),
    ("default-src 'self'; script-src 'self' 'unsafe-eval'", "script-src allows 'unsafe-eval'"),
    ("default-src 'self'; style-src 'self' https://fonts.example", "style-src allows https://fonts.example"),
    ("default-src *", "default-src is ['*'] (want 'self')"),
    ("default-src 'self'; script-src data:", "script-src allows data:"),
])
def test_a_loose_content_security_policy_is_found(policy, problem):
    scan = scan_html(f'<meta http-equiv="Content-Security-Policy" content="{policy}">')
    assert problem in csp_problems(scan)


def test_a_page_without_a_content_security_policy_is_found():
    assert csp_problems(scan_html("<title>x</title>")) == ["0 Content-Security-Policy meta tags (want exactly 1)"]


def test_a_policy_after_a_stylesheet_is_found():
    scan = scan_html('<link rel="stylesheet" href="a.css"><meta http-equiv="Content-Security-Policy" content="default-src \'self\'">')
    assert "the policy comes after a stylesheet or script, which it then does not cover" in csp_problems(scan)


def test_a_pages_markdown_link_out_gets_noopener_noreferrer_once():
    from plugins.anonymise.reader import PAGE_MARKDOWN_EXTENSIONS, render_markdown
    from plugins.sanitise.policy import mark_outbound_links

    html = mark_outbound_links(render_markdown('[Help](https://help.example "Help") and [us](/privacy/)', PAGE_MARKDOWN_EXTENSIONS))
    assert '<a href="https://help.example" rel="noopener noreferrer" title="Help">' in html
    assert '<a href="/privacy/">' in html
    assert mark_outbound_links(html) == html


# -- the built site --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages(built_site) -> dict[str, PageScan]:
    """Every HTML page of the built site (path in the output -> scan)."""
    return {p.relative_to(built_site).as_posix(): scan_html(p.read_text(encoding="utf-8"))
            for p in sorted(built_site.rglob("*.html"))}


@pytest.fixture(scope="module")
def text_files(built_site) -> dict[str, str]:
    """Every text file of the built site but HTML (CSS, JS, JSON, XML, SVG...): path -> text."""
    files = {}
    for path in sorted(p for p in built_site.rglob("*") if p.is_file() and p.suffix != ".html"):
        try:
            files[path.relative_to(built_site).as_posix()] = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # PNG share cards and other binaries: nothing a browser runs
    return files


def test_the_site_has_pages_to_check(pages):
    assert "index.html" in pages and len(pages) >= 10


def test_no_page_loads_anything_from_another_host(pages):
    found = {page: [u for u in scan.loads if is_other_host(u)] for page, scan in pages.items()}
    assert not {p: u for p, u in found.items() if u}


def test_no_stylesheet_fetches_anything_from_another_host(text_files):
    found = {path: [u for u in css_urls(text) if is_other_host(u)] for path, text in text_files.items() if path.endswith(".css")}
    assert not {p: u for p, u in found.items() if u}


def test_no_svg_fetches_anything_from_another_host(text_files):
    found = {path: [u for u in scan_html(text).loads + css_urls(text) if is_other_host(u)]
             for path, text in text_files.items() if path.endswith(".svg")}
    assert not {p: u for p, u in found.items() if u}


def test_no_page_embeds_a_frame_object_or_plugin(pages):
    assert not {page: scan.embeds for page, scan in pages.items() if scan.embeds}


def test_no_page_sets_a_cookie_with_a_meta_tag(pages):
    setting = [page for page, scan in pages.items()
               if any(m.get("http-equiv", "").lower() == "set-cookie" for m in scan.metas)]
    assert not setting


def test_no_script_touches_cookies_or_stores_anything(pages, text_files):
    # Our own search.js and the vendored lunr alike: no cookie, localStorage, sessionStorage,
    # IndexedDB, beacon or service worker anywhere in the output's code.
    found = {path: sorted(set(STORAGE_APIS.findall(text))) for path, text in text_files.items() if path.endswith(".js")}
    found |= {page: sorted(set(STORAGE_APIS.findall(" ".join(scan.inline_code)))) for page, scan in pages.items()}
    assert not {p: apis for p, apis in found.items() if apis}


def test_every_script_file_is_on_the_allowlist(text_files):
    shipped = {path for path in text_files if path.endswith((".js", ".mjs"))}
    assert shipped <= SCRIPT_ALLOWLIST, f"scripts not on the allowlist: {sorted(shipped - SCRIPT_ALLOWLIST)}"


def test_only_the_search_page_has_scripts(pages):
    assert not [page for page, scan in pages.items() if scan.scripts and page not in PAGES_WITH_SCRIPTS]


def test_every_script_is_an_allowlisted_file_never_inline_code(pages):
    for page in PAGES_WITH_SCRIPTS & pages.keys():
        scripts = pages[page].scripts
        assert scripts and "" not in scripts, f"{page} has inline script code"
        assert {resolve(page, src) for src in scripts} <= SCRIPT_ALLOWLIST, f"{page} runs {scripts}"


def test_every_link_to_another_site_has_noopener_and_noreferrer(pages):
    bare = [(page, href, rel) for page, scan in pages.items() for href, rel in scan.links_out
            if is_other_host(href) and not {"noopener", "noreferrer"} <= set(rel.lower().split())]
    assert not bare, "links out without rel=\"noopener noreferrer\":\n" + "\n".join(map(str, bare))


def test_every_page_has_a_content_security_policy_for_its_own_origin_only(pages):
    problems = {page: csp_problems(scan) for page, scan in pages.items()}
    assert not {p: found for p, found in problems.items() if found}


def test_the_site_links_out_somewhere_so_the_rel_check_checks_something(pages):
    assert any(is_other_host(href) for scan in pages.values() for href, _ in scan.links_out)

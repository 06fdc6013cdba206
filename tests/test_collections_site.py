"""Collections, themes and share cards in the real site (`built_site`: the repository's content,
anonymiser on), and a collection printed to PDF by headless Chromium."""

from __future__ import annotations

import html
import io
import os
import re
import unicodedata
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import frontmatter
import pytest
import yaml
from PIL import Image

from plugins.collections import cards
from tests.conftest import CHROMIUM
from tests.sitebuild import REPO

COLLECTIONS = sorted((REPO / "content" / "collections").glob("*.md"))
SVG = "{http://www.w3.org/2000/svg}"
SHARE_META = ("og:title", "og:description", "og:type", "og:url", "og:image", "og:site_name",
              "twitter:card", "twitter:title", "twitter:description", "twitter:image")
PRINTED = "ofsted-and-the-cliff-edge"


def slugs() -> list[str]:
    return [frontmatter.load(p)["slug"] for p in COLLECTIONS]


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def meta(page: str) -> dict[str, str]:
    """The page's og: and twitter: meta, name -> content (unescaped)."""
    head = page.split("</head>")[0]
    return {k: html.unescape(v) for k, v in re.findall(r'<meta (?:property|name)="((?:og|twitter):[^"]+)" content="([^"]*)"', head)}


def h1_text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1))).strip()


def pages_of(site: Path, kind: str) -> list[Path]:
    """Every story, theme or collection page of the built site."""
    folder = {"story": "stories", "theme": "themes", "collection": "collections"}[kind]
    return sorted(p for p in (site / folder).glob("*/index.html"))


def card_paths(site: Path, kind: str, page: Path) -> tuple[Path, Path]:
    slug = page.parent.name
    return site / "cards" / kind / f"{slug}.png", site / "cards" / kind / f"{slug}.svg"


# -- collections ------------------------------------------------------------------------------
def test_at_least_five_collections_are_published_each_at_collections_slug(built_site):
    assert len(COLLECTIONS) >= 5
    missing = [s for s in slugs() if not (built_site / "collections" / s / "index.html").is_file()
               or not (built_site / "collections" / s / "print" / "index.html").is_file()
               or not (built_site / "feeds" / "collections" / f"{s}.atom.xml").is_file()]
    assert not missing


def test_the_collections_index_links_every_collection(built_site):
    page = read(built_site / "collections" / "index.html")
    assert all(f'href="../collections/{s}/"' in page for s in slugs())


def test_the_navigation_and_sitemap_include_the_collections(built_site):
    nav = re.search(r'<nav aria-label="Main">(.*?)</nav>', read(built_site / "index.html"), re.S).group(1)
    sitemap = read(built_site / "sitemap.xml")
    assert 'href="./collections/"' in nav
    assert "<loc>/collections/</loc>" in sitemap and all(f"<loc>/collections/{s}/</loc>" in sitemap for s in slugs())


def test_a_collection_page_shows_its_introduction_and_each_story_with_role_date_themes_and_summary(built_site):
    page = read(built_site / "collections" / PRINTED / "index.html")
    source = frontmatter.load(REPO / "content" / "collections" / f"{PRINTED}.md")
    assert source["intro"] in html.unescape(page) and "cliff edge" in html.unescape(page.split('<div class="prose">')[1])
    cards_html = re.findall(r'<article class="card">(.*?)</article>', page, re.S)
    assert len(cards_html) == len(source["stories"])
    for slug, card in zip(source["stories"], cards_html):
        assert f"stories/{slug}/" in card and 'class="role"' in card and "<time" in card
        assert 'class="summary"' in card and 'aria-label="Themes"' in card


def test_a_collection_can_be_linked_and_cited_without_javascript(built_site):
    page = read(built_site / "collections" / PRINTED / "index.html")
    link = re.search(r'<input id="collection-link"[^>]*\breadonly\b[^>]*value="([^"]*)"', page)
    cite = html.unescape(re.search(r'<p id="collection-citation"[^>]*>(.*?)</p>', page, re.S).group(1))
    assert link and link.group(1).endswith(f"/collections/{PRINTED}/")
    assert re.fullmatch(r'Safe Harbour \(\d{4}\) "Ofsted and the cliff edge"\. Available at: \S*/collections/'
                        + PRINTED + r'/ \(Accessed: \[date\]\)\.', cite)
    assert "<script" not in page


def test_the_print_link_works_without_javascript(built_site):
    page = read(built_site / "collections" / PRINTED / "index.html")
    assert '<a class="button" href="../../collections/' + PRINTED + '/print/">Print or save as PDF</a>' in page


def test_every_theme_page_shows_its_description_and_story_count(built_site):
    vocabulary = yaml.safe_load(read(REPO / "content" / "themes.yml"))
    wrong = []
    for page in pages_of(built_site, "theme"):
        text = html.unescape(read(page))
        theme = vocabulary[page.parent.name]
        count = text.count('class="card-title"')
        if theme["description"] not in text or f"{count} {'story' if count == 1 else 'stories'}" not in text or not count:
            wrong.append(page.parent.name)
    assert pages_of(built_site, "theme") and not wrong


# -- share meta and cards ---------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["story", "theme", "collection"])
def test_share_meta_is_on_every_page_of_a_kind_and_points_at_its_card(built_site, kind):
    wrong = {}
    for page in pages_of(built_site, kind):
        found = meta(read(page))
        missing = [m for m in SHARE_META if not found.get(m)]
        png, _ = card_paths(built_site, kind, page)
        bad = missing or found.get("twitter:card") != "summary_large_image" or \
            found.get("og:image") != f"/cards/{kind}/{page.parent.name}.png" or not png.is_file() or \
            found.get("og:url") != "/" + str(page.parent.relative_to(built_site)) + "/"
        if bad:
            wrong[str(page.relative_to(built_site))] = missing or found
    assert pages_of(built_site, kind) and not wrong


@pytest.mark.parametrize("kind", ["story", "theme", "collection"])
def test_every_card_is_a_1200_by_630_png_and_svg(built_site, kind):
    wrong = []
    for page in pages_of(built_site, kind):
        png, svg = card_paths(built_site, kind, page)
        image = Image.open(io.BytesIO(png.read_bytes())) if png.is_file() else None
        root = ET.parse(svg).getroot() if svg.is_file() else None
        if not (image and image.format == "PNG" and image.size == (1200, 630)
                and root is not None and root.tag == f"{SVG}svg" and (root.get("width"), root.get("height")) == ("1200", "630")):
            wrong.append(str(page.relative_to(built_site)))
    assert not wrong


def test_every_story_card_and_og_title_is_the_published_anonymised_title(built_site):
    wrong = {}
    for page in pages_of(built_site, "story"):
        text = read(page)
        title = h1_text(text)
        strings = [t.text for t in ET.parse(card_paths(built_site, "story", page)[1]).getroot().iter(f"{SVG}text")]
        if " ".join(strings[1:-1]) != title or meta(text)["og:title"] != title or strings[-1] != "Safe Harbour":
            wrong[page.parent.name] = (title, strings, meta(text)["og:title"])
    assert not wrong


def test_every_png_card_is_drawn_from_exactly_the_strings_in_its_svg(built_site):
    wrong = []
    for png in sorted((built_site / "cards").rglob("*.png")):
        texts = list(ET.parse(png.with_suffix(".svg")).getroot().iter(f"{SVG}text"))
        size = int(next(t for t in texts if t.get("class") == "title").get("font-size"))
        label, *lines, site = (t.text or "" for t in texts)
        if cards.card_png(cards.Card(label, tuple(lines), size, site)) != png.read_bytes():
            wrong.append(str(png.relative_to(built_site)))
    assert not wrong


# -- the printed briefing -------------------------------------------------------------------
@pytest.mark.browser
def test_a_collection_prints_to_a4_with_each_story_starting_a_new_page(built_site, site_url, tmp_path):
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing: .ci/run must install Debian's chromium", pytrace=False)
        pytest.skip("needs Debian's Chromium: apt-get install chromium chromium-driver")
    from pypdf import PdfReader

    pdf = tmp_path / "briefing.pdf"
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-pdf-header-footer",
         f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}", f"{site_url}/collections/{PRINTED}/print/"],
        check=True, capture_output=True, timeout=120,
    )
    reader = PdfReader(pdf)
    # NFKC: a font's ligatures ("ﬁ", "ﬀ") come out of the PDF as single characters
    texts = [" ".join(unicodedata.normalize("NFKC", page.extract_text()).split()) for page in reader.pages]
    titles = [h1_text(f"<h1>{t}</h1>") for t in re.findall(
        r'<h2 id="briefing-story-\d+">(.*?)</h2>', read(built_site / "collections" / PRINTED / "print" / "index.html"))]

    assert len(titles) == len(frontmatter.load(REPO / "content" / "collections" / f"{PRINTED}.md")["stories"])
    assert len(reader.pages) >= 1 + len(titles)
    assert all(round(float(p.mediabox.width)) == 595 and round(float(p.mediabox.height)) == 842 for p in reader.pages)
    starts = [i for title in titles for i, text in enumerate(texts) if text.startswith(title)]
    assert len(starts) == len(titles) and starts == sorted(starts) and 0 not in starts
    first = re.sub(r"(?<=/) ", "", texts[0])  # a URL wrapped at a slash is extracted with a space after it
    assert "Safe Harbour" in first
    assert f"/collections/{PRINTED}/" in first, first[:300]
    assert f"{len(titles)} stories" in first, first[:300]
    intro = " ".join(texts[:min(starts)])  # the briefing's opening, before the first story's page
    assert "About these stories" in intro and "consent" in intro
    everything = " ".join(texts)
    assert "Skip to main content" not in everything and "Get support now" not in everything
    assert "Search stories" not in everything and "Share your story" not in everything
